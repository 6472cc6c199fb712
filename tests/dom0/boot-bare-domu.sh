#!/bin/bash
# Boot the domU image (Debian's kernel with domu-initramfs.cpio.gz) straight
# on QEMU, with no hypervisor: the Xen frontends refuse to load and
# domu-init must go on regardless. Each scenario is one boot:
#   marker   keel.marker=hello-domu keel.poweroff=1: the marker, then off
#   io       a virtio disk and NIC stand in for xvda and the vif:
#            keel.blk and keel.net must pass, the disk keep its contents
#   errors   a read-only disk and a malformed keel.net: both must FAIL
#   console  the shell on the console: run a command, exit (domu-init
#            starts another), run one more, `poweroff`
#   reboot   `reboot` in the shell (SIGTERM to PID 1)
#   test     keel.test="/bin/busybox false": exits 1, then off
#   crash    keel.crash=1 panic=-1: the kernel panics and resets
#
#   tests/dom0/boot-bare-domu.sh [OUTDIR] [--cpu a57|max] [--timeout S]
#                                [--show] [SCENARIO]...
#
# OUTDIR (default build/dom0) holds Image and domu-initramfs.cpio.gz; the
# serial logs go to OUTDIR/boot-bare-domu-SCENARIO.log (--show copies
# them to the terminal too). No SCENARIO means all. Prints the wall time
# to /init's first line, to the marker and to QEMU's exit. Exits 0 when
# every boot went as expected, 1 if not (with the log's tail), 2 on a
# usage error.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
QEMU=${QEMU:-qemu-system-aarch64}
ALL="marker io errors console reboot test crash"

OUT=$TOP/build/dom0
CPU=cortex-a57
TIMEOUT=60
SHOW=0
SCENARIOS=()

usage() {
    echo "usage: ${0##*/} [OUTDIR] [--cpu a57|max] [--timeout S] [--show] [SCENARIO]..." >&2
    echo "scenarios: $ALL" >&2
    exit 2
}

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --cpu)
                [ $# -ge 2 ] || usage
                case $2 in
                    a57) CPU=cortex-a57 ;;
                    max) CPU=max,pauth-impdef=on ;;
                    *) usage ;;
                esac
                shift 2 ;;
            --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift 2 ;;
            --show) SHOW=1; shift ;;
            -*) usage ;;
            *)
                if [[ " $ALL " == *" $1 "* ]]; then
                    SCENARIOS+=("$1")
                else
                    OUT=$1
                fi
                shift ;;
        esac
    done
    # shellcheck disable=SC2206  # ALL is a list of words
    [ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=($ALL)
}

