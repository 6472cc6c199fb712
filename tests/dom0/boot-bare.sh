#!/bin/bash
# Boot the dom0 kernel and initramfs straight on QEMU, with no hypervisor,
# to check the image itself: /init must reach "keel-init: ready" although
# every Xen module refuses to load, run the test and power the machine off.
#
#   tests/dom0/boot-bare.sh [OUTDIR] [--cpu a57|max] [--timeout S]
#                           [--append ARGS] [--show]
#
# OUTDIR (default build/dom0) holds Image and dom0-initramfs.cpio.gz. The
# command line is "console=ttyAMA0 keel.test=/usr/bin/dom0-test" unless
# --append replaces it. The serial log goes to OUTDIR/boot-bare.log; --show
# copies it to the terminal too. Prints the wall time to /init's first
# line, to "keel-init: ready" and to QEMU's exit. Exits 0 when the boot went as expected, 1 if
# not (with the log's tail), 2 on a usage error.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
QEMU=${QEMU:-qemu-system-aarch64}

OUT=$TOP/build/dom0
CPU=cortex-a57
TIMEOUT=180
APPEND="console=ttyAMA0 keel.test=/usr/bin/dom0-test"
SHOW=0

usage() {
    echo "usage: ${0##*/} [OUTDIR] [--cpu a57|max] [--timeout S] [--append ARGS] [--show]" >&2
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
            --append) [ $# -ge 2 ] || usage; APPEND=$2; shift 2 ;;
            --show) SHOW=1; shift ;;
            -*) usage ;;
            *) OUT=$1; shift ;;
        esac
    done
}

# Microseconds since the epoch, from bash's own clock.
now_us() {
    local t=${EPOCHREALTIME//[.,]/}
    echo $((10#$t))
}

seconds_since() {
    local us=$(($(now_us) - $1))
    printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000))
}

# Copies the console to the log, noting when /init said "ready".
follow() {
    local start=$1 line
    while IFS= read -r line; do
        line=${line%$'\r'}
        printf '%s\n' "$line" >>"$LOG"
        [ $SHOW = 1 ] && printf '%s\n' "$line"
        case $line in
            "keel-init: start"*) seconds_since "$start" >"$LOG.start" ;;
            "keel-init: ready"*) seconds_since "$start" >"$LOG.ready" ;;
        esac
    done
}

boot() {
    local start rc
    : >"$LOG"
    rm -f "$LOG.start" "$LOG.ready"
    start=$(now_us)
    timeout -k 5 "$TIMEOUT" "$QEMU" -M virt -cpu "$CPU" -smp 2 -m 1024 -nographic \
        -kernel "$OUT/Image" -initrd "$OUT/dom0-initramfs.cpio.gz" \
        -append "$APPEND" </dev/null 2>&1 | follow "$start"
    rc=${PIPESTATUS[0]}
    TOTAL=$(seconds_since "$start")
    return "$rc"
}

# Prints each problem; returns non-zero if there was any.
judge() {
    local qemu_rc=$1 bad=0 pat
    if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
        echo "QEMU still running after ${TIMEOUT} s"
        bad=1
    elif [ "$qemu_rc" != 0 ]; then
        echo "QEMU exited $qemu_rc"
        bad=1
    fi
    for pat in '^keel-init: start' '^keel-init: ready'; do
        grep -q "$pat" "$LOG" || { echo "missing: $pat"; bad=1; }
    done
    case $APPEND in
        *keel.test=*)
            grep -q '^keel-init: test exited [0-9]' "$LOG" ||
                { echo "missing: keel-init: test exited"; bad=1; } ;;
    esac
    for pat in 'Kernel panic' 'Call trace' '^\[ *[0-9.]*\] WARNING:' \
               'unable to open an initial console' 'keel-init: FAILED poweroff'; do
        grep -q "$pat" "$LOG" && { echo "found: $(grep -m1 "$pat" "$LOG")"; bad=1; }
    done
    # Without a hypervisor only xenfs may fail to mount.
    pat=$(grep 'keel-init: FAILED mount' "$LOG" | grep -v 'xenfs on /proc/xen' | head -n 1)
    [ -z "$pat" ] || { echo "found: $pat"; bad=1; }
    return $bad
}

main() {
    local rc problems line
    parse_args "$@"
    for f in Image dom0-initramfs.cpio.gz; do
        [ -f "$OUT/$f" ] || { echo "${0##*/}: $OUT/$f missing" >&2; exit 2; }
    done
    LOG=$OUT/boot-bare.log
    boot
    rc=$?
    problems=$(judge "$rc")
    echo "boot-bare: cpu $CPU: /init after $(cat "$LOG.start" 2>/dev/null || echo -) s," \
         "ready after $(cat "$LOG.ready" 2>/dev/null || echo -) s," \
         "QEMU exit $rc after $TOTAL s;" \
         "Image $(stat -c %s "$OUT/Image") B," \
         "initramfs $(stat -c %s "$OUT/dom0-initramfs.cpio.gz") B"
    grep -E '^(keel-init: (FAILED|test exited)|dom0-test: (PASS|FAIL [0-9]))' "$LOG" |
        sed 's/^/boot-bare:   /'
    if [ -n "$problems" ]; then
        while IFS= read -r line; do
            echo "boot-bare: FAIL: $line"
        done <<<"$problems"
        echo "--- last 40 lines of $LOG"
        tail -n 40 "$LOG"
        exit 1
    fi
    echo "boot-bare: PASS"
}

main "$@"
