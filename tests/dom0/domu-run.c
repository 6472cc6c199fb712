/*
 * The guest runs until it shuts itself down; dom0 reads its report and
 * takes the domain down, after which the hypervisor must have every page
 * back.
 */
#define _GNU_SOURCE
#include "domu-smoke.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <public/sched.h>

#define POLL_MS          10
#define SHUTDOWN_WAIT_MS 20000
#define GONE_WAIT_MS     10000
#define GUEST_PREFIX     PROBE_NAME ": "

static int fail_rc(struct result *r, const char *what, long rc, const char *want)
{
    char got[64];

    return fail(r, "%s: got %s want %s", what, describe_rc(rc, got, sizeof(got)), want);
}

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&t, NULL);
}

int step_unpause(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_unpausedomain, s->domid);
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl unpausedomain", rc, "0");
    return pass(r, "domctl unpausedomain d%u", s->domid);
}

/* vCPU 0 is running (or the domain has already shut down): either way its
 * registers are no longer the toolstack's to set. */
int step_busy_vcpu(struct smoke *s, struct result *r)
{
    struct keel_domctl op;

    ctl_domctl_init(&op, KEEL_DOMCTL_setvcpucontext, s->domid);
    op.u.vcpu_context.vcpu = 0;
    op.u.vcpu_context.pc = PROBE_RAM_BASE;
    return expect_errno(r, "domctl setvcpucontext of running vcpu 0",
                        ctl_domctl(&s->ctl, &op), EBUSY);
}

int step_wait_shutdown(struct smoke *s, struct result *r)
{
    struct keel_domaininfo info;
    long waited;

    for (waited = 0;; waited += POLL_MS) {
        if (smoke_info(s, r, &info) < 0)
            return -1;
        if (info.flags & KEEL_DOMINF_shutdown)
            break;
        if (waited >= SHUTDOWN_WAIT_MS)
            return fail(r, "d%u still running after %d ms (flags %#x, %u vCPUs online)",
                        s->domid, SHUTDOWN_WAIT_MS, info.flags, info.online_vcpus);
        sleep_ms(POLL_MS);
    }
    if (info.shutdown_reason != SHUTDOWN_poweroff)
        return fail(r, "d%u shut down after ~%ld ms: reason %u want %u (poweroff)",
                    s->domid, waited, info.shutdown_reason, SHUTDOWN_poweroff);
    return pass(r, "d%u powered off after ~%ld ms", s->domid, waited);
}

struct tally {
    unsigned ok, bad, pass_n;
    int pass_seen;
};

/* One report line, shown and judged: "ok ...", or the PASS summary. */
static void judge_line(const char *line, struct tally *t)
{
    size_t plen = strlen(GUEST_PREFIX);
    const char *rest = line + plen;
    unsigned n;

    printf("domu-smoke: guest: %s\n", line);
    if (strncmp(line, GUEST_PREFIX, plen) != 0)
        t->bad++;
    else if (strncmp(rest, "ok ", 3) == 0)
        t->ok++;
    else if (sscanf(rest, "PASS %u checks", &n) == 1 && !t->pass_seen) {
        t->pass_seen = 1;
        t->pass_n = n;
    } else
        t->bad++;
}

static int judge_report(struct result *r, char *text)
{
    struct tally t = { 0 };
    char *save = NULL;

    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        judge_line(l, &t);
    if (t.bad || !t.pass_seen || t.pass_n != t.ok || t.ok == 0)
        return fail(r, "guest report: %u ok, %u other lines, PASS line %s (%u checks)",
                    t.ok, t.bad, t.pass_seen ? "present" : "missing", t.pass_n);
    return pass(r, "guest report: %u checks ok, PASS line present", t.ok);
}

