/* libctl: Keel's toolstack library, used by xl, xenstored's tools and the
 * dom0 utilities. This is its one public header; each part of the library
 * has a section of its own below.
 *
 * Conventions for every section: a call that can fail returns 0 (or a
 * documented non-negative value) on success and a negative errno value on
 * failure. Memory a call hands back is the caller's, released with free().
 */
#ifndef KEEL_LIBCTL_H
#define KEEL_LIBCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ======================================================================
 * Xenstore client
 *
 * Speaks the xenstore wire protocol (include/public/io/xs_wire.h) to
 * xenstored, either over its Unix socket or through the kernel's xenbus
 * character device. A connection is used by one thread at a time; it
 * sends one request, then waits for the reply with the same req_id,
 * queueing any watch event that arrives in between.
 *
 * Errors the daemon names come back as the matching errno (ENOENT,
 * EACCES, EAGAIN, ...; a name the client does not know becomes EINVAL).
 * Errors of the connection itself:
 *   -ETIMEDOUT  no reply within the connection's timeout; the connection
 *               stays usable, and a late reply is recognised and dropped
 *   -EBADMSG    a reply that is framed correctly but malformed
 *   -EIO        the stream is broken (closed, oversized or truncated
 *               message); every later call on the connection fails so
 *   -E2BIG      a request larger than XENSTORE_PAYLOAD_MAX (not sent)
 * ====================================================================== */

#define XS_TX_NONE              0u      /* "no transaction" */
#define XS_DEFAULT_SOCKET       "/run/xenstored/socket"
#define XS_DEFAULT_XENBUS       "/dev/xen/xenbus"
#define XS_DEFAULT_TIMEOUT_MS   30000
#define XS_WATCH_QUEUE_MAX      1024    /* queued events before -ENOBUFS */
#define XS_TRANSACT_MAX_TRIES   16      /* attempts of xs_transact */

struct xs_conn;

/* One entry of a node's permission list; the first entry names the owner
 * and the access every domain not listed gets. */
struct xs_perm {
    unsigned domid;
    char perm;                  /* 'n' none, 'r' read, 'w' write, 'b' both */
};

/* Room for a formatted permission: letter, up to 10 digits, NUL. */
#define XS_PERM_STR_MAX 12

/* Connects to xenstored. path: a Unix socket, or a xenbus device node;
 * NULL means $XENSTORED_PATH if set, else XS_DEFAULT_SOCKET with
 * XS_DEFAULT_XENBUS as a fallback. Returns NULL and sets *err on failure. */
struct xs_conn *xs_open(const char *path, int *err);

/* Opens a xenbus character device (NULL: XS_DEFAULT_XENBUS), as a domU's
 * tools do. Returns NULL and sets *err on failure. */
struct xs_conn *xs_open_dev(const char *path, int *err);

/* Closes the connection and drops any queued watch events. NULL is fine. */
void xs_close(struct xs_conn *c);

/* How long a call waits for its reply: milliseconds, or -1 for ever. */
void xs_set_timeout(struct xs_conn *c, int timeout_ms);

/* Node access. tx is XS_TX_NONE or an open transaction. */

/* *value is NUL-terminated for convenience; *len (may be NULL) excludes
 * that NUL, so values holding NUL bytes come through whole. */
int xs_read(struct xs_conn *c, uint32_t tx, const char *path,
            char **value, size_t *len);
/* Creates missing parents, as xenstored does. */
int xs_write(struct xs_conn *c, uint32_t tx, const char *path,
             const void *value, size_t len);
/* Succeeds if the node already exists. */
int xs_mkdir(struct xs_conn *c, uint32_t tx, const char *path);
/* Removes the node and its children; succeeds if it is already gone. */
int xs_rm(struct xs_conn *c, uint32_t tx, const char *path);
/* The children's names. *names is one allocation: a NULL-terminated
 * array followed by the strings, released by one free(*names). Lists
 * larger than one message are fetched in parts (XS_DIRECTORY_PART),
 * restarting if the directory changes meanwhile; a daemon without that
 * command gives -E2BIG. */
