/* Synchronous traps from guests, dispatched by exception class. A class
 * without a handler ends the guest, never the hypervisor. */
#include <stdarg.h>
#include <keel/domain.h>
#include <keel/hypercall.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/sched.h>
#include <public/xen.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/mmio.h>
#include <asm/traps.h>
#include <asm/vgic.h>
#include <keel/errno.h>
#include <keel/keel.h>

typedef void (*trap_fn)(struct vcpu *v, struct cpu_regs *regs, uint64_t esr);

#define ISS_WFE         (1UL << 0)
#define ISS_DABT_WNR    (1UL << 6)
#define VECTOR_CUR_SPX  0x200
#define VECTOR_CUR_SP0  0x000
#define VECTOR_LOWER64  0x400

void kill_guest(struct vcpu *v, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printk("d%uv%u killed: %s\n", v->domain->id, v->id, why);
    domain_shutdown(v->domain, SHUTDOWN_crash, "killed by the hypervisor");
}

void inject_undef(struct cpu_regs *regs)
{
    uint64_t mode = regs->spsr & 0xf;
    uint64_t offset = mode == PSR_MODE_EL1H ? VECTOR_CUR_SPX :
                      mode == 0x4 ? VECTOR_CUR_SP0 : VECTOR_LOWER64;

    /* The exception is taken on the trapped instruction itself. */
    write_sysreg(elr_el1, regs->elr - 4);
    write_sysreg(spsr_el1, regs->spsr);
    write_sysreg(esr_el1, ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL);
    regs->elr = read_sysreg(vbar_el1) + offset;
    regs->spsr = PSR_DAIF_MASK | PSR_MODE_EL1H;
}

static void trap_hvc(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    uint64_t imm = esr & 0xffff;

    if (imm == XEN_HYPERCALL_TAG)
        regs->x[0] = (uint64_t)hypercall_dispatch(v, regs->x[16], regs->x);
    else if (imm == 0)
        vpsci_call(v, regs);
    else
        inject_undef(regs);
}

static void trap_smc(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    (void)esr;
    regs->elr += 4;             /* a trapped SMC returns to itself */
    vpsci_call(v, regs);
}

/* WFE yields. WFI blocks until an interrupt is pending for the vCPU; the
 * second look after blocking closes the race with an injection that
 * happened in between (the injector wakes only blocked vCPUs). */
static void trap_wfx(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    struct scheduler *s = &v->domain->keel->sched;

    regs->elr += 4;
    if (esr & ISS_WFE) {
        sched_rotate(s, v);
        return;
    }
    if (vgic_vcpu_pending(v))
        return;
    sched_sleep(s, v, VCPU_BLOCKED);
    if (vgic_vcpu_pending(v))
        sched_wake(s, v);
}

static uint64_t fault_ipa(void)
{
    return ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xfff);
}

/* A fault on a page that is mapped by now raced with a stage-2 update
 * (block split, grant map): just retry the access. */
static bool spurious(struct vcpu *v, uint64_t ipa)
{
    paddr_t pa;

    return arch_p2m_lookup(v->domain, ipa >> PAGE_SHIFT, &pa) != -ENOENT;
}

static void trap_dabt(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    uint64_t ipa = fault_ipa();
    int rc = mmio_handle(v, regs, esr, ipa);

    if (rc == 0 || (rc == -ENOENT && spurious(v, ipa)))
        return;
    kill_guest(v, "stage-2 data abort: %s IPA 0x%lx at pc 0x%lx (ESR 0x%lx)",
               esr & ISS_DABT_WNR ? "write to" : "read from", fault_ipa(),
               regs->elr, esr);
}

static void trap_iabt(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    if (spurious(v, fault_ipa()))
        return;
    kill_guest(v, "stage-2 instruction abort at IPA 0x%lx, pc 0x%lx (ESR 0x%lx)",
               fault_ipa(), regs->elr, esr);
}

static const trap_fn trap_table[EC_MAX + 1] = {
    [EC_WFX] = trap_wfx,
    [EC_HVC64] = trap_hvc,
    [EC_SMC64] = trap_smc,
    [EC_SYSREG] = trap_sysreg,
    [EC_IABT_LOW] = trap_iabt,
    [EC_DABT_LOW] = trap_dabt,
};

void trap_guest_sync(struct cpu_regs *regs)
{
    struct pcpu *p = this_pcpu();
    struct vcpu *v = p->current;
    uint64_t esr = read_sysreg(esr_el2);
    trap_fn fn = trap_table[ESR_EC(esr)];

    vgic_sync(v);
    if (fn)
        fn(v, regs, esr);
    else
        kill_guest(v, "unhandled trap: EC 0x%lx ESR 0x%lx at pc 0x%lx",
                   ESR_EC(esr), esr, regs->elr);
    arch_schedule(p);
}

void trap_guest_serror(struct cpu_regs *regs)
{
    struct pcpu *p = this_pcpu();

    vgic_sync(p->current);
    kill_guest(p->current, "SError (ESR 0x%lx) at pc 0x%lx",
               read_sysreg(esr_el2), regs->elr);
    arch_schedule(p);
}

void trap_guest_bad(struct cpu_regs *regs)
{
    struct pcpu *p = this_pcpu();

    vgic_sync(p->current);
    kill_guest(p->current, "unexpected exception (AArch32 or FIQ) at pc 0x%lx",
               regs->elr);
    arch_schedule(p);
}

void hyp_fault(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far, uint64_t sp)
{
    panic("hypervisor %s exception: ESR 0x%lx ELR 0x%lx FAR 0x%lx SP 0x%lx\n",
          kind ? "unexpected" : "synchronous", esr, elr, far, sp);
}

void arch_halt(void)
{
    for (;;)
        __asm__ volatile("msr daifset, #0xf\n wfi" ::: "memory");
}
