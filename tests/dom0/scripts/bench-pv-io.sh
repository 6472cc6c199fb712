#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# Runs in dom0 (keel.test=) for tests/bench/pv-io: what the PV disk and
# network cost a domU against dom0 doing the same, on one machine in one
# run. Three measurements, each ROUNDS times:
#   disk  64 MiB written, then read, with O_DIRECT in 1 MiB blocks (busybox
#         dd oflag=direct / iflag=direct) at the start of one 96 MiB file
#         in dom0's tmpfs: by dom0 through a loop device of its own, and by
#         the guest bench-io (tests/dom0/guests/bench-io.cfg) as its xvdb,
#         raw, through blkfront, blkback and the loop device the block
#         hotplug script makes. dom0 lets go of its loop device before the
#         guest gets the file (xl block-attach) and gets it back only once
#         the guest's is gone (xl block-detach).
#   tcp   32 MiB of zeros through busybox nc to dom0's listener on its
#         xenbr0 address 10.80.0.1: from dom0 itself, and from the guest
#         over its vif (netfront, netback, the bridge).
# dom0's runs are timed with dom0's clock, the guest's with the guest's
# (domu-tests/bench-io.sh, which does the guest's half when this writes a
# command on the guest's console). Within a round dom0 goes first in odd
# rounds and the guest in even ones, so that slow spells of the emulated
# machine fall on both alike.
# ROUNDS (default 3) and optionally the sizes come from dom0's command
# line: keel.bench=ROUNDS[,DISK_MIB[,TCP_MIB]]. Prints
#   bench-pv-io: KEY MIBS MiB/s round R (BYTES B in US us)
# for KEY dom0-write, domu-write, dom0-read, domu-read, dom0-tcp and
# domu-tcp, then "bench-pv-io: done"; "bench-pv-io: FAIL ..." and exit
# status 1 if something failed.
T=bench-pv-io
NAME=bench-io
CFG=/etc/keel/guests/bench-io.cfg
CONLOG=/var/log/keel/console/guest-$NAME.log
DIR=/tmp/keel-bench
IMG=$DIR/pv-io.img
HOLD=$DIR/hold.fifo
RX=$DIR/rx.bytes
IMG_MIB=96
SERVER=10.80.0.1
PORT=5201
MIB_BYTES=1048576
LISTENER=
DOMID=
TTY=

say() { echo "$T: $*"; }

fail() {
    say "FAIL $*"
    [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
    echo "--- $T: the end of the guest's console"
    tail -n 25 "$CONLOG" 2>/dev/null | tr -d '\r'
    echo "--- $T: the end of the hotplug log"
    tail -n 15 /var/log/keel/hotplug.log 2>/dev/null
    xl destroy $NAME >/dev/null 2>&1
    exit 1
}

# Microseconds of the monotonic clock, as in domu-tests/bench-io.sh:
# /proc/timer_list has it in nanoseconds, /proc/uptime only in 10 ms steps
# and busybox date has no %N.
now_us() {
    local ns
    ns=$(sed -n '/^now at /{s/^now at \([0-9]*\) nsecs$/\1/p;q}' /proc/timer_list 2>/dev/null)
    if [ -n "$ns" ]; then
        echo $((ns / 1000))
    else
        awk '{ printf "%d\n", $1 * 1000000 }' /proc/uptime
    fi
}

# timed_dd IF OF MIB FLAG: "BYTES MICROSECONDS" for MIB 1 MiB blocks
# copied with FLAG; on failure, why. The guest's side times its copies
# with the same code, so both pay alike for the processes around dd.
timed_dd() {
    local t0 t1 out
    t0=$(now_us)
    out=$(dd if="$1" of="$2" bs=$MIB_BYTES count="$3" "$4" 2>&1) ||
        { echo "$out" | tail -n 1; return 1; }
    t1=$(now_us)
    case $out in
        *"$3+0 records out"*) echo "$(($3 * MIB_BYTES)) $((t1 - t0))" ;;
        *) echo "short copy: $(echo "$out" | tr '\n' ' ')"; return 1 ;;
    esac
}

# timed_send MIB: "BYTES MICROSECONDS" for MIB MiB of zeros sent to the
# listener with busybox nc, which once its input ends shuts its side down
# and waits for the listener to close: all of it has arrived by then. The
# same as the guest's tcp command.
timed_send() {
    local t0 t1 rc
    t0=$(now_us)
    dd if=/dev/zero bs=$MIB_BYTES count="$1" 2>/dev/null | nc $SERVER $PORT
    rc=$?
    t1=$(now_us)
    [ $rc = 0 ] || { echo "nc $SERVER $PORT: exit $rc"; return 1; }
    echo "$(($1 * MIB_BYTES)) $((t1 - t0))"
}

