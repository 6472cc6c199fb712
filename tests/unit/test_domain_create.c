/* libctl/domain_create.c and domain_nodes.c: a whole domU build against
 * the fake hypervisor and the fake store, and a failure at every single
 * call of it leaving nothing behind, undone in reverse order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <public/arch-arm.h>
#include <public/hvm_params.h>
#include <public/memory.h>
#include <public/xen.h>
#include "unit.h"
#include "libctl_fixture.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define KERNEL_FILE (64 * KIB)
#define KERNEL_FOOTPRINT MIB
#define RAMDISK_SIZE (100 * KIB)
#define UUID_STR "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5"

static const uint8_t test_uuid[16] = {
    0x6b, 0xfa, 0x8d, 0xdb, 0xef, 0x59, 0x43, 0x0e,
    0xaa, 0xb0, 0xab, 0x36, 0xf7, 0xdb, 0x02, 0xe5,
};

struct world {
    struct lcf fx;
    uint8_t *kernel, *ramdisk;
    struct lc_build_params p;
    char *initial;              /* the store before the build */
};

static void world_init(struct world *w)
{
    CU_ASSERT_FATAL(lcf_init(&w->fx) == 0);
    w->kernel = lcf_image_bytes(0, KERNEL_FOOTPRINT, 0, KERNEL_FILE);
    w->ramdisk = malloc(RAMDISK_SIZE);
    CU_ASSERT_FATAL(w->kernel && w->ramdisk);
    for (size_t i = 0; i < RAMDISK_SIZE; i++)
        w->ramdisk[i] = (uint8_t)(i ^ (i >> 8));
    w->p = (struct lc_build_params){
        .name = "guest1", .memory_kb = 16 * 1024, .vcpus = 2,
        .kernel = lcf_file(&w->fx, "Image", w->kernel, KERNEL_FILE),
        .ramdisk = lcf_file(&w->fx, "initrd", w->ramdisk, RAMDISK_SIZE),
        .cmdline = "console=hvc0 rdinit=/init",
    };
    memcpy(w->p.uuid, test_uuid, 16);
    w->initial = lc_fake_store_dump(w->fx.xs);
}

static void world_fini(struct world *w)
{
    free(w->kernel);
    free(w->ramdisk);
    free(w->initial);
    lcf_fini(&w->fx);
}

/* Nothing of a failed build is left anywhere. */
static void check_nothing_left(struct world *w)
{
    char *now = lc_fake_store_dump(w->fx.xs);

    CU_ASSERT_EQUAL(lc_fake_nr_guests(w->fx.hv), 0);
    CU_ASSERT_STRING_EQUAL(now, w->initial);
    CU_ASSERT_FALSE(lc_fake_store_introduced(w->fx.xs, 1, NULL, NULL));
    CU_ASSERT_FALSE(lc_fake_store_in_tx(w->fx.xs));
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(w->fx.hv), 0);
    free(now);
}

struct node { const char *path, *value, *perms; };

