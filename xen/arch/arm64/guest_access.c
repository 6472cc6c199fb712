/* Translating a guest's virtual address the way its own vCPU would, with
 * the AT instruction through the live stage 1 and stage 2. Valid only
 * while that vCPU is loaded on this pCPU, which is true for its traps. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/vcpu.h>

#define PAR_F         (1UL << 0)
#define PAR_PA_MASK   0x0000fffffffff000UL

int arch_guest_va_to_pa(struct vcpu *v, gvaddr_t va, bool write, paddr_t *pa)
{
    uint64_t saved = read_sysreg(par_el1);
    uint64_t par;
    paddr_t host;

    if (write)
        __asm__ volatile("at s12e1w, %0" : : "r"(va) : "memory");
    else
        __asm__ volatile("at s12e1r, %0" : : "r"(va) : "memory");
    isb();
    par = read_sysreg(par_el1);
    /* PAR_EL1 is the guest's register too: put its value back. */
    write_sysreg(par_el1, saved);
    if (par & PAR_F)
        return -EFAULT;
    host = (par & PAR_PA_MASK) | (va & ~PAGE_MASK);
    /* Stage 2 let it through, so the guest may touch it; but only RAM, never
     * a device it has mapped, is accessed through the hypervisor's map. */
    if (!mmu_is_ram(host))
        return -EFAULT;
    *pa = host;
    return 0;
}
