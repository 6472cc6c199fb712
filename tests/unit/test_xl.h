/* What the xl tests share: an xl environment over libctl's fake
 * hypervisor and store (libctl_fixture), with the device tests' fake
 * hotplug runner and short device timeouts, its state in a temporary
 * directory, output captured, the monitor's spawning recorded, and a
 * kernel Image to build domains from. */
#ifndef KEEL_TEST_XL_H
#define KEEL_TEST_XL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libctl_fixture.h"
#include "test_device.h"
#include "../../dom0-tools/xl/xl.h"

#ifndef KEEL_CONFIG_TEST_DIR
#define KEEL_CONFIG_TEST_DIR "tests/configs"
#endif

#define XLT_DEVICE_TIMEOUT_MS 60

struct xlt {
    struct lcf fx;
    struct fake_runner hotplug; /* plays the hotplug scripts' part */
    struct xl_env env;
    char dir[64];               /* state, run and log directories */
    char state[96], run[96], log[96];
    char *out, *err;            /* the last run's output, NUL-terminated */
    const char *kernel;         /* an arm64 Image */
    double now, uptime;         /* the clocks the environment reads */
    unsigned spawned;           /* spawn_monitor calls */
    bool spawn_detach;
    uint16_t spawn_domid;
    int spawn_rc;               /* what the fake spawn returns */
    unsigned sleeps;            /* sleep_ms calls */
    void (*on_sleep)(struct xlt *t);    /* run at each, if set */
};

/* 0 on success; then torn down by xlt_fini. */
int xlt_init(struct xlt *t);
void xlt_fini(struct xlt *t);

/* Runs "xl <args...>" (NULL-terminated) and returns its exit status; the
 * environment's streams are put back as they were afterwards. */
int xlt_run(struct xlt *t, ...) __attribute__((sentinel));
/* The same with an argument vector (argv[0] is "xl"). */
int xlt_runv(struct xlt *t, int argc, char **argv);

/* A file in the state directory with this content; the path lives as
 * long as t (a static buffer per call site is the caller's business). */
int xlt_write(struct xlt *t, const char *name, const char *text, char *path,
              size_t size);
/* An xl.cfg for a small domain using the fixture's kernel, with extra
 * lines appended; written as name.cfg. */
int xlt_cfg(struct xlt *t, const char *name, const char *extra, char *path,
            size_t size);
/* Creates a domain named name from xlt_cfg (no monitor spawned for
 * real); returns its domid, or -1. */
int xlt_create(struct xlt *t, const char *name, const char *extra);
/* The whole text of a file, or NULL; free() it. */
char *xlt_slurp(const char *path);
/* Files in the stored configs' directory. */
unsigned xlt_stored_files(struct xlt *t);
/* The stored config file of the domain with this id exists. */
bool xlt_stored(struct xlt *t, uint16_t domid);

#endif
