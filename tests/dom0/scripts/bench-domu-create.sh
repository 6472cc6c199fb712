#!/bin/sh
# shellcheck shell=dash  # busybox ash
# Runs in dom0 (keel.test=) for tests/bench/domu-create: how long `xl
# create` takes to the guest's first init line, how long `xl create -p`
# and `xl destroy` take alone, and how many create+destroy cycles fit in a
# minute. Prints "bench-domu-create: KEY VALUE" lines; ROUNDS and SECONDS
# come from keel.bench=ROUNDS,SECONDS on dom0's command line.
CFG=/etc/keel/guests/bench.cfg
LOG=/var/log/keel/console/guest-bench.log
FIRST_LINE="^domu-init: start"

say() { echo "bench-domu-create: $*"; }
fail() { say "FAIL $*"; exit 1; }

# Milliseconds since boot (10 ms steps: the kernel's uptime clock).
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# Waits (10 ms polls, at most $2 seconds) for $1 in the console log.
wait_line() {
    local end=$(($(now_ms) + $2 * 1000))
    while ! grep -q -- "$1" "$LOG" 2>/dev/null; do
        [ "$(now_ms)" -lt "$end" ] || return 1
        usleep 10000
    done
}

# The domain must be gone, with its memory back, before the next round.
free_kib() { xl info | sed -n 's/^free_memory *: *//p'; }

time_to_init() {
    local t0 t1
    rm -f "$LOG"
    t0=$(now_ms)
    xl create "$CFG" >/dev/null 2>&1 || fail "xl create"
    wait_line "$FIRST_LINE" 120 || fail "no \"${FIRST_LINE#^}\" in 120 s"
    t1=$(now_ms)
    say "create-to-init-ms $((t1 - t0))"
    wait_line "^bench-up" 120 || fail "no marker"
    t0=$(now_ms)
    xl destroy bench || fail "xl destroy"
    t1=$(now_ms)
    say "destroy-ms $((t1 - t0))"
}

time_create_paused() {
    local t0 t1
    t0=$(now_ms)
    xl create -p "$CFG" >/dev/null 2>&1 || fail "xl create -p"
    t1=$(now_ms)
    say "create-paused-ms $((t1 - t0))"
    xl destroy bench || fail "xl destroy (paused)"
}

# Whole create+destroy cycles finished within $1 seconds.
cycles() {
    local end=$(($(now_ms) + $1 * 1000)) n=0 t0
    t0=$(now_ms)
    while [ "$(now_ms)" -lt "$end" ]; do
        xl create "$CFG" >/dev/null 2>&1 || fail "xl create (cycle $n)"
        xl destroy bench || fail "xl destroy (cycle $n)"
        n=$((n + 1))
    done
    say "cycles $n in-ms $(($(now_ms) - t0))"
}

rounds=3 seconds=60
for arg in $(cat /proc/cmdline); do
    case $arg in
        keel.bench=*,*) v=${arg#keel.bench=}; rounds=${v%,*}; seconds=${v#*,} ;;
    esac
done
free0=$(free_kib)
say "rounds $rounds seconds $seconds free-before $free0"
i=0
while [ $i -lt "$rounds" ]; do
    time_to_init
    time_create_paused
    i=$((i + 1))
done
cycles "$seconds"
free1=$(free_kib)
[ "$free1" = "$free0" ] || fail "free memory $free0 before, $free1 after"
say "done"
