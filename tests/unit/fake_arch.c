/* The host's stand-in for xen/arch: lets xen/common run in unit tests, and
 * lets the tests steer and watch it (see fake_arch.h). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include "fake_arch.h"

/* ---- CPUs, locks, time ------------------------------------------------ */

static unsigned int cur_cpu;
static unsigned int kicks[FAKE_CPUS_MAX];
static unsigned int kicks_total;
static int locks_held;
static uint64_t fake_now;

void spin_lock(spinlock_t *lock)
{
    /* One thread runs the tests, so a held lock here would hang forever
     * on the machine. */
    if (lock->locked)
        CU_FAIL("spin_lock on a lock already held: deadlock");
    lock->locked = 1;
    locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
    if (!lock->locked)
        CU_FAIL("spin_unlock of a lock that is not held");
    lock->locked = 0;
    locks_held--;
}

int fake_locks_held(void)
{
    return locks_held;
}

unsigned int arch_cpu_id(void)
{
    return cur_cpu;
}

void fake_set_cpu(unsigned int cpu)
{
    cur_cpu = cpu;
}

void arch_kick_cpu(unsigned int cpu)
{
    kicks_total++;
    if (cpu < FAKE_CPUS_MAX)
        kicks[cpu]++;
}

unsigned int fake_kicks(unsigned int cpu)
{
    return cpu < FAKE_CPUS_MAX ? kicks[cpu] : 0;
}

unsigned int fake_kicks_total(void)
{
    return kicks_total;
}

uint64_t arch_now_ns(void)
{
    return fake_now += 1000;
}

/* QEMU virt's generic timer runs at 62.5 MHz. */
uint64_t arch_counter_khz(void)
{
    return 62500;
}

/* ---- Console ----------------------------------------------------------- */

#define CONSOLE_CAPTURE (1u << 20)

static char console_buf[CONSOLE_CAPTURE + 1];
static size_t console_len;

void arch_console_write(const char *s, size_t len)
{
    size_t n = MIN(len, CONSOLE_CAPTURE - console_len);

    if (n < len)
        CU_FAIL("console capture full");
    memcpy(console_buf + console_len, s, n);
    console_len += n;
    console_buf[console_len] = '\0';
    if (getenv("KEEL_UNIT_ECHO"))
        fwrite(s, 1, len, stdout);
}

const char *fake_console(void)
{
    return console_buf;
}

size_t fake_console_len(void)
{
    return console_len;
}

void fake_console_clear(void)
{
    console_len = 0;
    console_buf[0] = '\0';
}

/* ---- Guest memory ------------------------------------------------------ */

#define MAPPINGS_MAX 256
#define GUEST_ALLOCS_MAX 64

struct mapping {
    const struct domain *d;     /* NULL: every domain */
    gvaddr_t va;                /* page aligned */
    unsigned char *host;
    unsigned int prot;
};

static struct mapping mappings[MAPPINGS_MAX];
static unsigned int nr_mappings;
static void *guest_allocs[GUEST_ALLOCS_MAX];
static unsigned int nr_guest_allocs;
static unsigned int translations;

void *arch_phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)pa;
}

static struct mapping *mapping_slot(const struct domain *d, gvaddr_t va)
{
    for (unsigned int i = 0; i < nr_mappings; i++)
        if (mappings[i].d == d && mappings[i].va == va)
            return &mappings[i];
    if (nr_mappings == MAPPINGS_MAX) {
        CU_FAIL_FATAL("fake: too many guest mappings");
        return NULL;
    }
    return &mappings[nr_mappings++];
}

void fake_map(const struct domain *d, gvaddr_t va, void *host, size_t npages,
              unsigned int prot)
{
    CU_ASSERT_FATAL(IS_ALIGNED(va, PAGE_SIZE));
    for (size_t i = 0; i < npages; i++) {
        struct mapping *m = mapping_slot(d, va + i * PAGE_SIZE);

        m->d = d;
        m->va = va + i * PAGE_SIZE;
        m->host = (unsigned char *)host + i * PAGE_SIZE;
        m->prot = prot;
    }
}

void *fake_guest_mem(const struct domain *d, gvaddr_t va, size_t npages,
                     unsigned int prot)
{
    void *mem = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);

    CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
    CU_ASSERT_FATAL(nr_guest_allocs < GUEST_ALLOCS_MAX);
    memset(mem, 0, npages * PAGE_SIZE);
    guest_allocs[nr_guest_allocs++] = mem;
    fake_map(d, va, mem, npages, prot);
    return mem;
}