# report KEY ROUND "BYTES MICROSECONDS"
report() {
    local bytes='' us=''
    case $3 in
        *[!0-9\ ]* | *\ *\ *) ;;
        [0-9]*\ [0-9]*) bytes=${3% *} us=${3#* } ;;
    esac
    [ -n "$us" ] || fail "$1 round $2: want \"BYTES MICROSECONDS\", got \"$3\""
    [ "$us" -gt 0 ] || fail "$1 round $2: $us us"
    say "$1 $(awk "BEGIN { printf \"%.1f\", $bytes * 1000000 / $us / $MIB_BYTES }") MiB/s round $2 ($bytes B in $us us)"
}

# ---- the guest -------------------------------------------------------------

# Its console without the tty's carriage returns.
console() {
    tr -d '\r' <"$CONLOG" 2>/dev/null
}

# wait_guest TEXT SECONDS: until the guest prints "bench-io: TEXT" (or any
# "bench-io: FAIL", which ends the wait). Once a second, not faster: this
# runs while the guest measures and should cost dom0 next to nothing.
wait_guest() {
    local i=0
    while ! grep -q -F "bench-io: $1" "$CONLOG" 2>/dev/null; do
        if grep -q -F "bench-io: FAIL" "$CONLOG" 2>/dev/null; then
            console | grep -F "bench-io: FAIL" | head -n 3 | tr '\n' ' '
            return 1
        fi
        [ $i -lt "$2" ] || { echo "no \"bench-io: $1\" after $2 s"; return 1; }
        sleep 1
        i=$((i + 1))
    done
}

# guest_value KEY ROUND: "BYTES MICROSECONDS" from "bench-io: KEY ROUND ...".
guest_value() {
    console | sed -n "s/.*bench-io: $1 $2 \([0-9]* [0-9]*\)$/\1/p" | tail -n 1
}

# A line on the guest's console, where its script reads its commands.
tell() {
    echo "$*" >"$TTY" || fail "cannot write \"$*\" to the guest's console $TTY"
}

start_guest() {
    local out
    rm -f "$CONLOG"
    out=$(timeout 120 xl create $CFG 2>&1) || fail "xl create $CFG: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
    out=$(wait_guest ready 240) || fail "guest not ready: $out"
    DOMID=$(xl domid $NAME) || fail "xl domid $NAME"
    TTY=$(xenstore-read "/local/domain/$DOMID/console/tty") || fail "no console/tty for domain $DOMID"
    [ -c "$TTY" ] || fail "$TTY is not a terminal"
    say "guest $NAME is domain $DOMID, console $TTY"
}

stop_guest() {
    local i=0
    tell end
    while xl domid $NAME >/dev/null 2>&1; do
        if [ $i -ge 60 ]; then
            say "guest still there 60 s after \"end\": xl destroy"
            xl destroy $NAME || fail "xl destroy $NAME"
            break
        fi
        sleep 1
        i=$((i + 1))
    done
}

# ---- disks -----------------------------------------------------------------

