/* The arm64 part of creating and destroying a domain: its stage-2 table
 * and its RAM. */
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <public/arch-arm.h>
#include <asm/p2m.h>
#include <asm/setup.h>
#include <asm/vgic.h>
#include <asm/vcpu.h>

int arch_domain_create(struct domain *d)
{
    struct arch_domain *ad = heap_zalloc(&d->keel->heap, sizeof(*ad));
    int rc;

    if (!ad)
        return -ENOMEM;
    rc = p2m_init(&d->keel->pool, &ad->p2m);
    if (rc) {
        heap_free(&d->keel->heap, ad);
        return rc;
    }
    d->arch = ad;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    struct arch_domain *ad = d->arch;

    if (!ad)
        return;
    vgic_domain_destroy(d);
    guest_memory_free(d);
    p2m_destroy(&d->keel->pool, &ad->p2m);
    if (ad->ram_size)
        page_free(&d->keel->pool, ad->ram_base, ad->ram_order);
    heap_free(&d->keel->heap, ad);
    d->arch = NULL;
}

int arch_domain_setup_guest(struct domain *d)
{
    return vgic_domain_init(d, GUEST_GICV3_GICD_BASE, GUEST_GICV3_RDIST_BASE,
                            GUEST_NR_SPIS);
}

int arch_ram_frame(struct domain *d, uint64_t gfn, paddr_t *pa)
{
    struct arch_domain *ad = d->arch;
    uint64_t gpa = gfn << PAGE_SHIFT;

    if (gfn >= (1UL << (48 - PAGE_SHIFT)) || gpa < ad->ram_gpa ||
        gpa - ad->ram_gpa >= ad->ram_size)
        return -EINVAL;
    *pa = ad->ram_base + (gpa - ad->ram_gpa);
    return 0;
}
