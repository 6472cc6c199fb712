/*
 * domctl requests the hypervisor must refuse before touching any domain:
 * a stale interface version, a domain that does not exist, a domain with
 * no vCPUs.
 */
#include "domu-smoke.h"

#include <errno.h>

/* Below DOMID_FIRST_RESERVED, so a real id, but never created here. */
#define DOMID_ABSENT 0x7fef

int step_bad_version(struct smoke *s, struct result *r)
{
    struct keel_domctl op;

    ctl_domctl_init(&op, KEEL_DOMCTL_getdomaininfo, 0);
    op.version = KEEL_DOMCTL_VERSION + 1;
    return expect_errno(r, "domctl getdomaininfo with version + 1",
                        ctl_domctl(&s->ctl, &op), EACCES);
}

int step_bad_destroy(struct smoke *s, struct result *r)
{
    struct keel_domctl op;

    ctl_domctl_init(&op, KEEL_DOMCTL_destroydomain, DOMID_ABSENT);
    return expect_errno(r, "domctl destroydomain of absent domain 0x7fef",
                        ctl_domctl(&s->ctl, &op), ESRCH);
}

/* Should it wrongly succeed, the domain goes again at once so that the
 * memory balance at the end still means something. */
int step_bad_create(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_createdomain, 0);
    op.u.createdomain.max_vcpus = 0;
    op.u.createdomain.max_mem_kb = SMOKE_MAX_MEM_KB;
    rc = ctl_domctl(&s->ctl, &op);
    if (rc == 0) {
        uint16_t id = op.domid;

        ctl_domctl_init(&op, KEEL_DOMCTL_destroydomain, id);
        (void)ctl_domctl(&s->ctl, &op);
    }
    return expect_errno(r, "domctl createdomain with 0 vCPUs", rc, EINVAL);
}
