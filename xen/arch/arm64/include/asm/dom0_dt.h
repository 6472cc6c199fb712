/* The device tree dom0 boots with, derived from the host's. */
#ifndef ASM_DOM0_DT_H
#define ASM_DOM0_DT_H

#include <keel/dt.h>
#include <keel/types.h>

struct domain;

struct dom0_dt_params {
    const char *bootargs;       /* may be NULL */
    paddr_t initrd_start;       /* 0: no initrd */
    uint64_t initrd_size;
    paddr_t gnttab_base;        /* /hypervisor reg: the grant-table window */
    uint64_t gnttab_size;
    int host_uart;              /* node the hypervisor keeps, or -1 */
};

/* Writes dom0's tree into buf and maps the devices it keeps into dom0's
 * stage 2 (1:1) and hands it their SPIs. *size gets the blob's size. */
int dom0_dt_build(struct domain *d, const struct dt *host,
                  const struct dom0_dt_params *p, void *buf, size_t cap,
                  size_t *size);

#endif
