/* Raw access to the GICv3 virtualisation registers (ICH_*_EL2). */
#ifndef ASM_VGIC_LR_H
#define ASM_VGIC_LR_H

#include <keel/types.h>

#define LR_STATE_SHIFT  62
#define LR_PENDING      1UL
#define LR_ACTIVE       2UL
#define LR_HW           (1UL << 61)
#define LR_GROUP1       (1UL << 60)
#define LR_PRIO_SHIFT   48
#define LR_PINTID_SHIFT 32
#define ICH_HCR_EN      (1UL << 0)
#define ICH_HCR_UIE     (1UL << 1)

uint64_t lr_read(unsigned int n);
void lr_write(unsigned int n, uint64_t v);
void ich_hcr_write(uint64_t v);
uint64_t ich_vmcr_read(void);
void ich_vmcr_write(uint64_t v);
void ich_apr_read(uint64_t *ap0r0, uint64_t *ap1r0);
void ich_apr_write(uint64_t ap0r0, uint64_t ap1r0);

#endif
