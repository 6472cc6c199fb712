/* domu-probe: the checks a guest built by the toolstack runs, and the
 * hypercalls they need beyond the library's. */
#ifndef DOMU_H
#define DOMU_H

#include "hypercall.h"
#include "probe_abi.h"

#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/hvm_params.h>
#include <public/memory.h>

static inline int64_t memory_op(uint64_t cmd, uint64_t arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline int64_t event_channel_op(uint64_t cmd, uint64_t arg)
{
    return hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline int64_t grant_table_op(uint64_t cmd, uint64_t arg, uint64_t count)
{
    return hypercall(__HYPERVISOR_grant_table_op, cmd, arg, count, 0, 0);
}

static inline int64_t hvm_op(uint64_t cmd, uint64_t arg)
{
    return hypercall(__HYPERVISOR_hvm_op, cmd, arg, 0, 0, 0);
}

/* identity.c: xen_version and the feature bits of a plain domU. */
void check_identity(struct guest *g);

/* privilege.c: what only the control domain may do is refused. */
void check_privilege(struct guest *g);

/* services.c: what a domU may use (HVM params, grant table, PSCI, RAM). */
void check_services(struct guest *g);

/* secondary.c: PSCI CPU_ON / CPU_OFF / AFFINITY_INFO with vCPU 1. */
void check_secondary(struct guest *g);

/* wait.c: polls ready(arg) until it holds or `ms` pass by the virtual
 * counter, yielding the pCPU in between (vCPU 1 may share it with us). */
bool wait_until(bool (*ready)(void *arg), void *arg, unsigned ms);

#endif