int xs_directory(struct xs_conn *c, uint32_t tx, const char *path,
                 char ***names, unsigned *n);

int xs_get_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 struct xs_perm **perms, unsigned *n);
int xs_set_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 const struct xs_perm *perms, unsigned n);
/* "r5" <-> {5, 'r'}. Parsing rejects unknown letters and bad numbers. */
int xs_perm_parse(const char *s, struct xs_perm *perm);
int xs_perm_format(const struct xs_perm *perm, char *buf, size_t size);

/* Domains, as the toolstack tells xenstored about them. */
int xs_get_domain_path(struct xs_conn *c, unsigned domid, char **path);
int xs_introduce(struct xs_conn *c, unsigned domid, uint64_t gfn,
                 unsigned port);
int xs_release(struct xs_conn *c, unsigned domid);
int xs_resume(struct xs_conn *c, unsigned domid);
/* 1 if introduced, 0 if not, or a negative errno. */
int xs_is_domain_introduced(struct xs_conn *c, unsigned domid);
int xs_set_target(struct xs_conn *c, unsigned domid, unsigned target);
/* Also drops the events already queued on this connection. */
int xs_reset_watches(struct xs_conn *c);

/* XS_CONTROL: args[0] is the command, the rest its arguments. *reply and
 * *len may be NULL if the answer is not wanted. */
int xs_controlv(struct xs_conn *c, const char *const *args, unsigned nargs,
                char **reply, size_t *len);
/* The same with a NULL-terminated argument list after cmd. */
int xs_control(struct xs_conn *c, char **reply, const char *cmd, ...)
    __attribute__((sentinel));

/* Transactions. Ending with commit gives -EAGAIN when another change
 * conflicted; the caller then starts over. */
int xs_transaction_start(struct xs_conn *c, uint32_t *tx);
int xs_transaction_end(struct xs_conn *c, uint32_t tx, bool commit);

/* Runs fn inside a transaction and commits; on -EAGAIN (from the commit or
 * from fn) it starts over, at most XS_TRANSACT_MAX_TRIES times. fn returns
 * a value >= 0 to commit (xs_transact then returns it) or a negative errno
 * to abort (xs_transact returns that). fn may run several times, so it
 * must not keep effects outside the store from an attempt that failed. */
typedef int xs_transact_fn(struct xs_conn *c, uint32_t tx, void *arg);
int xs_transact(struct xs_conn *c, xs_transact_fn *fn, void *arg);

/* Watches. xenstored fires each new watch once at once. Unwatching also
 * drops queued events of that watch. */
int xs_watch(struct xs_conn *c, const char *path, const char *token);
int xs_unwatch(struct xs_conn *c, const char *path, const char *token);

/* A descriptor that polls readable while an event may be waiting (queued,
 * or unread on the connection); read events with xs_read_watch. Owned by
 * the connection. A wake-up can be spurious: xs_read_watch then times out. */
int xs_watch_fd(struct xs_conn *c);

/* Takes the oldest event: *path and *token are separate allocations.
 * timeout_ms: 0 to only check, -1 to wait for ever. -ETIMEDOUT if none
 * came; -ENOBUFS once after events had to be dropped (queue full, or no
 * memory), so the caller rescans what it watches; -EBADMSG for an event
 * that was malformed (it is dropped). */
int xs_read_watch(struct xs_conn *c, char **path, char **token,
                  int timeout_ms);

/* ======================================================================
 * Hypervisor control and domain building
 *
 * Everything reaches the hypervisor through a transport (struct lc_hc):
 * the real one issues hypercalls through /dev/xen/privcmd; host tests use
 * an in-process fake (libctl/hypercall_fake.h). The control interface is
 * Keel's own domctl/sysctl (include/public/domctl.h).
 *
 * A context (struct lc_ctx) carries a transport, a xenstore connection
 * and the message of the last failure, which names the step that failed
 * and why: "populating memory: Cannot allocate memory".
 * ====================================================================== */

#include <public/domctl.h>

#define LC_PRIVCMD_PATH "/dev/xen/privcmd"

struct lc_hc;
struct lc_ctx;

