/* Controls of the host's stand-in for xen/arch (fake_arch.c), for tests
 * of xen/common. Every test that uses them starts with fake_reset(), so no
 * test sees what an earlier one left behind.
 *
 * Guest memory: a guest virtual page is mapped to any host buffer with a
 * read and/or write permission, per domain or for every domain. The fake's
 * physical addresses are host addresses (arch_phys_to_virt is the
 * identity), so what common code writes to a guest lands in that buffer. */
#ifndef KEEL_FAKE_ARCH_H
#define KEEL_FAKE_ARCH_H

#include <keel/keel.h>

#define FAKE_PROT_R  1u
#define FAKE_PROT_W  2u
#define FAKE_PROT_RW (FAKE_PROT_R | FAKE_PROT_W)

#define FAKE_CPUS_MAX 64

/* Forgets every mapping, frees the memory fake_guest_mem() handed out and
 * clears the console capture, the counters and the injected failures. */
void fake_reset(void);

/* Maps npages guest pages from the page-aligned va to host memory at
 * `host` (any alignment), for domain d only or, if d is NULL, for all.
 * A later mapping of the same page replaces the earlier one; prot 0 makes
 * the page fault for reads and writes alike. */
void fake_map(const struct domain *d, gvaddr_t va, void *host, size_t npages,
              unsigned int prot);

/* Zeroed host memory for npages guest pages at va, mapped with prot for
 * domain d (NULL: all); freed by fake_reset(). */
void *fake_guest_mem(const struct domain *d, gvaddr_t va, size_t npages,
                     unsigned int prot);

/* arch_guest_va_to_pa calls since fake_reset(), failed ones included. */
unsigned int fake_translations(void);

/* Everything arch_console_write was given since the last clear (with
 * KEEL_UNIT_ECHO set in the environment it also goes to stdout). */
const char *fake_console(void);
size_t fake_console_len(void);
void fake_console_clear(void);

/* The pCPU arch_cpu_id() reports. */
void fake_set_cpu(unsigned int cpu);

/* arch_kick_cpu calls for one pCPU, and in all. */
unsigned int fake_kicks(unsigned int cpu);
unsigned int fake_kicks_total(void);

/* Spin locks taken and not yet released, over all locks; a lock taken
 * twice or released while free fails the running test. */
int fake_locks_held(void);

/* The next arch_domain_create fails with rc; the call `nth` calls from now
 * (0: the next one) to arch_vcpu_create fails with rc. */
void fake_fail_domain_create(int rc);
void fake_fail_vcpu_create(unsigned int nth, int rc);

/* Gives domain d (created through arch_domain_create) RAM at guest
 * physical gpa, backed by host memory at `host`, for arch_ram_frame. */
void fake_set_ram(struct domain *d, uint64_t gpa, void *host, uint64_t size);

/* Arch objects created and not yet destroyed, and create calls so far. */
unsigned int fake_live_domains(void);
unsigned int fake_live_vcpus(void);
unsigned int fake_domain_creates(void);
unsigned int fake_vcpu_creates(void);

/* Runs fn(arg) and tells how it ended: arch_power_off, arch_reboot and
 * arch_halt are noreturn, so the fake jumps back here from them. Outside
 * fake_run they abort the test program. */
enum fake_end {
    FAKE_RETURNED,
    FAKE_POWERED_OFF,
    FAKE_HALTED,
    FAKE_REBOOTED,
};
enum fake_end fake_run(void (*fn)(void *), void *arg);

/* A struct keel with a page pool over malloc'd memory (its physical
 * addresses are its host addresses), a heap and a scheduler of nr_cpus
 * pCPUs. fake_keel_fini() takes down any domain left (unloading its vCPUs
 * and catching the power-off), checks that every page, arch object and
 * lock came back, then frees the memory. */
struct fake_keel {
    struct keel k;
    void *mem;
    uint64_t free_pages;        /* pool pages free right after init */
};

void fake_keel_init(struct fake_keel *fk, unsigned int nr_cpus,
                    size_t pool_bytes);
void fake_keel_fini(struct fake_keel *fk);

#endif
