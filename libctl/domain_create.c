/* Creating a domU as one transaction. The images are read and the memory
 * planned before anything is created; then each step below runs in turn,
 * and when one fails every step already done is undone in reverse.
 * Steps without an undo of their own change only the domain itself,
 * which destroying it (the first step's undo) takes away whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <public/arch-arm.h>
#include <public/hvm_params.h>
#include "build.h"
#include "device.h"
#include "domain.h"

#define MAGIC_PFN(off)  ((GUEST_MAGIC_BASE >> LC_PAGE_SHIFT) + (off))
#define CONSOLE_PFN     MAGIC_PFN(GUEST_CONSOLE_PFN_OFFSET)
#define XENSTORE_PFN    MAGIC_PFN(GUEST_XENSTORE_PFN_OFFSET)
#define MAGIC_PAGES_KB  8       /* the two pages count against max_mem */
#define BACKEND_DOMID   0       /* console and xenstore live in dom0 */

struct build {
    struct lc_ctx *ctx;
    struct lc_store *store;
    const struct lc_build_params *p;
    unsigned flags;
    uint8_t uuid[16];
    char uuid_str[LC_UUID_STR];
    uint64_t max_memory_kb;
    uint16_t domid;
    struct lc_kernel kernel;
    uint8_t *initrd;
    size_t initrd_size;
    struct lc_layout layout;
    uint32_t console_port, store_port;
};

static int create(struct build *b)
{
    b->domid = 0;
    return lc_domctl_createdomain(b->ctx->hc, &b->domid, b->p->vcpus,
                                  b->max_memory_kb + MAGIC_PAGES_KB, b->uuid);
}

static void destroy(struct build *b)
{
    if (!lc_domctl_destroydomain(b->ctx->hc, b->domid))
        lc_wait_gone(b->ctx, b->domid);
}

static int set_max_mem(struct build *b)
{
    return lc_domctl_max_mem(b->ctx->hc, b->domid, b->max_memory_kb + MAGIC_PAGES_KB);
}

static int populate(struct build *b)
{
    int rc = lc_populate_ram(b->ctx->hc, b->domid, &b->layout);

    return rc ? rc : lc_populate_magic(b->ctx->hc, b->domid);
}

static int load_kernel(struct build *b)
{
    return lc_copy_to_guest(b->ctx->hc, b->domid, b->layout.kernel_addr,
                            b->kernel.data, b->kernel.size);
}

static int load_ramdisk(struct build *b)
{
    if (!b->initrd_size)
        return 0;
    return lc_copy_to_guest(b->ctx->hc, b->domid, b->layout.initrd_addr, b->initrd,
                            b->initrd_size);
}

static int load_dtb(struct build *b)
{
    const struct lc_layout *l = &b->layout;
    struct lc_fdt_params fp = {
        .nr_banks = l->nr_banks, .nr_vcpus = b->p->vcpus, .cmdline = b->p->cmdline,
        .initrd_start = l->initrd_addr, .initrd_size = b->initrd_size,
    };
    size_t size;
    void *fdt;
    int rc;

    memcpy(fp.ram_base, l->ram_base, sizeof(fp.ram_base));
    memcpy(fp.ram_size, l->ram_size, sizeof(fp.ram_size));
    rc = lc_guest_fdt(&fp, &fdt, &size);
    if (rc)
        return rc;
    rc = lc_copy_to_guest(b->ctx->hc, b->domid, l->dtb_addr, fdt, size);
    free(fdt);
    return rc;
}

static int alloc_ports(struct build *b)
{
    int rc = lc_domctl_alloc_evtchn(b->ctx->hc, b->domid, BACKEND_DOMID, &b->store_port);

    return rc ? rc : lc_domctl_alloc_evtchn(b->ctx->hc, b->domid, BACKEND_DOMID,
                                            &b->console_port);
}

static int set_params(struct build *b)
{
    const struct { uint32_t index; uint64_t value; } params[] = {
        { HVM_PARAM_STORE_PFN, XENSTORE_PFN },
        { HVM_PARAM_STORE_EVTCHN, b->store_port },
        { HVM_PARAM_CONSOLE_PFN, CONSOLE_PFN },
        { HVM_PARAM_CONSOLE_EVTCHN, b->console_port },
    };
    int rc = 0;

    for (size_t i = 0; !rc && i < sizeof(params) / sizeof(params[0]); i++)
        rc = lc_domctl_set_hvm_param(b->ctx->hc, b->domid, params[i].index,
                                     params[i].value);
    return rc;
}