/* Opens the privcmd device (NULL: LC_PRIVCMD_PATH). */
int lc_hc_open(const char *path, struct lc_hc **hc);
void lc_hc_close(struct lc_hc *hc);

/* Issues hypercall op with up to five arguments; pointer arguments must
 * point into buffers from lc_hbuf_alloc. Returns the hypervisor's
 * non-negative result or a negative errno. */
long lc_hypercall(struct lc_hc *hc, unsigned op, const uint64_t args[5]);
/* Zeroed memory the hypervisor may read and write for the call's whole
 * length (page-backed and locked); NULL when none is left. */
void *lc_hbuf_alloc(struct lc_hc *hc, size_t size);
void lc_hbuf_free(struct lc_hc *hc, void *buf, size_t size);

/* Maps n pages of domain domid (guest frame numbers gfns[]) into this
 * process, all or none: NULL with *err set if any page fails. */
void *lc_foreign_map(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                     size_t n, int *err);
/* Makes what was written visible to a guest that runs with its caches
 * off, then unmaps. */
void lc_foreign_unmap(struct lc_hc *hc, void *addr, size_t n);

/* Typed domctl/sysctl wrappers, one per command; 0 or a negative errno. */
int lc_domctl_createdomain(struct lc_hc *hc, uint16_t *domid, uint32_t max_vcpus,
                           uint64_t max_mem_kb, const uint8_t handle[16]);
int lc_domctl_destroydomain(struct lc_hc *hc, uint16_t domid);
int lc_domctl_pausedomain(struct lc_hc *hc, uint16_t domid);
int lc_domctl_unpausedomain(struct lc_hc *hc, uint16_t domid);
int lc_domctl_getdomaininfo(struct lc_hc *hc, uint16_t domid,
                            struct keel_domaininfo *info);
int lc_domctl_max_mem(struct lc_hc *hc, uint16_t domid, uint64_t max_mem_kb);
int lc_domctl_setvcpucontext(struct lc_hc *hc, uint16_t domid,
                             const struct keel_domctl_vcpu_context *ctx);
int lc_domctl_getvcpucontext(struct lc_hc *hc, uint16_t domid, uint32_t vcpu,
                             struct keel_domctl_vcpu_context *ctx);
int lc_domctl_getvcpuinfo(struct lc_hc *hc, uint16_t domid, uint32_t vcpu,
                          struct keel_domctl_vcpu_info *info);
int lc_domctl_sched_get(struct lc_hc *hc, uint16_t domid, uint32_t *weight,
                        uint32_t *cap);
int lc_domctl_sched_set(struct lc_hc *hc, uint16_t domid, uint32_t weight,
                        uint32_t cap);
int lc_domctl_set_hvm_param(struct lc_hc *hc, uint16_t domid, uint32_t index,
                            uint64_t value);
int lc_domctl_seed_grants(struct lc_hc *hc, uint16_t domid,
                          const struct keel_domctl_seed_grants *grants);
int lc_domctl_alloc_evtchn(struct lc_hc *hc, uint16_t domid, uint16_t remote,
                           uint32_t *port);
int lc_domctl_shutdown(struct lc_hc *hc, uint16_t domid, uint32_t reason);
int lc_sysctl_physinfo(struct lc_hc *hc, struct keel_sysctl_physinfo *info);
/* Up to max summaries of domains with id >= first, in id order. */
int lc_sysctl_getdomaininfolist(struct lc_hc *hc, uint16_t first,
                                struct keel_domaininfo *out, uint32_t max,
                                uint32_t *n);
/* Copies up to *count bytes of the hypervisor's log from *index on;
 * updates both (count 0: nothing newer). */
int lc_sysctl_readconsole(struct lc_hc *hc, uint64_t *index, char *buf,
                          uint32_t *count);
/* memory_op populate_physmap for another domain: n extents of 2^order
 * pages at gfns[]. Returns how many were populated, or a negative errno. */
long lc_memory_populate(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                        uint64_t n, unsigned order);

/* Contexts. lc_ctx_open uses privcmd and xenstored (XS_DEFAULT_*); with
 * LC_CTX_NO_STORE it leaves xenstore out and calls that need it fail with
 * -ENOTCONN. */
