#!/bin/bash
# Builds the dom0 tools (xenstored, xenconsoled, keel-xenstore, xl) for
# arm64, statically linked, and installs them into OUT/tools-root for the
# dom0 initramfs.
#
#   config/cross-dom0.sh OUT        (OUT: build/dom0)
#
# autoconf will not configure a second, out-of-tree build of a source
# tree that is configured in place, so the sources are copied to
# OUT/arm64-src (only what changed is copied again) and configured there
# with --host=aarch64-linux-gnu against the sysroot that
# dom0-tools/image/fetch-sysroot.sh unpacks.
set -eu -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# = 1 ] || { echo "usage: ${0##*/} OUT" >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
SRC=$OUT/arm64-src
SYSROOT=$OUT/sysroot
LIBDIR=$SYSROOT/usr/lib/aarch64-linux-gnu
ROOT=$OUT/tools-root

"$TOP/dom0-tools/image/fetch-sysroot.sh" "$OUT"

# The tracked sources plus the generated configure machinery; never the
# host build's objects or its configuration.
copy_sources() {
    mkdir -p "$SRC"
    (cd "$TOP" && { git ls-files --cached --others --exclude-standard 2>/dev/null || find . -type f -not -path './build/*'; } |
        grep -v -e '^build/' -e '^GNUmakefile$' |
        tar -cf - -T - configure Makefile.in aclocal.m4 config/aux 2>/dev/null) |
        (cd "$SRC" && tar -xf - --keep-newer-files 2>/dev/null || true)
}

configure_cross() {
    [ -f "$SRC/Makefile" ] && [ "$SRC/Makefile" -nt "$SRC/configure" ] && return 0
    (cd "$SRC" && ./configure -q --host=aarch64-linux-gnu --without-xml \
        --prefix=/usr --sbindir=/usr/sbin \
        CPPFLAGS="-I$SYSROOT/usr/include -I$SYSROOT/usr/include/aarch64-linux-gnu" \
        LDFLAGS="-L$LIBDIR -static" \
        YAJL_CFLAGS=" " YAJL_LIBS="-lyajl_s" \
        ZLIB_CFLAGS=" " ZLIB_LIBS="-lz" \
        PKG_CONFIG_LIBDIR="$LIBDIR/pkgconfig")
}

copy_sources
configure_cross
# -f Makefile: the copy must not run GNUmakefile's host configure.
make -s -C "$SRC" -f Makefile -j2 libctl/libctl.a
make -s -C "$SRC" -f Makefile -j2 install-exec DESTDIR="$ROOT"
echo "cross-dom0: tools in $ROOT/usr/sbin: $(ls "$ROOT/usr/sbin" | tr '\n' ' ')"