static int seed_grants(struct build *b)
{
    const struct keel_domctl_seed_grants g = {
        .console_gfn = CONSOLE_PFN, .xenstore_gfn = XENSTORE_PFN,
        .console_domid = BACKEND_DOMID, .xenstore_domid = BACKEND_DOMID,
    };

    return lc_domctl_seed_grants(b->ctx->hc, b->domid, &g);
}

/* The arm64 boot protocol: PC at the Image, x0 the DTB, EL1h with
 * interrupts masked (spsr 0 asks the hypervisor for that). */
static int boot_vcpu(struct build *b)
{
    const struct keel_domctl_vcpu_context c = {
        .vcpu = 0, .online = 1, .pc = b->layout.kernel_addr, .x0 = b->layout.dtb_addr,
    };

    return lc_domctl_setvcpucontext(b->ctx->hc, b->domid, &c);
}

static int write_store(struct build *b)
{
    const struct lc_domain_nodes n = {
        .domid = b->domid, .name = b->p->name, .uuid = b->uuid_str,
        .memory_kb = b->p->memory_kb, .max_memory_kb = b->max_memory_kb,
        .vcpus = b->p->vcpus, .console_gfn = CONSOLE_PFN, .store_gfn = XENSTORE_PFN,
        .console_port = b->console_port, .store_port = b->store_port,
    };

    return lc_domain_nodes_write(b->store, &n);
}

static void remove_store(struct build *b)
{
    char vm[8 + LC_UUID_STR];

    snprintf(vm, sizeof(vm), "/vm/%s", b->uuid_str);
    lc_domain_nodes_remove(b->store, b->domid, vm);
}

/* The device steps name their failures themselves (which device, what
 * its hotplug script said). */
static int add_disks(struct build *b)
{
    return lc_dev_add_disks(b->ctx, b->domid, b->p->disks, b->p->ndisks);
}

static void remove_disks(struct build *b)
{
    lc_dev_undo_disks(b->ctx, b->domid, b->p->disks, b->p->ndisks);
}

static int add_vifs(struct build *b)
{
    return lc_dev_add_vifs(b->ctx, b->domid, b->p->vifs, b->p->nvifs);
}

static void remove_vifs(struct build *b)
{
    lc_dev_undo_vifs(b->ctx, b->domid, b->p->nvifs);
}

static int introduce(struct build *b)
{
    return lc_store_introduce(b->store, b->domid, XENSTORE_PFN, b->store_port);
}

static void release(struct build *b)
{
    lc_store_release(b->store, b->domid);
}

static int unpause(struct build *b)
{
    if (b->flags & LC_CREATE_PAUSED)
        return 0;
    return lc_domctl_unpausedomain(b->ctx->hc, b->domid);
}

struct step {
    const char *what;           /* NULL: the step sets the message */
    int (*run)(struct build *b);
    void (*undo)(struct build *b);
};

static const struct step steps[] = {
    { "creating the domain", create, destroy },
    { "setting the memory limit", set_max_mem, NULL },
    { "populating memory", populate, NULL },
    { "loading the kernel", load_kernel, NULL },
    { "loading the initial ramdisk", load_ramdisk, NULL },
    { "writing the device tree", load_dtb, NULL },
    { "allocating event channels", alloc_ports, NULL },
    { "setting HVM parameters", set_params, NULL },
    { "seeding grant entries", seed_grants, NULL },
    { "setting up vCPU 0", boot_vcpu, NULL },
    { "writing xenstore entries", write_store, remove_store },
    { NULL, add_disks, remove_disks },
    { NULL, add_vifs, remove_vifs },
    { "introducing the domain to xenstored", introduce, release },
    { "unpausing the domain", unpause, NULL },
};

static int run_steps(struct build *b)
{
    size_t n = sizeof(steps) / sizeof(steps[0]);
    char msg[LC_ERROR_MAX];

    for (size_t i = 0; i < n; i++) {
        int rc = steps[i].run(b);

        if (!rc)
            continue;
        if (steps[i].what)
            lc_ctx_fail(b->ctx, rc, "%s", steps[i].what);
        /* The failure is the message, whatever the undo meets. */
        memcpy(msg, b->ctx->error, sizeof(msg));
        while (i--)
            if (steps[i].undo)
                steps[i].undo(b);
        memcpy(b->ctx->error, msg, sizeof(msg));
        return rc;
    }
    return 0;
}

