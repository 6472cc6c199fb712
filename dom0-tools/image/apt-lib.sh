# shellcheck shell=bash
# Helpers shared by the image scripts for fetching arm64 Debian packages
# without installing them. Sourced, not run.
#
# Everything here may change the host's apt configuration (it adds the
# arm64 foreign architecture and refreshes the package lists), so the
# callers run as root; nothing is ever installed for arm64.

say() {
    echo "${0##*/}: $*" >&2
}

die() {
    say "$*"
    exit 1
}

# The lists are refreshed at most once per run: the first time a package
# cannot be resolved or downloaded.
APT_UPDATED=0

apt_update_once() {
    [ "$APT_UPDATED" = 1 ] && return 1
    say "apt-get update"
    apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
}

ensure_arm64_arch() {
    dpkg --print-foreign-architectures | grep -qx arm64 && return 0
    [ "$(id -u)" = 0 ] || die "arm64 is not a dpkg architecture; run as root to add it"
    say "dpkg --add-architecture arm64"
    dpkg --add-architecture arm64
    apt_update_once || true
}

# Host tools the image build needs (as "command:package"); only these are
# ever installed, and only when missing.
HOST_TOOLS="depmod:kmod cpio:cpio gzip:gzip"

apt_install() {
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_host_tools() {
    local pair missing=()
    for pair in $HOST_TOOLS; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} = 0 ] && return 0
    [ "$(id -u)" = 0 ] ||
        die "missing host packages: ${missing[*]} (apt-get install ${missing[*]})"
    say "apt-get install ${missing[*]}"
    apt_install "${missing[@]}" ||
        { apt_update_once && apt_install "${missing[@]}"; } ||
        die "cannot install ${missing[*]}"
}

# The concrete package a meta-package depends on whose name matches PATTERN
# (an extended regex), e.g. linux-image-arm64 -> linux-image-6.1.0-56-arm64.
resolve_depends() {
    local meta=$1 pattern=$2 dep
    dep=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
            --no-replaces --no-enhances "$meta" 2>/dev/null |
          sed -n 's/^ *|\{0,1\}Depends: <\{0,1\}\([^ >]*\).*/\1/p' |
          grep -E "^($pattern)(:arm64)?\$" | head -n 1) || true
    [ -n "$dep" ] || return 1
    echo "${dep%:arm64}:arm64"
}

# Prints "URL FILENAME SIZE HASH" for the candidate of PKG; needs no network.
deb_uri() {
    apt-get download --print-uris "$1" 2>/dev/null | tr -d "'" | head -n 1
}

deb_matches() {
    local file=$1 size=$2 hash=$3 algo sum
    [ -f "$file" ] || return 1
    [ "$(stat -c %s "$file")" = "$size" ] || return 1
    algo=${hash%%:*} sum=${hash#*:}
    case $algo in
        SHA256) echo "$sum  $file" | sha256sum -c --status ;;
        SHA512) echo "$sum  $file" | sha512sum -c --status ;;
        MD5Sum) echo "$sum  $file" | md5sum -c --status ;;
        *) return 0 ;;
    esac
}

# Sets DEB to the candidate .deb of PKG in CACHE, downloading it unless it
# is already there with the right checksum. Returns 1, saying why, when
# apt has no candidate or the download fails (stale lists, say). Not for
# $(...): DEB must reach the caller.
fetch_deb() {
    local pkg=$1 cache=$2 line name size hash file log
    line=$(deb_uri "$pkg")
    [ -n "$line" ] || { say "apt has no candidate for $pkg"; return 1; }
    read -r _ name size hash <<<"$line"
    file=$cache/$name
    # shellcheck disable=SC2034  # read by the callers
    DEB=$file
    deb_matches "$file" "$size" "$hash" && return 0
    mkdir -p "$cache"
    rm -f "$file"
    say "apt-get download $pkg ($((size / 1024)) KiB)"
    # As root apt warns that it cannot drop privileges; show that only
    # together with a real failure.
    log=$(cd "$cache" && apt-get download -q "$pkg" 2>&1 >/dev/null) ||
        { say "download failed: $log"; return 1; }
    deb_matches "$file" "$size" "$hash" ||
        { say "$file: size or checksum mismatch"; rm -f "$file"; return 1; }
}

# Runs RESOLVE (a function setting PKG, or saying why not and failing)
# and fetches PKG into CACHE. On failure it refreshes the lists once and
# starts again from the resolution, since a security update can replace
# the package name itself.
fetch_resolved() {
    local resolve=$1 cache=$2
    "$resolve" && fetch_deb "$PKG" "$cache" && return 0
    apt_update_once || die "giving up (the lists are fresh)"
    if ! "$resolve" || ! fetch_deb "$PKG" "$cache"; then
        die "giving up after apt-get update"
    fi
}
