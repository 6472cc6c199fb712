/* An in-memory xenstore behind struct lc_store for host tests: nodes with
 * values and permissions (new nodes take their parent's, as xenstored
 * gives them to dom0's writes), one transaction at a time (aborting puts
 * the tree back), INTRODUCE/RELEASE bookkeeping, a log of every call and
 * errors injected on demand. Freed by lc_store_close. */
#ifndef KEEL_LIBCTL_STORE_FAKE_H
#define KEEL_LIBCTL_STORE_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store.h"

enum lc_fxs_op {
    LC_FXS_READ, LC_FXS_WRITE, LC_FXS_MKDIR, LC_FXS_RM, LC_FXS_SET_PERMS,
    LC_FXS_TX_START, LC_FXS_TX_END, LC_FXS_INTRODUCE, LC_FXS_RELEASE,
    LC_FXS_DIRECTORY, LC_FXS_ANY
};

#define LC_FXS_PATH_MAX 192
#define LC_FXS_LOG_MAX  8192

struct lc_fxs_call {
    uint64_t seq;               /* shared with the fake hypervisor, if given */
    enum lc_fxs_op op;
    uint32_t tx;
    char path[LC_FXS_PATH_MAX]; /* the path, or the domid for (intro|rel)ease */
    int rc;
};

struct lc_fake_store;

/* Starts with /, /local, /local/domain, /local/domain/0, /vm and /libxl,
 * all "n0". seq as for lc_fake_new. */
struct lc_fake_store *lc_fake_store_new(uint64_t *seq);
struct lc_store *lc_fake_store_base(struct lc_fake_store *fs);

/* The nth call (1 = next) of kind op (LC_FXS_ANY: any) fails with -err. */
void lc_fake_store_fail(struct lc_fake_store *fs, enum lc_fxs_op op, unsigned nth,
                        int err);
/* Sets a node as a test's setup, outside the log. */
int lc_fake_store_set(struct lc_fake_store *fs, const char *path, const char *value);

/* The committed value (NUL-terminated), or NULL if absent. */
const char *lc_fake_store_value(const struct lc_fake_store *fs, const char *path);
/* The permissions as xenstore-ls -p shows them: "n0,r5". */
int lc_fake_store_perms(const struct lc_fake_store *fs, const char *path, char *buf,
                        size_t size);
size_t lc_fake_store_nr_nodes(const struct lc_fake_store *fs);
/* Every node, sorted, one "path=value (perms)" line each; free() it. */
char *lc_fake_store_dump(const struct lc_fake_store *fs);
bool lc_fake_store_introduced(const struct lc_fake_store *fs, unsigned domid,
                              uint64_t *gfn, unsigned *port);
bool lc_fake_store_in_tx(const struct lc_fake_store *fs);
const struct lc_fxs_call *lc_fake_store_calls(const struct lc_fake_store *fs, size_t *n);

#endif
