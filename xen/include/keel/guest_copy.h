/* The one path by which the hypervisor reads and writes guest memory named
 * by a guest virtual address (hypercall arguments). Every failure is
 * -EFAULT and nothing past the failing byte is touched. */
#ifndef KEEL_GUEST_COPY_H
#define KEEL_GUEST_COPY_H

#include <keel/types.h>

struct vcpu;

int copy_from_guest(struct vcpu *v, void *dst, gvaddr_t src, size_t len);
int copy_to_guest(struct vcpu *v, gvaddr_t dst, const void *src, size_t len);

#endif
