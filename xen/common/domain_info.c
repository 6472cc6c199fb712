/* What the toolstack sees of a domain: state flags, memory, vCPUs and
 * the CPU time they used. */
#include <keel/control.h>
#include <keel/domain.h>
#include <keel/lib.h>
#include <public/vcpu.h>

uint64_t vcpu_cpu_time(const struct vcpu *v)
{
    return v->runstate.time[RUNSTATE_running];
}

static uint32_t state_flags(const struct domain *d, uint32_t *online)
{
    uint32_t flags = 0;
    bool all_blocked = true;

    *online = 0;
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        const struct vcpu *v = d->vcpus[i];

        if (v->state == VCPU_DOWN)
            continue;
        (*online)++;
        if (v->loaded)
            flags |= KEEL_DOMINF_running;
        if (v->state != VCPU_BLOCKED)
            all_blocked = false;
    }
    if (*online && all_blocked)
        flags |= KEEL_DOMINF_blocked;
    return flags;
}

void domain_fill_info(const struct domain *d, struct keel_domaininfo *info)
{
    memset(info, 0, sizeof(*info));
    info->domid = d->id;
    info->flags = state_flags(d, &info->online_vcpus);
    if (d->state != DOMAIN_RUNNING)
        info->flags |= KEEL_DOMINF_shutdown;
    if (d->destroy_requested)
        info->flags |= KEEL_DOMINF_dying;
    if (d->pause_count)
        info->flags |= KEEL_DOMINF_paused;
    if (d->privileged)
        info->flags |= KEEL_DOMINF_privileged;
    info->shutdown_reason = d->shutdown_reason;
    info->nr_vcpus = d->nr_vcpus;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        info->cpu_time_ns += vcpu_cpu_time(d->vcpus[i]);
    memcpy(info->handle, d->handle, sizeof(info->handle));
}
