/* Trapped system-register accesses (ESR class 0x18): GIC SGI generation,
 * the ID registers (to hide features Keel does not virtualise), and the
 * registers a guest may touch but must not reach. */
#include <keel/domain.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <asm/vgic.h>

/* op0, op1, CRn, CRm, op2 packed as in the ISS (Rt and direction out). */
#define SYSREG(op0, op1, crn, crm, op2) \
    ((op0) << 20 | (op2) << 17 | (op1) << 14 | (crn) << 10 | (crm) << 1)
#define ISS_SYSREG_MASK   0x3ffc1eUL
#define ISS_READ          1UL
#define ISS_RT(iss)       (((iss) >> 5) & 0x1f)

#define ICC_SGI1R_EL1     SYSREG(3, 0, 12, 11, 5)
#define ICC_ASGI1R_EL1    SYSREG(3, 0, 12, 11, 6)
#define ICC_SGI0R_EL1     SYSREG(3, 0, 12, 11, 7)
#define ACTLR_EL1_ENC     SYSREG(3, 0, 1, 0, 1)
#define DC_ISW            SYSREG(1, 0, 7, 6, 2)
#define DC_CSW            SYSREG(1, 0, 7, 10, 2)
#define DC_CISW           SYSREG(1, 0, 7, 14, 2)
#define ID_AA64PFR0_ENC   SYSREG(3, 0, 0, 4, 0)
#define ID_AA64PFR1_ENC   SYSREG(3, 0, 0, 4, 1)
#define ID_AA64ZFR0_ENC   SYSREG(3, 0, 0, 4, 4)
#define ID_AA64SMFR0_ENC  SYSREG(3, 0, 0, 4, 5)
#define ID_AA64DFR0_ENC   SYSREG(3, 0, 0, 5, 0)

/* Fields cleared from the ID registers the guest reads. */
#define PFR0_HIDE  (0xfUL << 32 /* SVE */ | 0xfUL << 40 /* MPAM */ | \
                    0xfUL << 44 /* AMU */)
#define PFR1_HIDE  (0xfUL << 8 /* MTE */ | 0xfUL << 16 /* MPAM frac */ | \
                    0xfUL << 24 /* SME */)
#define DFR0_HIDE  (0xfUL << 32 /* PMSVer (SPE) */ | 0xfUL << 44 /* TraceBuffer */ | \
                    0xfUL << 56 /* BRBE */)

static uint64_t id_aa64(uint64_t enc)
{
    switch (enc) {
    case ID_AA64PFR0_ENC:
        return read_sysreg(id_aa64pfr0_el1) & ~PFR0_HIDE;
    case ID_AA64PFR1_ENC:
        return read_sysreg(id_aa64pfr1_el1) & ~PFR1_HIDE;
    case ID_AA64DFR0_ENC:
        return read_sysreg(id_aa64dfr0_el1) & ~DFR0_HIDE;
    case SYSREG(3, 0, 0, 4, 2): case SYSREG(3, 0, 0, 4, 3):
    case ID_AA64ZFR0_ENC: case ID_AA64SMFR0_ENC:
        return 0;
    case SYSREG(3, 0, 0, 5, 1): return read_sysreg(id_aa64dfr1_el1);
    case SYSREG(3, 0, 0, 5, 4): return read_sysreg(id_aa64afr0_el1);
    case SYSREG(3, 0, 0, 5, 5): return read_sysreg(id_aa64afr1_el1);
    case SYSREG(3, 0, 0, 6, 0): return read_sysreg(id_aa64isar0_el1);
    case SYSREG(3, 0, 0, 6, 1): return read_sysreg(id_aa64isar1_el1);
    case SYSREG(3, 0, 0, 6, 2): return read_sysreg(S3_0_C0_C6_2);
    case SYSREG(3, 0, 0, 7, 0): return read_sysreg(id_aa64mmfr0_el1);
    case SYSREG(3, 0, 0, 7, 1): return read_sysreg(id_aa64mmfr1_el1);
    case SYSREG(3, 0, 0, 7, 2): return read_sysreg(id_aa64mmfr2_el1);
    default:
        return 0;               /* reserved ID space reads as zero */
    }
}

