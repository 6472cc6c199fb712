/* Spinlocks with load-acquire exclusive / store-release. Locks are only
 * taken with interrupts masked (all hypervisor code but the idle loop
 * runs so), so no lock needs to disable interrupts itself. */
#include <keel/arch.h>

void spin_lock(spinlock_t *lock)
{
    uint32_t tmp;

    __asm__ volatile(
        "   sevl\n"
        "1: wfe\n"
        "2: ldaxr   %w0, [%1]\n"
        "   cbnz    %w0, 1b\n"
        "   stxr    %w0, %w2, [%1]\n"
        "   cbnz    %w0, 2b\n"
        : "=&r"(tmp)
        : "r"(&lock->locked), "r"(1)
        : "memory");
}

void spin_unlock(spinlock_t *lock)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(&lock->locked) : "memory");
}
