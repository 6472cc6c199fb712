/*
 * dom0-test: checks, from inside dom0, the hypervisor services the Linux
 * Xen drivers expose to user space (privcmd, evtchn, gntalloc/gntdev,
 * balloon, xenfs), including that bad input is refused and not fatal.
 *
 *   dom0-test [-l] [PREFIX...]
 *
 * Runs every check (or those whose name starts with a PREFIX), one line
 * each, then "dom0-test: PASS n checks" (exit 0) or "dom0-test: FAIL k of
 * n" (exit 1). -l lists the check names. Exit 2 on a usage error.
 */
#include "checks.h"

#include <stdio.h>
#include <string.h>

#define T CHECK_TIMEOUT_S

static const struct check checks[] = {
    { "xen_version", check_xen_version, T },
    { "xen_features", check_xen_features, T },
    { "xenfs_capabilities", check_xenfs_control_d, T },
    { "evtchn_loopback", check_evtchn_loopback, T },
    { "gnt_self_map", check_grant_self_map, T },
    { "balloon_16m", check_balloon, 30 },
    { "bad_ptr_0x1", check_features_ptr_one, T },
    { "bad_ptr_unmapped", check_features_ptr_unmapped, T },
    { "bad_ptr_page_end", check_features_ptr_straddle, T },
    { "bad_ptr_readonly", check_features_ptr_readonly, T },
    { "bad_hypercall_pv", check_unknown_op_pv, T },
    { "bad_hypercall_4096", check_unknown_op_large, T },
    { "bad_hypercall_all_ones", check_unknown_op_all_ones, T },
    { "bad_evtchn_notify_unbound", check_evtchn_notify_never_bound, T },
    { "bad_evtchn_notify_closed", check_evtchn_notify_after_unbind, T },
    { "bad_evtchn_bind_port0", check_evtchn_bind_port_zero, T },
    { "bad_evtchn_bind_no_domain", check_evtchn_bind_absent_domain, T },
    { "bad_evtchn_bind_taken", check_evtchn_bind_port_taken, T },
    { "bad_gntdev_ref_range", check_gntdev_ref_out_of_range, T },
    { "bad_gntdev_ref_ungranted", check_gntdev_ref_not_granted, T },
    { "bad_gntdev_no_domain", check_gntdev_absent_domain, T },
    { "bad_gntalloc_over_limit", check_gntalloc_over_limit, T },
};

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

static int selected(const char *name, int nprefix, char **prefixes)
{
    int i;

    if (nprefix == 0)
        return 1;
    for (i = 0; i < nprefix; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

static int list(void)
{
    unsigned i;

    for (i = 0; i < NCHECKS; i++)
        printf("%s\n", checks[i].name);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned i, ran = 0, failed = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "-l") == 0)
        return list();
    if (argc > 1 && argv[1][0] == '-') {
        fprintf(stderr, "usage: dom0-test [-l] [PREFIX...]\n");
        return 2;
    }
    for (i = 0; i < NCHECKS; i++) {
        if (!selected(checks[i].name, argc - 1, argv + 1))
            continue;
        failed += (unsigned)run_check(&checks[i]);
        ran++;
    }
    if (ran == 0) {
        printf("dom0-test: FAIL no check matches\n");
        return 1;
    }
    if (failed) {
        printf("dom0-test: FAIL %u of %u\n", failed, ran);
        return 1;
    }
    printf("dom0-test: PASS %u checks\n", ran);
    return 0;
}
