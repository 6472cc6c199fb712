/* The host's stand-in for xen/arch: lets xen/common run in unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <keel/arch.h>

void spin_lock(spinlock_t *lock)
{
    lock->locked = 1;
}

void spin_unlock(spinlock_t *lock)
{
    lock->locked = 0;
}

unsigned int arch_cpu_id(void)
{
    return 0;
}

void *arch_phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)pa;
}

void arch_console_write(const char *s, size_t len)
{
    fwrite(s, 1, len, stdout);
}

static uint64_t fake_now;

uint64_t arch_now_ns(void)
{
    return fake_now += 1000;
}

void arch_halt(void)
{
    abort();
}

void arch_power_off(void)
{
    abort();
}
