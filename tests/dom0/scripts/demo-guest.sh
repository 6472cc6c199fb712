#!/bin/sh
# shellcheck shell=dash  # busybox ash
# Runs in dom0 after /init started domu1 (keel.start=), as `make demo`
# does: the guest must print its marker, be listed, and go on destroy.
LOG=/var/log/keel/console/guest-domu1.log

fail() { echo "demo-guest: FAIL $*"; exit 1; }

i=0
until grep -q '^domu1-up' "$LOG" 2>/dev/null; do
    i=$((i + 1))
    [ $i -le 120 ] || fail "no domu1-up in $LOG within 120 s"
    sleep 1
done
xl list | grep -q '^domu1 ' || fail "xl list does not show domu1"
xl destroy domu1 || fail "xl destroy domu1"
xl list | grep -q '^domu1 ' && fail "domu1 still listed after destroy"
echo "demo-guest: PASS"
