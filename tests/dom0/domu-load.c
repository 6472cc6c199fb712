/*
 * The guest's first megabytes mapped into dom0, domu-probe copied to the
 * start of its RAM, and what it starts from: vCPU 0's registers and the
 * console page parameter it reads back.
 */
#include "domu-smoke.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/hvm_params.h>

#define IMAGE_HEADER   64
#define IMAGE_SIZE_AT  16
#define IMAGE_MAGIC_AT 56
#define IMAGE_MAGIC    0x644d5241U      /* "ARM\x64" */

static int fail_rc(struct result *r, const char *what, long rc)
{
    char got[64];

    return fail(r, "%s: got %s want 0", what, describe_rc(rc, got, sizeof(got)));
}

/* A new domain's memory must not show what its pages held before. */
static size_t first_nonzero(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i])
            return i;
    return len;
}

/* Maps the window and notes what that cost the pool (dom0's tables). */
static long map_window(struct smoke *s)
{
    uint64_t before, after;
    long err = ctl_free_pages(&s->ctl, &before);

    if (err < 0)
        return err;
    s->ram = ctl_map_foreign(&s->ctl, s->domid, PROBE_RAM_BASE / SMOKE_PAGE,
                             SMOKE_MAP_PAGES, &err);
    if (!s->ram)
        return err;
    err = ctl_free_pages(&s->ctl, &after);
    s->dom0_tables += (int64_t)(before - after);
    return err;
}

int step_map_ram(struct smoke *s, struct result *r)
{
    size_t len = SMOKE_MAP_PAGES * SMOKE_PAGE, at;
    long err = map_window(s);

    if (err < 0)
        return fail_rc(r, "privcmd mmapbatch_v2 of the guest's RAM", err);
    ctl_cache_invalidate(s->ram, len);
    at = first_nonzero(s->ram, len);
    if (at < len)
        return fail(r, "fresh guest RAM: byte at 0x%llx is %#x, want all zero",
                    (unsigned long long)(PROBE_RAM_BASE + at), s->ram[at]);
    return pass(r, "privcmd mmapbatch_v2: %lu pages from gfn 0x40000, all zero "
                "(dom0's stage 2 took %lld pages)", (unsigned long)SMOKE_MAP_PAGES,
                (long long)s->dom0_tables);
}

static uint64_t le(const unsigned char *p, unsigned bytes)
{
    uint64_t v = 0;

    while (bytes--)
        v = v << 8 | p[bytes];
    return v;
}

/* Reads the whole file; returns its size, or -1 with r filled in. */
static long read_image(struct smoke *s, struct result *r, unsigned char **out)
{
    FILE *f = fopen(s->image, "rb");
    unsigned char *buf = malloc(PROBE_RESULT_OFFSET + 1);
    size_t n = 0;

    if (!f || !buf) {
        fail(r, "open %s: %s", s->image, strerror(errno));
        free(buf);
        if (f)
            fclose(f);
        return -1;
    }
    n = fread(buf, 1, PROBE_RESULT_OFFSET + 1, f);
    fclose(f);
    *out = buf;
    return (long)n;
}

static int check_header(struct result *r, const unsigned char *img, long n)
{
    uint64_t size;

    if (n < IMAGE_HEADER || le(img + IMAGE_MAGIC_AT, 4) != IMAGE_MAGIC)
        return fail(r, "image: %ld bytes, no arm64 Image header", n);
    size = le(img + IMAGE_SIZE_AT, 8);
    if (size < (uint64_t)n || size > PROBE_RESULT_OFFSET)
        return fail(r, "image: image_size %llu, file %ld: want file <= image_size "
                    "<= %llu (the report follows)", (unsigned long long)size, n,
                    (unsigned long long)PROBE_RESULT_OFFSET);
    return 0;
}

int step_load_image(struct smoke *s, struct result *r)
{
    unsigned char *img = NULL;
    long n = read_image(s, r, &img);
    int rc = -1;

    if (n < 0)
        return -1;
    if (check_header(r, img, n) == 0) {
        memcpy(s->ram, img, (size_t)n);
        ctl_cache_clean(s->ram, (size_t)n);
        if (memcmp(s->ram, img, (size_t)n) != 0)
            fail(r, "image: guest RAM does not read back what was copied");
        else
            rc = pass(r, "%s: %ld bytes at 0x%llx", s->image, n,
                      (unsigned long long)PROBE_RAM_BASE);
    }
    free(img);
    return rc;
}

int step_console_param(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_set_hvm_param, s->domid);
    op.u.hvm_param.index = HVM_PARAM_CONSOLE_PFN;
    op.u.hvm_param.value = PROBE_CONSOLE_PFN;
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl set_hvm_param CONSOLE_PFN", rc);
    return pass(r, "domctl set_hvm_param CONSOLE_PFN = %#llx",
                (unsigned long long)PROBE_CONSOLE_PFN);
}

static int check_context(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_getvcpucontext, s->domid);
    op.u.vcpu_context.vcpu = 0;
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl getvcpucontext vcpu 0", rc);
    if (op.u.vcpu_context.pc != PROBE_RAM_BASE || op.u.vcpu_context.x0 != 0 ||
        !op.u.vcpu_context.online)
        return fail(r, "getvcpucontext vcpu 0: pc %#llx x0 %#llx online %u; want "
                    "pc %#llx x0 0 online 1", (unsigned long long)op.u.vcpu_context.pc,
                    (unsigned long long)op.u.vcpu_context.x0, op.u.vcpu_context.online,
                    (unsigned long long)PROBE_RAM_BASE);
    return pass(r, "domctl setvcpucontext vcpu 0: pc %#llx, x0 0, online",
                (unsigned long long)PROBE_RAM_BASE);
}

int step_vcpu_context(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_setvcpucontext, s->domid);
    op.u.vcpu_context.vcpu = 0;
    op.u.vcpu_context.online = 1;
    op.u.vcpu_context.pc = PROBE_RAM_BASE;
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl setvcpucontext vcpu 0", rc);
    return check_context(s, r);
}