static const struct node expected_nodes[] = {
    { "/local/domain/1", "", "n0,r1" },
    { "/local/domain/1/name", "guest1", "n0,r1" },
    { "/local/domain/1/domid", "1", "n0,r1" },
    { "/local/domain/1/vm", "/vm/" UUID_STR, "n0,r1" },
    { "/local/domain/1/memory", "", "n0,r1" },
    { "/local/domain/1/memory/static-max", "16384", "n0,r1" },
    { "/local/domain/1/memory/target", "16384", "n0,r1" },
    { "/local/domain/1/cpu", "", "n0,r1" },
    { "/local/domain/1/cpu/0", "", "n0,r1" },
    { "/local/domain/1/cpu/0/availability", "online", "n0,r1" },
    { "/local/domain/1/cpu/1", "", "n0,r1" },
    { "/local/domain/1/cpu/1/availability", "online", "n0,r1" },
    { "/local/domain/1/console", "", "n0,r1" },
    { "/local/domain/1/console/port", "2", "n0,r1" },
    { "/local/domain/1/console/ring-ref", "233472", "n0,r1" },
    { "/local/domain/1/console/type", "xenconsoled", "n0,r1" },
    { "/local/domain/1/console/output", "pty", "n0,r1" },
    { "/local/domain/1/console/limit", "1048576", "n0,r1" },
    { "/local/domain/1/store", "", "n0,r1" },
    { "/local/domain/1/store/port", "1", "n0,r1" },
    { "/local/domain/1/store/ring-ref", "233473", "n0,r1" },
    { "/local/domain/1/control", "", "n0,r1" },
    { "/local/domain/1/control/platform-feature-multiprocessor-suspend", "1", "n0,r1" },
    { "/local/domain/1/control/platform-feature-xs_reset_watches", "1", "n0,r1" },
    { "/local/domain/1/control/shutdown", "", "n1" },
    { "/local/domain/1/control/sysrq", "", "n1" },
    { "/local/domain/1/data", "", "n1" },
    { "/local/domain/1/attr", "", "n1" },
    { "/local/domain/1/drivers", "", "n1" },
    { "/local/domain/1/error", "", "n1" },
    { "/local/domain/1/feature", "", "n1" },
    { "/local/domain/1/device", "", "n0,r1" },
    { "/local/domain/1/device/suspend", "", "n0,r1" },
    { "/local/domain/1/device/suspend/event-channel", "", "n1" },
    { "/vm/" UUID_STR, "", "n0,r1" },
    { "/vm/" UUID_STR "/name", "guest1", "n0,r1" },
    { "/vm/" UUID_STR "/uuid", UUID_STR, "n0,r1" },
    { "/vm/" UUID_STR "/start_time", NULL, "n0,r1" },
    { "/libxl/1", "", "n0" },
    { "/libxl/1/type", "pvh", "n0" },
    { "/libxl/1/dm-version", "qemu_xen", "n0" },
};
#define NR_EXPECTED (sizeof(expected_nodes) / sizeof(expected_nodes[0]))

static void check_store(struct world *w, size_t initial_nodes)
{
    char perms[64];

    for (size_t i = 0; i < NR_EXPECTED; i++) {
        const struct node *n = &expected_nodes[i];
        const char *v = lc_fake_store_value(w->fx.xs, n->path);

        CU_ASSERT_PTR_NOT_NULL(v);
        if (!v) {
            fprintf(stderr, "missing %s\n", n->path);
            continue;
        }
        if (n->value) {
            CU_ASSERT_STRING_EQUAL(v, n->value);
        }
        CU_ASSERT_EQUAL(lc_fake_store_perms(w->fx.xs, n->path, perms, sizeof(perms)), 0);
        CU_ASSERT_STRING_EQUAL(perms, n->perms);
    }
    /* and nothing else */
    CU_ASSERT_EQUAL(lc_fake_store_nr_nodes(w->fx.xs), initial_nodes + NR_EXPECTED);
}

static void check_start_time(struct world *w)
{
    const char *t = lc_fake_store_value(w->fx.xs, "/vm/" UUID_STR "/start_time");
    long long sec;
    int cent, used = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(sscanf(t, "%lld.%2d%n", &sec, &cent, &used), 2);
    CU_ASSERT_EQUAL((size_t)used, strlen(t));
    CU_ASSERT(sec > 1600000000LL);
}

