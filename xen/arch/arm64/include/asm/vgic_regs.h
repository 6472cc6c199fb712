/* Register banks shared by the virtual GICD and GICR. */
#ifndef ASM_VGIC_REGS_H
#define ASM_VGIC_REGS_H

#include <keel/types.h>

struct domain;
struct vcpu;

enum vgic_bitreg {
    VGIC_ISENABLER,
    VGIC_ICENABLER,
    VGIC_ISPENDR,
    VGIC_ICPENDR,
    VGIC_ISACTIVER,
    VGIC_ICACTIVER,
};

/* Offsets of the banks, the same in GICD and in GICR's SGI frame. */
#define GICX_IGROUPR    0x0080
#define GICX_ISENABLER  0x0100
#define GICX_ICENABLER  0x0180
#define GICX_ISPENDR    0x0200
#define GICX_ICPENDR    0x0280
#define GICX_ISACTIVER  0x0300
#define GICX_ICACTIVER  0x0380
#define GICX_IPRIORITYR 0x0400
#define GICX_ICFGR      0x0c00
#define GICX_PIDR2      0xffe8
#define GIC_PIDR2_V3    0x3b

uint32_t vgic_bits_read(struct domain *d, struct vcpu *v, enum vgic_bitreg reg,
                        unsigned int first);
void vgic_bits_write(struct domain *d, struct vcpu *v, enum vgic_bitreg reg,
                     unsigned int first, uint32_t val);
uint64_t vgic_prio_read(struct domain *d, struct vcpu *v, unsigned int first,
                        unsigned int size);
void vgic_prio_write(struct domain *d, struct vcpu *v, unsigned int first,
                     unsigned int size, uint64_t val);
uint32_t vgic_cfg_read(struct domain *d, struct vcpu *v, unsigned int first);
void vgic_cfg_write(struct domain *d, struct vcpu *v, unsigned int first,
                    uint32_t val);
/* The common banks at `off` (relative to GICD or to GICR's SGI frame);
 * returns false if `off` is not one of them. */
bool vgic_bank_access(struct domain *d, struct vcpu *v, uint64_t off,
                      unsigned int size, bool write, uint64_t *val);

#endif
