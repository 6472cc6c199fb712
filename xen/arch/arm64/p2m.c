/* Stage-2 tables for guests, tagged with a VMID so that switching
 * between guests needs no TLB flush. */
#include <keel/arch.h>
#include <keel/errno.h>
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
    /* 39-bit IPA from a level-1 root, inner-shareable write-back walks. */
    write_sysreg(vtcr_el2, (1UL << 31) | (pa_range << 16) | (3UL << 12) |
                               (1UL << 10) | (1UL << 8) | (1UL << 6) |
                               (64 - PT_VA_BITS));
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
    rc = pt_create(pool, &p2m->root);
    if (rc)
        vmid_free(p2m->vmid);
    return rc;
}

int p2m_map_ram(struct page_pool *pool, struct p2m *p2m, gpaddr_t gpa,
                paddr_t pa, uint64_t size)
{
    return pt_map(pool, p2m->root, gpa.v, pa, size, S2_NORMAL);
}

int p2m_lookup(const struct p2m *p2m, gpaddr_t gpa, paddr_t *pa)
{
    return pt_lookup(p2m->root, gpa.v, pa);
}

/* Drops every TLB entry tagged with the VMID before it can be reused. */
static void flush_vmid(const struct p2m *p2m)
{
    uint64_t saved = read_sysreg(vttbr_el2);

    write_sysreg(vttbr_el2, p2m->root | (uint64_t)p2m->vmid << 48);
    isb();
    __asm__ volatile("tlbi vmalls12e1is" ::: "memory");
    dsb(ish);
    isb();
    write_sysreg(vttbr_el2, saved);
    isb();
}

void p2m_destroy(struct page_pool *pool, struct p2m *p2m)
{
    if (!p2m->root)
        return;
    flush_vmid(p2m);
    pt_destroy(pool, p2m->root);
    vmid_free(p2m->vmid);
    p2m->root = 0;
}