# The loop devices backed by the image.
loops() {
    local f dev
    for f in /sys/block/loop*/loop/backing_file; do
        [ -e "$f" ] || continue
        if [ "$(cat "$f")" = "$IMG" ]; then
            dev=${f#/sys/block/}
            echo "/dev/${dev%%/*}"
        fi
    done
}

# Until no loop device is on the image any more (at most $1 seconds).
no_loops() {
    local i=0
    while [ -n "$(loops)" ]; do
        [ $i -lt "$(($1 * 10))" ] || return 1
        usleep 100000
        i=$((i + 1))
    done
}

dom0_disk() {
    local r=$1 dev out
    no_loops 30 || fail "round $r: $(loops | tr '\n' ' ')still on $IMG"
    dev=$(losetup -f) || fail "no free loop device"
    losetup "$dev" "$IMG" || fail "losetup $dev $IMG"
    out=$(timed_dd /dev/zero "$dev" "$DISK_MIB" oflag=direct) || fail "dom0 write, round $r: $out"
    report dom0-write "$r" "$out"
    out=$(timed_dd "$dev" /dev/null "$DISK_MIB" iflag=direct) || fail "dom0 read, round $r: $out"
    report dom0-read "$r" "$out"
    losetup -d "$dev" || fail "losetup -d $dev"
}

domu_disk() {
    local r=$1 out
    no_loops 30 || fail "round $r: dom0's $(loops | tr '\n' ' ')still on $IMG"
    out=$(timeout 60 xl block-attach $NAME "$IMG,raw,xvdb,rw" 2>&1) ||
        fail "xl block-attach, round $r: $out"
    tell "disk $r $DISK_MIB"
    out=$(wait_guest "disk-done $r" 300) || fail "guest's disk round $r: $out"
    report domu-write "$r" "$(guest_value write "$r")"
    report domu-read "$r" "$(guest_value read "$r")"
    out=$(timeout 60 xl block-detach $NAME xvdb 2>&1) || fail "xl block-detach, round $r: $out"
    out=$(wait_guest "disk-gone $r" 120) || fail "guest's disk round $r: $out"
    no_loops 30 || fail "round $r: blkback's $(loops | tr '\n' ' ')still on $IMG after block-detach"
}

# ---- TCP -------------------------------------------------------------------

# The listener counts what arrives. Its input is a fifo nobody writes:
# busybox nc ends the connection when its input ends, and this one must
# read until the sender is done.
start_listener() {
    local i=0
    rm -f $RX
    nc -l -p $PORT <>$HOLD | wc -c >$RX &
    LISTENER=$!
    while ! netstat -ltn 2>/dev/null | grep -q ":$PORT "; do
        [ $i -lt 100 ] || fail "nothing listens on port $PORT after 10 s"
        usleep 100000
        i=$((i + 1))
    done
}

# All of MIB MiB must have come.
end_listener() {
    local want=$(($1 * MIB_BYTES)) got
    wait "$LISTENER"
    LISTENER=
    got=$(tr -d ' ' <$RX 2>/dev/null)
    [ "$got" = "$want" ] || fail "the listener got ${got:-nothing}, not $want bytes"
}

dom0_tcp() {
    local r=$1 out
    start_listener
    out=$(timed_send "$TCP_MIB") || fail "dom0 tcp, round $r: $out"
    end_listener "$TCP_MIB"
    report dom0-tcp "$r" "$out"
}

domu_tcp() {
    local r=$1 out
    start_listener
    tell "tcp $r $TCP_MIB"
    out=$(wait_guest "tcp $r " 300) || fail "guest's tcp round $r: $out"
    end_listener "$TCP_MIB"
    report domu-tcp "$r" "$(guest_value tcp "$r")"
}

# ---- the run ---------------------------------------------------------------

setup() {
    local arg v
    ROUNDS=3 DISK_MIB=64 TCP_MIB=32
    # shellcheck disable=SC2013  # the command line is words, not lines
    for arg in $(cat /proc/cmdline); do
        case $arg in
            keel.bench=*)
                v=${arg#keel.bench=},,
                ROUNDS=${v%%,*} v=${v#*,}
                [ -z "${v%%,*}" ] || DISK_MIB=${v%%,*}
                v=${v#*,}
                [ -z "${v%%,*}" ] || TCP_MIB=${v%%,*} ;;
        esac
    done
    case "$ROUNDS:$DISK_MIB:$TCP_MIB" in
        :* | *::* | *[!0-9:]* | *:0 | *:0:* | 0:*)
            fail "keel.bench=ROUNDS[,DISK_MIB[,TCP_MIB]]: numbers over 0 only" ;;
    esac
    [ "$DISK_MIB" -le $IMG_MIB ] || fail "DISK_MIB $DISK_MIB: the image has $IMG_MIB MiB"
    say "rounds $ROUNDS disk-mib $DISK_MIB image-mib $IMG_MIB tcp-mib $TCP_MIB"
    [ -d /sys/class/net/xenbr0/bridge ] || fail "no bridge xenbr0"
    modprobe loop || fail "modprobe loop"
    mkdir -p $DIR
    rm -f $HOLD
    mkfifo $HOLD || fail "mkfifo $HOLD"
    # Every page of the file exists before the first round, so that no
    # round pays for tmpfs allocating them.
    dd if=/dev/zero of=$IMG bs=$MIB_BYTES count=$IMG_MIB 2>/dev/null || fail "making $IMG"
}

round() {
    local r=$1
    if [ $((r % 2)) = 1 ]; then
        say "round $r: dom0 first"
        dom0_disk "$r"
        domu_disk "$r"
        dom0_tcp "$r"
        domu_tcp "$r"
    else
        say "round $r: guest first"
        domu_disk "$r"
        dom0_disk "$r"
        domu_tcp "$r"
        dom0_tcp "$r"
    fi
}

setup
start_guest
i=1
while [ $i -le "$ROUNDS" ]; do
    round $i
    i=$((i + 1))
done
# What blkfront made of blkback (persistent grants, which blkfront reports
# as a bounce buffer too; indirect descriptors).
say "guest's xvdb: $(console | sed -n 's/.*blkfront: xvdb: //p' | head -n 1)"
stop_guest
no_loops 30 || fail "$(loops | tr '\n' ' ')still on $IMG at the end"
rm -f $IMG $HOLD $RX
say "done"