#define LC_CTX_NO_STORE 1u
int lc_ctx_open(struct lc_ctx **ctx, unsigned flags);
void lc_ctx_close(struct lc_ctx *ctx);
/* The last failure's message ("" if none); valid until the next call. */
const char *lc_ctx_error(const struct lc_ctx *ctx);
struct lc_hc *lc_ctx_hc(struct lc_ctx *ctx);

/* What building a domain needs; the caller maps its config into it. */
struct lc_build_params {
    const char *name;
    uint64_t memory_kb;         /* RAM at boot */
    uint64_t max_memory_kb;     /* balloon ceiling; 0: memory_kb */
    unsigned vcpus;
    const char *kernel;         /* arm64 Image, raw or gzip-compressed */
    const char *ramdisk;        /* NULL: none */
    const char *cmdline;        /* NULL: none */
    uint8_t uuid[16];           /* all zero: a random one is made */
    /* Split devices, added in order after the xenstore entries (see
     * Devices below); the arrays may be NULL when the count is 0. */
    const struct lc_disk *disks;
    unsigned ndisks;
    const struct lc_vif *vifs;  /* vif i gets handle i */
    unsigned nvifs;
};

#define LC_NAME_MAX 128
#define LC_DOMAIN_MAX_VCPUS 64      /* the hypervisor's DOMAIN_MAX_VCPUS */
#define LC_CREATE_PAUSED 1u     /* leave it paused (xl create -p) */

/* Builds and (unless paused) starts a domU as one transaction: on failure
 * every step already taken is undone in reverse and lc_ctx_error names
 * the step. */
int lc_domain_create(struct lc_ctx *ctx, const struct lc_build_params *p,
                     unsigned flags, uint16_t *domid);
/* Destroys it, waits until the hypervisor has freed it, and removes its
 * xenstore entries. -ETIMEDOUT if it lingers (the entries still go). */
int lc_domain_destroy(struct lc_ctx *ctx, uint16_t domid);

enum lc_shutdown_reason { LC_SHUTDOWN_POWEROFF, LC_SHUTDOWN_REBOOT };
/* Asks the guest through control/shutdown, as xl does. */
int lc_domain_shutdown(struct lc_ctx *ctx, uint16_t domid,
                       enum lc_shutdown_reason reason);
int lc_domain_pause(struct lc_ctx *ctx, uint16_t domid);
int lc_domain_unpause(struct lc_ctx *ctx, uint16_t domid);
/* Sets memory/target (KiB) for the guest's balloon; not above
 * memory/static-max. */
int lc_mem_set(struct lc_ctx *ctx, uint16_t domid, uint64_t target_kb);

struct lc_dominfo {
    uint16_t domid;
    char name[LC_NAME_MAX];     /* "" if xenstore has none */
    uint8_t uuid[16];
    uint32_t flags;             /* KEEL_DOMINF_* */
    uint32_t shutdown_reason;
    uint32_t nr_vcpus;
    uint32_t online_vcpus;
    uint64_t mem_kb;
    uint64_t max_mem_kb;
    uint64_t cpu_time_ns;
};
/* Every domain, in id order; *list is the caller's (free()). */
int lc_domain_list(struct lc_ctx *ctx, struct lc_dominfo **list, unsigned *n);

struct lc_physinfo {
    uint32_t nr_cpus;
    uint64_t total_kb;
    uint64_t free_kb;
    uint64_t cpu_khz;
    uint32_t xen_major, xen_minor;
};
int lc_physinfo(struct lc_ctx *ctx, struct lc_physinfo *info);
/* The hypervisor's whole log, NUL-terminated; *len excludes the NUL. */
int lc_dmesg(struct lc_ctx *ctx, char **text, size_t *len);

