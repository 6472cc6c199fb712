/* Interrupts the hypervisor takes, the idle loop, and the decision of
 * which vCPU a pCPU runs when it leaves the hypervisor. */
#include <keel/domain.h>
#include <keel/keel.h>
#include <keel/printk.h>
#include <asm/gic.h>
#include <asm/entry.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/timer.h>
#include <asm/vcpu.h>
#include <asm/vcpu_switch.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>

void irq_init_cpu(void)
{
    struct pcpu *p = this_pcpu();

    if (gic_cpu_init(&host_gic, p->mpidr))
        panic("CPU%u: no GIC redistributor for MPIDR 0x%lx\n", p->id, p->mpidr);
    gic_enable_irq(&host_gic, GIC_SGI_KICK, p->mpidr, true);
    gic_enable_irq(&host_gic, GIC_PPI_HYP_TIMER, p->mpidr, false);
    gic_enable_irq(&host_gic, GIC_PPI_MAINTENANCE, p->mpidr, false);
    gic_enable_irq(&host_gic, VGIC_PPI_VTIMER, p->mpidr, false);
    timer_init_one(&p->slice_timer, NULL, p);
}

void arch_kick_cpu(unsigned int cpu)
{
    if (cpu != arch_cpu_id() && cpu < nr_pcpus)
        gic_send_sgi(GIC_SGI_KICK, pcpus[cpu].mpidr);
}

static void slice_expired(struct timer *t)
{
    struct pcpu *p = t->data;

    if (p->current)
        sched_rotate(&p->keel->sched, p->current);
}

static void handle_one(struct pcpu *p, unsigned int intid)
{
    if (intid == GIC_PPI_HYP_TIMER) {
        /* The timer line stays asserted until reprogrammed: stop it now;
         * the way out of the hypervisor arms the next deadline. */
        timer_set_deadline(0);
        timer_run(&p->keel->timers[p->id], arch_now_ns());
    }
    else if (intid == VGIC_PPI_VTIMER)
        vtimer_fired(p->current);
    else if (intid == console_irq())
        console_rx_irq();
    /* The kick SGI and the maintenance interrupt only need the exit:
     * the scheduler and the list registers are looked at on the way
     * back to the guest. */
}

static void handle_irqs(struct pcpu *p)
{
    for (;;) {
        unsigned int intid = gic_ack();

        if (intid >= GIC_SPURIOUS)
            return;
        gic_eoi(intid);
        if (intid >= 32 && vgic_forward_hw_irq(intid))
            continue;           /* the guest deactivates it */
        handle_one(p, intid);
        gic_deactivate(intid);
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
    vgic_sync(p->current);
    handle_irqs(p);
    arch_schedule(p);
}

static void update_slice(struct pcpu *p)
{
    struct timer_queue *q = &p->keel->timers[p->id];

    if (!sched_needs_slice(&p->keel->sched, p->id)) {
        timer_cancel(q, &p->slice_timer);
        return;
    }
    if (!p->slice_timer.armed) {
        p->slice_timer.fn = slice_expired;
        timer_arm(q, &p->slice_timer, arch_now_ns() + SCHED_SLICE_NS);
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

static void program_timer(struct pcpu *p)
{
    timer_set_deadline(timer_next_deadline(&p->keel->timers[p->id]));
}

/* Called by entry.S, on a fresh stack, just before the eret into the
 * current vCPU; when a trap left this pCPU with nothing to run, it idles
 * instead. */
void guest_enter_prepare(void)
{
    struct pcpu *p = this_pcpu();

    if (!p->current)
        idle_loop();
    vgic_flush(p->current);
    program_timer(p);
}

void idle_loop(void)
{
    struct pcpu *p = this_pcpu();

    for (;;) {
        arch_schedule(p);
        if (p->current)
            guest_enter();
        program_timer(p);
        /* WFI wakes on a pending interrupt even while it is masked; the
         * unmask window then lets the handler run. */
        wfi();
        __asm__ volatile("msr daifclr, #2\n isb\n msr daifset, #2" ::: "memory");
    }
}
