/* xl: Keel's command-line toolstack. Everything a command needs from the
 * outside world comes through struct xl_env, so the unit tests run whole
 * commands in-process against libctl's fake hypervisor and store, with
 * the output captured.
 *
 * Exit statuses are xl's: 0 success, 1 failure, 2 a usage error (an
 * unknown option, or too few or too many arguments). Errors go to the
 * error stream as one line starting "xl: ". */
#ifndef KEEL_XL_H
#define KEEL_XL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "libctl.h"

#define XL_STATE_DIR "/var/lib/keel"    /* domains/<uuid>.json: configs */
#define XL_RUN_DIR   "/run/keel"        /* per-boot state (dmesg -c mark) */
#define XL_LOG_DIR   "/var/log/keel"    /* xl-<name>.log: monitors */

enum { XL_OK = 0, XL_FAIL = 1, XL_USAGE = 2 };

#define XL_POLL_MS          200     /* shutdown -w and console checks */
#define XL_CONSOLE_WAIT_MS  10000   /* for xenconsoled's console/tty */
#define XL_PATH_MAX         4096

struct xl_monitor;

struct xl_env {
    struct lc_ctx *ctx;             /* NULL: opened on first use */
    int (*open_ctx)(struct lc_ctx **ctx);
    FILE *out, *err;
    int in_fd, out_fd;              /* the console's two ends */
    const char *state_dir, *run_dir, *log_dir;
    double (*now)(struct xl_env *env);  /* wall-clock seconds */
    int (*host_uptime)(struct xl_env *env, double *secs);   /* dom0's */
    /* Starts the domain's monitor: detached (a daemon, as xl forks one)
     * or in this process until the domain is gone (create -F). */
    int (*spawn_monitor)(struct xl_env *env, struct xl_monitor *m, bool detach);
    /* Between polls of shutdown -w; NULL: nanosleep. */
    void (*sleep_ms)(struct xl_env *env, unsigned ms);
    unsigned poll_ms;
    unsigned wait_limit_ms;         /* shutdown -w; 0: for ever, as xl */
    unsigned console_wait_ms;
};

/* The real world: privcmd and xenstored, stdio, the default paths and a
 * forking monitor. */
void xl_env_default(struct xl_env *env);

/* ---- commands ---- */

#define XL_MAX_OPTS 52              /* a-z, A-Z */

/* A command's parsed arguments: single-letter options, then operands. */
struct xl_args {
    const struct xl_cmd *cmd;
    uint64_t set;                   /* bit per option letter given */
    const char *val[XL_MAX_OPTS];   /* the argument of "x:" options */
    int argc;
    char **argv;                    /* operands */
};

/* One row of the command table: the parser checks the options (spec as
 * getopt's, without GNU extensions) and the operand count before run. */
struct xl_cmd {
    const char *name;
    int (*run)(struct xl_env *env, const struct xl_args *a);
    const char *spec;
    int min_args, max_args;         /* max -1: no limit */
    const char *usage;              /* what follows "xl <name>" */
    const char *help;               /* one line, no full stop */
    const char *options;            /* the option list, or NULL */
};

extern const struct xl_cmd xl_cmds[];
extern const unsigned xl_nr_cmds;

int xl_main(struct xl_env *env, int argc, char **argv);
const struct xl_cmd *xl_cmd_find(const char *name);
/* Parses argv (argv[0] is the command's name), moving the operands to
 * the front. Returns -1 to go on, or the exit status to return now (usage
 * printed for -h and errors). */
int xl_parse_args(struct xl_env *env, const struct xl_cmd *cmd, int argc,
                  char **argv, struct xl_args *a);
/* Prints what is wrong, then the usage; returns XL_USAGE. */
int xl_usage_fail(struct xl_env *env, const struct xl_cmd *cmd, const char *what);
bool xl_opt(const struct xl_args *a, char letter);
const char *xl_optval(const struct xl_args *a, char letter);
void xl_print_usage(FILE *f, const struct xl_cmd *cmd);

