/* Stage-2 tables for guests, tagged with a VMID so that switching
 * between guests needs no TLB flush. */
#include <keel/arch.h>
#include <keel/errno.h>
#include <keel/domain.h>
#include <keel/keel.h>
#include <asm/p2m.h>
#include <asm/pagetable.h>
#include <asm/sysregs.h>

#define VMID_COUNT 256

static struct {
    spinlock_t lock;
    uint64_t used[VMID_COUNT / 64];
} vmids;

void p2m_cpu_init(void)
{
    uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

    if (pa_range > 5)
        pa_range = 5;
    /* 40-bit IPA from two concatenated level-1 roots, inner-shareable
     * write-back walks. */
    write_sysreg(vtcr_el2, (1UL << 31) | (pa_range << 16) | (3UL << 12) |
                               (1UL << 10) | (1UL << 8) | (1UL << 6) |
                               (64 - P2M_IPA_BITS));
    isb();
}

static int vmid_alloc(uint16_t *vmid)
{
    int rc = -ENOSPC;

    spin_lock(&vmids.lock);
    /* VMID 0 stays unused so that a zero VTTBR never aliases a guest. */
    for (unsigned int i = 1; i < VMID_COUNT; i++) {
        if (!(vmids.used[i / 64] & (1UL << (i % 64)))) {
            vmids.used[i / 64] |= 1UL << (i % 64);
            *vmid = (uint16_t)i;
            rc = 0;
            break;
        }
    }
    spin_unlock(&vmids.lock);
    return rc;
}

static void vmid_free(uint16_t vmid)
{
    spin_lock(&vmids.lock);
    vmids.used[vmid / 64] &= ~(1UL << (vmid % 64));
    spin_unlock(&vmids.lock);
}

int p2m_init(struct page_pool *pool, struct p2m *p2m)
{
    int rc = vmid_alloc(&p2m->vmid);

    if (rc)
        return rc;
    rc = pt_create(pool, &p2m->pt, P2M_IPA_BITS);
    if (rc)
        vmid_free(p2m->vmid);
    return rc;
}

int p2m_map_ram(struct page_pool *pool, struct p2m *p2m, gpaddr_t gpa,
                paddr_t pa, uint64_t size)
{
    return pt_map(pool, &p2m->pt, gpa.v, pa, size, S2_NORMAL);
}

int p2m_lookup(const struct p2m *p2m, gpaddr_t gpa, paddr_t *pa)
{
    return pt_lookup(&p2m->pt, gpa.v, pa);
}

/* Drops every TLB entry tagged with the VMID before it can be reused. */
static void flush_vmid(const struct p2m *p2m)
{
    uint64_t saved = read_sysreg(vttbr_el2);

    write_sysreg(vttbr_el2, p2m->pt.root | (uint64_t)p2m->vmid << 48);
    isb();
    __asm__ volatile("tlbi vmalls12e1is" ::: "memory");
    dsb(ish);
    isb();
    write_sysreg(vttbr_el2, saved);
    isb();
}

void p2m_destroy(struct page_pool *pool, struct p2m *p2m)
{
    if (!p2m->pt.root)
        return;
    flush_vmid(p2m);
    pt_destroy(pool, &p2m->pt);
    vmid_free(p2m->vmid);
    p2m->pt.root = 0;
}

struct flush_ctx {
    const struct p2m *p2m;
};

/* Drops the TLB entries for one IPA of a domain that may be running on
 * other pCPUs: the inner-shareable TLBI reaches them all. */
static void flush_ipa(uint64_t ipa, void *ctx)
{
    const struct p2m *p2m = ((struct flush_ctx *)ctx)->p2m;
    uint64_t saved = read_sysreg(vttbr_el2);

    write_sysreg(vttbr_el2, p2m->pt.root | (uint64_t)p2m->vmid << 48);
    isb();
    __asm__ volatile("tlbi ipas2e1is, %0\n dsb ish\n tlbi vmalle1is\n dsb ish"
                     : : "r"(ipa >> 12) : "memory");
    isb();
    write_sysreg(vttbr_el2, saved);
    isb();
}

int arch_p2m_map_page(struct domain *d, uint64_t gfn, paddr_t pa, bool readonly)
{
    struct p2m *p2m = &d->arch->p2m;
    struct flush_ctx ctx = { p2m };
    uint64_t attrs = readonly ? (S2_NORMAL & ~S2_RW) | S2_READ : S2_NORMAL;

    return pt_set_page(&d->keel->pool, &p2m->pt, gfn << PAGE_SHIFT, &pa,
                       attrs, flush_ipa, &ctx);
}

int arch_p2m_unmap_page(struct domain *d, uint64_t gfn)
{
    struct p2m *p2m = &d->arch->p2m;
    struct flush_ctx ctx = { p2m };

    return pt_set_page(&d->keel->pool, &p2m->pt, gfn << PAGE_SHIFT, NULL, 0,
                       flush_ipa, &ctx);
}

int arch_p2m_lookup(struct domain *d, uint64_t gfn, paddr_t *pa)
{
    uint64_t attrs;
    int rc = pt_lookup_attrs(&d->arch->p2m.pt, gfn << PAGE_SHIFT, pa, &attrs);

    if (rc)
        return rc;
    /* MemAttr 0b00xx is device memory: not RAM to share or copy. */
    return (attrs & (0xcUL << 2)) ? 0 : -EINVAL;
}