int step_guest_report(struct smoke *s, struct result *r)
{
    const char *src;
    char *text;
    int rc;

    if (!s->ram)
        return fail(r, "no mapping of the guest's RAM to read a report from");
    src = (const char *)s->ram + PROBE_RESULT_OFFSET;
    ctl_cache_invalidate(src, PROBE_RESULT_SIZE);
    if (!memchr(src, '\0', PROBE_RESULT_SIZE))
        return fail(r, "guest report: no NUL in %llu bytes",
                    (unsigned long long)PROBE_RESULT_SIZE);
    text = strdup(src);
    if (!text)
        return fail(r, "guest report: out of memory");
    if (!text[0])
        rc = fail(r, "guest report: empty (the guest wrote nothing)");
    else
        rc = judge_report(r, text);
    free(text);
    return rc;
}

/* Whatever unmapping gives back counts against dom0's tables. */
int step_unmap(struct smoke *s, struct result *r)
{
    uint64_t before, after;
    long rc;

    if (!s->ram)
        return pass(r, "nothing mapped");
    rc = ctl_free_pages(&s->ctl, &before);
    if (rc == 0)
        rc = ctl_unmap(s->ram, SMOKE_MAP_PAGES);
    s->ram = NULL;
    if (rc == 0)
        rc = ctl_free_pages(&s->ctl, &after);
    if (rc < 0)
        return fail_rc(r, "munmap of the guest's RAM", rc, "0");
    s->dom0_tables -= (int64_t)(after - before);
    return pass(r, "munmap of %lu guest pages (%lld pages back)",
                (unsigned long)SMOKE_MAP_PAGES, (long long)(after - before));
}

int step_destroy(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    if (!s->domid)
        return fail(r, "no domain to destroy (createdomain failed)");
    ctl_domctl_init(&op, KEEL_DOMCTL_destroydomain, s->domid);
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl destroydomain", rc, "0");
    return pass(r, "domctl destroydomain d%u", s->domid);
}

int step_gone(struct smoke *s, struct result *r)
{
    struct keel_domaininfo info;
    long rc, waited;

    if (!s->domid)
        return fail(r, "no domain to wait for");
    for (waited = 0;; waited += POLL_MS) {
        rc = ctl_domain_info(&s->ctl, s->domid, &info);
        if (rc == -ESRCH)
            break;
        if (rc < 0)
            return fail_rc(r, "domctl getdomaininfo after destroy", rc, "-ESRCH");
        if (waited >= GONE_WAIT_MS)
            return fail(r, "d%u still there %d ms after destroy (flags %#x)",
                        s->domid, GONE_WAIT_MS, info.flags);
        sleep_ms(POLL_MS);
    }
    s->domid = 0;
    return pass(r, "getdomaininfo -ESRCH after ~%ld ms", waited);
}

/*
 * Every page the domain had must be free again. The one allowance is
 * dom0's stage-2 tables, measured around the mapping: a table per split
 * 2 MiB block at most, so never more than the pages mapped.
 */
int step_free_after(struct smoke *s, struct result *r)
{
    uint64_t after, want = s->free_before - (uint64_t)s->dom0_tables;
    long rc = ctl_free_pages(&s->ctl, &after);

    if (rc < 0)
        return fail_rc(r, "sysctl physinfo", rc, "0");
    if (s->dom0_tables < 0 || s->dom0_tables > (int64_t)SMOKE_MAP_PAGES)
        return fail(r, "dom0's stage 2 took %lld pages for a %lu-page mapping",
                    (long long)s->dom0_tables, (unsigned long)SMOKE_MAP_PAGES);
    if (after != want)
        return fail(r, "free pages: %llu after, want %llu (%llu before, %lld in "
                    "dom0's stage 2): %+lld", (unsigned long long)after,
                    (unsigned long long)want, (unsigned long long)s->free_before,
                    (long long)s->dom0_tables, (long long)(after - want));
    return pass(r, "free pages back to %llu (%llu before, %lld kept in dom0's "
                "stage 2)", (unsigned long long)after,
                (unsigned long long)s->free_before, (long long)s->dom0_tables);
}
