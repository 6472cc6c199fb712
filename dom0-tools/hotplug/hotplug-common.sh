# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# Sourced by Keel's hotplug scripts (block, vif-bridge), which libctl runs
# as `SCRIPT add|remove` with the environment Xen's scripts get:
#   XENBUS_PATH       the device's backend directory in xenstore
#   XENBUS_TYPE       vbd or vif
#   XENBUS_BASE_PATH  backend
#   script            the script's own path
#   vif               (vif only) the interface netback makes, vif<domid>.<handle>
# Gives them a log, xenstore access under XENBUS_PATH with every call
# bounded in time, and the two ways to report: success (hotplug-status
# "connected") and fail (hotplug-error, then hotplug-status "error").
# KEEL_HOTPLUG_LOG and KEEL_XS_TIMEOUT (seconds) exist for tests.

PATH=$PATH:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

HOTPLUG_LOG=${KEEL_HOTPLUG_LOG:-/var/log/keel/hotplug.log}
XS_TIMEOUT=${KEEL_XS_TIMEOUT:-5}
ACTION=${1:-}
SCRIPT_NAME=${0##*/}

# Everything the script and its commands print goes to the log too, when
# the log can be opened (a failed `exec >>` would end the script).
open_log() {
    mkdir -p "${HOTPLUG_LOG%/*}" 2>/dev/null
    if : >>"$HOTPLUG_LOG" 2>/dev/null; then
        exec >>"$HOTPLUG_LOG" 2>&1 </dev/null
    else
        exec >/dev/null 2>&1 </dev/null
    fi
}

log() {
    echo "$(date '+%Y-%m-%d %H:%M:%S') ${SCRIPT_NAME}[$$] $ACTION $XENBUS_PATH: $*"
}

# A command that may not hang: timeout(1) ends it, where there is one.
bounded() {
    if command -v timeout >/dev/null 2>&1; then
        timeout "$XS_TIMEOUT" "$@"
    else
        "$@"
    fi
}

# A key of the backend directory; empty (and status 1) if it has none.
xs_read() {
    bounded xenstore-read "$XENBUS_PATH/$1" 2>/dev/null
}

xs_write() {
    bounded xenstore-write "$XENBUS_PATH/$1" "$2"
}

fail() {
    log "error: $*"
    xs_write hotplug-error "$*"
    xs_write hotplug-status error
    exit 1
}

success() {
    if ! xs_write hotplug-status connected; then
        log "error: cannot write hotplug-status"
        exit 1
    fi
    log "connected"
}

check_env() {
    if [ -z "${XENBUS_PATH:-}" ]; then
        log "error: XENBUS_PATH is not set"
        exit 1
    fi
}

open_log
check_env
