/* Emulated MMIO regions of a domain: a stage-2 data abort inside one is
 * decoded from the syndrome and handed to the region's handler. */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <keel/types.h>
#include <asm/pcpu.h>

struct domain;
struct vcpu;

#define MMIO_REGIONS_MAX 4

struct mmio_access {
    uint64_t offset;            /* from the region base */
    unsigned int size;          /* 1, 2, 4 or 8 bytes */
    bool write;
    uint64_t value;             /* in for writes, out for reads */
};

typedef int (*mmio_fn)(struct vcpu *v, struct mmio_access *a, void *priv);

struct mmio_region {
    uint64_t base;
    uint64_t size;
    mmio_fn handler;
    void *priv;
};

int mmio_add(struct domain *d, uint64_t base, uint64_t size, mmio_fn fn,
             void *priv);
/* Returns 0 when the access was emulated (the guest goes on), -ENOENT
 * when no region covers the IPA, another error when the access cannot be
 * decoded. */
int mmio_handle(struct vcpu *v, struct cpu_regs *regs, uint64_t esr,
                uint64_t ipa);

#endif
