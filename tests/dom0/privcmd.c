/*
 * Hypercalls through /dev/xen/privcmd: xen_version, and what the
 * hypervisor must do with bad buffers and unknown hypercall numbers
 * (return an error to the caller, never fault dom0).
 */
#define _GNU_SOURCE
#include "checks.h"
#include "check.h"
#include "xen_uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL

/* Issues one hypercall; returns its value, or -errno. */
static long hypercall(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
    struct privcmd_hypercall h;
    long rc;

    memset(&h, 0, sizeof(h));
    h.op = op;
    h.arg[0] = a0;
    h.arg[1] = a1;
    rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
    return rc < 0 ? -errno : rc;
}

/* Opens privcmd, issues the hypercall, closes; *rc gets the result. */
static int call(struct result *r, uint64_t op, uint64_t a0, uint64_t a1,
                long *rc)
{
    int fd = open_or_fail(r, DEV_PRIVCMD, O_RDWR);

    if (fd < 0)
        return -1;
    *rc = hypercall(fd, op, a0, a1);
    close(fd);
    return 0;
}

static int get_features(struct result *r, void *buf, long *rc)
{
    return call(r, HYPERCALL_XEN_VERSION, XENVER_GET_FEATURES,
                (uint64_t)(uintptr_t)buf, rc);
}

int check_xen_version(struct result *r)
{
    char got[64];
    long rc;

    if (call(r, HYPERCALL_XEN_VERSION, XENVER_VERSION, 0, &rc) < 0)
        return -1;
    describe_rc(rc, got, sizeof(got));
    if (rc != XEN_VERSION_WANT)
        return fail(r, "xen_version(XENVER_version): got %s want %#x", got,
                    XEN_VERSION_WANT);
    return pass(r, "xen_version(XENVER_version) = %s", got);
}

int check_xen_features(struct result *r)
{
    const uint32_t want = 1u << XENFEAT_AUTO_TRANSLATED |
                          1u << XENFEAT_DOM0 | 1u << XENFEAT_DIRECT_MAPPED;
    /* Written to first, so the page is mapped writable when Xen walks it. */
    struct feature_info fi = { .submap_idx = 0, .submap = 0xdeadbeef };
    char got[64];
    long rc;

    if (mlock(&fi, sizeof(fi)) < 0)
        return fail_errno(r, "mlock", "success");
    if (get_features(r, &fi, &rc) < 0)
        return -1;
    if (rc != 0)
        return fail(r, "xen_version(XENVER_get_features): got %s want 0",
                    describe_rc(rc, got, sizeof(got)));
    if ((fi.submap & want) != want)
        return fail(r, "submap 0: got %#x want bits 2, 11, 17 (%#x) set",
                    fi.submap, want);
    return pass(r, "submap 0 = %#x", fi.submap);
}

int check_features_ptr_one(struct result *r)
{
    long rc;

    if (get_features(r, (void *)1, &rc) < 0)
        return -1;
    return expect_errno(r, "xen_version(get_features, 0x1)", rc, EFAULT);
}

/* Maps N pages, touched and locked, then unmaps those from KEEP on. */
static char *pages_with_hole(struct result *r, unsigned n, unsigned keep)
{
    char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        fail_errno(r, "mmap", "success");
        return NULL;
    }
    memset(p, 0x5a, keep * PAGE);
    if (keep && mlock(p, keep * PAGE) < 0) {
        fail_errno(r, "mlock", "success");
        return NULL;
    }
    if (keep < n && munmap(p + keep * PAGE, (n - keep) * PAGE) < 0) {
        fail_errno(r, "munmap", "success");
        return NULL;
    }
    return p;
}

int check_features_ptr_unmapped(struct result *r)
{
    char *p = pages_with_hole(r, 1, 0);
    long rc;

    if (!p || get_features(r, p, &rc) < 0)
        return -1;
    return expect_errno(r, "xen_version(get_features, unmapped page)", rc,
                        EFAULT);
}

/* The 8-byte buffer starts 4 bytes before an unmapped page. */
int check_features_ptr_straddle(struct result *r)
{
    char *p = pages_with_hole(r, 2, 1);
    long rc;

    if (!p || get_features(r, p + PAGE - 4, &rc) < 0)
        return -1;
    return expect_errno(r, "xen_version(get_features, across a page end)",
                        rc, EFAULT);
}

/*
 * A present, read-only page holding a valid request (submap 0): the
 * hypervisor reads it, then must fail to write the answer through it.
 * (With a bad index Xen stops at -EINVAL before writing.)
 */
int check_features_ptr_readonly(struct result *r)
{
    struct feature_info *fi = (struct feature_info *)pages_with_hole(r, 1, 1);
    long rc;

    if (!fi)
        return -1;
    fi->submap_idx = 0;
    fi->submap = 0x5a5a5a5a;
    if (mprotect(fi, PAGE, PROT_READ) < 0)
        return fail_errno(r, "mprotect", "success");
    if (get_features(r, fi, &rc) < 0)
        return -1;
    if (fi->submap != 0x5a5a5a5a)
        return fail(r, "read-only page: submap got %#x want 0x5a5a5a5a "
                    "(unchanged)", fi->submap);
    return expect_errno(r, "xen_version(get_features, read-only page)", rc,
                        EFAULT);
}

static int unknown_op(struct result *r, uint64_t op, const char *what)
{
    long rc;

    if (call(r, op, 0, 0, &rc) < 0)
        return -1;
    return expect_errno(r, what, rc, ENOSYS);
}

int check_unknown_op_pv(struct result *r)
{
    return unknown_op(r, HYPERCALL_MMU_UPDATE, "hypercall 1 (x86 mmu_update)");
}

int check_unknown_op_large(struct result *r)
{
    return unknown_op(r, 4096, "hypercall 4096");
}

/*
 * All ones: negative as a signed index, out of range as an unsigned one,
 * whether the hypervisor reads all of x16 or, as Xen 4.17 does, only its
 * low 32 bits (there (1 << 32) | 17 runs xen_version).
 */
int check_unknown_op_all_ones(struct result *r)
{
    return unknown_op(r, ~0ULL, "hypercall 0xffffffffffffffff");
}
