#!/bin/sh
# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# shellcheck disable=SC2016  # check and poll expand their commands when they run them
# Runs in dom0 (keel.test=): disks and network interfaces of domUs, end to
# end, through xl, blkback/netback, the hotplug scripts and the guests'
# frontends. The guests run the scripts in dom0-tools/image/domu-tests and
# print what they found on their consoles, which this reads from
# /var/log/keel/console/guest-NAME.log. Four parts:
#   disks+net  blk1 (tests/dom0/guests/blk1.cfg) gets an ext4 image as xvda
#              (rw) holding a file dom0 put there, and an 8 MiB random
#              image as xvdb (read-only): it reads dom0's file, writes one
#              that dom0 reads back after `xl shutdown -w`, and its writes
#              to xvdb must fail and change nothing. Through its vif on
#              xenbr0 it pings dom0 and net2 and sends 64 MiB to dom0 over
#              TCP (busybox nc), both ends summing the stream.
#   hot-plug   into the running net2: a disk (xl block-attach), written and
#              read back, then block-detach; a second vif (xl
#              network-attach, with mtu= and a rate= too high to slow the
#              test) on a subnet of its own, pinged through, then
#              network-detach. dom0's interface must have that MTU and the
#              backend the rate (the guest's netfront reads no mtu node, so
#              its eth1 keeps 1500). Each must be gone in the guest and in
#              dom0.
#   destroy    io3 is destroyed while it writes its disk and streams to
#              dom0: no loop device, vif or xenstore node may stay behind,
#              and a new guest (after4) on the same image and bridge must
#              work.
#   leftovers  at the end only dom0 is left, with no loop device in use
#              and nothing on the bridge.
# Prints one line per check ("domu-block-net: ok ..." or "... FAIL ...")
# and a PASS/FAIL summary; exits 1 if any check failed.
T=domu-block-net
G=/etc/keel/guests
LOG=/var/log/keel/console
D=/tmp/keel-disks
EXT4_GZ=/usr/share/keel/disks/ext4-32m.img.gz
STREAM_PORT=5001
IO_PORT=5002
n=0
failed=0
start=$(cut -d. -f1 /proc/uptime)

ok() { n=$((n + 1)); echo "$T: ok $1"; }
bad() { n=$((n + 1)); failed=$((failed + 1)); echo "$T: FAIL $1"; }
note() { echo "$T: [$(($(cut -d. -f1 /proc/uptime) - start)) s] $*"; }

# check DESC COMMAND: COMMAND (eval'd) must succeed; its output says why not.
check() {
    if eval "$2" >/tmp/check.out 2>&1; then
        ok "$1"
    else
        bad "$1: $(head -c 300 /tmp/check.out | tr '\n' ' ')"
    fi
}

# same DESC WANT GOT: the two strings must be equal and not empty.
same() {
    if [ -n "$2" ] && [ "$2" = "$3" ]; then
        ok "$1"
    else
        bad "$1: want '$2', got '$3'"
    fi
}

# poll SECONDS COMMAND: until COMMAND (eval'd) succeeds.
poll() {
    local i=0
    while ! eval "$2" >/dev/null 2>&1; do
        [ $i -ge "$1" ] && return 1
        sleep 1
        i=$((i + 1))
    done
}

# The console log of guest $1, without the tty's carriage returns.
console() {
    tr -d '\r' <"$LOG/guest-$1.log" 2>/dev/null
}

# wait_line GUEST TEXT SECONDS: until GUEST's console has a line with TEXT.
wait_line() {
    poll "$3" "console '$1' | grep -q -F -- '$2'"
}

# value GUEST TAG KEY: the rest of GUEST's last "TAG: KEY ..." line.
value() {
    console "$1" | sed -n "s/.*$2: $3 //p" | tail -n 1
}

# guest_ok GUEST TAG WHAT: the guest said "TAG: ok WHAT"; if it did not,
# its "TAG: FAIL WHAT..." line (if any) says why.
guest_ok() {
    local why
    if console "$1" | grep -q -F -- "$2: ok $3"; then
        ok "$1: $3"
    else
        why=$(console "$1" | grep -F -- "$2: FAIL $3" | tail -n 1)
        bad "$1: $3: ${why:-no line \"$2: ok $3\"}"
    fi
}

# said_ok GUEST PREFIX SECONDS: waits for GUEST's first "PREFIX ok" or
# "PREFIX FAIL ..." line (domu-init's own checks print those); passes on
# the first, prints the second.
said_ok() {
    local line
    poll "$3" "console '$1' | grep -q -E -- '$2 (ok|FAIL)'"
    line=$(console "$1" | grep -E -- "$2 (ok|FAIL)" | head -n 1)
    echo "${line:-no \"$2\" line after $3 s}"
    case $line in
        *"$2 ok"*) return 0 ;;
        *) return 1 ;;
    esac
}

