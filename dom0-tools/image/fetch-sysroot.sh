#!/bin/bash
# Fetch the arm64 libraries the dom0 tools link against (yajl, zlib,
# libfdt), unpacked into a sysroot, never installed: the tools are linked
# statically against their .a files, so dom0's initramfs needs no shared
# libraries.
#
#   dom0-tools/image/fetch-sysroot.sh OUTDIR
#
# Leaves OUTDIR/sysroot/usr/{include,lib/aarch64-linux-gnu} and reuses
# OUTDIR/cache. libxml2 is left out on purpose: its static form drags in
# ICU's 30 MB of data; the dom0 xl reads xl.cfg and JSON, XML is read on
# the host.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/apt-lib.sh
. "$HERE/apt-lib.sh"

[ $# = 1 ] || { echo "usage: ${0##*/} OUTDIR" >&2; exit 2; }
OUT=$1
SYSROOT=$OUT/sysroot
STAMP=$SYSROOT/.complete
PKGS="libyajl-dev libyajl2 zlib1g-dev zlib1g libfdt-dev libfdt1"

[ -f "$STAMP" ] && exit 0
ensure_arm64_arch
rm -rf "$SYSROOT"
mkdir -p "$SYSROOT"
for p in $PKGS; do
    # shellcheck disable=SC2034  # PKG is read by fetch_resolved
    resolve_one() { PKG=$p:arm64; }
    fetch_resolved resolve_one "$OUT/cache"
    dpkg-deb -x "$DEB" "$SYSROOT"
done
touch "$STAMP"
say "sysroot ready: $SYSROOT"
