/*
 * Grants: dom0 offers a page with /dev/xen/gntalloc and maps it back
 * through /dev/xen/gntdev, so data must flow both ways through the two
 * mappings; then maps that must fail (absent ref, absent domain) and an
 * allocation over the driver's limit.
 */
#define _GNU_SOURCE
#include "checks.h"
#include "check.h"
#include "xen_uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL
#define WORDS (PAGE / sizeof(uint32_t))
#define SEED_OFFER 0x6b65656c
#define SEED_REPLY 0x646f6d30

/* Refs below 8 are reserved and never granted by Linux itself. */
#define REF_NEVER_GRANTED 7
#define REF_OUT_OF_RANGE  0x7fffffff

static void fill(volatile uint32_t *w, uint32_t seed)
{
    unsigned i;

    for (i = 0; i < WORDS; i++)
        w[i] = seed ^ (i * 0x9e3779b9u);
}

/* Index of the first word not matching SEED's pattern, or -1. */
static long mismatch(const volatile uint32_t *w, uint32_t seed)
{
    unsigned i;

    for (i = 0; i < WORDS; i++)
        if (w[i] != (seed ^ (i * 0x9e3779b9u)))
            return i;
    return -1;
}

static int fail_pattern(struct result *r, const char *where,
                        const volatile uint32_t *w, long i, uint32_t seed)
{
    return fail(r, "%s: word %ld got %#x want %#x", where, i, w[i],
                seed ^ (uint32_t)(i * 0x9e3779b9u));
}

/* Everything the self-map holds, so one function can release it. */
struct self_map {
    int ga, gd;
    struct ioctl_gntalloc_alloc_gref alloc;
    struct ioctl_gntdev_map_grant_ref map;
    int allocated, mapped;
    volatile uint32_t *offer, *reply;
};

static int offer_page(struct result *r, struct self_map *s)
{
    s->ga = open_or_fail(r, DEV_GNTALLOC, O_RDWR);
    if (s->ga < 0)
        return -1;
    s->alloc.domid = DOMID_DOM0;
    s->alloc.flags = GNTALLOC_FLAG_WRITABLE;
    s->alloc.count = 1;
    if (ioctl(s->ga, IOCTL_GNTALLOC_ALLOC_GREF, &s->alloc) < 0)
        return fail_errno(r, "gntalloc ALLOC_GREF(dom0, 1 page)", "success");
    s->allocated = 1;
    s->offer = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, s->ga,
                    (off_t)s->alloc.index);
    if (s->offer == MAP_FAILED) {
        s->offer = NULL;
        return fail_errno(r, "mmap of the gntalloc page", "success");
    }
    fill(s->offer, SEED_OFFER);
    return 0;
}

static int map_page(struct result *r, struct self_map *s)
{
    s->gd = open_or_fail(r, DEV_GNTDEV, O_RDWR);
    if (s->gd < 0)
        return -1;
    s->map.count = 1;
    s->map.refs[0].domid = DOMID_DOM0;
    s->map.refs[0].ref = s->alloc.gref_ids[0];
    if (ioctl(s->gd, IOCTL_GNTDEV_MAP_GRANT_REF, &s->map) < 0)
        return fail_errno(r, "gntdev MAP_GRANT_REF(dom0, gref)", "success");
    s->mapped = 1;
    s->reply = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, s->gd,
                    (off_t)s->map.index);
    if (s->reply == MAP_FAILED) {
        s->reply = NULL;
        return fail_errno(r, "mmap of the gntdev mapping", "success");
    }
    return 0;
}

/* Undoes what S holds, newest first; with R, a failing step fails R. */
static int release(struct result *r, struct self_map *s)
{
    struct ioctl_gntdev_unmap_grant_ref um = { .count = 1 };
    struct ioctl_gntalloc_dealloc_gref da = { .count = 1 };
    int ret = 0;

    if (s->reply && munmap((void *)s->reply, PAGE) < 0 && r && !ret)
        ret = fail_errno(r, "munmap of the gntdev mapping", "success");
    um.index = s->map.index;
    if (s->mapped && ioctl(s->gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um) < 0 &&
        r && !ret)
        ret = fail_errno(r, "gntdev UNMAP_GRANT_REF", "success");
    if (s->offer && munmap((void *)s->offer, PAGE) < 0 && r && !ret)
        ret = fail_errno(r, "munmap of the gntalloc page", "success");
    da.index = s->alloc.index;
    if (s->allocated && ioctl(s->ga, IOCTL_GNTALLOC_DEALLOC_GREF, &da) < 0 &&
        r && !ret)
        ret = fail_errno(r, "gntalloc DEALLOC_GREF", "success");
    if (s->gd >= 0)
        close(s->gd);
    if (s->ga >= 0)
        close(s->ga);
    return ret;
}

