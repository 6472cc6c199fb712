/* What the domain configuration's files share: the words of an error, the
 * setters every reader feeds its values through (so the three formats
 * accept and refuse the same things), disk and vif specs, and the last
 * pass that fills in defaults and checks fields against each other.
 * Not public. */
#ifndef KEEL_LIBCTL_CONFIG_INTERNAL_H
#define KEEL_LIBCTL_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libctl.h"

#define LC_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Why a value was refused. Readers print it after the key's name, so s is
 * a predicate: "must be a positive integer". field, if not empty, names
 * the part of a compound value (a disk's "vdev") the predicate is about;
 * readers of spec strings print it, readers of objects already name it. */
struct lc_why {
    char field[32];
    char s[LC_CFG_ERR_MAX];
};

/* Both return -EINVAL, so a setter can end with `return lc_why(...)`. */
int lc_why(struct lc_why *why, const char *fmt, ...) LC_PRINTF(2, 3);
int lc_why_field(struct lc_why *why, const char *field, const char *fmt, ...)
    LC_PRINTF(3, 4);

/* Formats err->msg and returns ret. */
int lc_err(struct lc_config_error *err, int ret, const char *fmt, ...)
    LC_PRINTF(3, 4);

/* The one line every reader prints for a refused value:
 * "FILE:LINE:COL: KEY FIELD PREDICATE", without LINE when line is 0 and
 * without COL when col is 0. key is printed as given ('memory', <vcpu>).
 * ret -ENOMEM prints "FILE: out of memory" instead. Returns ret. */
int lc_report(struct lc_config_error *err, int ret, const char *file,
              unsigned line, unsigned col, const char *key,
              const struct lc_why *why);

/* s made fit to quote in a one-line message: bytes outside printable
 * ASCII as \xHH, and cut with "..." to fit size. Returns buf. */
#define LC_SHOW_MAX 72
const char *lc_show(const char *s, char *buf, size_t size);

/* The line and column (both from 1) of byte offset pos in text. */
void lc_text_position(const char *text, size_t len, size_t pos,
                      unsigned *line, unsigned *col);

/* config.c: lists of devices. Adding takes over what the entry owns;
 * -E2BIG past LC_CFG_DISKS_MAX / LC_CFG_VIFS_MAX. */
int lc_config_add_disk(struct lc_domain_config *cfg, struct lc_disk *disk);
int lc_config_add_vif(struct lc_domain_config *cfg, struct lc_vif *vif);
void lc_disk_free(struct lc_disk *disk);
void lc_vif_free(struct lc_vif *vif);

/* config_values.c: one setter per scalar key. Text is the value as the
 * format gives it; c_numbers also takes 0x hex and 0-prefixed octal, as
 * xl.cfg does. Each returns 0, -EINVAL with *why, or -ENOMEM. A setter
 * replaces what an earlier call stored. */
int lc_parse_u64(const char *s, bool c_numbers, uint64_t *out);
int lc_set_name(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why);
int lc_set_uuid(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why);
int lc_check_type(const char *s, struct lc_why *why);
/* MiB; also used for KiB and byte values once a reader has scaled them. */
int lc_set_mb(uint32_t *mb, const char *s, bool c_numbers,
              struct lc_why *why);
int lc_check_mb(uint64_t mb, struct lc_why *why);
int lc_set_vcpus(unsigned *n, const char *s, bool c_numbers,
                 struct lc_why *why);
int lc_check_vcpus(uint64_t n, struct lc_why *why);
int lc_set_cpus(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why);
/* A path or command line; empty strings are refused. */
int lc_set_string(char **field, const char *s, struct lc_why *why);
int lc_set_action(enum lc_action *action, const char *s, struct lc_why *why);

/* config_cpus.c: the CPULIST parser behind lc_set_cpus. */
int lc_cpulist_parse_why(const char *s, uint8_t *map, struct lc_why *why);

/* config_disk.c: a disk while its parameters arrive, from an xl DISKSPEC
 * or from the members of an object. */
struct lc_disk_draft {
    struct lc_disk disk;
    unsigned seen;              /* parameters given, by bit */
    bool had_prefix;            /* "phy:" and the like: no format slot */
    bool empty_format;          /* "format=empty": a cdrom with no media */
};

void lc_disk_draft_init(struct lc_disk_draft *d);
void lc_disk_draft_free(struct lc_disk_draft *d);
/* One parameter: target, format, vdev, access, devtype, script,
 * backendtype or backend; value NULL for the flags cdrom, discard,
 * no-discard, trusted, untrusted, direct-io-safe. An empty value means
 * the default, as in xl. */
int lc_disk_param(struct lc_disk_draft *d, const char *key,
                  const char *value, struct lc_why *why);
/* A whole DISKSPEC ("/img,raw,xvda,rw", "vdev=xvda, target=/img"). */
int lc_disk_parse_spec(struct lc_disk_draft *d, const char *spec,
                       struct lc_why *why);
/* Checks the draft and moves it into *disk (the draft is then empty). */
int lc_disk_complete(struct lc_disk_draft *d, struct lc_disk *disk,
                     struct lc_why *why);

/* config_vif.c: the same for a network interface. Parameters: mac,
 * bridge, script, ip, vifname, rate, mtu; model and type are taken and
 * ignored. */
void lc_vif_init(struct lc_vif *vif);
int lc_vif_param(struct lc_vif *vif, const char *key, const char *value,
                 struct lc_why *why);
int lc_vif_parse_spec(struct lc_vif *vif, const char *spec,
                      struct lc_why *why);

/* config_keys.c: the keys of xl.cfg, which our JSON shape shares. A
 * reader looks a key up and passes its value as text; list keys take one
 * DISKSPEC or vif spec per call. */
struct lc_keyed {
    struct lc_domain_config *cfg;
    bool c_numbers;             /* xl.cfg's 0x and 0 prefixes */
    char *cmdline, *root, *extra;       /* until lc_keyed_done */
};

enum lc_key_kind { LC_KEY_TEXT, LC_KEY_NUMBER, LC_KEY_LIST };

struct lc_key {
    const char *name;
    enum lc_key_kind kind;
    int (*set)(struct lc_keyed *k, const char *s, struct lc_why *why);
    const char *as_list;        /* why a list is refused (text keys) */
};

const struct lc_key *lc_key_find(const char *name);
/* Index of key in the table, for readers that track keys by it. */
unsigned lc_key_index(const struct lc_key *key);
#define LC_KEYS_COUNT 18
/* Builds the command line from cmdline, root and extra; then, and on
 * failure, releases them. */
int lc_keyed_done(struct lc_keyed *k);
void lc_keyed_free(struct lc_keyed *k);

/* config_check.c: after a reader has stored every key. */
enum lc_field {
    LC_F_NAME,
    LC_F_KERNEL,
    LC_F_MAXMEM,
    LC_F_MAXVCPUS,
    LC_F_DISK,
    LC_F_VIF,
};

struct lc_fault {
    enum lc_field field;
    unsigned index;             /* which disk or vif */
    bool missing;               /* a required key is absent */
    struct lc_why why;
};

/* Fills in defaults and checks the fields against one another. Returns
 * 0, -EINVAL with *fault, or -ENOMEM. */
int lc_config_finish(struct lc_domain_config *cfg, struct lc_fault *fault);

/* The readers, on text already in memory; name is for messages. */
int lc_config_parse_xl(const char *text, size_t len, const char *name,
                       struct lc_domain_config *cfg,
                       struct lc_config_error *err);
int lc_config_parse_json(const char *text, size_t len, const char *name,
                         struct lc_domain_config *cfg,
                         struct lc_config_error *err);
int lc_config_parse_xml(const char *text, size_t len, const char *name,
                        struct lc_domain_config *cfg,
                        struct lc_config_error *err);

#endif