static int check_params(struct lc_ctx *ctx, const struct lc_build_params *p)
{
    if (!p->name || !*p->name || strlen(p->name) >= LC_NAME_MAX)
        return lc_ctx_fail(ctx, -EINVAL, "domain name");
    if (!p->vcpus || p->vcpus > LC_DOMAIN_MAX_VCPUS)
        return lc_ctx_fail(ctx, -EINVAL, "%u vCPUs (1 to %u)", p->vcpus,
                           LC_DOMAIN_MAX_VCPUS);
    if (!p->memory_kb || (p->max_memory_kb && p->max_memory_kb < p->memory_kb))
        return lc_ctx_fail(ctx, -EINVAL, "memory %llu KiB, maximum %llu KiB",
                           (unsigned long long)p->memory_kb,
                           (unsigned long long)p->max_memory_kb);
    if (!p->kernel)
        return lc_ctx_fail(ctx, -EINVAL, "no kernel");
    if (p->ndisks && !p->disks)
        return lc_ctx_fail(ctx, -EINVAL, "ndisks %u without a disk list", p->ndisks);
    if (p->nvifs && !p->vifs)
        return lc_ctx_fail(ctx, -EINVAL, "nvifs %u without a vif list", p->nvifs);
    if (p->nvifs > LC_CFG_VIFS_MAX)
        return lc_ctx_fail(ctx, -EINVAL, "%u network interfaces (at most %u)", p->nvifs,
                           LC_CFG_VIFS_MAX);
    return lc_dev_check_disks(ctx, p->disks, p->ndisks);
}

/* xl refuses a second domain of the same name, and so do we. */
static int check_name_free(struct lc_ctx *ctx, const char *name)
{
    struct lc_dominfo *list;
    unsigned n;
    int rc = lc_domain_list(ctx, &list, &n);

    if (rc)
        return rc;
    for (unsigned i = 0; !rc && i < n; i++)
        if (!strcmp(list[i].name, name))
            rc = lc_ctx_fail(ctx, -EEXIST, "domain name %s", name);
    free(list);
    return rc;
}

static int make_uuid(struct build *b)
{
    static const uint8_t zero[16];

    memcpy(b->uuid, b->p->uuid, sizeof(b->uuid));
    if (!memcmp(b->uuid, zero, sizeof(zero))) {
        if (getrandom(b->uuid, sizeof(b->uuid), 0) != sizeof(b->uuid))
            return lc_ctx_fail(b->ctx, -EIO, "making a UUID");
        b->uuid[6] = (uint8_t)((b->uuid[6] & 0x0f) | 0x40);    /* version 4 */
        b->uuid[8] = (uint8_t)((b->uuid[8] & 0x3f) | 0x80);    /* RFC 4122 */
    }
    lc_uuid_format(b->uuid, b->uuid_str);
    return 0;
}

static int read_images(struct build *b)
{
    const struct lc_build_params *p = b->p;
    int rc = lc_kernel_load(p->kernel, &b->kernel);

    if (rc)
        return lc_ctx_fail(b->ctx, rc, "reading kernel %s", p->kernel);
    if (p->ramdisk) {
        rc = lc_file_read(p->ramdisk, LC_RAMDISK_MAX, &b->initrd, &b->initrd_size);
        if (!rc && !b->initrd_size)
            rc = -EINVAL;
        if (rc)
            return lc_ctx_fail(b->ctx, rc, "reading ramdisk %s", p->ramdisk);
    }
    rc = lc_layout_plan(p->memory_kb, &b->kernel, b->initrd_size, &b->layout);
    if (rc)
        return lc_ctx_fail(b->ctx, rc, "placing kernel, ramdisk and device tree in "
                           "%llu KiB", (unsigned long long)p->memory_kb);
    return 0;
}

static int prepare(struct build *b)
{
    int rc = check_params(b->ctx, b->p);

    if (rc)
        return rc;
    b->store = lc_ctx_store(b->ctx);
    if (!b->store)
        return -ENOTCONN;
    b->max_memory_kb = b->p->max_memory_kb ? b->p->max_memory_kb : b->p->memory_kb;
    /* Whole pages: RAM is populated rounded up, so the limit must be. */
    b->max_memory_kb = (b->max_memory_kb + 3) & ~3ULL;
    rc = check_name_free(b->ctx, b->p->name);
    if (!rc)
        rc = make_uuid(b);
    return rc ? rc : read_images(b);
}

int lc_domain_create(struct lc_ctx *ctx, const struct lc_build_params *p,
                     unsigned flags, uint16_t *domid)
{
    struct build b = { .ctx = ctx, .p = p, .flags = flags };
    int rc;

    lc_ctx_clear_error(ctx);
    rc = prepare(&b);
    if (!rc)
        rc = run_steps(&b);
    if (!rc)
        *domid = b.domid;
    lc_kernel_free(&b.kernel);
    free(b.initrd);
    return rc;
}
