/* Hypercall dispatch: one table indexed by the hypercall number. */
#ifndef KEEL_HYPERCALL_H
#define KEEL_HYPERCALL_H

#include <keel/types.h>

struct vcpu;

#define HYPERCALL_ARGS 5

typedef long (*hypercall_fn)(struct vcpu *v, const uint64_t *args);

/* Runs hypercall `nr` for `v`; unknown numbers give -ENOSYS. */
long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t *args);

long do_xen_version(struct vcpu *v, const uint64_t *args);
long do_console_io(struct vcpu *v, const uint64_t *args);
long do_sched_op(struct vcpu *v, const uint64_t *args);

#endif