/* The AArch32 ID registers (CRm 1-3): an AArch64-only guest reads them
 * at boot to fill cpuinfo; the real values are harmless to show. */
static uint64_t id_aa32(uint64_t enc)
{
    switch (enc) {
    case SYSREG(3, 0, 0, 1, 0): return read_sysreg(id_pfr0_el1);
    case SYSREG(3, 0, 0, 1, 1): return read_sysreg(id_pfr1_el1);
    case SYSREG(3, 0, 0, 1, 2): return read_sysreg(id_dfr0_el1);
    case SYSREG(3, 0, 0, 1, 3): return read_sysreg(id_afr0_el1);
    case SYSREG(3, 0, 0, 1, 4): return read_sysreg(id_mmfr0_el1);
    case SYSREG(3, 0, 0, 1, 5): return read_sysreg(id_mmfr1_el1);
    case SYSREG(3, 0, 0, 1, 6): return read_sysreg(id_mmfr2_el1);
    case SYSREG(3, 0, 0, 1, 7): return read_sysreg(id_mmfr3_el1);
    case SYSREG(3, 0, 0, 2, 0): return read_sysreg(id_isar0_el1);
    case SYSREG(3, 0, 0, 2, 1): return read_sysreg(id_isar1_el1);
    case SYSREG(3, 0, 0, 2, 2): return read_sysreg(id_isar2_el1);
    case SYSREG(3, 0, 0, 2, 3): return read_sysreg(id_isar3_el1);
    case SYSREG(3, 0, 0, 2, 4): return read_sysreg(id_isar4_el1);
    case SYSREG(3, 0, 0, 2, 5): return read_sysreg(id_isar5_el1);
    case SYSREG(3, 0, 0, 3, 0): return read_sysreg(mvfr0_el1);
    case SYSREG(3, 0, 0, 3, 1): return read_sysreg(mvfr1_el1);
    case SYSREG(3, 0, 0, 3, 2): return read_sysreg(mvfr2_el1);
    default:
        return 0;
    }
}

static bool is_id_reg(uint64_t enc)
{
    uint64_t crm = (enc >> 1) & 0xf;

    return (enc & ~(0xfUL << 1 | 0x7UL << 17)) == SYSREG(3, 0, 0, 0, 0) &&
           crm >= 1 && crm <= 7;
}

static void set_rt(struct cpu_regs *regs, unsigned int rt, uint64_t val)
{
    if (rt != 31)
        regs->x[rt] = val;
}

void trap_sysreg(struct vcpu *v, struct cpu_regs *regs, uint64_t esr)
{
    uint64_t enc = esr & ISS_SYSREG_MASK;
    unsigned int rt = ISS_RT(esr);
    bool read = esr & ISS_READ;
    uint64_t val = rt == 31 ? 0 : regs->x[rt];

    if (!read && (enc == ICC_SGI1R_EL1 || enc == ICC_ASGI1R_EL1 ||
                  enc == ICC_SGI0R_EL1)) {
        vgic_send_sgi(v, val);
    } else if (read && is_id_reg(enc)) {
        uint64_t crm = (enc >> 1) & 0xf;

        set_rt(regs, rt, crm >= 4 ? id_aa64(enc) : id_aa32(enc));
    } else if (enc == DC_ISW || enc == DC_CSW || enc == DC_CISW) {
        /* Set/way maintenance of the guest's view of the caches: with
         * every guest mapping cacheable and coherent there is nothing to
         * do. */
    } else if (enc == ACTLR_EL1_ENC) {
        if (read)
            set_rt(regs, rt, 0);
    } else {
        kill_guest(v, "unhandled %s of system register op0=%lu op1=%lu CRn=%lu CRm=%lu op2=%lu at pc 0x%lx",
                   read ? "read" : "write", (esr >> 20) & 3, (esr >> 14) & 7,
                   (esr >> 10) & 0xf, (esr >> 1) & 0xf, (esr >> 17) & 7, regs->elr);
        return;
    }
    regs->elr += 4;
}
