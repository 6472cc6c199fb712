#!/bin/bash
# The dom0 hotplug scripts (dom0-tools/hotplug/block and vif-bridge) on
# this host, against Keel's xenstored on a temporary socket and the
# keel-xenstore tools: a file on a loop device (read-write and
# read-only), a block device as it is, the errors, and a vif put on a new
# bridge inside a network namespace of its own (a veth stands in for
# netback's interface), with the bridge's MTU or the backend's mtu.
#   tests/hotplug/run.sh XENSTORED KEEL-XENSTORE
# With BUSYBOX=/path/to/an/amd64/busybox the scripts run under busybox sh
# with busybox's losetup, stat, ip and timeout, as in dom0; otherwise
# under /bin/sh with the host's tools. Needs root, loop devices and
# unshare; skips (status 77), saying why, without them.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPTS=$HERE/../../dom0-tools/hotplug
XENSTORED=${1:?usage: run.sh XENSTORED KEEL-XENSTORE}
CLI=${2:?usage: run.sh XENSTORED KEEL-XENSTORE}

skip() {
    echo "SKIP: hotplug scripts: $*"
    exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root"
[ -e /dev/loop-control ] || skip "no loop devices (/dev/loop-control)"
command -v losetup >/dev/null || skip "no losetup"
command -v unshare >/dev/null || skip "no unshare"
if [ ! -x "$XENSTORED" ] || [ ! -x "$CLI" ]; then
    skip "$XENSTORED or $CLI not built"
fi

dir=$(mktemp -d /tmp/keel-hotplug-XXXXXX)
pid=
loops=()
cleanup() {
    local l
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    for l in ${loops[@]+"${loops[@]}"}; do losetup -d "$l" 2>/dev/null; done
    rm -rf "$dir"
}
trap cleanup EXIT

# xenstore-* on PATH first, then busybox's applets if asked for.
mkdir "$dir/bin"
for n in read write rm exists list ls; do
    ln -s "$(realpath "$CLI")" "$dir/bin/xenstore-$n"
done
RUN_SH=/bin/sh
if [ -n "${BUSYBOX:-}" ]; then
    for a in sh losetup stat ip timeout sleep cat date mkdir modprobe; do
        ln -s "$(realpath "$BUSYBOX")" "$dir/bin/$a"
    done
    RUN_SH="$dir/bin/sh"
fi
export PATH="$dir/bin:$PATH"
export KEEL_HOTPLUG_LOG="$dir/log/hotplug.log"

"$XENSTORED" --foreground --no-domain-rings --socket "$dir/socket" \
    --log "$dir/xenstored.log" &
pid=$!
for _ in $(seq 50); do
    [ -S "$dir/socket" ] && break
    sleep 0.1
done
[ -S "$dir/socket" ] || { echo "FAIL: xenstored did not start"; exit 1; }
export XENSTORED_PATH="$dir/socket"

passed=0
failed=0
check() {   # name expected actual
    if [ "$2" == "$3" ]; then
        echo "PASS: $1"
        passed=$((passed + 1))
    else
        echo "FAIL: $1"
        echo "  expected: $(printf %q "$2")"
        echo "  got:      $(printf %q "$3")"
        failed=$((failed + 1))
    fi
}

read_key() {
    xenstore-read "$1" 2>/dev/null
}

# A backend directory as libctl leaves it before the script runs.
vbd_backend() {   # path params mode
    xenstore-write "$1/params" "$2" "$1/mode" "$3" "$1/state" 1 "$1/online" 1
}

# script action backend-path [VAR=value...]: its exit status
run_script() {
    local script=$1 action=$2 path=$3 type=${3#*/backend/}
    shift 3
    env XENBUS_PATH="$path" XENBUS_TYPE="${type%%/*}" XENBUS_BASE_PATH=backend \
        script="$SCRIPTS/$script" "$@" "$RUN_SH" "$SCRIPTS/$script" "$action"
}

majmin() {
    stat -L -c '%t:%T' "$1"
}

block_file() {
    local be=/local/domain/0/backend/vbd/7/51712 img=$dir/disk.img node
    truncate -s 4M "$img"
    vbd_backend $be "$img" w
    run_script block add $be
    check "block add (file): exit status" 0 $?
    check "block add (file): hotplug-status" connected "$(read_key $be/hotplug-status)"
    node=$(read_key $be/node)
    [ -n "$node" ] && loops+=("$node")
    check "block add (file): node is a loop device" yes \
        "$(case $node in /dev/loop*) echo yes ;; *) echo "$node" ;; esac)"
    check "block add (file): physical-device" "$(majmin "$node")" \
        "$(read_key $be/physical-device)"
    check "block add (file): physical-device-path" "$node" \
        "$(read_key $be/physical-device-path)"
    check "block add (file): loop backs the image" "$img" \
        "$(cat "/sys/block/${node#/dev/}/loop/backing_file" 2>/dev/null)"
    check "block add (file): writable" 0 "$(cat "/sys/block/${node#/dev/}/ro" 2>/dev/null)"
    run_script block remove $be
    check "block remove: exit status" 0 $?
    check "block remove: loop detached" "" \
        "$(cat "/sys/block/${node#/dev/}/loop/backing_file" 2>/dev/null)"
}

block_read_only() {
    local be=/local/domain/0/backend/vbd/7/51728 img=$dir/ro.img node
    truncate -s 1M "$img"
    vbd_backend $be "$img" r
    run_script block add $be
    check "block add (mode r): hotplug-status" connected "$(read_key $be/hotplug-status)"
    node=$(read_key $be/node)
    [ -n "$node" ] && loops+=("$node")
    check "block add (mode r): read-only loop" 1 \
        "$(cat "/sys/block/${node#/dev/}/ro" 2>/dev/null)"
    run_script block remove $be
}

block_device() {
    local be=/local/domain/0/backend/vbd/7/51744 img=$dir/dev.img dev
    truncate -s 1M "$img"
    dev=$(losetup -f --show "$img" 2>/dev/null) ||
        { dev=$(losetup -f) && losetup "$dev" "$img"; } || { echo "FAIL: losetup"; return; }
    loops+=("$dev")
    vbd_backend $be "$dev" w
    run_script block add $be
    check "block add (device): hotplug-status" connected "$(read_key $be/hotplug-status)"
    check "block add (device): physical-device" "$(majmin "$dev")" \
        "$(read_key $be/physical-device)"
    check "block add (device): no node" "" "$(read_key $be/node)"
    run_script block remove $be
    check "block remove (device): left attached" "$img" \
        "$(cat "/sys/block/${dev#/dev/}/loop/backing_file" 2>/dev/null)"
}

block_errors() {
    local be=/local/domain/0/backend/vbd/7/51760
    vbd_backend $be "$dir/none.img" w
    run_script block add $be
    check "block add (missing): exit status" 1 $?
    check "block add (missing): hotplug-status" error "$(read_key $be/hotplug-status)"
    check "block add (missing): hotplug-error" "$dir/none.img does not exist" \
        "$(read_key $be/hotplug-error)"
    vbd_backend $be "$dir" w
    run_script block add $be
    check "block add (directory): hotplug-error" \
        "$dir is neither a regular file nor a block device" "$(read_key $be/hotplug-error)"
    run_script block frobnicate $be
    check "block: unknown action" 1 $?
    XENBUS_PATH='' "$RUN_SH" "$SCRIPTS/block" add
    check "block: no XENBUS_PATH" 1 $?
    check "block: logged" yes "$(grep -q "does not exist" "$KEEL_HOTPLUG_LOG" && echo yes)"
}

# In a network namespace of its own: the host's network is not touched.
vif_in_netns() {
    # shellcheck disable=SC2016  # expanded by the inner bash
    unshare -n -m bash -c '
        set -u
        mount -t sysfs sysfs /sys || exit 2
        ip link add vif7.0 type veth peer name peer7 || exit 3
        ip link add vif7.1 type veth peer name peer71 || exit 3
        ip link add vif7.3 type veth peer name peer73 || exit 3
        . "$1"
    ' vif-test "$dir/vif-cases.sh"
}

write_vif_cases() {
    cat >"$dir/vif-cases.sh" <<EOF
be=/local/domain/0/backend/vif/7/0
xenstore-write \$be/bridge ktestbr0 \$be/hotplug-status ""
$(declare -f run_script read_key)
SCRIPTS=$SCRIPTS RUN_SH=$RUN_SH
run_script vif-bridge add \$be vif=vif7.0
echo "add=\$?"
echo "status=\$(read_key \$be/hotplug-status)"
echo "bridge=\$(cat /sys/class/net/ktestbr0/bridge/bridge_id >/dev/null && echo yes)"
echo "port=\$(ls /sys/class/net/ktestbr0/brif)"
echo "up=\$(ip -o link show vif7.0 | grep -c '[<,]UP[,>]')"
run_script vif-bridge remove \$be vif=vif7.0
echo "remove=\$?"
echo "ports=\$(ls /sys/class/net/ktestbr0/brif | wc -l)"
ip link set dev ktestbr0 mtu 1450
be1=/local/domain/0/backend/vif/7/1
xenstore-write \$be1/bridge ktestbr0 \$be1/vifname guestnet
run_script vif-bridge online \$be1
echo "renamed=\$(ls /sys/class/net/ktestbr0/brif)"
echo "bridge_mtu=\$(cat /sys/class/net/guestnet/mtu)"
be3=/local/domain/0/backend/vif/7/3
xenstore-write \$be3/bridge ktestbr0 \$be3/mtu 1400
run_script vif-bridge add \$be3
echo "own_mtu_add=\$?"
echo "own_mtu=\$(cat /sys/class/net/vif7.3/mtu)"
echo "own_mtu_port=\$(ls /sys/class/net/vif7.3/brport >/dev/null && echo yes)"
be4=/local/domain/0/backend/vif/7/4
xenstore-write \$be4/bridge ktestbr0 \$be4/mtu 14x0
run_script vif-bridge add \$be4
echo "bad_mtu=\$?"
echo "bad_mtu_error=\$(read_key \$be4/hotplug-error)"
xenstore-write \$be4/mtu 99999999999999999999
run_script vif-bridge add \$be4
echo "huge_mtu=\$?"
echo "huge_mtu_error=\$(read_key \$be4/hotplug-error)"
be2=/local/domain/0/backend/vif/7/2
xenstore-write \$be2/bridge ktestbr0
KEEL_VIF_WAIT=1 run_script vif-bridge add \$be2
echo "missing=\$?"
echo "missing_error=\$(read_key \$be2/hotplug-error)"
EOF
}

vif_bridge() {
    local out
    write_vif_cases
    out=$(vif_in_netns)
    check "vif-bridge add: exit status" 0 "$(sed -n 's/^add=//p' <<<"$out")"
    check "vif-bridge add: hotplug-status" connected "$(sed -n 's/^status=//p' <<<"$out")"
    check "vif-bridge add: bridge made" yes "$(sed -n 's/^bridge=//p' <<<"$out")"
    check "vif-bridge add: vif on it" vif7.0 "$(sed -n 's/^port=//p' <<<"$out")"
    check "vif-bridge add: vif up" 1 "$(sed -n 's/^up=//p' <<<"$out")"
    check "vif-bridge remove: exit status" 0 "$(sed -n 's/^remove=//p' <<<"$out")"
    check "vif-bridge remove: off the bridge" 0 "$(sed -n 's/^ports=//p' <<<"$out")"
    check "vif-bridge online: renamed by vifname (vif from the path)" guestnet \
        "$(sed -n 's/^renamed=//p' <<<"$out")"
    check "vif-bridge online: no backend mtu, the bridge's" 1450 \
        "$(sed -n 's/^bridge_mtu=//p' <<<"$out")"
    check "vif-bridge add (backend mtu): exit status" 0 \
        "$(sed -n 's/^own_mtu_add=//p' <<<"$out")"
    check "vif-bridge add (backend mtu): the backend's, not the bridge's" 1400 \
        "$(sed -n 's/^own_mtu=//p' <<<"$out")"
    check "vif-bridge add (backend mtu): on the bridge" yes \
        "$(sed -n 's/^own_mtu_port=//p' <<<"$out")"
    check "vif-bridge add (bad mtu): exit status" 1 \
        "$(sed -n 's/^bad_mtu=//p' <<<"$out")"
    check "vif-bridge add (bad mtu): hotplug-error" \
        "backend mtu '14x0' is not a number" \
        "$(sed -n 's/^bad_mtu_error=//p' <<<"$out")"
    check "vif-bridge add (huge mtu): exit status" 1 \
        "$(sed -n 's/^huge_mtu=//p' <<<"$out")"
    check "vif-bridge add (huge mtu): hotplug-error" \
        "backend mtu 99999999999999999999 is not from 68 to 65535" \
        "$(sed -n 's/^huge_mtu_error=//p' <<<"$out")"
    check "vif-bridge add (no interface): exit status" 1 \
        "$(sed -n 's/^missing=//p' <<<"$out")"
    check "vif-bridge add (no interface): hotplug-error" \
        "no interface vif7.2 after 1s (xen-netback loaded?)" \
        "$(sed -n 's/^missing_error=//p' <<<"$out")"
}

block_file
block_read_only
block_device
block_errors
vif_bridge
if [ "$failed" != 0 ] || [ -n "${VERBOSE:-}" ]; then
    echo "--- $KEEL_HOTPLUG_LOG"
    cat "$KEEL_HOTPLUG_LOG"
fi
echo "hotplug scripts ($RUN_SH): $passed passed, $failed failed"
[ "$failed" = 0 ]
