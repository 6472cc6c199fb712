/* Interrupts the hypervisor takes for itself, the idle loop, and the
 * decision of which vCPU a pCPU runs when it leaves the hypervisor. */
#include <keel/domain.h>
#include <keel/keel.h>
#include <keel/printk.h>
#include <asm/gic.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/timer.h>
#include <asm/vcpu_switch.h>

void guest_enter(void) __attribute__((noreturn));
void console_rx_irq(void);
unsigned int console_irq(void);

void irq_init_cpu(void)
{
    struct pcpu *p = this_pcpu();

    if (gic_cpu_init(&host_gic, p->mpidr))
        panic("CPU%u: no GIC redistributor for MPIDR 0x%lx\n", p->id, p->mpidr);
    gic_enable_irq(&host_gic, GIC_SGI_KICK, p->mpidr, true);
    gic_enable_irq(&host_gic, GIC_PPI_HYP_TIMER, p->mpidr, false);
}

void arch_kick_cpu(unsigned int cpu)
{
    if (cpu != arch_cpu_id() && cpu < nr_pcpus)
        gic_send_sgi(GIC_SGI_KICK, pcpus[cpu].mpidr);
}

static void slice_expired(struct pcpu *p)
{
    p->slice_deadline = 0;
    timer_set_deadline(0);
    if (p->current)
        sched_yield(&p->keel->sched, p->current);
}

static void handle_irqs(struct pcpu *p)
{
    for (;;) {
        unsigned int intid = gic_ack();

        if (intid >= GIC_SPURIOUS)
            return;
        if (intid == GIC_PPI_HYP_TIMER)
            slice_expired(p);
        else if (intid == console_irq())
            console_rx_irq();
        gic_eoi(intid);
    }
}

void irq_handle_hyp(void)
{
    handle_irqs(this_pcpu());
}

void trap_guest_irq(struct cpu_regs *regs)
{
    struct pcpu *p = this_pcpu();

    (void)regs;
    handle_irqs(p);
    arch_schedule(p);
}

static void update_slice(struct pcpu *p)
{
    if (!sched_needs_slice(&p->keel->sched, p->id)) {
        if (p->slice_deadline)
            timer_set_deadline(0);
        p->slice_deadline = 0;
        return;
    }
    if (!p->slice_deadline) {
        p->slice_deadline = arch_now_ns() + SCHED_SLICE_NS;
        timer_set_deadline(p->slice_deadline);
    }
}

/* Leaves `p` loaded with the vCPU its run queue wants, or with none. */
void arch_schedule(struct pcpu *p)
{
    struct scheduler *s = &p->keel->sched;
    struct vcpu *prev = p->current, *next;
    bool prev_stopping;

    if (prev && sched_head(s, p->id) == prev) {
        update_slice(p);
        return;
    }
    prev_stopping = prev && prev->domain->state != DOMAIN_RUNNING;
    if (prev)
        vcpu_save(p, prev);
    next = sched_next(s, p->id, prev);
    p->current = next;
    if (next)
        vcpu_load(p, next);
    update_slice(p);
    if (prev_stopping)
        domain_reap(p->keel);
}

void idle_loop(void)
{
    struct pcpu *p = this_pcpu();

    for (;;) {
        arch_schedule(p);
        if (p->current)
            guest_enter();
        /* WFI wakes on a pending interrupt even while it is masked; the
         * unmask window then lets the handler run. */
        wfi();
        __asm__ volatile("msr daifclr, #2\n isb\n msr daifset, #2" ::: "memory");
    }
}