int xl_cmd_help(struct xl_env *env, const struct xl_args *a);
int xl_cmd_create(struct xl_env *env, const struct xl_args *a);
int xl_cmd_list(struct xl_env *env, const struct xl_args *a);
int xl_cmd_destroy(struct xl_env *env, const struct xl_args *a);
int xl_cmd_shutdown(struct xl_env *env, const struct xl_args *a);
int xl_cmd_reboot(struct xl_env *env, const struct xl_args *a);
int xl_cmd_pause(struct xl_env *env, const struct xl_args *a);
int xl_cmd_unpause(struct xl_env *env, const struct xl_args *a);
int xl_cmd_console(struct xl_env *env, const struct xl_args *a);
int xl_cmd_info(struct xl_env *env, const struct xl_args *a);
int xl_cmd_dmesg(struct xl_env *env, const struct xl_args *a);
int xl_cmd_vcpu_list(struct xl_env *env, const struct xl_args *a);
int xl_cmd_domid(struct xl_env *env, const struct xl_args *a);
int xl_cmd_domname(struct xl_env *env, const struct xl_args *a);
int xl_cmd_uptime(struct xl_env *env, const struct xl_args *a);
int xl_cmd_mem_set(struct xl_env *env, const struct xl_args *a);
int xl_cmd_block_attach(struct xl_env *env, const struct xl_args *a);
int xl_cmd_block_detach(struct xl_env *env, const struct xl_args *a);
int xl_cmd_block_list(struct xl_env *env, const struct xl_args *a);
int xl_cmd_network_attach(struct xl_env *env, const struct xl_args *a);
int xl_cmd_network_detach(struct xl_env *env, const struct xl_args *a);
int xl_cmd_network_list(struct xl_env *env, const struct xl_args *a);

/* ---- shared helpers ---- */

