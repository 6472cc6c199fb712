/* PSCI/SMCCC through one conduit (hvc #0 or a trapped smc #0). Results
 * live in w0; the upper half of x0 is not part of the answer. */
#include "regs.h"

#define UNKNOWN_FID 0x8400ffffU

static void check_w0(struct guest *g, const char *conduit, const char *what,
                     uint64_t x0, int32_t want)
{
    char name[96];

    gsnprintf(name, sizeof(name), "psci %s %s", conduit, what);
    check_eq(g, name, (int32_t)(uint32_t)x0, want);
}

/* SMCCC: x4..x30 and SP are the caller's; x1..x3 may carry results. */
static void check_kept(struct guest *g, const char *conduit,
                       void (*probe)(struct regcheck *))
{
    const uint64_t args[1] = { PSCI_0_2_VERSION };
    struct regcheck rc;
    char name[64];

    regs_fill(&rc, args, 1);
    probe(&rc);
    check_w0(g, conduit, "PSCI_VERSION (register probe)", rc.out[0],
             (int32_t)PSCI_VERSION_1_1);
    gsnprintf(name, sizeof(name), "psci %s PSCI_VERSION", conduit);
    regs_check_kept(g, name, &rc, 4);
}

void check_psci(struct guest *g, const char *conduit, smccc_fn call,
                void (*probe)(struct regcheck *))
{
    check_w0(g, conduit, "PSCI_VERSION", call(PSCI_0_2_VERSION, 0, 0, 0),
             (int32_t)PSCI_VERSION_1_1);
    check_w0(g, conduit, "SMCCC_VERSION", call(SMCCC_VERSION, 0, 0, 0),
             (int32_t)SMCCC_VERSION_1_1);
    check_w0(g, conduit, "PSCI_FEATURES(PSCI_VERSION)",
             call(PSCI_1_0_FEATURES, PSCI_0_2_VERSION, 0, 0), PSCI_SUCCESS);
    check_w0(g, conduit, "PSCI_FEATURES(0x8400ffff)",
             call(PSCI_1_0_FEATURES, UNKNOWN_FID, 0, 0), PSCI_NOT_SUPPORTED);
    check_w0(g, conduit, "MIGRATE_INFO_TYPE", call(PSCI_0_2_MIGRATE_INFO_TYPE, 0, 0, 0),
             PSCI_MIGRATE_NOT_PRESENT);
    check_w0(g, conduit, "unknown function 0x8400ffff", call(UNKNOWN_FID, 0, 0, 0),
             PSCI_NOT_SUPPORTED);
    check_kept(g, conduit, probe);
}