# Every FAIL line the guest printed (some have no guest_ok of their own).
guest_no_fail() {
    local lines
    lines=$(console "$1" | grep -F -- "$2: FAIL" | head -n 5 | tr '\n' ' ')
    if [ -z "$lines" ]; then ok "$1: no FAIL line"; else bad "$1: $lines"; fi
}

gone() { ! xl domid "$1" >/dev/null 2>&1; }

# The loop devices backed by FILE, or by any file if FILE is empty.
loops_of() {
    local f dev
    for f in /sys/block/loop*/loop/backing_file; do
        [ -e "$f" ] || continue
        case $(cat "$f") in
            "$1"*) dev=${f#/sys/block/}; echo "/dev/${dev%%/*}" ;;
        esac
    done
}

no_loops() {
    [ -z "$(loops_of "$1")" ] || { echo "still attached: $(loops_of "$1" | tr '\n' ' ')"; return 1; }
}

# The read-only flag of the loop device backing FILE.
loop_ro() {
    local dev
    dev=$(loops_of "$1" | head -n 1)
    [ -n "$dev" ] && cat "/sys/block/${dev#/dev/}/ro"
}

# Everything xenstore may hold for domain $1: it must all be gone.
xs_left() {
    local p
    for p in /local/domain/0/backend/vbd/$1 /local/domain/0/backend/vif/$1 \
             /local/domain/$1 /libxl/$1; do
        xenstore-exists "$p" 2>/dev/null && echo "$p"
    done
}

no_xs_left() {
    [ -z "$(xs_left "$1")" ] || { echo "left: $(xs_left "$1" | tr '\n' ' ')"; return 1; }
}

# The interfaces netback made for domain $1 (vif<domid>.<handle>).
vifs_of() {
    local i
    for i in /sys/class/net/vif"$1".*; do
        [ -e "$i" ] && echo "${i##*/}"
    done
}

no_vifs() {
    [ -z "$(vifs_of "$1")" ] || { echo "left: $(vifs_of "$1" | tr '\n' ' ')"; return 1; }
}

# leftovers NAME DOMID FILE...: once NAME (domain DOMID) is gone, nothing
# of it may stay: loop devices on its image files, vifs, xenstore nodes.
leftovers() {
    local name=$1 domid=$2 f
    shift 2
    for f in "$@"; do
        check "$name left no loop device on ${f##*/}" "poll 30 'no_loops $f'; no_loops $f"
    done
    check "$name left no vif" "poll 30 'no_vifs $domid'; no_vifs $domid"
    check "$name left nothing in xenstore" "poll 15 'no_xs_left $domid'; no_xs_left $domid"
}

# What is moving for domain $1 with image $2: "BYTES WRITES", the bytes
# its vif0 brought in (rx on dom0's side) and the writes done to the loop
# device under its disk.
io_counters() {
    local dev rx
    dev=$(loops_of "$2" | head -n 1)
    rx=$(cat "/sys/class/net/vif$1.0/statistics/rx_bytes" 2>/dev/null)
    # shellcheck disable=SC2046  # the fields of the stat file are words
    set -- $(cat "/sys/block/${dev#/dev/}/stat" 2>/dev/null)
    echo "${rx:-0} ${5:-0}"
}

# Both counters of io_counters went up between two samples $1 and $2.
both_grew() {
    if [ "${2% *}" -gt "${1% *}" ] && [ "${2#* }" -gt "${1#* }" ]; then
        return 0
    fi
    echo "before: $1, after: $2"
    return 1
}

md5_of() {
    md5sum "$1" | cut -d' ' -f1
}

# ---- setup -----------------------------------------------------------------

setup() {
    check "xenbr0 is a bridge with dom0's 10.80.0.1/24" \
        '[ -d /sys/class/net/xenbr0/bridge ] && ip -o addr show dev xenbr0 | grep -q "inet 10.80.0.1/24"'
    modprobe loop
    modprobe ext4
    mkdir -p $D /mnt/img
    rm -f /tmp/hold.fifo /tmp/stream.fifo
    # A listener whose input never ends: busybox nc ends the connection as
    # soon as its input does, which would cut the stream short.
    mkfifo /tmp/hold.fifo /tmp/stream.fifo
    check "xvda image from the shipped ext4" \
        "gunzip -c $EXT4_GZ >$D/blk1-xvda.img && [ \$(stat -c %s $D/blk1-xvda.img) = 33554432 ]"
    NONCE=keel-$(head -c 16 /dev/urandom | md5sum | cut -c1-16)
    check "dom0 puts from-dom0.txt on it (mount -o loop)" \
        "mount -t ext4 -o loop $D/blk1-xvda.img /mnt/img && echo $NONCE >/mnt/img/from-dom0.txt && umount -d /mnt/img"
    check "no loop device left by that mount" "poll 10 'no_loops $D/'; no_loops $D/"
    dd if=/dev/urandom of=$D/blk1-xvdb.img bs=65536 count=128 2>/dev/null
    XVDB_MD5=$(md5_of $D/blk1-xvdb.img)
}

