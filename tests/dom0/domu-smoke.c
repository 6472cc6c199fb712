/*
 * domu-smoke: the hypervisor's domU support end to end, with no toolstack:
 * a domain created through domctl, given memory with populate_physmap,
 * loaded with domu-probe through a foreign mapping, run, read and
 * destroyed, after which every page must be free again.
 *
 *   domu-smoke [IMAGE]      (default /usr/share/keel/domu-probe.img)
 *
 * Prints one line per step, "domu-smoke: ok STEP: ..." or "domu-smoke:
 * FAIL STEP: ...", the guest's own report lines prefixed "domu-smoke:
 * guest: ", then "domu-smoke: PASS n checks" (exit 0) or "domu-smoke:
 * FAIL k of n" (exit 1).
 */
#include "domu-smoke.h"
#include "xen_uapi.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Well past the sum of the steps' own limits: a hypercall that never
 * returns ends the program rather than the test run's time budget. */
#define TOTAL_TIMEOUT_S 120

/* A chained step is skipped once another chained step has failed (it
 * would act on a domain that is not what it expects); the others always
 * run: they stand alone, or clean up whatever exists. */
struct step {
    const char *name;
    step_fn run;
    bool chained;
};

static const struct step steps[] = {
    { "free_before", step_free_before, true },
    { "bad_version", step_bad_version, false },
    { "bad_destroy_absent", step_bad_destroy, false },
    { "bad_create_no_vcpus", step_bad_create, false },
    { "create", step_create, true },
    { "max_mem", step_max_mem, true },
    { "populate_ram", step_populate_ram, true },
    { "populate_magic", step_populate_magic, true },
    { "populate_over_max", step_populate_over_max, true },
    { "decrease_reservation", step_decrease, true },
    { "map_ram", step_map_ram, true },
    { "load_image", step_load_image, true },
    { "console_param", step_console_param, true },
    { "vcpu_context", step_vcpu_context, true },
    { "unpause", step_unpause, true },
    { "busy_vcpu", step_busy_vcpu, true },
    { "wait_shutdown", step_wait_shutdown, true },
    { "guest_report", step_guest_report, false },
    { "unmap", step_unmap, false },
    { "destroy", step_destroy, false },
    { "gone", step_gone, false },
    { "free_after", step_free_after, false },
};

#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

int smoke_info(struct smoke *s, struct result *r, struct keel_domaininfo *info)
{
    char got[64];
    long rc = ctl_domain_info(&s->ctl, s->domid, info);

    if (rc < 0)
        return fail(r, "domctl getdomaininfo d%u: got %s want 0", s->domid,
                    describe_rc(rc, got, sizeof(got)));
    return 0;
}

static void report(const char *name, int ok, const char *msg)
{
    printf("domu-smoke: %s %s%s%s\n", ok ? "ok" : "FAIL", name, msg[0] ? ": " : "",
           msg);
    fflush(stdout);
}

static unsigned run_steps(struct smoke *s)
{
    unsigned failed = 0;
    bool broken = false;

    for (size_t i = 0; i < NSTEPS; i++) {
        struct result r = { { 0 } };
        int ok;

        if (steps[i].chained && broken) {
            report(steps[i].name, 0, "not run: an earlier step failed");
            failed++;
            continue;
        }
        ok = steps[i].run(s, &r) == 0;
        r.msg[sizeof(r.msg) - 1] = '\0';
        report(steps[i].name, ok, r.msg);
        if (!ok) {
            failed++;
            broken |= steps[i].chained;
        }
    }
    return failed;
}

int main(int argc, char **argv)
{
    struct smoke s;
    unsigned failed;
    int rc;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: domu-smoke [IMAGE]\n");
        return 2;
    }
    memset(&s, 0, sizeof(s));
    s.image = argc == 2 ? argv[1] : SMOKE_IMAGE;
    alarm(TOTAL_TIMEOUT_S);
    rc = ctl_open(&s.ctl);
    if (rc < 0) {
        printf("domu-smoke: FAIL open %s: %s\n", DEV_PRIVCMD, strerror(-rc));
        return 1;
    }
    failed = run_steps(&s);
    ctl_close(&s.ctl);
    if (failed) {
        printf("domu-smoke: FAIL %u of %zu\n", failed, NSTEPS);
        return 1;
    }
    printf("domu-smoke: PASS %zu checks\n", NSTEPS);
    return 0;
}
