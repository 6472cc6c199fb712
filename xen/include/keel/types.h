/* Basic types shared by every part of the hypervisor. */
#ifndef KEEL_TYPES_H
#define KEEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Host physical address. */
typedef uint64_t paddr_t;

/* Guest physical (intermediate physical) address: a struct so that it
 * cannot be mixed up with a host address without saying so. */
typedef struct {
    uint64_t v;
} gpaddr_t;
#define GPA(x) ((gpaddr_t){ (x) })

/* Guest virtual address, as seen by the guest's current stage 1. */
typedef uint64_t gvaddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)        ((a) < (b) ? (a) : (b))
#define MAX(a, b)        ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#endif