/* ======================================================================
 * Domain configuration
 *
 * One model of a domain's configuration (struct lc_domain_config), read
 * from xl.cfg (xl.cfg(5) syntax and keys), JSON or libvirt-style XML into
 * the same struct, and written back out as the JSON `xl list -l` prints.
 * Each reader's file comment lists the keys its format takes.
 *
 * Readers stop at the first problem and describe it in err->msg as one
 * line naming the file, the line (and column where the format gives one)
 * and the key, e.g.
 *     guest.cfg:7: 'memory' must be a positive integer
 *     guest.json:12:9: 'disk[1].vdev' must name a virtual disk like xvda,
 *         hda or sda, not 'xvd'
 *     guest.cfg: missing required key 'kernel'
 * They return -EINVAL for anything wrong in the content, the errno of
 * opening or reading the file, -EFBIG for a file over LC_CFG_FILE_MAX,
 * or -ENOMEM. On failure the config is left empty, as lc_config_init
 * leaves it; on success it belongs to the caller, who releases it with
 * lc_config_free.
 *
 * Defaults are xl's: memory 32 MiB (libxl's own default; "maxmem" alone
 * also sets "memory"), maxmem = memory, vcpus 1, maxvcpus = vcpus, no
 * pinning, on_poweroff destroy, on_reboot restart, on_crash destroy, vif
 * bridge xenbr0. A missing uuid or vif MAC is left unset for domain
 * creation to generate.
 * ====================================================================== */

#define LC_CFG_NAME_MAX           64             /* characters in a name */
#define LC_CFG_VCPUS_MAX          128
#define LC_CFG_PCPUS_MAX          256            /* host CPUs a pin names */
#define LC_CFG_MEMORY_MAX_MB      (1u << 20)     /* 1 TiB */
#define LC_CFG_MEMORY_DEFAULT_MB  32
#define LC_CFG_DISKS_MAX          64
#define LC_CFG_VIFS_MAX           16
#define LC_CFG_FILE_MAX           (1u << 20)     /* bytes */
#define LC_CFG_ERR_MAX            512
#define LC_CFG_DEFAULT_BRIDGE     "xenbr0"
#define LC_CFG_UUID_STR_LEN       36             /* without the NUL */
#define LC_CFG_MAC_STR_LEN        17             /* without the NUL */

/* What to do when the domain powers off, reboots or crashes. */
enum lc_action {
    LC_ACTION_DESTROY,
    LC_ACTION_RESTART,
    LC_ACTION_RENAME_RESTART,   /* keep the old domain, renamed */
    LC_ACTION_PRESERVE,
};

struct lc_disk {
    char *target;               /* dom0 path; NULL only for an empty cdrom */
    char *vdev;                 /* the guest's name for it: "xvda" */
    uint32_t devnum;            /* Xen's virtual device number of vdev */
    bool readwrite;
    bool cdrom;
    bool discard;               /* backend may advertise discard */
    bool trusted;               /* frontend may trust the backend */
    char *script;               /* block hotplug script; NULL: default */
};

struct lc_vif {
    uint8_t mac[6];
    bool mac_set;               /* false: generated at creation */
    char *bridge;               /* never NULL in a config read whole */
    char *script;               /* NULL: the default vif-bridge */
    char *ip;                   /* NULL: none */
    char *vifname;              /* backend interface name; NULL: default */
    /* rate=: netback lets the guest send this many bytes per interval
     * (its "rate" node); both 0 for no limit, both set otherwise. */
    uint64_t rate_bytes_per_interval;
    uint32_t rate_interval_usecs;
    unsigned mtu;               /* LC_VIF_MTU_MIN..MAX; 0: LC_VIF_MTU */
};

/* Only PVH guests exist on arm64, so there is no type field. */
struct lc_domain_config {
    char name[LC_CFG_NAME_MAX + 1];
    uint8_t uuid[16];
    bool uuid_set;
    uint32_t memory_mb;         /* at boot */
    uint32_t maxmem_mb;         /* >= memory_mb */
    unsigned vcpus;             /* online at boot */
    unsigned maxvcpus;          /* >= vcpus */
    bool cpus_set;              /* false: no pinning */
    uint8_t cpus[LC_CFG_PCPUS_MAX / 8]; /* host CPUs any vCPU may use */
    char *kernel;
    char *ramdisk;              /* NULL: none */
    char *cmdline;              /* NULL: none */
    enum lc_action on_poweroff;
    enum lc_action on_reboot;
    enum lc_action on_crash;
    struct lc_disk *disks;
    unsigned ndisks;
    struct lc_vif *vifs;
    unsigned nvifs;
};

