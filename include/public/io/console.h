/* The console ring page a domU writes its hvc0 output into. */
#ifndef KEEL_PUBLIC_IO_CONSOLE_H
#define KEEL_PUBLIC_IO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;
#define XENCONS_IN_SIZE  1024
#define XENCONS_OUT_SIZE 2048

struct xencons_interface {
    char in[XENCONS_IN_SIZE];       /* to the guest */
    char out[XENCONS_OUT_SIZE];     /* from the guest */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "out");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "in_cons");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "out_prod");

#endif
