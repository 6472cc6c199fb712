/* Shared by the device tests (test_device*.c): a built domain on the
 * fakes, a hotplug runner that plays the scripts' part in the fake store
 * instead of running anything, and a store wrapper that plays the
 * backend drivers' part (answers that come only after some polls). */
#ifndef KEEL_TEST_DEVICE_H
#define KEEL_TEST_DEVICE_H

#include <stdbool.h>
#include "libctl_fixture.h"
#include "../../libctl/device.h"

#define FR_CALLS_MAX 256
#define FR_STR 160

/* What the nth add (fail_nth) does; every other add connects. */
enum fr_mode {
    FR_CONNECT,     /* the script's work, hotplug-status connected, exit 0 */
    FR_ERROR,       /* hotplug-error and hotplug-status error, exit 1 */
    FR_EXIT3,       /* exit 3, writing nothing */
    FR_SILENT,      /* exit 0, writing nothing */
    FR_NO_SPAWN,    /* -ENOENT: the script could not be run */
    FR_HANG,        /* -ETIMEDOUT: the runner had to kill it */
};

struct fr_call {
    char script[FR_STR], action[16], path[FR_STR], type[8], base[16], vif[24];
    unsigned timeout_ms;
    unsigned nenv;
};

struct fake_runner {
    struct lc_fake_store *xs;
    enum fr_mode mode;
    unsigned fail_nth;          /* 1-based among adds; 0: none fails */
    unsigned nadds, nremoves;
    struct fr_call calls[FR_CALLS_MAX];
    unsigned ncalls;
};

int fr_run(void *arg, const char *script, const char *action, char *const env[],
             unsigned timeout_ms);

#define DW_TIMEOUT_MS 100

struct dw {
    struct lcf fx;
    struct fake_runner run;
    uint8_t *kernel;
    struct lc_build_params p;
    uint16_t domid;             /* the built domain, or 0 */
    char *empty;                /* the store before any domain */
    char *built;                /* the store with the domain, no device */
};

/* The fixture, with a domain built unless build is false (paused if
 * paused), the fake runner in place and short device timeouts. */
void dw_init(struct dw *w, bool build, bool paused);
void dw_fini(struct dw *w);
/* The store now equals the snapshot. */
void dw_store_is(struct dw *w, const char *snapshot);

/* Forwards to the fake store; reads of a backend's hotplug-status or
 * state make "connected" or "6" appear at the given read (0: never), and
 * the values last written to a backend's state and online are kept. */
struct slow_store {
    struct lc_store s;
    struct lc_store *inner;
    struct lc_fake_store *xs;
    unsigned status_after, closed_after;
    unsigned status_reads, state_reads;
    char last_state[8], last_online[8];
};

/* Puts a slow store between the context and its fake store. */
struct slow_store *slow_store_wrap(struct dw *w);
/* The same for any fixture's context (the xl tests'). */
struct slow_store *slow_store_over(struct lcf *fx);

/* Test disks and vifs. */
struct lc_disk dw_disk(const char *vdev, const char *target);
struct lc_vif dw_vif(void);

#endif
