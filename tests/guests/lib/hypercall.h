/* Calls into the hypervisor: Xen hypercalls (hvc #0xEA1, number in x16,
 * arguments in x0..x4, result in x0) and SMCCC calls (hvc #0 / smc #0,
 * function id in w0). Pointers are passed as guest virtual addresses, which
 * equal guest physical ones while the MMU is off; tests pass wild ones. */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "guest.h"

#include <public/xen.h>
#include <public/version.h>
#include <public/sched.h>
#include <public/psci.h>
#include <public/features.h>

/* hypercall.S */
int64_t hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
                  uint64_t a3, uint64_t a4);

static inline int64_t xen_version(uint64_t cmd, uint64_t arg)
{
    return hypercall(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

static inline int64_t console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
    return hypercall(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
}

static inline int64_t sched_op(uint64_t cmd, uint64_t arg)
{
    return hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

/* smccc.S: the value the call left in x0. */
uint64_t smccc_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smccc_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

typedef uint64_t (*smccc_fn)(uint64_t, uint64_t, uint64_t, uint64_t);

/* regcheck.S: load x0..x30 from in[], issue one call, store x0..x30 into
 * out[]; the stack pointer is recorded around it. Offsets are shared with
 * regcheck.S (RC_* there). */
struct regcheck {
    uint64_t in[31];
    uint64_t out[31];
    uint64_t sp_in;
    uint64_t sp_out;
};
_Static_assert(offsetof(struct regcheck, out) == 248, "RC_OUT");
_Static_assert(offsetof(struct regcheck, sp_in) == 496, "RC_SP_IN");
_Static_assert(offsetof(struct regcheck, sp_out) == 504, "RC_SP_OUT");

void regcheck_xen(struct regcheck *rc);       /* hvc #0xEA1 */
void regcheck_smccc_hvc(struct regcheck *rc); /* hvc #0 */
void regcheck_smccc_smc(struct regcheck *rc); /* smc #0 */

/* The assembly spells the tag out; keep it tied to the ABI header. */
_Static_assert(XEN_HYPERCALL_TAG == 0xEA1, "hvc immediate in hypercall.S");

#endif