/* "xl: <message>" on the error stream; xl_fail returns XL_FAIL. */
void xl_msg(struct xl_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int xl_fail(struct xl_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "xl: <what libctl says failed>", or fallback with err if it said nothing. */
int xl_fail_ctx(struct xl_env *env, int err, const char *fallback);

/* The context, opened on first use; NULL after printing why not. */
struct lc_ctx *xl_ctx(struct xl_env *env);

/* Every domain, in id order, names filled in (dom0: "Domain-0"). */
int xl_list_domains(struct xl_env *env, struct lc_dominfo **list, unsigned *n);
/* A domain named by name or id. XL_FAIL after printing if there is none. */
int xl_find_domain(struct xl_env *env, const char *ref, struct lc_dominfo *d);
/* The domains the operands name, in their order; every domain if there
 * are none. XL_FAIL after printing if one does not exist. */
int xl_select_domains(struct xl_env *env, int argc, char **argv,
                      struct lc_dominfo **doms, unsigned *n);
/* /vm/<uuid>/start_time as libctl writes it when it builds the domain
 * ("1700000000.25"); a restart writes it anew. */
int xl_read_start_time(struct xl_env *env, uint16_t domid, char **text);
/* "12" -> 12; -EINVAL unless all digits and below DOMID_FIRST_RESERVED. */
int xl_parse_domid(const char *s, uint16_t *domid);

/* ---- stored configs: <state_dir>/domains/<uuid>.json ---- */

/* The libxl JSON (lc_config_to_json) of a domain xl created, written
 * whole or not at all; source names the config file and overrides, kept
 * beside it as <uuid>.source. */
int xl_config_store(struct xl_env *env, const struct lc_domain_config *cfg,
                    uint16_t domid, const char *source);
/* -ENOENT if xl holds none for this domain. */
int xl_config_load(struct xl_env *env, const uint8_t uuid[16],
                   struct lc_domain_config *cfg);
void xl_config_forget(struct xl_env *env, const uint8_t uuid[16]);
/* The stored file's path; -ENAMETOOLONG if it does not fit. */
int xl_config_path(const struct xl_env *env, const uint8_t uuid[16],
                   const char *ext, char *buf, size_t size);
/* Creates each missing directory of path, as mkdir -p. */
int xl_mkdirs(const char *path);

/* Keep the stored config (if xl holds one for d) in step with d's
 * devices: put adds the device (taking over what it owns, and replacing
 * one with the same device number or MAC), drop removes it. A vif needs
 * its MAC set. 0, or a negative errno after printing why. */
int xl_config_put_disk(struct xl_env *env, const struct lc_dominfo *d,
                       struct lc_disk *disk);
int xl_config_drop_disk(struct xl_env *env, const struct lc_dominfo *d, uint32_t devnum);
int xl_config_put_vif(struct xl_env *env, const struct lc_dominfo *d, struct lc_vif *vif);
int xl_config_drop_vif(struct xl_env *env, const struct lc_dominfo *d,
                       const uint8_t mac[6]);

/* ---- devices ---- */

/* xl block-list and network-list: header, then for each domain the
 * operands name (failing before any output if one is not a domain) its
 * devices from list, as print writes them. */
typedef int xl_dev_list_fn(struct lc_ctx *ctx, uint16_t domid,
                           struct lc_device_info **list, unsigned *n);
typedef void xl_dev_print_fn(FILE *f, uint16_t domid, const struct lc_device_info *list,
                             unsigned n);
int xl_list_devices(struct xl_env *env, const struct xl_args *a, const char *header,
                    xl_dev_list_fn *list, xl_dev_print_fn *print);

/* ---- creating domains ---- */

/* Reads path (xl.cfg, JSON or XML) and applies key=value overrides as
 * xl.cfg lines after the file's. Prints "xl: <reader's message>". */
int xl_config_read(struct xl_env *env, const char *path, char *const *overrides,
                   int n, struct lc_domain_config *cfg);
/* The model's part that building needs; p points into cfg. */
void xl_build_params(const struct lc_domain_config *cfg, struct lc_build_params *p);
/* Builds the domain, gives cfg its UUID if it had none and stores the
 * config; on any failure no domain is left. */
int xl_domain_start(struct xl_env *env, struct lc_domain_config *cfg, bool paused,
                    const char *source, uint16_t *domid);
/* JSON text, ending with exactly one newline. */
void xl_print_json(FILE *f, const char *json);
/* The "config" object of lc_config_to_json, as xl create -n prints it. */
int xl_config_json_object(const struct lc_domain_config *cfg, char **json);

/* ---- the per-domain monitor ---- */

enum xl_mon_do {
    XL_MON_WAIT,            /* suspended: keep watching */
    XL_MON_DESTROY,
    XL_MON_RESTART,
    XL_MON_RENAME_RESTART,  /* done as a restart, with a warning */
    XL_MON_PRESERVE,
};

struct xl_monitor {
    struct lc_domain_config *cfg;   /* the caller's; a restart reloads it
                                     * from the stored config, then builds it */
    const char *source;             /* for the stored config */
    uint16_t domid;
    uint8_t uuid[16];
    bool suspend_seen;
    unsigned restarts;
};

/* What to do for a shutdown with this SHUTDOWN_* reason. Watchdog counts
 * as a crash, soft reset as a reboot, an unknown reason destroys. */
enum xl_mon_do xl_monitor_decide(uint32_t reason, const struct lc_domain_config *cfg);
const char *xl_shutdown_reason_name(uint32_t reason);
/* Looks at the domain once and acts. 1: keep watching; 0: the monitor's
 * work is done (domain gone, destroyed or preserved); or a negative errno
 * (also done). */
int xl_monitor_step(struct xl_env *env, struct xl_monitor *m);
/* Steps until done, waiting between steps with wait (an event, or
 * timeout_ms passing). Returns the last step's result. */
typedef int xl_wait_fn(void *arg, int timeout_ms);
int xl_monitor_run(struct xl_env *env, struct xl_monitor *m, xl_wait_fn *wait,
                   void *arg);
/* The real spawn_monitor: double fork, setsid, output to
 * <log_dir>/xl-<name>.log, @releaseDomain watched. */
int xl_monitor_spawn(struct xl_env *env, struct xl_monitor *m, bool detach);

/* ---- consoles ---- */

/* Copies between env's in/out fds and the domain's console pty until
 * Ctrl-] (0x1d) or the domain is gone or shut down. */
int xl_console_attach(struct xl_env *env, uint16_t domid);

/* ---- values ---- */

/* xl's memory sizes: a number with t, g, m (the default), k or b. */
int xl_parse_mem_kb(const char *s, uint64_t *kb);
/* "1 day,  2:03:04", " 2:03:04"; short: without seconds. */
void xl_format_uptime(uint64_t secs, bool brief, char *buf, size_t size);

#endif