static void check_hypervisor_state(struct world *w, bool paused)
{
    const struct lc_fake_domain *d = lc_fake_domain(w->fx.hv, 1);

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->pause_count, paused ? 1 : 0);
    CU_ASSERT_EQUAL(d->max_vcpus, 2);
    CU_ASSERT_EQUAL(d->max_pages, (16 * 1024 + 8) / 4);
    CU_ASSERT_EQUAL(d->tot_pages, 4096 + 2);
    CU_ASSERT(memcmp(d->handle, test_uuid, 16) == 0);
    CU_ASSERT_EQUAL(d->vcpu[0].online, 1);
    CU_ASSERT_EQUAL(d->vcpu[0].pc, GUEST_RAM0_BASE);
    CU_ASSERT_EQUAL(d->vcpu[0].x0, GUEST_RAM0_BASE + 4 * MIB);
    CU_ASSERT_EQUAL(d->vcpu[0].x1, 0);
    CU_ASSERT_EQUAL(d->vcpu[1].online, 0);
    CU_ASSERT_EQUAL(d->hvm_params[HVM_PARAM_STORE_PFN], 0x39001);
    CU_ASSERT_EQUAL(d->hvm_params[HVM_PARAM_STORE_EVTCHN], 1);
    CU_ASSERT_EQUAL(d->hvm_params[HVM_PARAM_CONSOLE_PFN], 0x39000);
    CU_ASSERT_EQUAL(d->hvm_params[HVM_PARAM_CONSOLE_EVTCHN], 2);
    CU_ASSERT_EQUAL(d->nr_ports, 2);
    CU_ASSERT_EQUAL(d->port_remote[1], 0);
    CU_ASSERT_EQUAL(d->port_remote[2], 0);
    CU_ASSERT(d->grants_seeded);
    CU_ASSERT_EQUAL(d->grants.console_gfn, 0x39000);
    CU_ASSERT_EQUAL(d->grants.xenstore_gfn, 0x39001);
    CU_ASSERT_EQUAL(d->grants.console_domid, 0);
    CU_ASSERT_EQUAL(d->grants.xenstore_domid, 0);
}

static void check_memory(struct world *w, const uint8_t *kernel, size_t kernel_size)
{
    uint8_t *buf = malloc(kernel_size), magic[8192], zero[8192] = { 0 };

    CU_ASSERT_EQUAL(lc_fake_read(w->fx.hv, 1, GUEST_RAM0_BASE, buf, kernel_size), 0);
    CU_ASSERT(memcmp(buf, kernel, kernel_size) == 0);
    free(buf);
    buf = malloc(RAMDISK_SIZE);
    CU_ASSERT_EQUAL(lc_fake_read(w->fx.hv, 1, GUEST_RAM0_BASE + 2 * MIB, buf,
                                 RAMDISK_SIZE), 0);
    CU_ASSERT(memcmp(buf, w->ramdisk, RAMDISK_SIZE) == 0);
    free(buf);
    CU_ASSERT_EQUAL(lc_fake_read(w->fx.hv, 1, GUEST_MAGIC_BASE, magic, sizeof(magic)), 0);
    CU_ASSERT(memcmp(magic, zero, sizeof(zero)) == 0);
}

static uint64_t prop_u64(const void *fdt, const char *path, const char *name)
{
    int len = 0;
    const void *p = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len);
    fdt64_t v;

    CU_ASSERT_EQUAL(len, 8);
    if (!p || len != 8)
        return 0;
    memcpy(&v, p, sizeof(v));
    return fdt64_to_cpu(v);
}

