/* The arm64 vCPU: its initial state and the switch of EL1 registers,
 * FP/SIMD and the stage-2 context in and out of a pCPU. */
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/memory.h>
#include <asm/entry.h>
#include <asm/sysregs.h>
#include <asm/vcpu.h>
#include <asm/vcpu_switch.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>

#define GUEST_HCR       (HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | \
                         HCR_AMO | HCR_FB | HCR_BSU_INNER | HCR_TWI |      \
                         HCR_TSC | HCR_TACR | HCR_TSW | HCR_TID3 | HCR_RW)
#define HCR_APK         (1UL << 40)
#define HCR_API         (1UL << 41)

#define PAUTH_KEYS 10

/* Pointer authentication is left to the guest (no traps) when the CPU has
 * it, and its keys then travel with the vCPU. */
static bool cpu_has_pauth(void)
{
    uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
    uint64_t isar2 = read_sysreg(S3_0_C0_C6_2);

    return (isar1 & (0xffUL << 4 | 0xffUL << 24)) || (isar2 & 0xffUL << 8);
}

#define KEY_CASE(n, crm, op2)                                              case n:                                                                    if (save)                                                                  keys[n] = read_sysreg(S3_0_C2_##crm##_##op2);                      else                                                                       write_sysreg(S3_0_C2_##crm##_##op2, keys[n]);                      break;

static void pauth_keys(uint64_t *keys, bool save)
{
    for (unsigned int n = 0; n < PAUTH_KEYS; n++) {
        switch (n) {
        KEY_CASE(0, C1, 0) KEY_CASE(1, C1, 1) KEY_CASE(2, C1, 2) KEY_CASE(3, C1, 3)
        KEY_CASE(4, C2, 0) KEY_CASE(5, C2, 1) KEY_CASE(6, C2, 2) KEY_CASE(7, C2, 3)
        KEY_CASE(8, C3, 0) KEY_CASE(9, C3, 1)
        default:
            break;
        }
    }
}

static uint64_t vcpu_mpidr(unsigned int id)
{
    /* Bit 31 is RES1; 16 vCPUs per cluster as Aff0 is limited to 0-15 in
     * GICv3 SGI target lists. */
    return (1UL << 31) | ((uint64_t)(id / 16) << 8) | (id % 16);
}

int arch_vcpu_create(struct vcpu *v)
{
    struct arch_vcpu *a = heap_zalloc(&v->domain->keel->heap, sizeof(*a));

    if (!a)
        return -ENOMEM;
    a->regs.spsr = PSR_GUEST64_INIT;
    a->el1.sctlr = SCTLR_EL1_RES1;
    a->vmpidr = vcpu_mpidr(v->id);
    a->hcr = GUEST_HCR | (cpu_has_pauth() ? HCR_API | HCR_APK : 0);
    v->arch = a;
    vgic_vcpu_init(v);
    vtimer_vcpu_init(v);
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    vtimer_load(v);             /* cancels a pending software timer */
    heap_free(&v->domain->keel->heap, v->arch);
    v->arch = NULL;
}

static void el1_save(struct el1_regs *r)
{
    r->sctlr = read_sysreg(sctlr_el1);
    r->ttbr0 = read_sysreg(ttbr0_el1);
    r->ttbr1 = read_sysreg(ttbr1_el1);
    r->tcr = read_sysreg(tcr_el1);
    r->mair = read_sysreg(mair_el1);
    r->amair = read_sysreg(amair_el1);
    r->vbar = read_sysreg(vbar_el1);
    r->contextidr = read_sysreg(contextidr_el1);
    r->tpidr_el0 = read_sysreg(tpidr_el0);
    r->tpidrro_el0 = read_sysreg(tpidrro_el0);
    r->tpidr_el1 = read_sysreg(tpidr_el1);
    r->sp_el0 = read_sysreg(sp_el0);
    r->sp_el1 = read_sysreg(sp_el1);
    r->elr = read_sysreg(elr_el1);
    r->spsr = read_sysreg(spsr_el1);
    r->esr = read_sysreg(esr_el1);
    r->far = read_sysreg(far_el1);
    r->afsr0 = read_sysreg(afsr0_el1);
    r->afsr1 = read_sysreg(afsr1_el1);
    r->par = read_sysreg(par_el1);
    r->cpacr = read_sysreg(cpacr_el1);
    r->cntkctl = read_sysreg(cntkctl_el1);
    r->csselr = read_sysreg(csselr_el1);
    r->mdscr = read_sysreg(mdscr_el1);
    r->cntv_ctl = read_sysreg(cntv_ctl_el0);
    r->cntv_cval = read_sysreg(cntv_cval_el0);
    /* The guest's timer must not fire into the next vCPU. */
    write_sysreg(cntv_ctl_el0, 0);
}

