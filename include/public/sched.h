/* sched_op(cmd, arg): numbers and layouts of Xen's public ABI. */
#ifndef KEEL_PUBLIC_SCHED_H
#define KEEL_PUBLIC_SCHED_H

#include <stddef.h>
#include <stdint.h>

#define SCHEDOP_yield           0
#define SCHEDOP_block           1
#define SCHEDOP_shutdown        2
#define SCHEDOP_poll            3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5
#define SCHEDOP_watchdog        6
#define SCHEDOP_pin_override    7

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

struct sched_shutdown {
    uint32_t reason;
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");

struct sched_remote_shutdown {
    uint16_t domain_id;
    uint32_t reason;
};
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "remote_shutdown size");
_Static_assert(offsetof(struct sched_remote_shutdown, reason) == 4, "remote_shutdown.reason");

#endif
