/* Guest memory hypercalls and the helpers other parts share. */
#ifndef KEEL_MEMORY_H
#define KEEL_MEMORY_H

#include <keel/types.h>

struct domain;
struct vcpu;

/* The domain a hypercall names: DOMID_SELF or the caller's own id, or
 * any domain if the caller is privileged. NULL with *err set otherwise. */
struct domain *hypercall_target(struct vcpu *v, uint16_t domid, int *err);

long acquire_resource(struct vcpu *v, gvaddr_t arg);
long do_memory_op(struct vcpu *v, const uint64_t *args);
long do_vcpu_op(struct vcpu *v, const uint64_t *args);
long do_hvm_op(struct vcpu *v, const uint64_t *args);
long do_platform_op(struct vcpu *v, const uint64_t *args);
long do_physdev_op(struct vcpu *v, const uint64_t *args);
long do_vm_assist(struct vcpu *v, const uint64_t *args);

/* Keeps a vCPU's registered runstate area current (on load and save). */
void runstate_update(struct vcpu *v, int state, uint64_t now);

#endif
