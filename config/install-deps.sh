#!/bin/sh
# Installs the Debian packages the build and the tests need, once: each
# package is checked with dpkg first, so a machine that has them all
# spends no time here. Needs root (or sudo) only when something is missing.
set -eu

HOST_PKGS="build-essential autoconf automake pkg-config
gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
qemu-system-arm device-tree-compiler libfdt-dev libcunit1-dev
libyajl-dev libxml2-dev zlib1g-dev kmod cpio e2fsprogs u-boot-tools xxd xenstore-utils
clang libclang-rt-dev"

missing=""
for p in $HOST_PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
