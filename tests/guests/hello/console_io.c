/* console_io (18): CONSOLEIO_write and its failure modes. */
#include "hello.h"

static const char hi[] = "hello-guest: console_io says hi\n";

void check_console_io(struct guest *g)
{
    uint64_t end;

    check_eq(g, "console_io write", console_io(CONSOLEIO_write, sizeof(hi) - 1, VA(hi)), 0);
    check_eq(g, "console_io write wild pointer -EFAULT",
             console_io(CONSOLEIO_write, 8, WILD_PTR), -XEN_EFAULT);
    /* Start 8 bytes before the end of RAM so that a hypervisor which prints
     * chunk by chunk shows at most those bytes before it faults. */
    if (ram_own_end(g, &end))
        check_eq(g, "console_io write running off RAM -EFAULT",
                 console_io(CONSOLEIO_write, 1 << 20, end - 8), -XEN_EFAULT);
    else
        check_skip(g, "console_io write running off RAM -EFAULT", "RAM end unknown");
    check_eq(g, "console_io cmd 9 -ENOSYS", console_io(9, 0, 0), -XEN_ENOSYS);
}
