/* What domain creation and the lifecycle calls share. Not public. */
#ifndef KEEL_LIBCTL_DOMAIN_H
#define KEEL_LIBCTL_DOMAIN_H

#include <stdint.h>
#include "ctx.h"

/* A UUID as lc_uuid_format (config_values.c) writes it, with its NUL. */
#define LC_UUID_STR (LC_CFG_UUID_STR_LEN + 1)

/* Polls until the hypervisor no longer knows domid, for at most the
 * context's destroy timeout: 0, -ETIMEDOUT, or the poll's error. */
int lc_wait_gone(struct lc_ctx *ctx, uint16_t domid);

/* What a new domain's xenstore entries say. */
struct lc_domain_nodes {
    uint16_t domid;
    const char *name;
    const char *uuid;           /* as lc_uuid_format writes it */
    uint64_t memory_kb, max_memory_kb;
    unsigned vcpus;
    uint64_t console_gfn, store_gfn;
    uint32_t console_port, store_port;
};

/* Writes /local/domain/<id>, /vm/<uuid> and /libxl/<id> in one
 * transaction, with the permissions libxl gives them. */
int lc_domain_nodes_write(struct lc_store *s, const struct lc_domain_nodes *n);
/* Removes those three; vm_path may be NULL. Returns the first error. */
int lc_domain_nodes_remove(struct lc_store *s, uint16_t domid, const char *vm_path);

#endif
