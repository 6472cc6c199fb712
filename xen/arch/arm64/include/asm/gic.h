/* The host GICv3: distributor, redistributors and the EL2 CPU interface. */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <keel/types.h>
#include <keel/dt.h>

#define GIC_SGI_KICK        0   /* "reschedule": wakes an idle pCPU */
#define GIC_PPI_HYP_TIMER   26
#define GIC_PPI_MAINTENANCE 25
#define GIC_SPURIOUS        1023

struct gic_info {
    paddr_t dist_base;
    uint64_t dist_size;
    paddr_t redist_base;
    uint64_t redist_size;
    unsigned int nr_lines;
};

int gic_probe(struct gic_info *gic, const struct dt *dt);
void gic_dist_init(const struct gic_info *gic);
int gic_cpu_init(const struct gic_info *gic, uint64_t mpidr);
void gic_enable_irq(const struct gic_info *gic, unsigned int intid,
                    uint64_t target_mpidr, bool edge);
void gic_disable_irq(const struct gic_info *gic, unsigned int intid);
void gic_send_sgi(unsigned int sgi, uint64_t target_mpidr);
unsigned int gic_ack(void);
/* Priority drop; the hypervisor's own interrupts also need deactivating. */
void gic_eoi(unsigned int intid);
void gic_deactivate(unsigned int intid);

/* The host GIC, found at boot. */
extern struct gic_info host_gic;

#endif
