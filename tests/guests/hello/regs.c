/* After a hypercall every register but x0 must hold what it held before
 * (Keel preserves them all, which is stricter than Xen's ABI requires). */
#include "regs.h"

#define SENTINEL(i) (0x5e57e1a000000000ULL | ((uint64_t)(i) << 8) | (uint64_t)(i))

void regs_fill(struct regcheck *rc, const uint64_t *args, int nargs)
{
    for (int i = 0; i < 31; i++)
        rc->in[i] = SENTINEL(i);
    for (int i = 0; i < nargs; i++)
        rc->in[i] = args[i];
    rc->sp_in = rc->sp_out = 0;
}

void regs_check_kept(struct guest *g, const char *what, const struct regcheck *rc,
                     int first)
{
    char name[96];
    int bad = -1;

    for (int i = first; i < 31 && bad < 0; i++) {
        if (rc->out[i] != rc->in[i])
            bad = i;
    }
    gsnprintf(name, sizeof(name), "%s keeps x%d..x30 and sp", what, first);
    if (bad >= 0) {
        check_true(g, name, false, "x%d = 0x%lx, was 0x%lx", bad,
                   (unsigned long)rc->out[bad], (unsigned long)rc->in[bad]);
        return;
    }
    check_true(g, name, rc->sp_out == rc->sp_in, "sp = 0x%lx, was 0x%lx",
               (unsigned long)rc->sp_out, (unsigned long)rc->sp_in);
}

static const char probe_text[] = "hello-guest: (register probe)\n";

struct probe {
    const char *what;
    uint64_t nr;
    uint64_t args[3];
    int nargs;
    int64_t want;
};

static void run_probe(struct guest *g, const struct probe *p)
{
    struct regcheck rc;
    char name[96];

    regs_fill(&rc, p->args, p->nargs);
    rc.in[16] = p->nr;
    regcheck_xen(&rc);
    gsnprintf(name, sizeof(name), "regs: %s result", p->what);
    check_eq(g, name, (int64_t)rc.out[0], p->want);
    gsnprintf(name, sizeof(name), "regs: %s", p->what);
    regs_check_kept(g, name, &rc, 1);
}

void check_regs(struct guest *g)
{
    const struct probe probes[] = {
        { "xen_version(version)", __HYPERVISOR_xen_version,
          { XENVER_version, 0 }, 2, (KEEL_XEN_MAJOR << 16) | KEEL_XEN_MINOR },
        { "sched_op(yield)", __HYPERVISOR_sched_op, { SCHEDOP_yield, 0 }, 2, 0 },
        { "console_io(write)", __HYPERVISOR_console_io,
          { CONSOLEIO_write, sizeof(probe_text) - 1, VA(probe_text) }, 3, 0 },
        { "xen_version(get_features, wild)", __HYPERVISOR_xen_version,
          { XENVER_get_features, WILD_PTR }, 2, -XEN_EFAULT },
        { "hypercall 63", 63, { 0 }, 1, -XEN_ENOSYS },
        { "hypercall 4096", 4096, { 0 }, 1, -XEN_ENOSYS },
    };

    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
        run_probe(g, &probes[i]);
}