# ---- blk1 and net2 ---------------------------------------------------------

start_stream_listener() {
    wc -c </tmp/stream.fifo >/tmp/stream.bytes &
    nc -l -p $STREAM_PORT <>/tmp/hold.fifo | tee /tmp/stream.fifo | md5sum >/tmp/stream.sum &
}

blk1_dom0_side() {
    local d=$1 be=/local/domain/0/backend
    check "blk1: xl block-list shows xvda and xvdb" \
        'xl block-list blk1 >/tmp/bl && grep -q 51712 /tmp/bl && grep -q 51728 /tmp/bl'
    check "blk1: xl network-list shows its vif" \
        'xl network-list blk1 | grep -q -i 00:16:3e:4b:01:00'
    check "blk1: xvda's backend connected" \
        "poll 60 '[ \"\$(xenstore-read $be/vbd/$d/51712/state)\" = 4 ]'; xenstore-read $be/vbd/$d/51712/state | grep -x 4"
    check "blk1: xvdb's backend connected" \
        "poll 60 '[ \"\$(xenstore-read $be/vbd/$d/51728/state)\" = 4 ]'; xenstore-read $be/vbd/$d/51728/state | grep -x 4"
    same "blk1: xvda on a writable loop device" 0 "$(loop_ro $D/blk1-xvda.img)"
    same "blk1: xvdb on a read-only loop device" 1 "$(loop_ro $D/blk1-xvdb.img)"
    check "blk1: vif$d.0 on xenbr0" "poll 30 '[ -e /sys/class/net/xenbr0/brif/vif$d.0 ]'; [ -e /sys/class/net/xenbr0/brif/vif$d.0 ]"
}

blk1_guest_side() {
    local sum bytes secs got
    guest_ok blk1 blk-net "mount /dev/xvda rw"
    same "blk1: read dom0's file on xvda" "$NONCE" "$(value blk1 blk-net from-dom0)"
    same "blk1: xvdb is read-only in the guest" 1 "$(value blk1 blk-net ro-flag)"
    same "blk1: read xvdb's contents" "$XVDB_MD5" "$(value blk1 blk-net ro-md5)"
    guest_ok blk1 blk-net "ro write (direct) refused"
    guest_ok blk1 blk-net "ro write (fsync) refused"
    note "$(console blk1 | grep -F 'ro write' | tr '\n' ' ')"
    same "blk1: xvdb unchanged after the writes" "$XVDB_MD5" "$(value blk1 blk-net ro-md5-after)"
    guest_ok blk1 blk-net "ping 10.80.0.1"
    guest_ok blk1 blk-net "ping 10.80.0.12"
    # "stream-md5 SUM BYTES SECONDS"
    got=$(value blk1 blk-net stream-md5)
    sum=${got%% *} bytes=$(echo "$got" | cut -d' ' -f2) secs=$(echo "$got" | cut -d' ' -f3)
    poll 30 '[ -s /tmp/stream.sum ] && [ -s /tmp/stream.bytes ]'
    same "blk1: dom0 received 64 MiB" 67108864 "$(cat /tmp/stream.bytes 2>/dev/null)"
    same "blk1: the stream's md5 matches" "$sum" "$(cut -d' ' -f1 /tmp/stream.sum 2>/dev/null)"
    note "64 MiB stream: $bytes bytes in ${secs:-?} s (guest's clock)"
    guest_no_fail blk1 blk-net
}

blk1_after() {
    local d=$1
    check "blk1: xl shutdown -w" 'timeout 120 xl shutdown -w blk1 && poll 30 "gone blk1"'
    leftovers blk1 "$d" $D/blk1-xvda.img $D/blk1-xvdb.img
    check "blk1: dom0 mounts xvda's image again" "mount -t ext4 -o loop $D/blk1-xvda.img /mnt/img"
    same "blk1: dom0 reads the guest's file back" "$(value blk1 blk-net from-domu-md5)" \
        "$(md5_of /mnt/img/from-domu.bin 2>/dev/null)"
    same "blk1: dom0's own file still there" "$NONCE" "$(cat /mnt/img/from-dom0.txt 2>/dev/null)"
    umount -d /mnt/img
    same "blk1: xvdb's image unchanged" "$XVDB_MD5" "$(md5_of $D/blk1-xvdb.img)"
}

