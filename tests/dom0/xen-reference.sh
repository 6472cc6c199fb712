#!/bin/bash
# Run tests/dom0/dom0-test.case on Debian's Xen 4.17 instead of Keel: the
# reference for what dom0-test expects. A check that fails here is wrong,
# not the hypervisor.
#
#   tests/dom0/xen-reference.sh [OPTIONS of tests/integration/run]
#
# Fetches xen-hypervisor-4.17-arm64 (unpacked, never installed) into
# build/dom0/xen/ once; the dom0 images must be built already.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# shellcheck source=SCRIPTDIR/../../dom0-tools/image/apt-lib.sh
. "$TOP/dom0-tools/image/apt-lib.sh"

OUT=$TOP/build/dom0
XEN_DIR=$OUT/xen
XEN_IMG=$XEN_DIR/boot/xen-4.17-arm64

# shellcheck disable=SC2034  # PKG is read by fetch_resolved
resolve_xen() {
    PKG=xen-hypervisor-4.17-arm64:arm64
}

fetch_xen() {
    [ -f "$XEN_IMG" ] && return 0
    ensure_arm64_arch
    fetch_resolved resolve_xen "$OUT/cache"
    rm -rf "$XEN_DIR"
    dpkg-deb -x "$DEB" "$XEN_DIR"
    [ -f "$XEN_IMG" ] || die "${DEB##*/} has no boot/xen-4.17-arm64"
}

for f in Image dom0-initramfs.cpio.gz; do
    [ -f "$OUT/$f" ] || die "$OUT/$f missing: build the dom0 image first"
done
fetch_xen
KEEL_IMG=$XEN_IMG exec "$TOP/tests/integration/run" "$HERE/dom0-test.case" "$@"
