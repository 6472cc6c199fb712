/* PSCI 1.1 and SMCCC function IDs and return codes (Arm DEN0022, DEN0028).
 * Guests reach them with HVC #0 (or SMC, which Keel traps). */
#ifndef KEEL_PUBLIC_PSCI_H
#define KEEL_PUBLIC_PSCI_H

#define PSCI_0_2_VERSION            0x84000000U
#define PSCI_0_2_CPU_SUSPEND        0xC4000001U
#define PSCI_0_2_CPU_OFF            0x84000002U
#define PSCI_0_2_CPU_ON             0xC4000003U
#define PSCI_0_2_CPU_ON_32          0x84000003U
#define PSCI_0_2_AFFINITY_INFO      0xC4000004U
#define PSCI_0_2_AFFINITY_INFO_32   0x84000004U
#define PSCI_0_2_MIGRATE_INFO_TYPE  0x84000006U
#define PSCI_0_2_SYSTEM_OFF         0x84000008U
#define PSCI_0_2_SYSTEM_RESET       0x84000009U
#define PSCI_1_0_FEATURES           0x8400000AU

#define SMCCC_VERSION               0x80000000U
#define SMCCC_ARCH_FEATURES         0x80000001U

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
#define PSCI_INTERNAL_FAILURE   (-6)
#define PSCI_INVALID_ADDRESS    (-9)

#define PSCI_VERSION_1_1        0x00010001U
#define SMCCC_VERSION_1_1       0x00010001U
#define PSCI_MIGRATE_NOT_PRESENT 2

#endif
