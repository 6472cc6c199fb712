/* Virtual timer. While the vCPU runs, the hardware compares CNTV_CVAL and
 * raises physical PPI 27 at EL2; Keel masks the timer (IMASK) and injects
 * the virtual PPI, and the guest's handler re-arms it. While the vCPU is
 * off its pCPU, a software timer stands in for the hardware. */
#include <keel/keel.h>
#include <asm/sysregs.h>
#include <asm/timer.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>

#define CNTV_ENABLE (1UL << 0)
#define CNTV_IMASK  (1UL << 1)

static void soft_expired(struct timer *t)
{
    struct vcpu *v = t->data;

    v->arch->el1.cntv_ctl |= CNTV_IMASK;
    vgic_inject(v, VGIC_PPI_VTIMER);
}

void vtimer_vcpu_init(struct vcpu *v)
{
    timer_init_one(&v->arch->vtimer, soft_expired, v);
}

void vtimer_fired(struct vcpu *v)
{
    uint64_t ctl = read_sysreg(cntv_ctl_el0);

    write_sysreg(cntv_ctl_el0, ctl | CNTV_IMASK);
    isb();
    if (v && (ctl & CNTV_ENABLE) && !(ctl & CNTV_IMASK))
        vgic_inject(v, VGIC_PPI_VTIMER);
}

void vtimer_save(struct vcpu *v)
{
    uint64_t ctl = v->arch->el1.cntv_ctl;

    if ((ctl & CNTV_ENABLE) && !(ctl & CNTV_IMASK))
        timer_arm(&v->domain->keel->timers[v->pcpu], &v->arch->vtimer,
                  ticks_to_ns(v->arch->el1.cntv_cval));
}

void vtimer_load(struct vcpu *v)
{
    timer_cancel(&v->domain->keel->timers[v->pcpu], &v->arch->vtimer);
}
