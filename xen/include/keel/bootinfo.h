/* What the boot loader handed over, read from the host device tree:
 * RAM, reserved ranges, boot modules and the hypervisor's command line. */
#ifndef KEEL_BOOTINFO_H
#define KEEL_BOOTINFO_H

#include <keel/dt.h>
#include <keel/mem_range.h>

#define BOOT_MODULES_MAX 8

enum boot_module_kind {
    BOOT_MODULE_KERNEL,
    BOOT_MODULE_RAMDISK,
    BOOT_MODULE_OTHER,
};

struct boot_module {
    enum boot_module_kind kind;
    paddr_t base;
    uint64_t size;
    const char *bootargs;       /* points into the DTB; may be NULL */
};

struct bootinfo {
    struct mem_ranges ram;
    struct mem_ranges reserved; /* /memreserve/, /reserved-memory, modules, DTB */
    struct boot_module modules[BOOT_MODULES_MAX];
    unsigned int nr_modules;
    const char *cmdline;        /* /chosen xen,xen-bootargs, or "" */
    const char *dom0_bootargs;  /* /chosen xen,dom0-bootargs, or NULL */
};

/* Reads everything above from an opened device tree. */
int bootinfo_read(struct bootinfo *bi, const struct dt *dt);

/* The n-th module of a kind, or NULL. */
const struct boot_module *bootinfo_module(const struct bootinfo *bi,
                                          enum boot_module_kind kind,
                                          unsigned int n);

#endif