static void check_dtb(struct world *w)
{
    uint8_t head[64];
    void *fdt;
    const fdt32_t *reg;
    int len;

    CU_ASSERT_EQUAL_FATAL(lc_fake_read(w->fx.hv, 1, GUEST_RAM0_BASE + 4 * MIB, head,
                                       sizeof(head)), 0);
    CU_ASSERT_EQUAL_FATAL(fdt_magic(head), FDT_MAGIC);
    fdt = malloc(fdt_totalsize(head));
    CU_ASSERT_EQUAL(lc_fake_read(w->fx.hv, 1, GUEST_RAM0_BASE + 4 * MIB, fdt,
                                 fdt_totalsize(head)), 0);
    CU_ASSERT_EQUAL(fdt_check_full(fdt, fdt_totalsize(head)), 0);
    CU_ASSERT_STRING_EQUAL(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs",
                                       NULL), "console=hvc0 rdinit=/init");
    CU_ASSERT_EQUAL(prop_u64(fdt, "/chosen", "linux,initrd-start"),
                    GUEST_RAM0_BASE + 2 * MIB);
    CU_ASSERT_EQUAL(prop_u64(fdt, "/chosen", "linux,initrd-end"),
                    GUEST_RAM0_BASE + 2 * MIB + RAMDISK_SIZE);
    reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"), "reg", &len);
    CU_ASSERT(reg && len == 16 && fdt32_to_cpu(reg[3]) == 16 * MIB);
    CU_ASSERT(fdt_path_offset(fdt, "/cpus/cpu@1") >= 0);
    reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/interrupt-controller@3001000"), "reg",
                      &len);
    CU_ASSERT(reg && len == 32 && fdt32_to_cpu(reg[7]) == 2 * 0x20000);
    free(fdt);
}

static void full_build(void)
{
    struct world w;
    uint16_t id = 0;
    uint64_t gfn;
    unsigned port;
    size_t initial_nodes;

    world_init(&w);
    initial_nodes = lc_fake_store_nr_nodes(w.fx.xs);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "");
    CU_ASSERT_EQUAL(id, 1);
    check_hypervisor_state(&w, false);
    check_memory(&w, w.kernel, KERNEL_FILE);
    check_dtb(&w);
    check_store(&w, initial_nodes);
    check_start_time(&w);
    CU_ASSERT(lc_fake_store_introduced(w.fx.xs, 1, &gfn, &port));
    CU_ASSERT_EQUAL(gfn, 0x39001);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(w.fx.hv), 0);
    world_fini(&w);
}

static void paused_build(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, LC_CREATE_PAUSED, &id), 0);
    check_hypervisor_state(&w, true);
    world_fini(&w);
}

static void gzip_kernel_build(void)
{
    struct world w;
    uint8_t *gz, *buf;
    size_t zlen;
    uint16_t id;

    world_init(&w);
    gz = lcf_gzip(w.kernel, KERNEL_FILE, &zlen);
    w.p.kernel = lcf_file(&w.fx, "Image.gz", gz, zlen);
    w.p.ramdisk = NULL;
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    buf = malloc(KERNEL_FILE);
    CU_ASSERT_EQUAL(lc_fake_read(w.fx.hv, id, GUEST_RAM0_BASE, buf, KERNEL_FILE), 0);
    CU_ASSERT(memcmp(buf, w.kernel, KERNEL_FILE) == 0);
    /* no ramdisk: the DTB follows the kernel and names no initrd */
    CU_ASSERT_EQUAL(lc_fake_domain(w.fx.hv, id)->vcpu[0].x0, GUEST_RAM0_BASE + 2 * MIB);
    CU_ASSERT_EQUAL(lc_fake_read(w.fx.hv, id, GUEST_RAM0_BASE + 2 * MIB, buf, 64), 0);
    CU_ASSERT_EQUAL(fdt_magic(buf), FDT_MAGIC);
    free(buf);
    free(gz);
    world_fini(&w);
}

static void expect_refused(struct world *w, int err, const char *msg_start)
{
    uint16_t id = 77;
    const struct lc_fake_call *calls;
    size_t n;

    CU_ASSERT_EQUAL(lc_domain_create(w->fx.ctx, &w->p, 0, &id), err);
    CU_ASSERT_EQUAL(id, 77);
    CU_ASSERT_NSTRING_EQUAL(lc_ctx_error(w->fx.ctx), msg_start, strlen(msg_start));
    /* refused before anything was created */
    calls = lc_fake_calls(w->fx.hv, &n);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_NOT_EQUAL(calls[i].op, __HYPERVISOR_domctl);
    check_nothing_left(w);
}