enum lc_config_format {
    LC_CONFIG_AUTO,     /* by extension (.json, .xml), else by content */
    LC_CONFIG_XL,
    LC_CONFIG_JSON,     /* our JSON shape, or libxl's `xl list -l` shape */
    LC_CONFIG_XML,
};

struct lc_config_error {
    char msg[LC_CFG_ERR_MAX];
};

/* An empty config: nothing set, xl's actions. Needs no lc_config_free. */
void lc_config_init(struct lc_domain_config *cfg);
/* Releases what cfg owns and leaves it as lc_config_init does. */
void lc_config_free(struct lc_domain_config *cfg);
/* Field by field, lists in order. */
bool lc_config_equal(const struct lc_domain_config *a,
                     const struct lc_domain_config *b);

int lc_config_read(const char *path, enum lc_config_format fmt,
                   struct lc_domain_config *cfg, struct lc_config_error *err);
/* The same from memory; name stands for the file in messages. AUTO
 * decides by the first character that is not white space. */
int lc_config_parse(const char *text, size_t len, const char *name,
                    enum lc_config_format fmt, struct lc_domain_config *cfg,
                    struct lc_config_error *err);

/* `xl list -l` JSON, pretty-printed, NUL-terminated, in *json (the
 * caller's). The first form prints one domain (as a list of one, as xl
 * does), the second n. -EILSEQ if a string is not UTF-8. */
int lc_config_to_json(const struct lc_domain_config *cfg, uint32_t domid,
                      char **json);
int lc_config_list_to_json(const struct lc_domain_config *const *cfgs,
                           const uint32_t *domids, unsigned n, char **json);

/* Values shared with the rest of the toolstack. Parsers return -EINVAL
 * for malformed text. */
const char *lc_action_name(enum lc_action action);      /* xl's spelling */
int lc_uuid_parse(const char *s, uint8_t uuid[16]);
void lc_uuid_format(const uint8_t uuid[16],
                    char out[LC_CFG_UUID_STR_LEN + 1]);
int lc_mac_parse(const char *s, uint8_t mac[6]);
void lc_mac_format(const uint8_t mac[6], char out[LC_CFG_MAC_STR_LEN + 1]);
/* "xvda" -> 51712, as xen-vbd-interface(7) numbers disks. */
int lc_vdev_to_devnum(const char *vdev, uint32_t *devnum);
/* "0-3,5" (xl's CPULIST without NUMA nodes) into map. Returns 1 for "all"
 * alone, which means no pinning (map then has every CPU). */
int lc_cpulist_parse(const char *s, uint8_t map[LC_CFG_PCPUS_MAX / 8]);
/* The map in the same notation; -ENOSPC if size is too small. */
int lc_cpulist_format(const uint8_t map[LC_CFG_PCPUS_MAX / 8], char *buf,
                      size_t size);

/* ======================================================================
 * Xenstore through a context (for xl)
 *
 * Reads a node through the context's store: xenstored in dom0, the fake
 * store in host tests. Callers that only hold a context use this instead
 * of opening a connection of their own.
 * ====================================================================== */

/* *value is NUL-terminated and the caller's. -ENOTCONN if the context has
 * no store (LC_CTX_NO_STORE); otherwise the store's errno (-ENOENT for a
 * missing node). */
int lc_ctx_store_read(struct lc_ctx *ctx, const char *path, char **value);

