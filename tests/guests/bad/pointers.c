/* Struct pointers into nowhere and across the end of RAM: each call must
 * fail with -EFAULT and leave us running. */
#include "bad.h"

static void check_nowhere(struct guest *g)
{
    check_eq(g, "xen_version get_features at 0xffff000000000000 -EFAULT",
             xen_version(XENVER_get_features, NOWHERE), -XEN_EFAULT);
    check_eq(g, "xen_version extraversion at 0xffff000000000000 -EFAULT",
             xen_version(XENVER_extraversion, NOWHERE), -XEN_EFAULT);
    check_eq(g, "console_io write at 0xffff000000000000 -EFAULT",
             console_io(CONSOLEIO_write, 16, NOWHERE), -XEN_EFAULT);
    check_eq(g, "sched_op shutdown at 0xffff000000000000 -EFAULT",
             sched_op(SCHEDOP_shutdown, NOWHERE), -XEN_EFAULT);
}

/* The 8-byte xen_feature_info and a 4-byte write straddling the last RAM
 * page and the unmapped one after it. */
static void check_straddle(struct guest *g)
{
    uint64_t end;

    if (!ram_own_end(g, &end)) {
        check_skip(g, "pointers straddling the end of RAM", "RAM end unknown");
        return;
    }
    check_eq(g, "xen_version get_features straddling the end of RAM -EFAULT",
             xen_version(XENVER_get_features, end - 4), -XEN_EFAULT);
    check_eq(g, "xen_version extraversion straddling the end of RAM -EFAULT",
             xen_version(XENVER_extraversion, end - 8), -XEN_EFAULT);
    check_eq(g, "console_io write of the last 2 bytes of RAM and 2 more -EFAULT",
             console_io(CONSOLEIO_write, 4, end - 2), -XEN_EFAULT);
}

void check_bad_pointers(struct guest *g)
{
    check_nowhere(g);
    check_straddle(g);
}
