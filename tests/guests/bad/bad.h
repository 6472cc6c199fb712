/* bad-guest: misbehaviour the hypervisor must survive, then one it must
 * answer by killing the guest. */
#ifndef BAD_H
#define BAD_H

#include "hypercall.h"
#include "trap.h"

/* A kernel-half address: nothing is ever mapped there for a guest with
 * its MMU off. */
#define NOWHERE 0xffff000000000000ULL

/* Outside any RAM QEMU's 2 GiB virt machine has (RAM ends at 0xc0000000),
 * and no device lives there either. */
#define OUTSIDE_RAM 0x700000000ULL

/* undef.S: execute hvc with a wrong immediate; return its address. */
uint64_t hvc_imm_1234(void);
uint64_t hvc_imm_ffff(void);

void check_bad_hvc(struct guest *g);
void check_bad_pointers(struct guest *g);

#endif
