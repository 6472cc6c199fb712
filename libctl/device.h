/* What the vbd and vif code share (device.c, device_hotplug.c) and what
 * domain creation and destruction call. Not public. */
#ifndef KEEL_LIBCTL_DEVICE_H
#define KEEL_LIBCTL_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ctx.h"

#define LC_DEV_PATH_MAX     LC_DEVICE_PATH_MAX
#define LC_DEV_BACKEND_ID   0       /* every backend lives in dom0 */
#define LC_DEV_POLL_MS      10

/* One device and its three directories. */
struct lc_dev {
    const char *type;               /* "vbd" or "vif" */
    uint16_t domid;
    uint32_t devid;
    char front[LC_DEV_PATH_MAX];
    char back[LC_DEV_PATH_MAX];
    char mirror[LC_DEV_PATH_MAX];
};

struct lc_dev_key {
    const char *name;
    const char *value;
};

/* What a device type writes besides what every device has: frontend and
 * frontend-id, online 1 and state 1 in the backend; backend, backend-id
 * and state 1 in the frontend. front_ro keys sit in the frontend but
 * belong to the backend (n0,r<domid>), as libxl's read-only ones do. */
struct lc_dev_keys {
    const struct lc_dev_key *back;
    size_t nback;
    const struct lc_dev_key *front;
    size_t nfront;
    const struct lc_dev_key *front_ro;
    size_t nfront_ro;
};

/* -EINVAL for domid 0 or a reserved one. */
int lc_dev_init(struct lc_dev *d, const char *type, uint16_t domid, uint32_t devid);

/* The script's path into out: NULL means dflt; a name without '/' is
 * under LC_HOTPLUG_DIR. */
int lc_dev_script_path(const char *script, const char *dflt, char *out, size_t size);

/* dir/name, as lc_store_write and lc_store_read. */
int lc_dev_write_key(struct lc_store *s, uint32_t tx, const char *dir, const char *name,
                     const char *value);
int lc_dev_read_key(struct lc_store *s, uint32_t tx, const char *dir, const char *name,
                    char **value);

/* Writes the device, runs its script with "add" and waits for it; on any
 * failure removes it again and leaves the message, starting with what,
 * in the context. */
int lc_dev_add(struct lc_ctx *ctx, const struct lc_dev *d, const struct lc_dev_keys *k,
               const char *script, const char *what);

/* Removes the device (see libctl.h); wait for the backend to close only
 * if wait. Leaves the context's message alone, so undo paths may call it.
 * Returns the first store error; a script failing is not one. */
int lc_dev_remove(struct lc_ctx *ctx, const struct lc_dev *d, bool wait);

/* The public removal of one device: clears and sets the context's
 * message ("removing <what> from domain <domid>: ..."), and waits only
 * while the domain runs. */
int lc_dev_remove_public(struct lc_ctx *ctx, const char *type, uint16_t domid,
                         uint32_t devid, const char *what);

/* Adds the device numbers named in dir (a missing dir names none) to the
 * set in *ids (realloc'd; the caller frees it). */
int lc_dev_collect(struct lc_store *s, const char *dir, uint32_t **ids, unsigned *n);

/* The same over the three directories of every device of this type, so
 * that a half-removed device counts too. Returns the first error, having
 * read every directory. */
int lc_dev_ids(struct lc_store *s, const char *type, uint16_t domid, uint32_t **ids,
               unsigned *n);

/* The MAC in a vif's backend directory (dom0's, unlike the frontend's):
 * *set false if it has none or not a valid one. */
int lc_dev_backend_mac(struct lc_store *s, uint16_t domid, uint32_t devid, uint8_t mac[6],
                       bool *set);

/* Every device of domid; the same contract as lc_dev_remove. */
int lc_dev_remove_all(struct lc_ctx *ctx, uint16_t domid, bool wait);

/* Runs the device's script with action and the environment of libctl.h,
 * within timeout_ms: the runner's result. */
int lc_dev_run_script(struct lc_ctx *ctx, const struct lc_dev *d, const char *script,
                      const char *action, unsigned timeout_ms);

unsigned lc_dev_timeout_ms(const struct lc_ctx *ctx);
uint64_t lc_dev_now_ms(void);
void lc_dev_sleep_ms(unsigned ms);

/* Refuses (with a message) what adding the disks would: a missing or
 * malformed vdev, an empty drive, two disks with one device number, more
 * than LC_CFG_DISKS_MAX. */
int lc_dev_check_disks(struct lc_ctx *ctx, const struct lc_disk *disks, unsigned n);

/* For lc_domain_create: the domain's disks or vifs, added in order; on a
 * failure the ones added are removed. The undo removes them all. */
int lc_dev_add_disks(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disks,
                     unsigned n);
int lc_dev_add_vifs(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vifs,
                    unsigned n);
void lc_dev_undo_disks(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disks,
                       unsigned n);
void lc_dev_undo_vifs(struct lc_ctx *ctx, uint16_t domid, unsigned n);

#endif