# Microseconds since the epoch, from bash's own clock.
now_us() {
    local t=${EPOCHREALTIME//[.,]/}
    echo $((10#$t))
}

seconds() {
    printf '%d.%02d' $(($1 / 1000000)) $(($1 % 1000000 / 10000))
}

# ---- driving one boot: start, expect/send, finish ----

# Starts QEMU on the domU image with kernel command line APPEND and the
# further QEMU arguments; its serial console is a pair of FIFOs.
start() {
    local append=$1
    shift
    LOG=$OUT/boot-bare-domu-$NAME.log
    : >"$LOG"
    PROBLEMS=()
    T_INIT=- T_MARKER=-
    rm -f "$FIFO_IN" "$FIFO_OUT"
    mkfifo "$FIFO_IN" "$FIFO_OUT"
    START=$(now_us)
    DEADLINE=$((START + TIMEOUT * 1000000))
    timeout -k 5 "$TIMEOUT" "$QEMU" -M virt -cpu "$CPU" -smp 1 -m 256 -nographic \
        -no-reboot -kernel "$OUT/Image" -initrd "$OUT/domu-initramfs.cpio.gz" \
        -append "$append" "$@" <"$FIFO_IN" >"$FIFO_OUT" 2>&1 &
    QEMU_PID=$!
    exec {TO_QEMU}>"$FIFO_IN" {FROM_QEMU}<"$FIFO_OUT"
}

problem() {
    PROBLEMS+=("$*")
}

# Reads one console line into LINE and the log; fails at EOF or DEADLINE.
next_line() {
    local left=$((DEADLINE - $(now_us)))
    [ $left -gt 0 ] || return 1
    IFS= read -r -t "$(seconds $left)" LINE <&"$FROM_QEMU" || return 1
    LINE=${LINE%$'\r'}
    printf '%s\n' "$LINE" >>"$LOG"
    [ $SHOW = 1 ] && printf '%s\n' "$LINE"
    case $LINE in
        "domu-init: start") T_INIT=$(seconds $(($(now_us) - START))) ;;
        "$MARKER") T_MARKER=$(seconds $(($(now_us) - START))) ;;
    esac
    return 0
}

# Reads the console up to a line matching the glob PATTERN.
expect() {
    while next_line; do
        # shellcheck disable=SC2053  # the pattern is a glob on purpose
        [[ $LINE == $1 ]] && return 0
    done
    problem "no line like: $1"
    return 1
}

send() {
    printf '%s\n' "$1" >&"$TO_QEMU"
}

# Reads the console to its end and sets QEMU_RC.
finish() {
    while next_line; do :; done
    if [ "$(now_us)" -ge "$DEADLINE" ]; then
        kill "$QEMU_PID" 2>/dev/null
    fi
    wait "$QEMU_PID"
    QEMU_RC=$?
    T_TOTAL=$(seconds $(($(now_us) - START)))
    exec {TO_QEMU}>&- {FROM_QEMU}<&-
    rm -f "$FIFO_IN" "$FIFO_OUT"
    case $QEMU_RC in
        0) ;;
        124|137|143) problem "QEMU still running after $TIMEOUT s" ;;
        *) problem "QEMU exited $QEMU_RC" ;;
    esac
}

# ---- judging a log ----

want() {
    grep -qE "$1" "$LOG" || problem "missing: $1"
}

forbid() {
    local hit
    hit=$(grep -m1 -E "$1" "$LOG") && problem "found: $hit"
}

# What every boot must show, and must not: only the frontends may fail.
common_checks() {
    local pat
    want '^domu-init: start$'
    want "^$MARKER\$"
    want '^domu-init: FAILED xen-blkfront: No such device$'
    want '^domu-init: FAILED xen-netfront: No such device$'
    pat=$(grep 'domu-init: FAILED' "$LOG" |
          grep -vE 'FAILED xen-(blk|net)front: No such device$' | head -n 1)
    [ -z "$pat" ] || problem "found: $pat"
    forbid 'unable to open an initial console'
    forbid '^\[ *[0-9.]*\] WARNING:'
    forbid 'domu-init: ignored unknown'
}

no_panic() {
    forbid 'Kernel panic'
    forbid 'Call trace'
}

# ---- the scenarios ----

scenario_marker() {
    MARKER="hello-domu domu"
    start "console=ttyAMA0 keel.marker=hello-domu keel.poweroff=1"
    finish
    common_checks
    no_panic
}

# The disk's first MiB is a known pattern that keel.blk must put back.
make_disk() {
    local disk=$1
    rm -f "$disk"
    truncate -s 4M "$disk"
    yes keel-domu-disk | head -c 1048576 >"$disk.orig"
    dd if="$disk.orig" of="$disk" conv=notrunc status=none
}

scenario_io() {
    local disk=$WORK/io-disk.img append
    make_disk "$disk"
    MARKER="domu-init: up io"
    append="console=ttyAMA0 keel.hostname=io keel.load=virtio_mmio,virtio_blk,virtio_net"
    append+=" keel.blk=/dev/vda keel.net=10.0.2.15/24,10.0.2.2 keel.poweroff=1"
    start "$append" \
        -drive "file=$disk,format=raw,if=none,id=d0" -device virtio-blk-device,drive=d0 \
        -netdev user,id=n0 -device virtio-net-device,netdev=n0
    finish
    common_checks
    no_panic
    want '^domu-init: loaded virtio_blk$'
    want '^domu-blk: /dev/vda: 1048576 bytes, O_DIRECT$'
    want '^domu-blk: ok 1048576$'
    want '^domu-net: ok$'
    cmp -s -n 1048576 "$disk" "$disk.orig" || problem "the disk's first MiB was not put back"
}

