#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# domU side of the hot-plug part of tests/dom0/scripts/domu-block-net.sh:
# waits for dom0 to attach a disk, uses it, waits for it to go; then the
# same for a network interface.
#   hotplug.sh [disk=/dev/xvdc] [nic=eth1] [addr=10.81.0.12/24]
#              [server=10.81.0.1] [wait=600]
# wait is how long (seconds) it waits for each device to come or go.
# Lines on the console ("hotplug: ..."):
#   ok/FAIL disk came        disk appeared (then "disk-sectors N")
#   ok/FAIL disk rw          256 KiB of random data written at the disk's
#                            start with O_DIRECT and read back the same
#   disk-md5 SUM             those 256 KiB, for dom0 to find in the file
#   ok/FAIL disk gone        the device went away after block-detach
#   ok/FAIL nic came         then "nic-mac MAC" and "nic-mtu N" (Linux's
#                            netfront ignores the mtu node: for the log)
#   ok/FAIL nic ping SERVER  pings through nic alone (its own subnet)
#   ok/FAIL nic gone         the interface went away after network-detach
#   done                     then it holds until dom0 shuts it down
TAG=hotplug
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${0%/*}/lib.sh"

KEYS="disk nic addr server wait"
disk=/dev/xvdc nic=eth1 addr=10.81.0.12/24 server=10.81.0.1 wait=600

use_disk() {
    local out name=${disk##*/}
    dd if=/dev/urandom of=/tmp/pat bs=4096 count=64 2>/dev/null
    if ! out=$(dd if=/tmp/pat of="$disk" bs=4096 oflag=direct conv=fsync 2>&1); then
        say "FAIL disk rw: write: $(why "$out" 1)"
    elif ! out=$(dd if="$disk" of=/tmp/back bs=4096 count=64 iflag=direct 2>&1); then
        say "FAIL disk rw: read: $(why "$out" 1)"
    elif cmp -s /tmp/pat /tmp/back; then
        say "ok disk rw"
    else
        say "FAIL disk rw: read back differs"
    fi
    say "disk-sectors $(cat "/sys/block/$name/size" 2>/dev/null)"
    say "disk-md5 $(md5 /tmp/pat)"
    rm -f /tmp/pat /tmp/back
}

use_nic() {
    local out before after
    say "nic-mac $(cat "/sys/class/net/$nic/address")"
    say "nic-mtu $(cat "/sys/class/net/$nic/mtu")"
    out=$(ip addr add "$addr" dev "$nic" 2>&1) || { say "FAIL ip addr add $addr: $out"; return; }
    out=$(ip link set "$nic" up 2>&1) || { say "FAIL ip link set $nic up: $out"; return; }
    before=$(cat "/sys/class/net/$nic/statistics/rx_packets")
    if ping_ok "$server" -I "$nic"; then
        after=$(cat "/sys/class/net/$nic/statistics/rx_packets")
        say "ok nic ping $server ($((after - before)) packets in on $nic)"
    else
        say "FAIL nic ping $server"
    fi
}

main() {
    parse_keys "$@" || return 1
    if wait_for "$disk" "$wait"; then
        say "ok disk came"
        use_disk
        if wait_gone "$disk" "$wait" && [ ! -e "/sys/block/${disk##*/}" ]; then
            say "ok disk gone"
        else
            say "FAIL disk gone: still there after $wait s"
        fi
    else
        say "FAIL disk came: no $disk after $wait s"
    fi
    if wait_for "/sys/class/net/$nic" "$wait"; then
        say "ok nic came"
        use_nic
        if wait_gone "/sys/class/net/$nic" "$wait"; then
            say "ok nic gone"
        else
            say "FAIL nic gone: still there after $wait s"
        fi
    else
        say "FAIL nic came: no $nic after $wait s"
    fi
    say "done"
    hold
}

main "$@"
