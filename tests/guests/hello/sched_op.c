/* sched_op (29): yield and the shutdown calls that must fail and return.
 * The real shutdown is guest_finish's. */
#include "hello.h"

void check_sched_op(struct guest *g)
{
    struct sched_shutdown bad = { .reason = 77 };

    check_eq(g, "sched_op yield", sched_op(SCHEDOP_yield, 0), 0);
    check_eq(g, "sched_op cmd 99 -ENOSYS", sched_op(99, 0), -XEN_ENOSYS);
    check_eq(g, "sched_op shutdown wild pointer -EFAULT",
             sched_op(SCHEDOP_shutdown, WILD_PTR), -XEN_EFAULT);
    check_eq(g, "sched_op shutdown reason 77 -EINVAL",
             sched_op(SCHEDOP_shutdown, VA(&bad)), -XEN_EINVAL);
}
