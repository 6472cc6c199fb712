#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# domU side of the destroy part of tests/dom0/scripts/domu-block-net.sh:
# keeps a disk and the network busy until dom0 destroys the guest.
#   io-load.sh [disk=/dev/xvda] [addr=10.80.0.13/24] [server=10.80.0.1]
#              [port=5002]
# Writes the disk over and over with O_DIRECT and streams zeros to
# server:port, both in the background, and prints "io-load: busy ..." once
# both have moved data (or "io-load: FAIL ..."), then holds.
TAG=io-load
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${0%/*}/lib.sh"

KEYS="disk addr server port"
disk=/dev/xvda addr=10.80.0.13/24 server=10.80.0.1 port=5002

main() {
    local n=0 name wr tx
    parse_keys "$@" || return 1
    name=${disk##*/}
    wait_for "$disk" 30 || { say "FAIL no $disk"; hold; }
    wait_for /sys/class/net/eth0 30 || { say "FAIL no eth0"; hold; }
    if ! ip addr add "$addr" dev eth0 || ! ip link set eth0 up; then
        say "FAIL eth0 $addr"
    fi
    while :; do dd if=/dev/zero of="$disk" bs=65536 oflag=direct 2>/dev/null; done &
    while :; do nc "$server" "$port" </dev/zero; sleep 1; done &
    # The fields of /sys/block/DEV/stat: the fifth counts write requests.
    while [ $n -lt 60 ]; do
        sleep 1
        n=$((n + 1))
        # shellcheck disable=SC2046  # the fields are words
        set -- $(cat "/sys/block/$name/stat")
        wr=$5
        tx=$(cat /sys/class/net/eth0/statistics/tx_bytes)
        if [ "${wr:-0}" -gt 100 ] && [ "${tx:-0}" -gt 1048576 ]; then
            say "busy: $wr writes to $disk, $tx bytes out on eth0"
            hold
        fi
    done
    say "FAIL not busy after 60 s: $wr writes to $disk, $tx bytes out on eth0"
    hold
}

main "$@"