static int exchange(struct result *r, struct self_map *s)
{
    long i = mismatch(s->reply, SEED_OFFER);

    if (i >= 0)
        return fail_pattern(r, "read through gntdev", s->reply, i,
                            SEED_OFFER);
    fill(s->reply, SEED_REPLY);
    i = mismatch(s->offer, SEED_REPLY);
    if (i >= 0)
        return fail_pattern(r, "reply seen through gntalloc", s->offer, i,
                            SEED_REPLY);
    return 0;
}

int check_grant_self_map(struct result *r)
{
    struct self_map s;
    int ret;

    memset(&s, 0, sizeof(s));
    s.ga = s.gd = -1;
    ret = offer_page(r, &s);
    if (ret == 0)
        ret = map_page(r, &s);
    if (ret == 0)
        ret = exchange(r, &s);
    if (ret < 0) {
        release(NULL, &s);
        return ret;
    }
    if (release(r, &s) < 0)
        return -1;
    return pass(r, "gref %u mapped back, data both ways, released",
                s.alloc.gref_ids[0]);
}

/*
 * gntdev only records the ref at MAP_GRANT_REF; the hypervisor sees it at
 * mmap. Either step may refuse; neither may hand out a mapping.
 */
static int map_must_fail(struct result *r, unsigned domid, unsigned ref,
                         const char *what)
{
    struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref um = { .count = 1 };
    char step[128];
    void *p;
    long err;
    int fd = open_or_fail(r, DEV_GNTDEV, O_RDWR), ret;

    if (fd < 0)
        return -1;
    map.refs[0].domid = domid;
    map.refs[0].ref = ref;
    if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0) {
        snprintf(step, sizeof(step), "%s: MAP_GRANT_REF", what);
        ret = expect_error(r, step, -errno);
        close(fd);
        return ret;
    }
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
             (off_t)map.index);
    err = p == MAP_FAILED ? -errno : 0;
    if (p != MAP_FAILED)
        munmap(p, PAGE);
    um.index = map.index;
    if (ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um) < 0) {
        snprintf(step, sizeof(step), "%s: UNMAP_GRANT_REF after mmap", what);
        close(fd);
        return fail_errno(r, step, "success");
    }
    close(fd);
    snprintf(step, sizeof(step), "%s: mmap", what);
    return expect_error(r, step, err);
}

int check_gntdev_ref_out_of_range(struct result *r)
{
    return map_must_fail(r, DOMID_DOM0, REF_OUT_OF_RANGE,
                         "map dom0 gref 0x7fffffff");
}

int check_gntdev_ref_not_granted(struct result *r)
{
    return map_must_fail(r, DOMID_DOM0, REF_NEVER_GRANTED,
                         "map dom0 gref 7 (never granted)");
}

int check_gntdev_absent_domain(struct result *r)
{
    return map_must_fail(r, DOMID_ABSENT, 8, "map gref 8 of domain 0x7fef");
}

/* The driver's own cap on grants (module parameter, 1024 by default). */
static unsigned long gntalloc_limit(void)
{
    unsigned long limit = 1024;
    FILE *f = fopen("/sys/module/xen_gntalloc/parameters/limit", "r");

    if (f) {
        if (fscanf(f, "%lu", &limit) != 1)
            limit = 1024;
        fclose(f);
    }
    return limit;
}

/*
 * One more page than the limit. (A count like 1 << 30 is refused too, but
 * only after the kernel WARNs about a 4 GiB allocation, which would put a
 * backtrace in the log of a passing run.)
 */
int check_gntalloc_over_limit(struct result *r)
{
    struct ioctl_gntalloc_alloc_gref *alloc;
    struct ioctl_gntalloc_dealloc_gref da;
    uint32_t count = (uint32_t)gntalloc_limit() + 1;
    char what[96];
    long rc;
    int fd;

    /* Room for every ref, should the driver wrongly hand them out. */
    alloc = calloc(1, sizeof(*alloc) + count * sizeof(uint32_t));
    if (!alloc)
        return fail(r, "calloc failed");
    fd = open_or_fail(r, DEV_GNTALLOC, O_RDWR);
    if (fd < 0) {
        free(alloc);
        return -1;
    }
    alloc->domid = DOMID_DOM0;
    alloc->count = count;
    rc = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, alloc) < 0 ? -errno : 0;
    if (rc == 0) {
        da.index = alloc->index;
        da.count = count;
        ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &da);
    }
    close(fd);
    free(alloc);
    snprintf(what, sizeof(what), "gntalloc ALLOC_GREF of %u pages", count);
    return expect_error(r, what, rc);
}
