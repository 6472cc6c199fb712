/* The toolstack's control hypercalls (domctl, sysctl). */
#ifndef KEEL_CONTROL_H
#define KEEL_CONTROL_H

#include <keel/types.h>
#include <public/domctl.h>

struct domain;
struct vcpu;

long do_domctl(struct vcpu *v, const uint64_t *args);
long do_sysctl(struct vcpu *v, const uint64_t *args);

/* One domain's summary as domctl and sysctl report it. */
void domain_fill_info(const struct domain *d, struct keel_domaininfo *info);

#endif
