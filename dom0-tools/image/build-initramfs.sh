#!/bin/bash
# Build the dom0 or domU initramfs from what fetch-kernel.sh left in OUTDIR.
#
#   dom0-tools/image/build-initramfs.sh OUTDIR [--profile dom0|domu]
#                                       [--extra SRC:DEST]...
#                                       [--ext4 SIZE:DEST.gz]...
#
# The profile (default dom0) picks the init, the module list and the names:
#   profile  archive in OUTDIR          staged in OUTDIR  /init     modules
#   dom0     dom0-initramfs.cpio.gz     initramfs-root    init      modules.list
#   domu     domu-initramfs.cpio.gz     domu-initramfs-root
#                                                         domu-init domu-modules.list
# (init and the lists live next to this script). The archive holds:
#   /init                     the profile's init
#   /bin/busybox, /bin/sh     applet links are made by /init at boot
#   /lib/modules/VER/         the modules in the list + dependencies,
#                             with modules.dep from depmod -b
#   /etc/keel/modules         the list (tells /init what to load)
#   /dev/console              so the kernel can give /init a console
#   /usr/share/keel/domu-tests  (domu profile) the guest-side test scripts
#                             in domu-tests/ next to this script, which a
#                             guest runs through keel.test=
#   DEST                      for each --extra SRC:DEST: a file is copied
#                             to DEST, a directory's contents into DEST,
#                             modes kept, owner root
#   DEST.gz                   for each --ext4 SIZE:DEST.gz: an empty ext4
#                             file system of SIZE bytes (mkfs's suffixes k,
#                             M, G allowed), gzip-compressed (mostly zeros,
#                             it shrinks to a few KiB); the disk images of
#                             the block tests start from one
# Needs no root: the one device node is written straight into the archive.
# The archive is reproducible: fixed owners and times (SOURCE_DATE_EPOCH,
# default 0), sorted names, gzip -n; the file systems get fixed UUIDs and
# times too.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PATH=$PATH:/usr/sbin:/sbin

die() {
    echo "${0##*/}: $*" >&2
    exit 1
}

usage() {
    echo "usage: ${0##*/} OUTDIR [--profile dom0|domu] [--extra SRC:DEST]..." \
        "[--ext4 SIZE:DEST.gz]..." >&2
    exit 2
}

parse_args() {
    [ $# -ge 1 ] || usage
    OUT=$1
    shift
    EXTRAS=()
    EXT4S=()
    PROFILE=dom0
    while [ $# -gt 0 ]; do
        case $1 in
            --profile)
                [ $# -ge 2 ] || usage
                case $2 in
                    dom0|domu) PROFILE=$2 ;;
                    *) die "--profile $2: want dom0 or domu" ;;
                esac
                shift 2 ;;
            --extra)
                [ $# -ge 2 ] || usage
                case $2 in
                    ?*:/*) EXTRAS+=("$2") ;;
                    *) die "--extra $2: want SRC:/ABSOLUTE/DEST" ;;
                esac
                shift 2 ;;
            --ext4)
                [ $# -ge 2 ] || usage
                case $2 in
                    [1-9]*:/*.gz) EXT4S+=("$2") ;;
                    *) die "--ext4 $2: want SIZE:/ABSOLUTE/DEST.gz" ;;
                esac
                shift 2 ;;
            *) usage ;;
        esac
    done
}

# Sets ROOT, IMG, INIT and MODLIST for PROFILE.
set_profile() {
    case $PROFILE in
        dom0)
            ROOT=$OUT/initramfs-root
            IMG=$OUT/dom0-initramfs.cpio.gz
            INIT=$HERE/init
            MODLIST=$HERE/modules.list ;;
        domu)
            ROOT=$OUT/domu-initramfs-root
            IMG=$OUT/domu-initramfs.cpio.gz
            INIT=$HERE/domu-init
            MODLIST=$HERE/domu-modules.list ;;
    esac
    [ -f "$INIT" ] || die "$INIT missing"
    [ -f "$MODLIST" ] || die "$MODLIST missing"
}

check_inputs() {
    local f tool
    for f in busybox kernel-version modules/lib/modules; do
        [ -e "$OUT/$f" ] || die "$OUT/$f missing: run dom0-tools/image/fetch-kernel.sh $OUT"
    done
    for tool in depmod modprobe cpio gzip; do
        command -v $tool >/dev/null || die "$tool missing (apt-get install kmod cpio gzip)"
    done
    if [ ${#EXT4S[@]} -gt 0 ]; then
        command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 missing (apt-get install e2fsprogs)"
    fi
    KVER=$(cat "$OUT/kernel-version")
    KMOD=$OUT/modules/lib/modules/$KVER
    [ -f "$KMOD/modules.dep" ] || die "$KMOD/modules.dep missing: run fetch-kernel.sh again"
}

stage_base() {
    local d
    rm -rf "$ROOT"
    for d in bin sbin usr/bin usr/sbin dev proc sys tmp run root mnt var etc/keel; do
        mkdir -p "$ROOT/$d"
    done
    ln -s ../run "$ROOT/var/run"
    install -m 0755 "$OUT/busybox" "$ROOT/bin/busybox"
    ln -s busybox "$ROOT/bin/sh"
    install -m 0755 "$INIT" "$ROOT/init"
    install -m 0644 "$MODLIST" "$ROOT/etc/keel/modules"
    echo "root:x:0:0:root:/root:/bin/sh" >"$ROOT/etc/passwd"
    echo "root:x:0:" >"$ROOT/etc/group"
}

# The .ko files MODULE needs, itself last; nothing for a built-in one.
module_files() {
    local line
    line=$(modprobe -d "$OUT/modules" -S "$KVER" --show-depends "$1" 2>&1) ||
        die "module $1: $line"
    echo "$line" | sed -n 's/^insmod \([^ ]*\).*/\1/p'
}

