/* Decoding a stage-2 data abort into an MMIO access. Only accesses with a
 * valid instruction syndrome (single-register loads and stores) can be
 * emulated; Linux uses nothing else for device registers. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <asm/mmio.h>
#include <asm/sysregs.h>
#include <asm/vcpu.h>

#define ISS_ISV       (1UL << 24)
#define ISS_SAS(iss)  (((iss) >> 22) & 3)
#define ISS_SSE       (1UL << 21)
#define ISS_SRT(iss)  (((iss) >> 16) & 0x1f)
#define ISS_SF        (1UL << 15)
#define ISS_WNR       (1UL << 6)

int mmio_add(struct domain *d, uint64_t base, uint64_t size, mmio_fn fn,
             void *priv)
{
    struct arch_domain *ad = d->arch;

    if (ad->nr_mmio == MMIO_REGIONS_MAX)
        return -ENOSPC;
    ad->mmio[ad->nr_mmio++] = (struct mmio_region){ base, size, fn, priv };
    return 0;
}

static const struct mmio_region *find_region(const struct domain *d, uint64_t ipa)
{
    const struct arch_domain *ad = d->arch;

    for (unsigned int i = 0; i < ad->nr_mmio; i++)
        if (ipa >= ad->mmio[i].base && ipa - ad->mmio[i].base < ad->mmio[i].size)
            return &ad->mmio[i];
    return NULL;
}

static uint64_t extend(uint64_t v, unsigned int size, bool sign, bool sf)
{
    unsigned int bits = size * 8;

    if (sign && bits < 64 && (v & (1UL << (bits - 1))))
        v |= ~0UL << bits;
    return sf ? v : (uint32_t)v;
}

int mmio_handle(struct vcpu *v, struct cpu_regs *regs, uint64_t esr, uint64_t ipa)
{
    const struct mmio_region *r = find_region(v->domain, ipa);
    struct mmio_access a;
    unsigned int rt;
    int rc;

    if (!r)
        return -ENOENT;
    if (!(esr & ISS_ISV))
        return -EINVAL;
    rt = ISS_SRT(esr);
    a.offset = ipa - r->base;
    a.size = 1U << ISS_SAS(esr);
    a.write = esr & ISS_WNR;
    if (a.offset & (a.size - 1))
        return -EINVAL;
    a.value = a.write ? (rt == 31 ? 0 : regs->x[rt]) : 0;
    if (a.write && a.size < 8)
        a.value &= (1UL << (a.size * 8)) - 1;
    rc = r->handler(v, &a, r->priv);
    if (rc)
        return rc;
    if (!a.write && rt != 31)
        regs->x[rt] = extend(a.value, a.size, esr & ISS_SSE, esr & ISS_SF);
    regs->elr += 4;
    return 0;
}