part_disks_net() {
    local d1
    start_stream_listener
    check "xl create net2" "timeout 120 xl create $G/net2.cfg"
    check "xl create blk1" "timeout 120 xl create $G/blk1.cfg"
    check "blk1 boots" "wait_line blk1 blk1-up 180"
    d1=$(xl domid blk1 2>/dev/null)
    note "blk1 is domain $d1"
    blk1_dom0_side "$d1"
    check "blk1: guest test done" "wait_line blk1 'blk-net: done' 420"
    note "blk1's test done"
    blk1_guest_side
    blk1_after "$d1"
}

# ---- hot-plug, into net2 ---------------------------------------------------

hot_disk() {
    local d=$1 f=$D/hot.img
    dd if=/dev/zero of=$f bs=65536 count=64 2>/dev/null
    check "net2: xl block-attach xvdc" "timeout 60 xl block-attach net2 $f,raw,xvdc,rw"
    check "net2: xl block-list shows xvdc" 'xl block-list net2 | grep -q 51744'
    same "net2: xvdc on a writable loop device" 0 "$(loop_ro $f)"
    check "net2: the guest sees xvdc" "wait_line net2 'hotplug: ok disk came' 60"
    poll 60 "console net2 | grep -q 'hotplug: disk-md5'"
    guest_ok net2 hotplug "disk rw"
    check "net2: xl block-detach xvdc" 'timeout 60 xl block-detach net2 xvdc'
    check "net2: xvdc gone in the guest" "wait_line net2 'hotplug: ok disk gone' 60"
    check "net2: no loop device left on hot.img" "poll 30 'no_loops $f'; no_loops $f"
    check "net2: xvdc's xenstore nodes gone" \
        "! xenstore-exists /local/domain/0/backend/vbd/$d/51744 && ! xenstore-exists /local/domain/$d/device/vbd/51744"
    check "net2: xl block-list no longer shows xvdc" '! xl block-list net2 | grep -q 51744'
    same "net2: the guest's data in hot.img" "$(value net2 hotplug disk-md5)" \
        "$(dd if=$f bs=4096 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
}

hot_nic() {
    local d=$1 mac=00:16:3e:4b:02:01
    # eth1 gets a subnet of its own, so that its pings cannot go by eth0.
    ip addr add 10.81.0.1/24 dev xenbr0
    check "net2: xl network-attach" \
        "timeout 60 xl network-attach net2 bridge=xenbr0 mac=$mac mtu=1400 rate=1Gb/s@20ms"
    check "net2: xl network-list shows it" "xl network-list net2 | grep -q -i $mac"
    check "net2: vif$d.1 on xenbr0" "poll 30 '[ -e /sys/class/net/xenbr0/brif/vif$d.1 ]'; [ -e /sys/class/net/xenbr0/brif/vif$d.1 ]"
    # 1 Gb/s for 20 ms: 2500000 bytes, in netback's "<bytes>,<usecs>"
    same "net2: vif 1's backend has the rate" "2500000,20000" \
        "$(xenstore-read "/local/domain/0/backend/vif/$d/1/rate" 2>&1)"
    same "net2: vif 1's backend has mtu 1400" 1400 \
        "$(xenstore-read "/local/domain/0/backend/vif/$d/1/mtu" 2>&1)"
    same "net2: vif 1's frontend has mtu 1400" 1400 \
        "$(xenstore-read "/local/domain/$d/device/vif/1/mtu" 2>&1)"
    same "net2: vif$d.1 has MTU 1400 (vif-bridge from the backend's mtu)" 1400 \
        "$(cat "/sys/class/net/vif$d.1/mtu" 2>&1)"
    check "net2: vif 0 (no rate=, no mtu=) has no rate or mtu node" \
        "! xenstore-exists /local/domain/0/backend/vif/$d/0/rate && ! xenstore-exists /local/domain/0/backend/vif/$d/0/mtu"
    check "net2: the guest sees eth1" "wait_line net2 'hotplug: ok nic came' 60"
    poll 60 "console net2 | grep -q -E 'hotplug: (ok|FAIL) nic ping'"
    guest_ok net2 hotplug "nic ping 10.81.0.1"
    same "net2: eth1 has the MAC given" "$mac" "$(value net2 hotplug nic-mac)"
    note "net2: the guest's eth1 has MTU $(value net2 hotplug nic-mtu) (netfront does not read mtu)"
    check "net2: xl network-detach" 'timeout 60 xl network-detach net2 1'
    check "net2: eth1 gone in the guest" "wait_line net2 'hotplug: ok nic gone' 60"
    check "net2: vif$d.1 gone in dom0" "poll 30 '[ ! -e /sys/class/net/vif$d.1 ]'; [ ! -e /sys/class/net/vif$d.1 ]"
    check "net2: vif 1's xenstore nodes gone" \
        "! xenstore-exists /local/domain/0/backend/vif/$d/1 && ! xenstore-exists /local/domain/$d/device/vif/1"
    check "net2: xl network-list no longer shows it" "! xl network-list net2 | grep -q -i $mac"
    ip addr del 10.81.0.1/24 dev xenbr0
}

