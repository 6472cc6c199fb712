/* hello-guest: every hypercall Keel implements, called correctly and
 * incorrectly, one group of checks per file. */
#ifndef HELLO_H
#define HELLO_H

#include "hypercall.h"

/* An address no guest RAM is ever at: far above any IPA a 2 GiB QEMU
 * machine hands out, yet inside a 48-bit address space. */
#define WILD_PTR 0x7ff000000000ULL

void check_entry(struct guest *g);
void check_xen_version(struct guest *g);
void check_console_io(struct guest *g);
void check_sched_op(struct guest *g);
void check_numbers(struct guest *g);
void check_regs(struct guest *g);
void check_psci(struct guest *g, const char *conduit, smccc_fn call,
                void (*probe)(struct regcheck *));

#endif
