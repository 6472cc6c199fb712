# shellcheck shell=dash  # busybox ash: POSIX sh plus local
# Sourced by the domU-side test scripts (installed in the domU image as
# /usr/share/keel/domu-tests), which domu-init runs through keel.test= in
# a guest's extra= line. They print their findings on hvc0, one line each
# and each starting with "$TAG: ", for the dom0 script that reads the
# guest's console log: facts only the dom0 side can judge (a checksum, a
# file's contents) as "TAG: KEY VALUE", and what the guest can judge
# itself as "TAG: ok ..." or "TAG: FAIL ...".

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

say() {
    echo "$TAG: $*"
}

# Why a command failed, from its output $1 and status $2: the last part of
# its last message ("dd: can't open '/dev/x': Read-only file system" ->
# "Read-only file system"), leaving out dd's counts; else the status.
why() {
    local msg
    msg=$(echo "$1" | grep -v -E 'records (in|out)$|bytes.*copied' | tail -n 1)
    if [ -n "$msg" ]; then echo "${msg##*: }"; else echo "exit $2"; fi
}

# Sets the variable named by each KEY=VALUE argument (keys may only be
# those the caller lists in $KEYS), so that a guest's extra= line can say
# keel.test="SCRIPT key=value ...".
parse_keys() {
    local arg key
    for arg in "$@"; do
        key=${arg%%=*}
        case " $KEYS " in
            *" $key "*) eval "$key=\${arg#*=}" ;;
            *) say "FAIL unknown argument $arg (keys: $KEYS)"; return 1 ;;
        esac
    done
}

# wait_for PATH SECONDS: until PATH exists (a frontend's device shows up
# only once xenbus has probed it).
wait_for() {
    local n=0
    while [ ! -e "$1" ]; do
        [ $n -ge $(($2 * 10)) ] && return 1
        usleep 100000
        n=$((n + 1))
    done
}

# wait_gone PATH SECONDS: until PATH no longer exists.
wait_gone() {
    local n=0
    while [ -e "$1" ]; do
        [ $n -ge $(($2 * 10)) ] && return 1
        usleep 100000
        n=$((n + 1))
    done
}

md5() {
    md5sum "$1" 2>/dev/null | cut -d' ' -f1
}

# ping_ok HOST [ARGS]: three echoes, at least one answered.
ping_ok() {
    local host=$1 out
    shift
    out=$(ping -c 3 -w 20 "$@" "$host" 2>&1)
    echo "$out" | grep -q ' [1-9][0-9]* packets received'
}

# The test has said all it had to; the dom0 side ends the guest (xl
# shutdown or destroy), which domu-init obeys while this waits.
hold() {
    say "holding"
    while :; do sleep 3600; done
}
