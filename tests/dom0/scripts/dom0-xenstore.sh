#!/bin/sh
# Runs in dom0 (keel.test=): the store as Linux and the tools see it.
# xenstored started at boot, the kernel's xenbus came up through dom0's
# own ring, and the xenstore-* tools work over the socket.
n=0
failed=0

check() {
    n=$((n + 1))
    if eval "$2" >/tmp/check.out 2>&1; then
        echo "dom0-xenstore: ok $1"
    else
        failed=$((failed + 1))
        echo "dom0-xenstore: FAIL $1: $(head -c 300 /tmp/check.out | tr '\n' ' ')"
    fi
}

check "xenstored runs" 'pidof xenstored'
check "xenconsoled runs" 'pidof xenconsoled'
check "dom0 is named" '[ "$(xenstore-read /local/domain/0/name)" = Domain-0 ]'
check "xenstore-ls lists dom0" 'xenstore-ls /local/domain/0 | grep -q "^name = \"Domain-0\""'
check "write then read" 'xenstore-write /keel/test "hello world" && [ "$(xenstore-read /keel/test)" = "hello world" ]'
check "directory" 'xenstore-write /keel/a 1 /keel/b 2 && [ "$(xenstore-list /keel | tr "\n" " ")" = "test a b " ]'
check "permissions" 'xenstore-chmod /keel/a r0 && xenstore-ls -p /keel | grep -q "^a = \"1\".*(r0)"'
check "remove" 'xenstore-rm /keel && ! xenstore-exists /keel'
check "watch fires" 'xenstore-watch -n 2 /keel/w >/tmp/w.out & sleep 0.5; xenstore-write /keel/w x; wait; grep -q /keel/w /tmp/w.out'
# The kernel's xenbus connects through /proc/xen/xsd_kva when xenstored
# binds its port: the backend bus then exists and xenbus never timed out.
check "xenbus backend bus" '[ -d /sys/bus/xen-backend ]'
check "no xenbus timeout" '! dmesg | grep -i -E "xenbus.*(timeout|timed out)"'
check "kernel sees the store" 'cat /proc/xen/xsd_port && [ -e /dev/xen/xenbus ]'
if [ "$failed" = 0 ]; then
    echo "dom0-xenstore: PASS $n checks"
else
    echo "dom0-xenstore: FAIL $failed of $n"
    exit 1
fi