static void bad_images_refused(void)
{
    struct world w;
    char msg[256];

    world_init(&w);
    w.p.kernel = lcf_file(&w.fx, "junk", "not an Image at all, no", 24);
    snprintf(msg, sizeof(msg), "reading kernel %s: Exec format error", w.p.kernel);
    expect_refused(&w, -ENOEXEC, msg);
    w.p.kernel = "/nonexistent/Image";
    expect_refused(&w, -ENOENT, "reading kernel /nonexistent/Image: No such file");
    w.p.kernel = w.fx.files[0];
    w.p.ramdisk = "/nonexistent/initrd";
    expect_refused(&w, -ENOENT, "reading ramdisk /nonexistent/initrd");
    w.p.ramdisk = lcf_file(&w.fx, "empty", "", 0);
    expect_refused(&w, -EINVAL, "reading ramdisk");
    world_fini(&w);
}

static void bad_params_refused(void)
{
    struct world w;

    world_init(&w);
    w.p.memory_kb = 4 * 1024;       /* kernel + initrd + DTB need 6 MiB */
    expect_refused(&w, -ENOSPC, "placing kernel, ramdisk and device tree in 4096 KiB");
    w.p.memory_kb = 16 * 1024;
    w.p.max_memory_kb = 8 * 1024;
    expect_refused(&w, -EINVAL, "memory 16384 KiB, maximum 8192 KiB");
    w.p.max_memory_kb = 0;
    w.p.vcpus = 0;
    expect_refused(&w, -EINVAL, "0 vCPUs");
    w.p.vcpus = LC_DOMAIN_MAX_VCPUS + 1;
    expect_refused(&w, -EINVAL, "65 vCPUs");
    w.p.vcpus = 1;
    w.p.name = "";
    expect_refused(&w, -EINVAL, "domain name");
    w.p.name = "ok";
    w.p.kernel = NULL;
    expect_refused(&w, -EINVAL, "no kernel");
    world_fini(&w);
}

static void name_in_use_refused(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    w.p.uuid[0] ^= 1;
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), -EEXIST);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "domain name guest1: File exists");
    CU_ASSERT_EQUAL(lc_fake_nr_guests(w.fx.hv), 1);
    w.p.name = "guest2";
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    CU_ASSERT_EQUAL(id, 2);
    world_fini(&w);
}

static void random_uuid_when_none(void)
{
    struct world w;
    char path[64];
    const char *vm, *uuid;
    uint16_t id;

    world_init(&w);
    memset(w.p.uuid, 0, 16);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    vm = lc_fake_store_value(w.fx.xs, "/local/domain/1/vm");
    CU_ASSERT_PTR_NOT_NULL_FATAL(vm);
    snprintf(path, sizeof(path), "%s/uuid", vm);
    uuid = lc_fake_store_value(w.fx.xs, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(uuid);
    CU_ASSERT_STRING_EQUAL(vm + 4, uuid);
    CU_ASSERT_EQUAL(strlen(uuid), 36);
    CU_ASSERT_EQUAL(uuid[14], '4');     /* version 4 */
    CU_ASSERT_NOT_EQUAL(lc_fake_domain(w.fx.hv, 1)->handle[6], 0);
    world_fini(&w);
}

static void no_store_refused(void)
{
    struct lc_fake *hv = lc_fake_new(NULL);
    struct lc_ctx *ctx = lc_ctx_new(lc_fake_hc(hv), NULL);
    const struct lc_build_params p = { .name = "x", .memory_kb = 16384, .vcpus = 1,
                                       .kernel = "/nonexistent" };
    uint16_t id;

    CU_ASSERT_EQUAL(lc_domain_create(ctx, &p, 0, &id), -ENOTCONN);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(ctx), "xenstore: Transport endpoint is not connected");
    lc_ctx_close(ctx);
}

static void populate_failure_named(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    lc_fake_fail(w.fx.hv, __HYPERVISOR_memory_op, XENMEM_populate_physmap, 1, ENOMEM);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), -ENOMEM);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "populating memory: Cannot allocate memory");
    check_nothing_left(&w);
    world_fini(&w);
}