/* ======================================================================
 * Devices
 *
 * A domU's disks (vbd) and network interfaces (vif) are Xen split
 * devices whose backends (blkback, netback) run in dom0. Adding one
 * writes, in one transaction and with the keys and permissions libxl
 * gives them,
 *   frontend  /local/domain/<domid>/device/<type>/<devid>   n<domid>,r0
 *   backend   /local/domain/0/backend/<type>/<domid>/<devid> n0,r<domid>
 *   mirror    /libxl/<domid>/device/<type>/<devid>           n0
 * (devid: Xen's device number of the vdev for a disk, the handle for a
 * vif), then runs the device's hotplug script with "add" and waits, up to
 * the context's device timeout, for the script to set the backend's
 * hotplug-status to "connected". If it sets "error" instead, the
 * context's message quotes its hotplug-error. A device that fails is
 * removed again whole.
 *
 * Removing one sets the backend's online to 0 and state to 5 (Closing),
 * waits up to the device timeout for state 6 (Closed) while the domain is
 * running (and goes on regardless, as libxl does), runs the script with
 * "remove", and deletes the three directories and parents left empty.
 *
 * A hotplug script gets the action ("add" or "remove") as $1 and, on top
 * of the caller's environment, what Xen's scripts get:
 *   script=<its path>  XENBUS_TYPE=vbd|vif  XENBUS_BASE_PATH=backend
 *   XENBUS_PATH=<the backend directory, absolute>
 * and for a vif vif=vif<domid>.<handle>, the interface netback makes.
 * A script named without a '/' is looked for in LC_HOTPLUG_DIR.
 * ====================================================================== */

#define LC_HOTPLUG_DIR          "/etc/keel/scripts"
#define LC_HOTPLUG_BLOCK        "block"
#define LC_HOTPLUG_VIF          "vif-bridge"
#define LC_DEVICE_TIMEOUT_MS    10000
#define LC_VIF_MTU              1500    /* what a vif without mtu= has */
#define LC_VIF_MTU_MIN          68      /* IPv4's minimum, as xl takes it */
#define LC_VIF_MTU_MAX          65535
#define LC_VIF_RATE_INTERVAL_US 50000   /* rate= without @INTERVAL, as xl */

/* Runs `script action` with env (NULL-terminated "NAME=value" strings)
 * added to the environment. Returns the exit status (0-255; 128 + N if
 * signal N ended it), -ETIMEDOUT if it was still running after
 * timeout_ms (it and its process group are then killed), or another
 * negative errno if it could not be run. */
typedef int lc_hotplug_fn(void *arg, const char *script, const char *action,
                          char *const env[], unsigned timeout_ms);
/* The one contexts use unless told otherwise: runs the script as a child
 * process in a process group of its own, stdin from /dev/null. */
int lc_hotplug_exec(void *arg, const char *script, const char *action,
                    char *const env[], unsigned timeout_ms);
/* Replaces the runner (tests); fn NULL goes back to lc_hotplug_exec. */
void lc_ctx_set_hotplug(struct lc_ctx *ctx, lc_hotplug_fn *fn, void *arg);
/* Bounds each script and each wait; 0 means LC_DEVICE_TIMEOUT_MS. */
void lc_ctx_set_device_timeout(struct lc_ctx *ctx, unsigned timeout_ms);

/* disk: target is the dom0 file or block device (NULL, an empty cdrom,
 * is refused), vdev names it in the guest; index only names it in
 * messages. -EEXIST if the domain has the device already, -ENOENT if the
 * domain has no xenstore directory, -EIO if the script reported an
 * error, -ETIMEDOUT if it did not report in time. */
int lc_device_vbd_add(struct lc_ctx *ctx, uint16_t domid,
                      const struct lc_disk *disk, unsigned index);
/* vif index is its handle (vif<domid>.<index> in dom0); an unset MAC
 * becomes lc_vif_default_mac's, a NULL bridge LC_CFG_DEFAULT_BRIDGE. As
 * libxl does, a rate limit goes in the backend's "rate" as
 * "<bytes per interval>,<interval in us>" (netback's format), an MTU
 * other than LC_VIF_MTU in the backend's "mtu" (vif-bridge sets it on the
 * interface), and the MTU always in the frontend's read-only "mtu". */
int lc_device_vif_add(struct lc_ctx *ctx, uint16_t domid,
                      const struct lc_vif *vif, unsigned index);
