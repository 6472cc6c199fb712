/* Giving dom0 the host devices the hypervisor does not use. */
#ifndef ASM_DOM0_PASSTHROUGH_H
#define ASM_DOM0_PASSTHROUGH_H

#include <keel/dt.h>

struct domain;

/* Maps the node's MMIO (reg, and PCIe-style ranges) 1:1 into dom0's
 * stage 2 and routes its SPIs (interrupts, interrupt-map) to dom0. */
int passthrough_node(struct domain *d, const struct dt *host, int node);

#endif
