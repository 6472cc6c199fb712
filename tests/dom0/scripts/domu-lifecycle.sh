#!/bin/sh
# Runs in dom0 (keel.test=): what a user of xl does with domUs, against
# Debian's kernel booted as guests. Prints one line per check and a
# PASS/FAIL summary.
G=/etc/keel/guests
LOG=/var/log/keel/console
n=0
failed=0

ok() { n=$((n + 1)); echo "domu-lifecycle: ok $1"; }
bad() { n=$((n + 1)); failed=$((failed + 1)); echo "domu-lifecycle: FAIL $1"; }
check() { if eval "$2" >/tmp/out 2>&1; then ok "$1"; else bad "$1: $(head -c 300 /tmp/out | tr '\n' ' ')"; fi; }

# Waits up to $3 seconds until file $1 has at least $4 (default 1) lines
# starting with $2. Anchored, because the kernel also prints its command
# line, marker text and all, on the console.
wait_log() {
    i=0
    while [ $i -lt "$3" ]; do
        c=$(grep -c -- "^$2" "$1" 2>/dev/null)
        [ "${c:-0}" -ge "${4:-1}" ] && return 0
        sleep 1
        i=$((i + 1))
    done
    return 1
}

gone() { ! xl domid "$1" >/dev/null 2>&1; }
wait_gone() { i=0; while [ $i -lt "$2" ]; do gone "$1" && return 0; sleep 1; i=$((i + 1)); done; return 1; }

free_before=$(xl info | sed -n 's/^free_memory *: *//p')
check "create from xl.cfg" "xl create $G/domu1.cfg"
check "create from JSON" "xl create $G/domu2.json"
check "domu1 boots (console log)" "wait_log $LOG/guest-domu1.log domu1-up 120"
check "domu2 boots (console log)" "wait_log $LOG/guest-domu2.log domu2-up 120"
check "xl list shows both" 'xl list | grep -q "^domu1 " && xl list | grep -q "^domu2 "'
check "xl list -l is JSON" 'xl list -l domu1 | grep -q "\"name\": \"domu1\""'
check "xl console shows the guest" '(sleep 2; echo "echo console-says-\$((40+2))"; sleep 3) | timeout 15 xl console domu1 >/tmp/con.out 2>&1; grep -q console-says-42 /tmp/con.out'
# From inside domu1, raw xenstore requests on its xenbus device (the
# initramfs has no xenstore client): XS_READ of dom0's name must come back
# as an XS_ERROR "EACCES", of its own name (relative path) as its value.
# Non-alphanumeric bytes of the replies print as dots.
cat >/tmp/xs-probe <<'PROBE'
exec 3<>/dev/xen/xenbus
printf '\2\0\0\0\0\0\0\0\0\0\0\0\25\0\0\0/local/domain/0/name\0' >&3; dd bs=64 count=1 <&3 2>/dev/null | tr -c 'A-Za-z0-9' '.'; echo
printf '\2\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0name\0' >&3; dd bs=64 count=1 <&3 2>/dev/null | tr -c 'A-Za-z0-9' '.'; echo
exec 3<&-
PROBE
check "domU is refused dom0's xenstore nodes" '(sleep 2; cat /tmp/xs-probe; sleep 4) | timeout 15 xl console domu1 >/tmp/con.out 2>&1; grep -q "\.EACCES\." /tmp/con.out && grep -q "\.\.\.domu1" /tmp/con.out'
# domu2 runs with cma=0: Debian's kernel keeps 64 MiB for CMA, which the
# balloon cannot give back, and a 128 MiB guest shrunk to 96 MiB would
# run out of memory for everything else.
mem_of() { xl list "$1" | awk -v n="$1" '$1 == n { print $3 }'; }
wait_mem() { i=0; while [ $i -lt "$3" ]; do [ "$(mem_of "$1")" = "$2" ] && return 0; sleep 1; i=$((i + 1)); done; return 1; }
check "xl mem-set shrinks domu2" 'xl mem-set domu2 96m && [ "$(xenstore-read /local/domain/$(xl domid domu2)/memory/target)" = 98304 ] && wait_mem domu2 96 60'
check "domu2 still answers" '(sleep 2; echo "echo still-\$((40+2))"; sleep 3) | timeout 15 xl console domu2 >/tmp/con.out 2>&1; grep -q still-42 /tmp/con.out'
check "xl shutdown -w domu1" 'timeout 90 xl shutdown -w domu1 && wait_gone domu1 30'
d2=$(xl domid domu2)
check "xl reboot domu2" 'xl reboot domu2 && wait_log $LOG/guest-domu2.log domu2-up 150 2'
check "domu2 is back" 'xl domid domu2'
check "xl destroy domu2" 'xl destroy domu2 && wait_gone domu2 20'
check "create crashy" "xl create $G/crashy.cfg && wait_log $LOG/guest-crashy.log crashy-up 120"
# arm64 Linux has no Xen panic notifier (sysrq c reboots or hangs), so the
# guest crashes by touching memory it does not have: Keel ends it as
# crashed and on_crash = restart brings it back.
check "crashy crashes and comes back" '(sleep 2; echo "devmem 0x10000000 32 1"; sleep 3) | timeout 15 xl console crashy >/dev/null 2>&1; wait_log $LOG/guest-crashy.log crashy-up 150 2'
check "xl destroy crashy" 'xl destroy crashy && wait_gone crashy 20'
for i in 1 2 3 4; do
    check "create small$i" "xl create $G/small.cfg 'name=\"small$i\"'"
done
for i in 1 2 3 4; do
    check "small$i boots" "wait_log $LOG/guest-small$i.log small-up 240"
done
check "four run at once" '[ "$(xl list | grep -c "^small")" = 4 ]'
for i in 1 2 3 4; do
    check "destroy small$i" "xl destroy small$i && wait_gone small$i 30"
done
sleep 2
check "free memory back" '[ "$(xl info | sed -n "s/^free_memory *: *//p")" = "$free_before" ]'
check "no dead domain left in xenstore" '[ "$(xenstore-list /local/domain | tr "\n" " ")" = "0 " ]'
# What a failure leaves behind, for whoever reads the log.
diagnose() {
    echo "domu-lifecycle: --- xl list"
    xl list
    echo "domu-lifecycle: --- xenstore (not dom0's)"
    xenstore-ls -f /local/domain | grep -v "^/local/domain/0/" | head -40
    for f in /var/log/keel/xl-*.log; do
        echo "domu-lifecycle: --- $f"
        tail -n 15 "$f"
    done
    for f in /var/log/keel/console/guest-*.log; do
        echo "domu-lifecycle: --- $f"
        tail -n 12 "$f"
    done
    echo "domu-lifecycle: --- xenstored, xenconsoled logs"
    tail -n 30 /var/log/keel/xenstored.log /var/log/keel/xenconsoled.log
}

if [ "$failed" = 0 ]; then
    echo "domu-lifecycle: PASS $n checks"
else
    diagnose
    echo "domu-lifecycle: FAIL $failed of $n"
    exit 1
fi
