/*
 * domu-smoke: builds domu-probe (tests/guests/domu/) as a domU through
 * domctl and memory_op, runs it, reads its report and destroys it. The
 * steps share one struct smoke; each returns 0 (ok) or -1 and fills r.
 */
#ifndef DOMU_SMOKE_H
#define DOMU_SMOKE_H

#include "check.h"
#include "domu-ctl.h"
#include "probe_abi.h"

#include <stdbool.h>

#define SMOKE_PAGE 4096UL
/* What dom0 maps of the guest: the image and the report after it. */
#define SMOKE_MAP_PAGES ((PROBE_RESULT_OFFSET + PROBE_RESULT_SIZE) / SMOKE_PAGE)
#define SMOKE_MAX_MEM_KB (32UL << 10)
#define SMOKE_IMAGE "/usr/share/keel/domu-probe.img"

struct smoke {
    struct ctl ctl;
    const char *image;          /* path of domu-probe.img */
    uint64_t free_before;       /* the pool's free pages before we began */
    /* Pages the hypervisor took, and kept, for dom0's own stage-2 tables
     * when dom0 mapped the guest (balloon holes split its block
     * mappings): the memory balance at the end allows for exactly these. */
    int64_t dom0_tables;
    uint16_t domid;             /* 0 while there is no domain */
    unsigned char *ram;         /* SMOKE_MAP_PAGES from PROBE_RAM_BASE */
};

typedef int (*step_fn)(struct smoke *s, struct result *r);

/* domu-negative.c: refusals that need no guest of ours. */
int step_bad_version(struct smoke *s, struct result *r);
int step_bad_destroy(struct smoke *s, struct result *r);
int step_bad_create(struct smoke *s, struct result *r);

/* domu-build.c: the domain from nothing to ready to run. */
int step_free_before(struct smoke *s, struct result *r);
int step_create(struct smoke *s, struct result *r);
int step_max_mem(struct smoke *s, struct result *r);
int step_populate_ram(struct smoke *s, struct result *r);
int step_populate_magic(struct smoke *s, struct result *r);
int step_populate_over_max(struct smoke *s, struct result *r);
int step_decrease(struct smoke *s, struct result *r);

/* domu-load.c: the image into the guest's RAM, registers and params. */
int step_map_ram(struct smoke *s, struct result *r);
int step_load_image(struct smoke *s, struct result *r);
int step_console_param(struct smoke *s, struct result *r);
int step_vcpu_context(struct smoke *s, struct result *r);

/* domu-run.c: run it, read what it found, take it down. */
int step_unpause(struct smoke *s, struct result *r);
int step_busy_vcpu(struct smoke *s, struct result *r);
int step_wait_shutdown(struct smoke *s, struct result *r);
int step_guest_report(struct smoke *s, struct result *r);
int step_unmap(struct smoke *s, struct result *r);
int step_destroy(struct smoke *s, struct result *r);
int step_gone(struct smoke *s, struct result *r);
int step_free_after(struct smoke *s, struct result *r);

/* domu-smoke.c: getdomaininfo of our domain, or fail() saying so. */
int smoke_info(struct smoke *s, struct result *r, struct keel_domaininfo *info);

#endif
