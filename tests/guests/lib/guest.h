/* What every test guest shares: the boot record start.S hands over, the
 * guest context the checks run in, and the small library around them. */
#ifndef GUEST_H
#define GUEST_H

/* Everything is linked into one position-independent image: keeping symbols
 * hidden lets the compiler address them PC-relative instead of via the GOT. */
#pragma GCC visibility push(hidden)

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error values of the Xen ABI (negated in results); include/public has no
 * errno header, so the guests carry the few they check. */
#define XEN_EPERM   1
#define XEN_EFAULT  14
#define XEN_EINVAL  22
#define XEN_ENOSYS  38

/* Hypercall numbers include/public/xen.h leaves out because arm lacks them. */
#define HC_set_trap_table 0
#define HC_mmu_update     1

/* Register state at entry and where the image sits, filled by start.S.
 * Offsets are shared with start.S (BOOT_* there). */
struct boot_info {
    uint64_t x[4];          /* x0 (DTB or 0) .. x3 at entry */
    uint64_t current_el;    /* CurrentEL register */
    uint64_t spsel;         /* SPSel: 1 means EL1h */
    uint64_t daif;          /* DAIF at entry, before start.S masks it */
    uint64_t sctlr;         /* SCTLR_EL1 at entry */
    uint64_t load_base;     /* address of the Image header */
    uint64_t load_end;      /* load_base + image_size */
};

struct ram_range {
    uint64_t base;
    uint64_t end;           /* exclusive */
};

#define RAM_BANKS_MAX 8

/* One guest run: who we are, what we were told, and the check tally. */
struct guest {
    const char *name;
    const struct boot_info *boot;
    int fdt_err;            /* 0, or why the DTB could not be read */
    int nbanks;             /* memory banks from the DTB */
    struct ram_range banks[RAM_BANKS_MAX];
    unsigned run;
    unsigned failed;
    unsigned skipped;
};

/* Defined by each guest: its name (also used by the trap handler, which has
 * no context to carry it) and its body, which must end in guest_finish. */
extern const char guest_name[];
void guest_main(struct guest *g);

/* boot.c */
void guest_boot(const struct boot_info *bi);
_Noreturn void guest_shutdown(unsigned reason);
_Noreturn void guest_crash(void);

/* check.c: one printed line per check, "<guest>: ok <what>" or
 * "<guest>: FAIL <what>: got X want Y". */
void check_eq(struct guest *g, const char *what, int64_t got, int64_t want);
void check_true(struct guest *g, const char *what, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void check_skip(struct guest *g, const char *what, const char *why);
_Noreturn void guest_finish(struct guest *g);

/* print.c: formatted output through console_io (%s %c %d %i %u %x %p, with
 * l/ll/z, '0' flag and width). */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int gsnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* From now on gprintf appends to buf (size bytes, kept NUL-terminated)
 * instead of calling console_io; buf NULL goes back to the console. */
void guest_output_to_buffer(char *buf, size_t size);

/* fdt.c: the memory banks of a flattened device tree. */
int fdt_memory_banks(const void *fdt, struct ram_range *banks, int max);

/* ram.c: the guest's RAM as the DTB describes it. */
const struct ram_range *ram_bank_of(const struct guest *g, uint64_t addr);
bool ram_contains(const struct guest *g, uint64_t addr);
bool ram_own_end(const struct guest *g, uint64_t *end);

/* string.c: the compiler may emit calls to these even when freestanding. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
const void *memchr_const(const void *s, int c, size_t n);

#define VA(p) ((uint64_t)(uintptr_t)(p))

#endif