/* Succeed when the device is gone already. */
int lc_device_vbd_remove(struct lc_ctx *ctx, uint16_t domid, uint32_t devnum);
int lc_device_vif_remove(struct lc_ctx *ctx, uint16_t domid, unsigned handle);
/* Every vbd and vif the store knows for domid, by any of its three
 * directories; with the domain gone (or dying, paused or shut down) it
 * only cleans up, without waiting. lc_domain_destroy calls it. Returns
 * the first error, having tried every device. */
int lc_devices_remove_all(struct lc_ctx *ctx, uint16_t domid);

/* 00:16:3e (Xen's prefix), then the domid's two bytes and the index's
 * low byte: unique among running domains. */
void lc_vif_default_mac(uint16_t domid, unsigned index, uint8_t mac[6]);

/* Attaching to a running domain, as xl block-attach and network-attach
 * do: the same as adding, with the context's message naming the device
 * ("attaching disk xvdb to domain 3: ...").
 *
 * A disk's devid is its vdev's device number: -EEXIST if the domain has
 * that disk already (under any name for the same number). A vif gets the
 * next handle, one above the highest the domain has (as libxl picks it),
 * returned in *handle; -EEXIST if another of its vifs has the MAC, and
 * -ENOSPC past handle LC_VIF_HANDLE_MAX (the default MAC holds its low
 * byte only). */
#define LC_VIF_HANDLE_MAX 255
int lc_device_vbd_attach(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disk);
int lc_device_vif_attach(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                         unsigned *handle);

/* What a domain's devices say of themselves, as xl block-list and
 * network-list print it: the ids in its frontend directory
 * (/local/domain/<domid>/device/<type>), in order, and from each the
 * keys below; a key not written (yet), or not a number, reads as -1.
 * The frontend belongs to the guest, so backend is only for showing
 * (bytes outside printable ASCII become '?'); the MAC comes from the
 * backend directory, which dom0 owns. *list is the caller's (free()),
 * NULL when *n is 0. */
#define LC_DEVICE_PATH_MAX 128
struct lc_device_info {
    uint32_t devid;             /* a disk's device number, a vif's handle */
    int backend_id;             /* backend-id */
    int state;                  /* the frontend's XenbusState */
    int evtch;                  /* event-channel */
    int ring_ref[2];            /* vbd: ring-ref, -1; vif: tx- and rx-ring-ref */
    uint8_t mac[6];             /* vifs */
    bool mac_set;               /* false: the backend has no valid mac */
    char backend[LC_DEVICE_PATH_MAX];   /* "" if none */
};
int lc_device_vbd_list(struct lc_ctx *ctx, uint16_t domid, struct lc_device_info **list,
                       unsigned *n);
int lc_device_vif_list(struct lc_ctx *ctx, uint16_t domid, struct lc_device_info **list,
                       unsigned *n);

/* Devices from xl's spec syntax given as command-line words: a
 * DISKSPEC (xl-disk-configuration(5)) or a vif spec
 * (xl-network-configuration(5)), as xl block-attach and network-attach
 * take them. The words are joined with commas, except that a disk's
 * target= word goes last, as target= takes the rest of the spec. On
 * success the device is the caller's (lc_disk_free, lc_vif_free); a vif
 * without a bridge gets LC_CFG_DEFAULT_BRIDGE. -EINVAL with err->msg
 * naming the spec ("disk spec 'x.img,xvdb,r': format must be raw, not
 * 'xvdb'"), or -ENOMEM. */
int lc_disk_from_words(char *const *words, unsigned n, struct lc_disk *disk,
                       struct lc_config_error *err);
int lc_vif_from_words(char *const *words, unsigned n, struct lc_vif *vif,
                      struct lc_config_error *err);
/* Releases what the device owns and zeroes it (config.c). */
void lc_disk_free(struct lc_disk *disk);
void lc_vif_free(struct lc_vif *vif);
/* Appends the device to cfg's list, taking over what it owns (it is left
 * zeroed); -E2BIG past LC_CFG_DISKS_MAX or LC_CFG_VIFS_MAX (config.c).
 * xl keeps the stored config of a domain in step with its devices so. */
int lc_config_add_disk(struct lc_domain_config *cfg, struct lc_disk *disk);
int lc_config_add_vif(struct lc_domain_config *cfg, struct lc_vif *vif);

#endif
