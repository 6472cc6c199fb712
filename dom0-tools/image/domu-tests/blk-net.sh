#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# domU side of tests/dom0/scripts/domu-block-net.sh: a guest with an ext4
# disk it may write, a second disk it may only read and a vif on dom0's
# bridge.
#   blk-net.sh [rw=/dev/xvda] [ro=/dev/xvdb] [addr=10.80.0.11/24]
#              [server=10.80.0.1] [peer=10.80.0.12] [port=5001] [mib=64]
# Lines on the console ("blk-net: ..."):
#   from-dom0 TEXT        the first line of from-dom0.txt on rw's ext4
#   from-domu-md5 SUM     from-domu.bin, 256 KiB it wrote there (rw is then
#                         unmounted, for dom0 to read the file back)
#   ro-flag N             /sys/block/<ro>/ro
#   ro-md5 SUM, ro-md5-after SUM   ro's contents before and after the
#                         writes it must refuse
#   ok/FAIL ro write ...  a direct and a synced write to ro must fail
#   ok/FAIL ping HOST     the server (dom0 on the bridge), then the peer
#   stream-md5 SUM BYTES SECONDS   what it sent to server:port over TCP:
#                         a random MiB MIB times, summed as it was sent
#   done                  then it holds until dom0 shuts it down
TAG=blk-net
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${0%/*}/lib.sh"

KEYS="rw ro addr server peer port mib"
rw=/dev/xvda ro=/dev/xvdb addr=10.80.0.11/24 server=10.80.0.1 peer=10.80.0.12
port=5001 mib=64
MNT=/mnt/rw

# Reads what dom0 left on rw's file system and writes a file for dom0.
disk_rw() {
    local out
    wait_for "$rw" 30 || { say "FAIL no $rw"; return; }
    out=$(modprobe ext4 2>&1) || say "FAIL modprobe ext4: $(why "$out" $?)"
    mkdir -p $MNT
    out=$(mount -t ext4 -o rw "$rw" $MNT 2>&1) ||
        { say "FAIL mount $rw: $(why "$out" $?)"; return; }
    say "ok mount $rw rw"
    if [ -f $MNT/from-dom0.txt ]; then
        say "from-dom0 $(head -n 1 $MNT/from-dom0.txt)"
    else
        say "FAIL no from-dom0.txt on $rw: $(echo $MNT/*)"
    fi
    out=$(dd if=/dev/urandom of=$MNT/from-domu.bin bs=4096 count=64 conv=fsync 2>&1) ||
        say "FAIL writing from-domu.bin: $(why "$out" $?)"
    say "from-domu-md5 $(md5 $MNT/from-domu.bin)"
    # Unmounted, the file system is clean for dom0 whenever the guest ends.
    out=$(umount $MNT 2>&1) || say "FAIL umount $rw: $(why "$out" $?)"
}

# Tries a write to ro; passes when it fails.
ro_write() {
    local how=$1 out
    shift
    if out=$(dd if=/dev/zero of="$ro" bs=4096 count=16 "$@" 2>&1); then
        say "FAIL ro write ($how) succeeded: $(echo "$out" | tail -n 1)"
    else
        say "ok ro write ($how) refused: $(why "$out" 1)"
    fi
}

disk_ro() {
    wait_for "$ro" 30 || { say "FAIL no $ro"; return; }
    say "ro-flag $(cat "/sys/block/${ro##*/}/ro" 2>/dev/null)"
    say "ro-md5 $(md5 "$ro")"
    ro_write direct oflag=direct
    ro_write fsync conv=fsync
    # What the reads see must come from the disk, not from pages the
    # refused writes may have left in the cache.
    sync
    echo 3 >/proc/sys/vm/drop_caches
    say "ro-md5-after $(md5 "$ro")"
}

net_up() {
    local out
    wait_for /sys/class/net/eth0 30 || { say "FAIL no eth0"; return 1; }
    ip link set lo up
    out=$(ip addr add "$addr" dev eth0 2>&1) || { say "FAIL ip addr add $addr: $out"; return 1; }
    out=$(ip link set eth0 up 2>&1) || { say "FAIL ip link set eth0 up: $out"; return 1; }
    say "eth0 $addr mac $(cat /sys/class/net/eth0/address)"
}

# The peer is another guest, which may still be booting.
ping_peer() {
    local n=0
    while ! ping -c 1 -W 2 "$peer" >/dev/null 2>&1; do
        n=$((n + 1))
        [ $n -lt 60 ] || { say "FAIL ping $peer: no answer in 120 s"; return; }
    done
    if ping_ok "$peer"; then say "ok ping $peer"; else say "FAIL ping $peer"; fi
}

# One random MiB sent mib times; tee hands the same bytes to md5sum, so
# the sum is of what went into the connection.
stream() {
    local i start end rc
    dd if=/dev/urandom of=/tmp/chunk bs=65536 count=16 2>/dev/null
    rm -f /tmp/sum.fifo
    mkfifo /tmp/sum.fifo
    md5sum </tmp/sum.fifo >/tmp/sum.out &
    start=$(date +%s)
    i=0
    while [ $i -lt "$mib" ]; do
        cat /tmp/chunk
        i=$((i + 1))
    done | tee /tmp/sum.fifo | nc "$server" "$port"
    rc=$?
    end=$(date +%s)
    wait
    [ $rc = 0 ] || say "FAIL nc $server $port: exit $rc"
    say "stream-md5 $(cut -d' ' -f1 /tmp/sum.out) $((mib * 1048576)) $((end - start))"
    rm -f /tmp/chunk /tmp/sum.fifo /tmp/sum.out
}

main() {
    parse_keys "$@" || return 1
    disk_rw
    disk_ro
    if net_up; then
        if ping_ok "$server"; then say "ok ping $server"; else say "FAIL ping $server"; fi
        ping_peer
        stream
    fi
    say "done"
    hold
}

main "$@"
