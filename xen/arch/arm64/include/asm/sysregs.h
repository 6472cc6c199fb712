/* System register access and the EL2 register bits Keel uses. */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <stdint.h>

#define read_sysreg(r) ({                                   \
    uint64_t v__;                                           \
    __asm__ volatile("mrs %0, " #r : "=r"(v__));            \
    v__;                                                    \
})

#define write_sysreg(r, v) \
    __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))

/* Registers the assembler may only know by encoding. */
#define ICH_HCR_EL2   S3_4_C12_C11_0
#define ICH_VTR_EL2   S3_4_C12_C11_1
#define ICH_VMCR_EL2  S3_4_C12_C11_7
#define ICC_SRE_EL2   S3_4_C12_C9_5

#define isb()  __asm__ volatile("isb" ::: "memory")
#define dsb(o) __asm__ volatile("dsb " #o ::: "memory")
#define wfi()  __asm__ volatile("wfi" ::: "memory")

/* HCR_EL2 */
#define HCR_VM    (1UL << 0)
#define HCR_SWIO  (1UL << 1)
#define HCR_PTW   (1UL << 2)
#define HCR_FMO   (1UL << 3)
#define HCR_IMO   (1UL << 4)
#define HCR_AMO   (1UL << 5)
#define HCR_VF    (1UL << 6)
#define HCR_VI    (1UL << 7)
#define HCR_FB    (1UL << 9)
#define HCR_BSU_INNER (1UL << 10)
#define HCR_TWI   (1UL << 13)
#define HCR_TWE   (1UL << 14)
#define HCR_TID3  (1UL << 18)
#define HCR_TSC   (1UL << 19)
#define HCR_TIDCP (1UL << 20)
#define HCR_TACR  (1UL << 21)
#define HCR_TSW   (1UL << 22)
#define HCR_RW    (1UL << 31)

/* ESR_ELx exception classes handled by the trap table. */
#define ESR_EC_SHIFT      26
#define ESR_EC(esr)       (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL            (1UL << 25)
#define ESR_ISS(esr)      ((esr) & 0x1ffffff)
#define EC_UNKNOWN        0x00
#define EC_WFX            0x01
#define EC_FP_ASIMD       0x07
#define EC_HVC64          0x16
#define EC_SMC64          0x17
#define EC_SYSREG         0x18
#define EC_IABT_LOW       0x20
#define EC_IABT_CUR       0x21
#define EC_DABT_LOW       0x24
#define EC_DABT_CUR       0x25
#define EC_SERROR         0x2f
#define EC_MAX            0x3f

/* SCTLR_EL1 with only its RES1 bits: MMU and caches off, as at reset. */
#define SCTLR_EL1_RES1    0x30d00800UL

/* SPSR values. */
#define PSR_MODE_EL1H     0x5
#define PSR_DAIF_MASK     (0xfUL << 6)
#define PSR_GUEST64_INIT  (PSR_DAIF_MASK | PSR_MODE_EL1H)

#endif