part_hotplug() {
    local d2
    d2=$(xl domid net2 2>/dev/null)
    note "net2 is domain $d2"
    check "net2: its network came up (domu-net: ok)" "wait_line net2 'domu-net: ok' 10"
    hot_disk "$d2"
    hot_nic "$d2"
    check "net2: its first vif still works (dom0 pings it)" 'ping -c 2 -w 10 10.80.0.12'
    guest_no_fail net2 hotplug
    check "net2: xl shutdown -w" 'timeout 120 xl shutdown -w net2 && poll 30 "gone net2"'
    leftovers net2 "$d2" $D/hot.img
}

# ---- destroy in the middle of I/O -------------------------------------------

part_destroy() {
    local d3 d4 ncpid before
    dd if=/dev/zero of=$D/io.img bs=65536 count=256 2>/dev/null
    nc -l -p $IO_PORT <>/tmp/hold.fifo >/dev/null &
    ncpid=$!
    check "xl create io3" "timeout 120 xl create $G/io3.cfg"
    check "io3: disk and network busy" "wait_line io3 'io-load: busy' 180"
    d3=$(xl domid io3 2>/dev/null)
    note "io3 is domain $d3: $(value io3 io-load busy:)"
    before=$(io_counters "$d3" $D/io.img)
    sleep 2
    check "io3: I/O still going when destroyed (vif bytes, loop writes)" \
        "both_grew '$before' '$(io_counters "$d3" $D/io.img)'"
    check "io3: xl destroy during I/O" 'timeout 60 xl destroy io3 && poll 30 "gone io3"'
    leftovers io3 "$d3" $D/io.img
    kill $ncpid 2>/dev/null
    check "dom0: xl list still works" 'xl list | grep -q "^Domain-0 "'
    check "dom0: xenstored and xenconsoled still run" 'pidof xenstored && pidof xenconsoled'
    check "xl create after4 (same image, same bridge)" "timeout 120 xl create $G/after4.cfg"
    d4=$(xl domid after4 2>/dev/null)
    check "after4: disk works" "said_ok after4 domu-blk: 180"
    check "after4: network works" "said_ok after4 domu-net: 60"
    check "after4 powers itself off" 'poll 90 "gone after4"'
    [ -n "$d4" ] && leftovers after4 "$d4" $D/io.img
}

# ---- the end ---------------------------------------------------------------

part_end() {
    check "only dom0 left" '[ "$(xenstore-list /local/domain | tr "\n" " ")" = "0 " ]'
    check "no loop device in use" 'no_loops ""'
    check "no backend directory left" \
        '[ -z "$(xenstore-list /local/domain/0/backend/vbd 2>/dev/null)$(xenstore-list /local/domain/0/backend/vif 2>/dev/null)" ]'
    check "nothing left on xenbr0" '[ -z "$(ls /sys/class/net/xenbr0/brif)" ]'
    # The guests' kernels log to their consoles, which only this sees.
    check "no kernel warning in the guests' logs" \
        '! cat "$LOG"/guest-*.log | grep -a -m 3 -E "WARNING: CPU|BUG: |Oops|Call trace|Kernel panic"'
}

setup
note "setup done"
part_disks_net
note "disks and network done"
part_hotplug
note "hot-plug done"
part_destroy
note "destroy done"
part_end
if [ "$failed" = 0 ]; then
    echo "$T: PASS $n checks in $(($(cut -d. -f1 /proc/uptime) - start)) s"
else
    echo "--- $T: hotplug log"
    tail -n 40 /var/log/keel/hotplug.log 2>/dev/null
    echo "--- $T: xl list"
    xl list
    for f in "$LOG"/guest-*.log; do
        echo "--- $T: the end of $f"
        tail -n 25 "$f" | tr -d '\r'
    done
    echo "--- $T: FAIL $failed of $n"
    exit 1
fi
