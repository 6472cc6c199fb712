/* Everything xen/common needs from an architecture, and nothing more.
 * xen/arch/<arch>/ implements it for the real machine; tests/unit/fake_arch.c
 * implements it on the host so common code can be unit tested. */
#ifndef KEEL_ARCH_H
#define KEEL_ARCH_H

#include <keel/types.h>

typedef struct {
    volatile uint32_t locked;
} spinlock_t;
#define SPINLOCK_INIT { 0 }

void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

/* Index of the physical CPU running the caller. */
unsigned int arch_cpu_id(void);

/* Hypervisor pointer for a host physical address of RAM. */
void *arch_phys_to_virt(paddr_t pa);

/* Writes characters to the hypervisor's console device. */
void arch_console_write(const char *s, size_t len);

/* Stops this CPU for good after a hypervisor bug. */
void arch_halt(void) __attribute__((noreturn));

/* Powers the machine off (the last domain is gone). */
void arch_power_off(void) __attribute__((noreturn));

/* Resets the machine (dom0 rebooted). */
void arch_reboot(void) __attribute__((noreturn));

/* The system counter's frequency in kHz. */
uint64_t arch_counter_khz(void);

/* Nanoseconds since boot. */
uint64_t arch_now_ns(void);

#endif
