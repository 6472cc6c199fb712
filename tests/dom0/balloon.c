/*
 * The balloon driver: lower dom0's memory target by 16 MiB, wait until the
 * driver has handed the pages back (decrease_reservation), restore the
 * target and wait until it has them again (populate_physmap).
 */
#include "checks.h"
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#define XEN_MEMORY "/sys/devices/system/xen_memory/xen_memory0/"
#define TARGET_KB  XEN_MEMORY "target_kb"
#define CURRENT_KB XEN_MEMORY "info/current_kb"
#define STEP_KB    16384L
#define SETTLE_MS  10000L
#define POLL_MS    50L

/* The number in PATH, or -errno. */
static long read_kb(const char *path)
{
    FILE *f = fopen(path, "r");
    long kb;
    int n;

    if (!f)
        return -errno;
    n = fscanf(f, "%ld", &kb);
    fclose(f);
    return n == 1 ? kb : -EIO;
}

static long write_kb(const char *path, long kb)
{
    FILE *f = fopen(path, "w");
    int bad;

    if (!f)
        return -errno;
    bad = fprintf(f, "%ld\n", kb) < 0;
    bad |= fclose(f) != 0;
    return bad ? -errno : 0;
}

/* Polls current_kb until it equals WANT or SETTLE_MS pass; the last value. */
static long settle(long want)
{
    struct timespec tick = { 0, POLL_MS * 1000000L };
    long kb = read_kb(CURRENT_KB), waited;

    for (waited = 0; kb != want && kb >= 0 && waited < SETTLE_MS;
         waited += POLL_MS) {
        nanosleep(&tick, NULL);
        kb = read_kb(CURRENT_KB);
    }
    return kb;
}

static int fail_kb(struct result *r, const char *what, long kb)
{
    char got[64];

    return fail(r, "%s: got %s want a size in KiB", what,
                describe_rc(kb, got, sizeof(got)));
}

int check_balloon(struct result *r)
{
    long target = read_kb(TARGET_KB), start = read_kb(CURRENT_KB);
    long down, up, rc;

    if (target < 0)
        return fail_kb(r, "read " TARGET_KB, target);
    if (start < 0)
        return fail_kb(r, "read " CURRENT_KB, start);
    rc = write_kb(TARGET_KB, start - STEP_KB);
    if (rc < 0)
        return fail_kb(r, "write " TARGET_KB, rc);
    down = settle(start - STEP_KB);
    /* Restore before judging, so a failure leaves dom0 as it was. */
    rc = write_kb(TARGET_KB, target);
    if (rc < 0)
        return fail_kb(r, "restore " TARGET_KB, rc);
    up = settle(start);
    if (down != start - STEP_KB)
        return fail(r, "current_kb %ld s after target %ld: got %ld want %ld",
                    SETTLE_MS / 1000, start - STEP_KB, down, start - STEP_KB);
    if (up != start)
        return fail(r, "current_kb %ld s after restoring target %ld: got %ld "
                    "want %ld", SETTLE_MS / 1000, target, up, start);
    return pass(r, "current_kb %ld -> %ld -> %ld", start, down, up);
}
