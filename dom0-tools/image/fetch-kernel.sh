#!/bin/bash
# Fetch Debian's arm64 kernel and busybox for the dom0 image, unpacked,
# never installed.
#
#   dom0-tools/image/fetch-kernel.sh OUTDIR
#
# Leaves in OUTDIR:
#   Image                    the uncompressed arm64 kernel (boot/vmlinuz-*)
#   kernel-version           e.g. 6.1.0-56-arm64
#   config                   the kernel's build configuration
#   modules/lib/modules/VER  all modules, with modules.dep from depmod -b
#   busybox                  static arm64 busybox
#   cache/*.deb              the downloads, reused while their checksum holds
#
# The kernel package is whatever linux-image-arm64:arm64 depends on today,
# so a security update moves it. When nothing is missing and apt's lists
# have not changed since the last run, no apt command runs at all (each
# costs ~2 s on hosts that keep no binary package cache). Needs root the
# first time (adds the arm64 dpkg architecture, runs apt-get update,
# installs kmod and cpio if missing).
# Environment: KERNEL_META (default linux-image-arm64), e.g.
# linux-image-6.12-arm64 with bookworm-backports in the sources.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/apt-lib.sh
. "$HERE/apt-lib.sh"
PATH=$PATH:/usr/sbin:/sbin

[ $# = 1 ] || { echo "usage: ${0##*/} OUTDIR" >&2; exit 2; }
OUT=$1
CACHE=$OUT/cache
KERNEL_META=${KERNEL_META:-linux-image-arm64}

# Sets PKG to the concrete kernel package behind the meta-package.
resolve_kernel() {
    PKG=$(resolve_depends "$KERNEL_META:arm64" 'linux-image-[0-9][^ ]*-arm64') || {
        say "cannot resolve $KERNEL_META:arm64 (apt-cache depends)"
        PKG=
        return 1
    }
}

# shellcheck disable=SC2034  # PKG is read by fetch_resolved
resolve_busybox() {
    PKG=busybox-static:arm64
}

# An arm64 Image carries "ARM\x64" at byte 56.
check_image() {
    [ "$(dd if="$1" bs=1 skip=56 count=4 status=none)" = $'ARM\x64' ] ||
        die "$1 is not an arm64 Image"
}

unpack_kernel() {
    local deb=$1 tmp=$OUT/.kernel-unpack ver
    say "unpacking ${deb##*/}"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    dpkg-deb -x "$deb" "$tmp"
    # Debian 12 ships /lib; later releases may ship /usr/lib.
    [ -d "$tmp/lib/modules" ] || mv "$tmp/usr/lib" "$tmp/lib"
    ver=$(ls "$tmp/lib/modules")
    if [ -z "$ver" ] || [ "$(echo "$ver" | wc -l)" != 1 ]; then
        die "${deb##*/}: expected one module tree, got: $ver"
    fi
    check_image "$tmp/boot/vmlinuz-$ver"
    # Image is renamed over, never removed first: a QEMU may be reading it.
    rm -rf "$OUT/modules"
    mkdir -p "$OUT/modules/lib"
    mv "$tmp/lib/modules" "$OUT/modules/lib/"
    mv "$tmp/boot/vmlinuz-$ver" "$OUT/Image"
    mv "$tmp/boot/config-$ver" "$OUT/config"
    rm -rf "$tmp"
    # Debian's System.map is a placeholder, so symbols are not checked.
    depmod -b "$OUT/modules" "$ver"
    echo "$ver" >"$OUT/kernel-version"
}

unpack_busybox() {
    local deb=$1 tmp=$OUT/.busybox-unpack
    say "unpacking ${deb##*/}"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    dpkg-deb -x "$deb" "$tmp"
    [ -f "$tmp/bin/busybox" ] || mv "$tmp/usr/bin" "$tmp/bin"
    mv "$tmp/bin/busybox" "$OUT/busybox"
    rm -rf "$tmp"
}

# Fetches the package RESOLVE names and runs UNPACK on it, unless STAMP
# says that was done for this very .deb and the outputs FILES... exist.
fetch_and_unpack() {
    local resolve=$1 stamp=$OUT/.$2 unpack=$3 f done=1
    shift 3
    fetch_resolved "$resolve" "$CACHE"
    [ "$(cat "$stamp" 2>/dev/null)" = "${DEB##*/}" ] || done=0
    for f in "$@"; do
        [ -e "$OUT/$f" ] || done=0
    done
    if [ $done = 1 ]; then
        say "up to date: ${DEB##*/}"
        return 0
    fi
    rm -f "$stamp"
    "$unpack" "$DEB"
    echo "${DEB##*/}" >"$stamp"
}

OUTPUTS="Image kernel-version config modules/lib/modules busybox"
STAMP=$OUT/.fetched

# True when the last run finished for the same meta-package and apt's
# lists are no newer than that run.
up_to_date() {
    local f deb
    [ "$(head -n 1 "$STAMP" 2>/dev/null)" = "$KERNEL_META" ] || return 1
    for f in $OUTPUTS; do
        [ -e "$OUT/$f" ] || return 1
    done
    for deb in $(tail -n +2 "$STAMP"); do
        [ -f "$CACHE/$deb" ] || return 1
    done
    [ -z "$(find /var/lib/apt/lists /etc/apt -newer "$STAMP" -print -quit)" ]
}

main() {
    local kdeb
    if up_to_date; then
        say "up to date: kernel $(cat "$OUT/kernel-version")"
        return 0
    fi
    rm -f "$STAMP"
    mkdir -p "$OUT"
    ensure_arm64_arch
    ensure_host_tools
    fetch_and_unpack resolve_kernel kernel-deb unpack_kernel \
        Image kernel-version config "modules/lib/modules"
    kdeb=${DEB##*/}
    fetch_and_unpack resolve_busybox busybox-deb unpack_busybox busybox
    printf '%s\n' "$KERNEL_META" "$kdeb" "${DEB##*/}" >"$STAMP"
    say "kernel $(cat "$OUT/kernel-version") from $kdeb, busybox from ${DEB##*/}"
}

main
