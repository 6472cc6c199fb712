/* The hardware side of the virtual CPU interface: list registers and the
 * ICH_* state that belongs to the running vCPU. */
#include <asm/sysregs.h>
#include <asm/vgic_lr.h>

#define LR_CASE(n, crm, op2)                                   \
    case n:                                                    \
        if (write)                                             \
            write_sysreg(S3_4_C12_##crm##_##op2, *val);        \
        else                                                   \
            *val = read_sysreg(S3_4_C12_##crm##_##op2);        \
        break;

static void lr_access(unsigned int n, uint64_t *val, bool write)
{
    switch (n) {
    LR_CASE(0, C12, 0) LR_CASE(1, C12, 1) LR_CASE(2, C12, 2) LR_CASE(3, C12, 3)
    LR_CASE(4, C12, 4) LR_CASE(5, C12, 5) LR_CASE(6, C12, 6) LR_CASE(7, C12, 7)
    LR_CASE(8, C13, 0) LR_CASE(9, C13, 1) LR_CASE(10, C13, 2) LR_CASE(11, C13, 3)
    LR_CASE(12, C13, 4) LR_CASE(13, C13, 5) LR_CASE(14, C13, 6) LR_CASE(15, C13, 7)
    default:
        break;
    }
}

uint64_t lr_read(unsigned int n)
{
    uint64_t v = 0;

    lr_access(n, &v, false);
    return v;
}

void lr_write(unsigned int n, uint64_t v)
{
    lr_access(n, &v, true);
}

unsigned int vgic_nr_lrs(void)
{
    return (unsigned int)(read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
}

void ich_hcr_write(uint64_t v)
{
    write_sysreg(ICH_HCR_EL2, v);
}

uint64_t ich_vmcr_read(void)
{
    return read_sysreg(ICH_VMCR_EL2);
}

void ich_vmcr_write(uint64_t v)
{
    write_sysreg(ICH_VMCR_EL2, v);
}

void ich_apr_read(uint64_t *ap0r0, uint64_t *ap1r0)
{
    *ap0r0 = read_sysreg(S3_4_C12_C8_0);
    *ap1r0 = read_sysreg(S3_4_C12_C9_0);
}

void ich_apr_write(uint64_t ap0r0, uint64_t ap1r0)
{
    write_sysreg(S3_4_C12_C8_0, ap0r0);
    write_sysreg(S3_4_C12_C9_0, ap1r0);
}
