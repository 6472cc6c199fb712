/* The guest's EL1 virtual timer: its registers belong to the vCPU and are
 * switched with it; when it fires, the guest gets virtual PPI 27. */
#ifndef ASM_VTIMER_H
#define ASM_VTIMER_H

struct vcpu;

void vtimer_vcpu_init(struct vcpu *v);
/* The physical PPI 27 fired while `v` ran. */
void vtimer_fired(struct vcpu *v);
/* A vCPU leaves its pCPU: keep its timer running in software. */
void vtimer_save(struct vcpu *v);
void vtimer_load(struct vcpu *v);

#endif
