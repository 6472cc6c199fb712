/* PSCI 1.1 and SMCCC 1.1 as guests see them: vCPUs power on and off,
 * and the domain powers off or resets. */
#include <keel/domain.h>
#include <keel/keel.h>
#include <public/psci.h>
#include <public/sched.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <asm/vcpu.h>

#define MPIDR_AFF_MASK 0xff00ffffffUL

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if ((d->vcpus[i]->arch->vmpidr & MPIDR_AFF_MASK) == (mpidr & MPIDR_AFF_MASK))
            return d->vcpus[i];
    return NULL;
}

/* An entry point must be RAM the domain has mapped. */
static bool in_guest_ram(struct domain *d, uint64_t gpa)
{
    paddr_t pa;

    return arch_p2m_lookup(d, gpa >> PAGE_SHIFT, &pa) == 0;
}

static int64_t cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry,
                      uint64_t context)
{
    struct domain *d = caller->domain;
    struct vcpu *t = vcpu_by_mpidr(d, mpidr);

    if (!t)
        return PSCI_INVALID_PARAMETERS;
    if (d->state != DOMAIN_RUNNING)
        return PSCI_DENIED;
    if (t->state != VCPU_DOWN)
        return PSCI_ALREADY_ON;
    if (!in_guest_ram(d, entry))
        return PSCI_INVALID_ADDRESS;
    arch_vcpu_set_boot(t, entry, context, 0, PSR_GUEST64_INIT);
    sched_start(&d->keel->sched, t);
    return PSCI_SUCCESS;
}

static int64_t affinity_info(struct vcpu *caller, uint64_t mpidr, uint64_t level)
{
    struct vcpu *t = vcpu_by_mpidr(caller->domain, mpidr);

    if (!t || level != 0)
        return PSCI_INVALID_PARAMETERS;
    return t->state == VCPU_DOWN ? 1 : 0;
}

static bool implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_0_2_VERSION:
    case PSCI_0_2_CPU_OFF:
    case PSCI_0_2_CPU_ON:
    case PSCI_0_2_CPU_ON_32:
    case PSCI_0_2_AFFINITY_INFO:
    case PSCI_0_2_AFFINITY_INFO_32:
    case PSCI_0_2_MIGRATE_INFO_TYPE:
    case PSCI_0_2_SYSTEM_OFF:
    case PSCI_0_2_SYSTEM_RESET:
    case PSCI_1_0_FEATURES:
    case SMCCC_VERSION:
        return true;
    default:
        return false;
    }
}

static int64_t psci_dispatch(struct vcpu *v, const uint64_t *x)
{
    struct domain *d = v->domain;

    switch ((uint32_t)x[0]) {
    case PSCI_0_2_VERSION:
        return PSCI_VERSION_1_1;
    case SMCCC_VERSION:
        return SMCCC_VERSION_1_1;
    case PSCI_1_0_FEATURES:
        return implemented((uint32_t)x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
    case PSCI_0_2_CPU_ON:
        return cpu_on(v, x[1], x[2], x[3]);
    case PSCI_0_2_CPU_ON_32:
        return cpu_on(v, (uint32_t)x[1], (uint32_t)x[2], (uint32_t)x[3]);
    case PSCI_0_2_CPU_OFF:
        sched_sleep(&d->keel->sched, v, VCPU_DOWN);
        return PSCI_SUCCESS;
    case PSCI_0_2_AFFINITY_INFO:
        return affinity_info(v, x[1], x[2]);
    case PSCI_0_2_AFFINITY_INFO_32:
        return affinity_info(v, (uint32_t)x[1], (uint32_t)x[2]);
    case PSCI_0_2_MIGRATE_INFO_TYPE:
        return PSCI_MIGRATE_NOT_PRESENT;
    case PSCI_0_2_SYSTEM_OFF:
        domain_shutdown(d, SHUTDOWN_poweroff, "PSCI SYSTEM_OFF");
        return PSCI_SUCCESS;
    case PSCI_0_2_SYSTEM_RESET:
        domain_shutdown(d, SHUTDOWN_reboot, "PSCI SYSTEM_RESET");
        return PSCI_SUCCESS;
    default:
        return PSCI_NOT_SUPPORTED;
    }
}

void vpsci_call(struct vcpu *v, struct cpu_regs *regs)
{
    int64_t rc = psci_dispatch(v, regs->x);

    /* 32-bit calling convention functions return in w0. */
    regs->x[0] = (regs->x[0] & (1UL << 30)) ? (uint64_t)rc : (uint32_t)rc;
}