/* A size that is not whole pages is rounded up, limit included. */
static void odd_memory_size(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    w.p.memory_kb = 16 * 1024 + 1;
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(w.fx.hv, id)->tot_pages, 4097 + 2);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/memory/static-max"),
                           "16388");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/memory/target"),
                           "16385");
    world_fini(&w);
}

/* A conflicting xenstore transaction is run again, not failed. */
static void store_conflict_retried(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    lc_fake_store_fail(w.fx.xs, LC_FXS_TX_END, 1, EAGAIN);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/name"), "guest1");
    world_fini(&w);
}

/* The undo waits for a slow destroy, and gives up on one that never ends
 * without hiding the first error. */
static void undo_waits_for_destroy(void)
{
    struct world w;
    uint16_t id;

    world_init(&w);
    lc_fake_set_dying_polls(w.fx.hv, 3);
    lc_fake_fail(w.fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_seed_grants, 1, EIO);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "seeding grant entries: Input/output error");
    check_nothing_left(&w);
    lc_fake_set_dying_polls(w.fx.hv, UINT32_MAX);
    lc_fake_fail(w.fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_unpausedomain, 1, EIO);
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "unpausing the domain: Input/output error");
    CU_ASSERT(lc_fake_domain(w.fx.hv, 1)->dying_polls > 0);
    world_fini(&w);
}

/* One call of a build, in the order the fakes saw them. */
struct call {
    uint64_t seq;
    bool store;
    unsigned op, cmd;           /* store: op is enum lc_fxs_op */
    unsigned nth;               /* among calls of the same op (and cmd) */
    char path[LC_FXS_PATH_MAX];
};

static size_t merge_calls(struct world *w, struct call *out, size_t max)
{
    size_t nh, ns, i = 0, j = 0, n = 0;
    const struct lc_fake_call *h = lc_fake_calls(w->fx.hv, &nh);
    const struct lc_fxs_call *s = lc_fake_store_calls(w->fx.xs, &ns);

    while ((i < nh || j < ns) && n < max) {
        if (j == ns || (i < nh && h[i].seq < s[j].seq)) {
            out[n] = (struct call){ h[i].seq, false, h[i].op, h[i].cmd, 1, "" };
            i++;
        } else {
            out[n] = (struct call){ s[j].seq, true, s[j].op, 0, 1, "" };
            snprintf(out[n].path, sizeof(out[n].path), "%s", s[j].path);
            j++;
        }
        for (size_t k = 0; k < n; k++)
            if (out[k].store == out[n].store && out[k].op == out[n].op &&
                out[k].cmd == out[n].cmd)
                out[n].nth++;
        n++;
    }
    return n;
}

static bool is_call(const struct call *c, bool store, unsigned op, unsigned cmd)
{
    return c->store == store && c->op == op && (store || c->cmd == cmd);
}

/* The calls that undo a step, in the order the undo must make them. */
static size_t expected_undo(const struct call *ok, size_t n, size_t failed,
                            struct call *undo)
{
    size_t u = 0;
    bool created = false, written = false, introduced = false;

    for (size_t k = 0; k < failed && k < n; k++) {
        created |= is_call(&ok[k], false, __HYPERVISOR_domctl, KEEL_DOMCTL_createdomain);
        written |= is_call(&ok[k], true, LC_FXS_TX_END, 0) && !strcmp(ok[k].path, "T");
        introduced |= is_call(&ok[k], true, LC_FXS_INTRODUCE, 0);
    }
    if (introduced)
        undo[u++] = (struct call){ .store = true, .op = LC_FXS_RELEASE, .path = "1" };
    if (written) {
        undo[u++] = (struct call){ .store = true, .op = LC_FXS_RM, .path = "/local/domain/1" };
        undo[u++] = (struct call){ .store = true, .op = LC_FXS_RM, .path = "/vm/" UUID_STR };
        undo[u++] = (struct call){ .store = true, .op = LC_FXS_RM, .path = "/libxl/1" };
    }
    if (created)
        undo[u++] = (struct call){ .op = __HYPERVISOR_domctl,
                                   .cmd = KEEL_DOMCTL_destroydomain };
    return u;
}

