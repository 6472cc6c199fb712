/* Moving a vCPU's state in and out of a pCPU's registers. */
#ifndef ASM_VCPU_SWITCH_H
#define ASM_VCPU_SWITCH_H

#include <keel/domain.h>
#include <asm/pcpu.h>

void vcpu_load(struct pcpu *p, struct vcpu *v);
void vcpu_save(struct pcpu *p, struct vcpu *v);

#endif
