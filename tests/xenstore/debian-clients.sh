#!/bin/bash
# Debian's own xenstore-utils (libxenstore 4.17, unchanged) against Keel's
# xenstored on a temporary socket: each client does its job and prints
# what Xen's daemon would make it print. libxenstore finds the socket
# through XENSTORED_PATH. Skips, saying so, without xenstore-utils.
# Usage: debian-clients.sh PATH-TO-XENSTORED
set -u -o pipefail

DAEMON=${1:?usage: debian-clients.sh PATH-TO-XENSTORED}
if ! command -v xenstore-read >/dev/null 2>&1; then
    echo "SKIP: Debian xenstore clients: xenstore-utils not installed"
    exit 0
fi

dir=$(mktemp -d /tmp/xsd-clients-XXXXXX)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

"$DAEMON" --foreground --no-domain-rings --socket "$dir/socket" \
    --log "$dir/log" --pid-file "$dir/pid" &
pid=$!
for _ in $(seq 50); do
    [ -S "$dir/socket" ] && break
    sleep 0.1
done
export XENSTORED_PATH="$dir/socket"

passed=0
failed=0
check() {   # name expected actual
    if [ "$2" == "$3" ]; then
        echo "PASS: $1"
        passed=$((passed + 1))
    else
        echo "FAIL: $1"
        echo "  expected: $(printf %q "$2")"
        echo "  got:      $(printf %q "$3")"
        failed=$((failed + 1))
    fi
}

xenstore-write /vm/a 1 /vm/b "two words"
check "xenstore-write exit status" 0 $?
check "xenstore-read" "1" "$(xenstore-read /vm/a)"
check "xenstore-read with spaces" "two words" "$(xenstore-read /vm/b)"
check "xenstore-list" "a
b" "$(xenstore-list /vm)"
check "xenstore-ls" 'a = "1"
b = "two words"' "$(xenstore-ls /vm)"
xenstore-exists /vm/a
check "xenstore-exists (present)" 0 $?
xenstore-exists /vm/none 2>/dev/null
check "xenstore-exists (absent)" 1 $?
out=$(xenstore-read /vm/none 2>&1)
check "xenstore-read (absent) exit status" 1 $?
check "xenstore-read (absent) message" "xenstore-read: couldn't read path /vm/none" "$out"

xenstore-chmod /vm/a b0 r5
check "xenstore-chmod exit status" 0 $?
check "xenstore-ls -p" "(b0,r5)" "$(xenstore-ls -p /vm | sed -n 's/^a = .* \(([^)]*)\)$/\1/p')"
xenstore-chmod -r /vm n0 b3
check "xenstore-chmod -r" "(n0,b3) (n0,b3)" \
    "$(xenstore-ls -p /vm | sed -n 's/^.* \(([^)]*)\)$/\1/p' | tr '\n' ' ' | sed 's/ $//')"

xenstore-rm /vm/a
check "xenstore-rm exit status" 0 $?
check "xenstore-list after rm" "b" "$(xenstore-list /vm)"
xenstore-rm /vm/nothing/below 2>/dev/null
check "xenstore-rm (absent parent) fails" 1 $?

# A watch: the first event at once, then one per change, -n 2 ends it.
xenstore-watch -n 2 /vm >"$dir/watch" 2>&1 &
wpid=$!
for _ in $(seq 50); do
    [ -s "$dir/watch" ] && break
    sleep 0.1
done
xenstore-write /vm/c new
for _ in $(seq 50); do
    kill -0 "$wpid" 2>/dev/null || break
    sleep 0.1
done
kill "$wpid" 2>/dev/null
check "xenstore-watch events" "/vm
/vm/c" "$(cat "$dir/watch")"

# More children than one reply holds: DIRECTORY_PART behind xenstore-list.
args=()
for i in $(seq -w 1 300); do
    args+=("/big/a-rather-long-child-name-to-fill-the-payload-$i" "$i")
done
xenstore-write "${args[@]}"
check "xenstore-write 300 nodes" 0 $?
check "xenstore-list of a 16 KiB directory" 300 "$(xenstore-list /big | wc -l)"
check "xenstore-list order" "a-rather-long-child-name-to-fill-the-payload-300" \
    "$(xenstore-list /big | tail -n 1)"
check "xenstore-ls /" "tool
xenstored" "$(xenstore-ls / | grep -o '^ *[a-z]*' | head -n 2 | tr -d ' ')"

kill "$pid"
wait "$pid"
check "daemon exit status on SIGTERM" 0 $?
pid=
check "socket and pid file removed" "" "$(ls "$dir" | grep -v -e log -e watch)"

echo "debian-clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