/* A mapping for the domain itself wins over one for every domain. */
static const struct mapping *lookup(const struct domain *d, gvaddr_t page)
{
    const struct mapping *any = NULL;

    for (unsigned int i = 0; i < nr_mappings; i++) {
        if (mappings[i].va != page)
            continue;
        if (mappings[i].d == d && d)
            return &mappings[i];
        if (!mappings[i].d)
            any = &mappings[i];
    }
    return any;
}

int arch_guest_va_to_pa(struct vcpu *v, gvaddr_t va, bool write, paddr_t *pa)
{
    const struct mapping *m = lookup(v ? v->domain : NULL, va & PAGE_MASK);
    unsigned int need = write ? FAKE_PROT_W : FAKE_PROT_R;

    translations++;
    if (!m || !(m->prot & need))
        return -EFAULT;
    *pa = (paddr_t)(uintptr_t)(m->host + (va & ~PAGE_MASK));
    return 0;
}

unsigned int fake_translations(void)
{
    return translations;
}

/* ---- Domains and vCPUs ------------------------------------------------- */

struct arch_domain {
    const struct domain *owner;
    uint64_t ram_gpa;           /* the domain's RAM, for arch_ram_frame */
    void *ram;
    uint64_t ram_size;
};

struct arch_vcpu {
    const struct vcpu *owner;
    uint64_t pc, x0, x1, spsr;  /* boot registers */
};

static int fail_domain_rc;
static int fail_vcpu_rc;
static unsigned int fail_vcpu_in;
static unsigned int live_domains, live_vcpus;
static unsigned int domain_creates, vcpu_creates;

void fake_fail_domain_create(int rc)
{
    fail_domain_rc = rc;
}

void fake_fail_vcpu_create(unsigned int nth, int rc)
{
    fail_vcpu_in = nth;
    fail_vcpu_rc = rc;
}

int arch_domain_create(struct domain *d)
{
    int rc = fail_domain_rc;

    domain_creates++;
    fail_domain_rc = 0;
    if (rc)
        return rc;
    d->arch = malloc(sizeof(*d->arch));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->arch);
    memset(d->arch, 0, sizeof(*d->arch));
    d->arch->owner = d;
    live_domains++;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    if (!d->arch || d->arch->owner != d) {
        CU_FAIL("arch_domain_destroy of a domain the arch did not create");
        return;
    }
    free(d->arch);
    d->arch = NULL;
    live_domains--;
}

int arch_vcpu_create(struct vcpu *v)
{
    vcpu_creates++;
    if (fail_vcpu_rc && fail_vcpu_in-- == 0) {
        int rc = fail_vcpu_rc;

        fail_vcpu_rc = 0;
        return rc;
    }
    v->arch = malloc(sizeof(*v->arch));
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->arch);
    memset(v->arch, 0, sizeof(*v->arch));
    v->arch->owner = v;
    live_vcpus++;
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if (!v->arch || v->arch->owner != v) {
        CU_FAIL("arch_vcpu_destroy of a vCPU the arch did not create");
        return;
    }
    free(v->arch);
    v->arch = NULL;
    live_vcpus--;
}

void fake_set_ram(struct domain *d, uint64_t gpa, void *host, uint64_t size)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->arch);
    d->arch->ram_gpa = gpa;
    d->arch->ram = host;
    d->arch->ram_size = size;
}

int arch_ram_frame(struct domain *d, uint64_t gfn, paddr_t *pa)
{
    const struct arch_domain *ad = d->arch;
    uint64_t gpa = gfn << PAGE_SHIFT;

    if (!ad || gfn >= (1ULL << (64 - PAGE_SHIFT)) || gpa < ad->ram_gpa ||
        gpa - ad->ram_gpa >= ad->ram_size)
        return -EINVAL;
    *pa = (paddr_t)(uintptr_t)ad->ram + (gpa - ad->ram_gpa);
    return 0;
}

int arch_domain_setup_guest(struct domain *d)
{
    return d->arch ? 0 : -EINVAL;
}

void arch_vcpu_set_boot(struct vcpu *v, uint64_t pc, uint64_t x0, uint64_t x1,
                        uint64_t spsr)
{
    v->arch->pc = pc;
    v->arch->x0 = x0;
    v->arch->x1 = x1;
    v->arch->spsr = spsr;
}

void arch_vcpu_get_boot(struct vcpu *v, uint64_t *pc, uint64_t *x0,
                        uint64_t *x1, uint64_t *spsr)
{
    *pc = v->arch->pc;
    *x0 = v->arch->x0;
    *x1 = v->arch->x1;
    *spsr = v->arch->spsr;
}

/* Ballooning only counts: tests of it look at d->tot_pages. */
int arch_populate(struct domain *d, uint64_t gfn, unsigned int order)
{
    if (gfn >> (48 - PAGE_SHIFT))
        return -EINVAL;
    d->tot_pages += 1ULL << order;
    return 0;
}

