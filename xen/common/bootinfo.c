/* Reads the boot information from the host device tree. Module nodes
 * follow the multiboot convention Xen and U-Boot use: children of /chosen
 * compatible with "multiboot,module", refined by "multiboot,kernel" or
 * "multiboot,ramdisk". */
#include <keel/bootinfo.h>
#include <keel/errno.h>
#include <keel/lib.h>

/* Next top-level node called "memory" or "memory@<unit>". */
static int next_memory_node(const struct dt *dt, int node)
{
    int depth = 0;

    if (node < 0) {
        node = dt_root(dt);
        if (node < 0)
            return node;
    }
    for (node = dt_next_node(dt, node, &depth); node >= 0;
         node = dt_next_node(dt, node, &depth)) {
        const char *name = dt_name(dt, node);

        if (dt_node_depth(dt, node) == 1 && !strncmp(name, "memory", 6) &&
            (name[6] == '\0' || name[6] == '@'))
            return node;
    }
    return node;
}

static int read_memory(struct bootinfo *bi, const struct dt *dt)
{
    int node = -1;

    while ((node = next_memory_node(dt, node)) >= 0) {
        const char *type = dt_prop_str(dt, node, "device_type");
        uint64_t base, size;

        if (type && strcmp(type, "memory"))
            continue;
        for (unsigned int i = 0; dt_reg(dt, node, i, &base, &size) == 0; i++) {
            int rc = size ? mem_ranges_add(&bi->ram, base, size) : 0;

            if (rc)
                return rc;
        }
    }
    return bi->ram.n ? 0 : -ENOENT;
}

static int read_reserved(struct bootinfo *bi, const struct dt *dt)
{
    uint64_t base, size;
    int rc, parent, child;

    for (unsigned int i = 0; dt_mem_rsv(dt, i, &base, &size) == 0; i++) {
        rc = mem_ranges_add(&bi->reserved, base, size);
        if (rc)
            return rc;
    }
    parent = dt_path(dt, "/reserved-memory");
    if (parent < 0)
        return 0;
    for (child = dt_first_child(dt, parent); child >= 0;
         child = dt_next_sibling(dt, child)) {
        for (unsigned int i = 0; dt_reg(dt, child, i, &base, &size) == 0; i++) {
            rc = mem_ranges_add(&bi->reserved, base, size);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static enum boot_module_kind module_kind(const struct dt *dt, int node)
{
    if (dt_is_compatible(dt, node, "multiboot,kernel"))
        return BOOT_MODULE_KERNEL;
    if (dt_is_compatible(dt, node, "multiboot,ramdisk"))
        return BOOT_MODULE_RAMDISK;
    return BOOT_MODULE_OTHER;
}

static int read_modules(struct bootinfo *bi, const struct dt *dt, int chosen)
{
    for (int node = dt_first_child(dt, chosen); node >= 0;
         node = dt_next_sibling(dt, node)) {
        struct boot_module *m;
        int rc;

        if (!dt_is_compatible(dt, node, "multiboot,module"))
            continue;
        if (bi->nr_modules == BOOT_MODULES_MAX)
            return -ENOSPC;
        m = &bi->modules[bi->nr_modules];
        if (dt_reg(dt, node, 0, &m->base, &m->size) || !m->size)
            return -EINVAL;
        m->kind = module_kind(dt, node);
        m->bootargs = dt_prop_str(dt, node, "bootargs");
        rc = mem_ranges_add(&bi->reserved, m->base, ALIGN_UP(m->size, PAGE_SIZE));
        if (rc)
            return rc;
        bi->nr_modules++;
    }
    return 0;
}

int bootinfo_read(struct bootinfo *bi, const struct dt *dt)
{
    int chosen, rc;

    memset(bi, 0, sizeof(*bi));
    bi->cmdline = "";
    rc = read_memory(bi, dt);
    if (rc)
        return rc;
    rc = read_reserved(bi, dt);
    if (rc)
        return rc;
    chosen = dt_path(dt, "/chosen");
    if (chosen < 0)
        return 0;
    if (dt_prop_str(dt, chosen, "xen,xen-bootargs"))
        bi->cmdline = dt_prop_str(dt, chosen, "xen,xen-bootargs");
    bi->dom0_bootargs = dt_prop_str(dt, chosen, "xen,dom0-bootargs");
    return read_modules(bi, dt, chosen);
}

const struct boot_module *bootinfo_module(const struct bootinfo *bi,
                                          enum boot_module_kind kind,
                                          unsigned int n)
{
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (bi->modules[i].kind == kind && n-- == 0)
            return &bi->modules[i];
    return NULL;
}
