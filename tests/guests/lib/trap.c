/* The C half of vectors.S. The record is global because an exception
 * handler has no caller to hand it a context. */
#include "trap.h"

struct trap_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t pad;
};
_Static_assert(sizeof(struct trap_frame) == 288, "TF_SIZE in vectors.S");
_Static_assert(offsetof(struct trap_frame, elr) == 248, "TF_ELR in vectors.S");
_Static_assert(offsetof(struct trap_frame, far) == 272, "TF_FAR in vectors.S");

#define KIND_EL1H_SYNC 4

static volatile bool trap_armed;
static volatile bool trap_reporting;
static volatile struct trap_record trap_rec;

void trap_expect(void)
{
    trap_rec.count = 0;
    trap_rec.esr = 0;
    trap_rec.elr = 0;
    trap_rec.far = 0;
    trap_armed = true;
}

struct trap_record trap_taken(void)
{
    struct trap_record r;

    trap_armed = false;
    r.count = trap_rec.count;
    r.esr = trap_rec.esr;
    r.elr = trap_rec.elr;
    r.far = trap_rec.far;
    return r;
}

static const char *const kind_names[16] = {
    "sync EL1t", "irq EL1t", "fiq EL1t", "serror EL1t",
    "sync EL1h", "irq EL1h", "fiq EL1h", "serror EL1h",
    "sync EL0/64", "irq EL0/64", "fiq EL0/64", "serror EL0/64",
    "sync EL0/32", "irq EL0/32", "fiq EL0/32", "serror EL0/32",
};

void trap_handle(struct trap_frame *f, uint64_t kind);

void trap_handle(struct trap_frame *f, uint64_t kind)
{
    if (kind == KIND_EL1H_SYNC && trap_armed) {
        trap_rec.count++;
        trap_rec.esr = f->esr;
        trap_rec.elr = f->elr;
        trap_rec.far = f->far;
        trap_armed = false;
        f->elr += 4;
        return;
    }
    /* If reporting itself faults (say console_io is not answered), going
     * round again would only eat the stack: stop here instead. */
    if (trap_reporting) {
        for (;;)
            __asm__ volatile("wfi");
    }
    trap_reporting = true;
    gprintf("%s: FAIL unexpected exception %s: esr=0x%lx elr=0x%lx far=0x%lx\n",
            guest_name, kind < 16 ? kind_names[kind] : "?", (unsigned long)f->esr,
            (unsigned long)f->elr, (unsigned long)f->far);
    guest_crash();
}