stage_modules() {
    local kind mod kos ko rel dst=$ROOT/lib/modules/$KVER f
    mkdir -p "$dst"
    : >"$dst/modules.order"
    while read -r kind mod; do
        case $kind in
            load|include) ;;
            ''|'#'*) continue ;;
            *) die "${MODLIST##*/}: unknown kind '$kind'" ;;
        esac
        kos=$(module_files "$mod") || exit 1
        for ko in $kos; do
            rel=${ko#*/lib/modules/"$KVER"/}
            [ -e "$dst/$rel" ] && continue
            mkdir -p "$dst/$(dirname "$rel")"
            cp "$ko" "$dst/$rel"
            echo "$rel" >>"$dst/modules.order"
        done
    done <"$MODLIST"
    # The full modules.order (147 KB) would only list modules not here.
    for f in modules.builtin modules.builtin.modinfo; do
        cp "$KMOD/$f" "$dst/"
    done
    depmod -b "$ROOT" "$KVER"
}

stage_extras() {
    local e src dest
    for e in ${EXTRAS[@]+"${EXTRAS[@]}"}; do
        src=${e%%:*} dest=$ROOT${e#*:}
        [ -e "$src" ] || die "--extra $e: $src does not exist"
        if [ -d "$src" ]; then
            mkdir -p "$dest"
            cp -a --no-preserve=ownership "$src/." "$dest/"
        else
            mkdir -p "$(dirname "$dest")"
            cp -a --no-preserve=ownership "$src" "$dest"
        fi
    done
}

# The guest-side tests (domu profile only): dom0 has no use for them.
stage_domu_tests() {
    [ "$PROFILE" = domu ] || return 0
    [ -d "$HERE/domu-tests" ] || die "$HERE/domu-tests missing"
    mkdir -p "$ROOT/usr/share/keel/domu-tests"
    cp -a --no-preserve=ownership "$HERE/domu-tests/." "$ROOT/usr/share/keel/domu-tests/"
}

# Empty ext4 images. A fixed UUID, hash seed and clock make the same bytes
# every time (mke2fs takes a fake time of 0 as none, hence 1 at the
# least); the root directory belongs to root whoever builds.
stage_ext4() {
    local e size dest tmp now=$((MTIME > 0 ? MTIME : 1))
    for e in ${EXT4S[@]+"${EXT4S[@]}"}; do
        size=${e%%:*} dest=$ROOT${e#*:}
        tmp=${dest%.gz}
        mkdir -p "$(dirname "$dest")"
        rm -f "$tmp" "$dest"
        E2FSPROGS_FAKE_TIME=$now mkfs.ext4 -q -F -L keel-disk \
            -U 6b65656c-0000-4000-8000-000000000001 \
            -E root_owner=0:0,hash_seed=6b65656c-0000-4000-8000-000000000002 \
            "$tmp" "$size" >/dev/null || die "--ext4 $e: mkfs.ext4 failed"
        gzip -n -9 "$tmp"
    done
}

# One newc entry with no data: cpio_entry NAME MODE RDEVMAJOR RDEVMINOR.
# Header: magic, then 13 eight-digit hex fields (ino mode uid gid nlink
# mtime filesize devmajor devminor rdevmajor rdevminor namesize check); the
# header plus name is padded to a multiple of four bytes.
cpio_entry() {
    local name=$1 mode=$2 major=$3 minor=$4 namesize pad
    namesize=$((${#name} + 1))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$mode" 0 0 1 "$MTIME" 0 0 0 "$major" "$minor" "$namesize" 0
    printf '%s\0' "$name"
    pad=$(((4 - (110 + namesize) % 4) % 4))
    [ $pad = 0 ] || printf '%*s' $pad '' | tr ' ' '\0'
}

# A second archive, appended to the first: the kernel unpacks both.
device_archive() {
    cpio_entry dev/console $((0020600)) 5 1
    cpio_entry 'TRAILER!!!' 0 0 0
}

write_archive() {
    local tmp=$IMG.tmp
    find "$ROOT" -exec touch -h -d "@$MTIME" {} +
    {
        (cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort |
            cpio -o -H newc -R 0:0 --reproducible --quiet)
        device_archive
    } | gzip -n -9 >"$tmp"
    mv "$tmp" "$IMG"
}

main() {
    parse_args "$@"
    check_inputs
    set_profile
    MTIME=${SOURCE_DATE_EPOCH:-0}
    stage_base
    stage_modules
    stage_domu_tests
    stage_extras
    stage_ext4
    write_archive
    echo "${0##*/}: $IMG: $(stat -c %s "$IMG") bytes" \
        "($(du -sk "$ROOT" | cut -f1) KiB unpacked, kernel $KVER)"
}

main "$@"