scenario_errors() {
    local disk=$WORK/ro-disk.img append
    make_disk "$disk"
    MARKER="domu-init: up domu"
    append="console=ttyAMA0 keel.load=virtio_mmio,virtio_blk keel.blk=/dev/vda"
    append+=" keel.net=10.0.2.15 keel.poweroff=1"
    start "$append" \
        -drive "file=$disk,format=raw,if=none,id=d0,readonly=on" \
        -device virtio-blk-device,drive=d0
    finish
    common_checks
    no_panic
    want '^domu-blk: FAIL /dev/vda is read-only$'
    want '^domu-net: FAIL keel.net=10.0.2.15: want IP/PREFIX,PEER$'
}

scenario_console() {
    MARKER="domu-init: up con"
    # shellcheck disable=SC2016  # $((...)) is for the guest's shell
    start "console=ttyAMA0 keel.hostname=con" &&
    expect "$MARKER" &&
    expect "domu-init: shell on the console" &&
    send 'echo one-$((6 * 7))' && expect "one-42" &&
    send 'exit' && expect "domu-init: shell exited, starting another" &&
    expect "domu-init: shell on the console" &&
    send 'echo two-$((6 * 7)) $$ $(hostname)' && expect "two-42 * con" &&
    send 'poweroff' && expect "domu-init: poweroff requested"
    finish
    common_checks
    no_panic
}

scenario_reboot() {
    MARKER="domu-init: up domu"
    start "console=ttyAMA0" &&
    expect "domu-init: shell on the console" &&
    send 'reboot' && expect "domu-init: reboot requested"
    finish
    common_checks
    no_panic
}

scenario_test() {
    MARKER="domu-init: up domu"
    start 'console=ttyAMA0 keel.test="/bin/busybox false"'
    finish
    common_checks
    no_panic
    want '^domu-init: test exited 1$'
}

# panic=-1 resets at once and -no-reboot turns the reset into QEMU's exit.
scenario_crash() {
    MARKER="domu-init: up domu"
    start "console=ttyAMA0 keel.crash=1 panic=-1"
    finish
    common_checks
    want '^domu-init: crashing the kernel$'
    want 'Kernel panic - not syncing: sysrq triggered crash'
}

# Runs scenario NAME; prints its result and returns 1 if it failed.
run_scenario() {
    local p
    NAME=$1
    "scenario_$NAME"
    echo "boot-bare-domu: $NAME: /init after $T_INIT s, marker after $T_MARKER s," \
         "QEMU exit $QEMU_RC after $T_TOTAL s"
    grep -E '^(domu-blk|domu-net): (ok|FAIL)|^domu-init: test exited' "$LOG" |
        sed 's/^/boot-bare-domu:   /'
    [ ${#PROBLEMS[@]} = 0 ] && return 0
    for p in "${PROBLEMS[@]}"; do
        echo "boot-bare-domu: $NAME: FAIL: $p"
    done
    echo "--- last 30 lines of $LOG"
    tail -n 30 "$LOG"
    return 1
}

main() {
    local s failed=0 f
    parse_args "$@"
    for f in Image domu-initramfs.cpio.gz; do
        [ -f "$OUT/$f" ] || { echo "${0##*/}: $OUT/$f missing" >&2; exit 2; }
    done
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    FIFO_IN=$WORK/console.in FIFO_OUT=$WORK/console.out
    echo "boot-bare-domu: cpu $CPU, Image $(stat -L -c %s "$OUT/Image") B," \
         "initramfs $(stat -L -c %s "$OUT/domu-initramfs.cpio.gz") B"
    for s in "${SCENARIOS[@]}"; do
        run_scenario "$s" || failed=$((failed + 1))
    done
    if [ $failed != 0 ]; then
        echo "boot-bare-domu: FAIL ($failed of ${#SCENARIOS[@]} scenarios)"
        exit 1
    fi
    echo "boot-bare-domu: PASS (${#SCENARIOS[@]} scenarios)"
}

main "$@"