/* After the failed call, only undo calls (and an aborted transaction and
 * the polls for the domain to go) may follow, in exactly that order. */
static void check_undo_order(struct world *w, const struct call *undo, size_t nu,
                             uint64_t failed_seq)
{
    static struct call after[4096];
    size_t n = merge_calls(w, after, 4096), u = 0;

    for (size_t k = 0; k < n; k++) {
        const struct call *c = &after[k];

        if (c->seq <= failed_seq)
            continue;
        if (is_call(c, true, LC_FXS_TX_END, 0) && !strcmp(c->path, "F"))
            continue;
        if (is_call(c, false, __HYPERVISOR_domctl, KEEL_DOMCTL_getdomaininfo))
            continue;
        CU_ASSERT_FATAL(u < nu);
        CU_ASSERT_EQUAL(c->store, undo[u].store);
        CU_ASSERT_EQUAL(c->op, undo[u].op);
        if (c->store) {
            CU_ASSERT_STRING_EQUAL(c->path, undo[u].path);
        } else {
            CU_ASSERT_EQUAL(c->cmd, undo[u].cmd);
        }
        u++;
    }
    CU_ASSERT_EQUAL(u, nu);
}

static void inject(struct world *w, const struct call *c)
{
    if (c->store)
        lc_fake_store_fail(w->fx.xs, (enum lc_fxs_op)c->op, c->nth, EIO);
    else
        lc_fake_fail(w->fx.hv, c->op, c->cmd, c->nth, EIO);
}

static void failure_at_every_call(void)
{
    static struct call ok[4096];
    struct call undo[8];
    struct world w;
    size_t n, tried = 0;
    uint16_t id;

    world_init(&w);
    CU_ASSERT_EQUAL_FATAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), 0);
    n = merge_calls(&w, ok, 4096);
    world_fini(&w);
    CU_ASSERT(n > 60);
    for (size_t k = 0; k < n; k++) {
        size_t nu = expected_undo(ok, n, k, undo);

        /* Reading a name while checking for duplicates may fail: a
         * domain without a name in the store just has none. */
        if (is_call(&ok[k], true, LC_FXS_READ, 0))
            continue;
        world_init(&w);
        inject(&w, &ok[k]);
        CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &id), -EIO);
        CU_ASSERT(strstr(lc_ctx_error(w.fx.ctx), ": Input/output error") != NULL);
        check_nothing_left(&w);
        check_undo_order(&w, undo, nu, ok[k].seq);
        world_fini(&w);
        if (getenv("LC_TEST_VERBOSE"))
            fprintf(stderr, "call %zu: %s op %u cmd %u nth %u %s: undo %zu\n", k,
                    ok[k].store ? "store" : "hv", ok[k].op, ok[k].cmd, ok[k].nth,
                    ok[k].path, nu);
        tried++;
    }
    CU_ASSERT(tried > 60);
}

UNIT_SUITE(domain_create,
           UNIT_TEST(full_build), UNIT_TEST(paused_build), UNIT_TEST(gzip_kernel_build),
           UNIT_TEST(bad_images_refused), UNIT_TEST(bad_params_refused),
           UNIT_TEST(name_in_use_refused), UNIT_TEST(random_uuid_when_none),
           UNIT_TEST(no_store_refused), UNIT_TEST(populate_failure_named),
           UNIT_TEST(odd_memory_size),
           UNIT_TEST(store_conflict_retried), UNIT_TEST(undo_waits_for_destroy),
           UNIT_TEST(failure_at_every_call))