static void el1_load(const struct el1_regs *r)
{
    write_sysreg(sctlr_el1, r->sctlr);
    write_sysreg(ttbr0_el1, r->ttbr0);
    write_sysreg(ttbr1_el1, r->ttbr1);
    write_sysreg(tcr_el1, r->tcr);
    write_sysreg(mair_el1, r->mair);
    write_sysreg(amair_el1, r->amair);
    write_sysreg(vbar_el1, r->vbar);
    write_sysreg(contextidr_el1, r->contextidr);
    write_sysreg(tpidr_el0, r->tpidr_el0);
    write_sysreg(tpidrro_el0, r->tpidrro_el0);
    write_sysreg(tpidr_el1, r->tpidr_el1);
    write_sysreg(sp_el0, r->sp_el0);
    write_sysreg(sp_el1, r->sp_el1);
    write_sysreg(elr_el1, r->elr);
    write_sysreg(spsr_el1, r->spsr);
    write_sysreg(esr_el1, r->esr);
    write_sysreg(far_el1, r->far);
    write_sysreg(afsr0_el1, r->afsr0);
    write_sysreg(afsr1_el1, r->afsr1);
    write_sysreg(par_el1, r->par);
    write_sysreg(cpacr_el1, r->cpacr);
    write_sysreg(cntkctl_el1, r->cntkctl);
    write_sysreg(csselr_el1, r->csselr);
    write_sysreg(mdscr_el1, r->mdscr);
    write_sysreg(cntv_cval_el0, r->cntv_cval);
    write_sysreg(cntv_ctl_el0, r->cntv_ctl);
}

static int runstate_of(const struct vcpu *v)
{
    switch (v->state) {
    case VCPU_RUNNABLE:
        return RUNSTATE_runnable;
    case VCPU_BLOCKED:
        return RUNSTATE_blocked;
    default:
        return RUNSTATE_offline;
    }
}

void vcpu_save(struct pcpu *p, struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    /* While its translation is still live, so the guest's VA resolves. */
    runstate_update(v, runstate_of(v), arch_now_ns());
    el1_save(&a->el1);
    fpsimd_save(&a->fp);
    if (a->hcr & HCR_API)
        pauth_keys(a->pauth, true);
    vgic_save(v);
    vtimer_save(v);
    p->guest_regs = NULL;
}

void vcpu_load(struct pcpu *p, struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;
    struct arch_domain *ad = v->domain->arch;

    write_sysreg(vttbr_el2, ad->p2m.pt.root | (uint64_t)ad->p2m.vmid << 48);
    write_sysreg(vmpidr_el2, a->vmpidr);
    write_sysreg(vpidr_el2, read_sysreg(midr_el1));
    write_sysreg(hcr_el2, a->hcr);
    isb();
    vtimer_load(v);
    el1_load(&a->el1);
    fpsimd_load(&a->fp);
    if (a->hcr & HCR_API)
        pauth_keys(a->pauth, false);
    vgic_load(v);
    isb();
    p->guest_regs = &a->regs;
    runstate_update(v, RUNSTATE_running, arch_now_ns());
}

/* A vCPU (re)starting as PSCI CPU_ON starts one: EL1h, MMU off, only the
 * entry registers set. */
void arch_vcpu_set_boot(struct vcpu *v, uint64_t pc, uint64_t x0, uint64_t x1,
                        uint64_t spsr)
{
    struct arch_vcpu *a = v->arch;

    a->regs = (struct cpu_regs){ 0 };
    a->regs.elr = pc;
    a->regs.x[0] = x0;
    a->regs.x[1] = x1;
    /* Only EL1h or EL1t are sensible starting modes for a kernel. */
    a->regs.spsr = (spsr & 0xf) == PSR_MODE_EL1H || (spsr & 0xf) == 0x4
                       ? spsr : PSR_GUEST64_INIT;
    a->el1 = (struct el1_regs){ .sctlr = SCTLR_EL1_RES1 };
}

void arch_vcpu_get_boot(struct vcpu *v, uint64_t *pc, uint64_t *x0,
                        uint64_t *x1, uint64_t *spsr)
{
    const struct arch_vcpu *a = v->arch;

    *pc = a->regs.elr;
    *x0 = a->regs.x[0];
    *x1 = a->regs.x[1];
    *spsr = a->regs.spsr;
}