int arch_release(struct domain *d, uint64_t gfn)
{
    if (gfn >> (48 - PAGE_SHIFT) || !d->tot_pages)
        return -EINVAL;
    d->tot_pages--;
    return 0;
}

unsigned int fake_live_domains(void)
{
    return live_domains;
}

unsigned int fake_live_vcpus(void)
{
    return live_vcpus;
}

unsigned int fake_domain_creates(void)
{
    return domain_creates;
}

unsigned int fake_vcpu_creates(void)
{
    return vcpu_creates;
}

/* ---- Ends that do not return ------------------------------------------ */

static jmp_buf *run_env;

enum fake_end fake_run(void (*fn)(void *), void *arg)
{
    jmp_buf env, *outer = run_env;
    enum fake_end end;

    run_env = &env;
    switch (setjmp(env)) {
    case 0:
        fn(arg);
        end = FAKE_RETURNED;
        break;
    case FAKE_POWERED_OFF:
        end = FAKE_POWERED_OFF;
        break;
    case FAKE_REBOOTED:
        end = FAKE_REBOOTED;
        break;
    default:
        end = FAKE_HALTED;
        break;
    }
    run_env = outer;
    return end;
}

static void __attribute__((noreturn)) leave(enum fake_end how, const char *what)
{
    if (run_env)
        longjmp(*run_env, (int)how);
    fprintf(stderr, "fake: %s outside fake_run\n", what);
    abort();
}

void arch_halt(void)
{
    leave(FAKE_HALTED, "arch_halt");
}

void arch_power_off(void)
{
    leave(FAKE_POWERED_OFF, "arch_power_off");
}

void arch_reboot(void)
{
    leave(FAKE_REBOOTED, "arch_reboot");
}

/* ---- A whole hypervisor state ------------------------------------------ */

void fake_keel_init(struct fake_keel *fk, unsigned int nr_cpus,
                    size_t pool_bytes)
{
    memset(fk, 0, sizeof(*fk));
    fk->mem = aligned_alloc(PAGE_SIZE, pool_bytes);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fk->mem);
    page_pool_init(&fk->k.pool);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&fk->k.pool, (paddr_t)(uintptr_t)fk->mem,
                                        pool_bytes, fk->mem), 0);
    heap_init(&fk->k.heap, &fk->k.pool);
    sched_init(&fk->k.sched, nr_cpus);
    fk->free_pages = page_pool_free_pages(&fk->k.pool);
}

static void shutdown_one(void *arg)
{
    domain_shutdown(arg, 0, "test over");
}

static void reap(void *arg)
{
    domain_reap(arg);
}

/* Takes down what a test left running, the way the arch would: unload
 * every vCPU, shut each domain down, reap. */
static void destroy_leftovers(struct keel *k)
{
    for (struct domain *d = k->domains; d; d = d->next)
        for (unsigned int i = 0; i < d->nr_vcpus; i++)
            d->vcpus[i]->loaded = false;
    for (unsigned int i = 0; i < SCHED_CPUS_MAX; i++)
        k->sched.rq[i].current = NULL;
    for (;;) {
        struct domain *d = k->domains;

        while (d && d->state != DOMAIN_RUNNING)
            d = d->next;
        if (!d)
            break;
        fake_run(shutdown_one, d);
    }
    if (k->domains)
        fake_run(reap, k);
}

void fake_keel_fini(struct fake_keel *fk)
{
    destroy_leftovers(&fk->k);
    CU_ASSERT_PTR_NULL(fk->k.domains);
    CU_ASSERT_EQUAL(fk->k.nr_domains, 0);
    CU_ASSERT_EQUAL(fk->k.heap.pages, 0);
    CU_ASSERT_EQUAL(fk->k.heap.bad_frees, 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&fk->k.pool), fk->free_pages);
    CU_ASSERT_EQUAL(fake_live_domains(), 0);
    CU_ASSERT_EQUAL(fake_live_vcpus(), 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    free(fk->mem);
    fk->mem = NULL;
}

/* ---- Bookkeeping -------------------------------------------------------- */

void fake_reset(void)
{
    for (unsigned int i = 0; i < nr_guest_allocs; i++)
        free(guest_allocs[i]);
    nr_guest_allocs = 0;
    nr_mappings = 0;
    translations = 0;
    fake_console_clear();
    cur_cpu = 0;
    memset(kicks, 0, sizeof(kicks));
    kicks_total = 0;
    locks_held = 0;
    fail_domain_rc = 0;
    fail_vcpu_rc = 0;
    fail_vcpu_in = 0;
    live_domains = live_vcpus = 0;
    domain_creates = vcpu_creates = 0;
}
