#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# domU side of tests/dom0/scripts/bench-pv-io.sh (tests/bench/pv-io): the
# guest's half of each disk and TCP measurement, timed with the guest's
# own clock, at dom0's command so that dom0's and the guest's runs can
# alternate.
#   bench-io.sh [disk=/dev/xvdb] [addr=10.80.0.21/24] [server=10.80.0.1]
#               [port=5201]
# Brings eth0 up, prints "bench-io: ready" once dom0 answers a ping, then
# reads commands from its input, the console, where dom0 writes them (the
# console's pty), one a line:
#   disk ROUND MIB  waits for disk (dom0 attaches it first), writes MIB MiB
#                   of zeros at its start with O_DIRECT in 1 MiB blocks,
#                   reads them back the same way, prints "write ROUND BYTES
#                   MICROSECONDS", "read ROUND BYTES MICROSECONDS" and
#                   "disk-done ROUND", and then "disk-gone ROUND" once dom0
#                   has detached the disk
#   tcp ROUND MIB   sends MIB MiB of zeros to server:port with busybox nc
#                   (dom0 listens first): "tcp ROUND BYTES MICROSECONDS",
#                   the time until dom0 has closed the connection, so all
#                   of it arrived
#   end             prints "done" and ends (domu-init then powers off)
# A measurement that fails prints "bench-io: FAIL ..." instead.
TAG=bench-io
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${0%/*}/lib.sh"

KEYS="disk addr server port"
disk=/dev/xvdb addr=10.80.0.21/24 server=10.80.0.1 port=5201
MIB_BYTES=1048576

# Microseconds of the monotonic clock: /proc/timer_list shows it in
# nanoseconds ("now at N nsecs"), where /proc/uptime has 10 ms steps, too
# coarse for a transfer under a second. busybox date has no %N.
now_us() {
    local ns
    ns=$(sed -n '/^now at /{s/^now at \([0-9]*\) nsecs$/\1/p;q}' /proc/timer_list 2>/dev/null)
    if [ -n "$ns" ]; then
        echo $((ns / 1000))
    else
        awk '{ printf "%d\n", $1 * 1000000 }' /proc/uptime
    fi
}

# timed_dd IF OF MIB FLAG: copies MIB 1 MiB blocks with FLAG (iflag=direct
# or oflag=direct) and prints "BYTES MICROSECONDS"; on failure, why. The
# same code times dom0's runs (tests/dom0/scripts/bench-pv-io.sh), so both
# sides pay the same for the processes around dd.
timed_dd() {
    local t0 t1 out
    t0=$(now_us)
    out=$(dd if="$1" of="$2" bs=$MIB_BYTES count="$3" "$4" 2>&1) ||
        { why "$out" 1; return 1; }
    t1=$(now_us)
    case $out in
        *"$3+0 records out"*) echo "$(($3 * MIB_BYTES)) $((t1 - t0))" ;;
        *) echo "short copy: $(echo "$out" | tr '\n' ' ')"; return 1 ;;
    esac
}

disk_round() {
    local r=$1 mib=$2 out
    if ! wait_for "$disk" 60; then
        say "FAIL disk $r: no $disk after 60 s"
        return
    fi
    if out=$(timed_dd /dev/zero "$disk" "$mib" oflag=direct); then
        say "write $r $out"
    else
        say "FAIL write $r: $out"
    fi
    if out=$(timed_dd "$disk" /dev/null "$mib" iflag=direct); then
        say "read $r $out"
    else
        say "FAIL read $r: $out"
    fi
    say "disk-done $r"
    # The next round's disk must be the one dom0 attaches then, not this.
    if wait_gone "$disk" 120; then
        say "disk-gone $r"
    else
        say "FAIL disk $r: $disk still there 120 s after the test"
    fi
}

# busybox nc, its input at an end, shuts its side down and waits for the
# server to close: by then the server has read everything.
tcp_round() {
    local r=$1 mib=$2 t0 t1 rc
    t0=$(now_us)
    dd if=/dev/zero bs=$MIB_BYTES count="$mib" 2>/dev/null | nc "$server" "$port"
    rc=$?
    t1=$(now_us)
    if [ $rc = 0 ]; then
        say "tcp $r $((mib * MIB_BYTES)) $((t1 - t0))"
    else
        say "FAIL tcp $r: nc $server $port: exit $rc"
    fi
}

net_up() {
    local out
    wait_for /sys/class/net/eth0 30 || { say "FAIL no eth0"; return 1; }
    ip link set lo up
    out=$(ip addr add "$addr" dev eth0 2>&1) || { say "FAIL ip addr add $addr: $out"; return 1; }
    out=$(ip link set eth0 up 2>&1) || { say "FAIL ip link set eth0 up: $out"; return 1; }
    ping_ok "$server" || { say "FAIL ping $server"; return 1; }
}

main() {
    local cmd r mib
    parse_keys "$@" || return 1
    net_up || return 1
    say "ready"
    while read -r cmd r mib; do
        case $cmd in
            disk) disk_round "$r" "$mib" ;;
            tcp) tcp_round "$r" "$mib" ;;
            end) break ;;
            "") ;;
            *) say "FAIL unknown command '$cmd'" ;;
        esac
    done
    say "done"
}

main "$@"
