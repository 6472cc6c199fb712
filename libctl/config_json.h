/* The JSON reader's parts: a tree of the document that remembers where
 * each value starts (config_json_tree.c), and the two shapes read from
 * it: our own, keyed like xl.cfg (config_json_xl.c), and libxl's, as
 * `xl list -l` prints it (config_json_libxl.c). Not public. */
#ifndef KEEL_LIBCTL_CONFIG_JSON_H
#define KEEL_LIBCTL_CONFIG_JSON_H

#include "config_internal.h"

#define JSON_DEPTH_MAX 32
#define JSON_MEMBERS_MAX 4096   /* of one object or array */

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_OBJECT, J_ARRAY };

struct jnode;

/* An object's member, or an array's element (key NULL). */
struct jmember {
    char *key;
    size_t key_pos;
    struct jnode *val;
};

struct jnode {
    enum jtype type;
    size_t pos;                 /* byte offset of the value's start */
    char *str;                  /* J_STRING; J_NUMBER as written */
    bool boolean;
    struct jmember *m;          /* J_OBJECT, J_ARRAY */
    unsigned n, cap;
};

/* Parses a whole document; duplicate keys and strings holding NUL are
 * errors. Returns 0, -EINVAL with err set, or -ENOMEM. */
int json_tree_parse(const char *text, size_t len, const char *name,
                    struct jnode **root, struct lc_config_error *err);
void json_tree_free(struct jnode *node);
const struct jnode *json_get(const struct jnode *obj, const char *key);

/* What the shape readers share: where messages point, and where the
 * values lc_config_finish may fault were found. */
struct json_ctx {
    const char *name, *text;
    size_t len;
    struct lc_domain_config *cfg;
    struct lc_config_error *err;
    const char *field_key[LC_F_VIF + 1];        /* names for messages */
    size_t field_pos[LC_F_VIF + 1];
    const struct jnode *lists[2];               /* disks, vifs */
};

/* "FILE:LINE:COL: 'path' PREDICATE" at byte pos. */
int json_report(struct json_ctx *j, int ret, size_t pos, const char *path,
                const struct lc_why *why);
/* The same with a predicate made here. */
int json_fail(struct json_ctx *j, size_t pos, const char *path,
              const char *fmt, ...) LC_PRINTF(4, 5);
/* "FILE:LINE:COL: unknown key 'path'" */
int json_unknown(struct json_ctx *j, const struct jmember *m,
                 const char *prefix);
/* Typed access with the error reported. */
int json_string(struct json_ctx *j, const struct jnode *v, const char *path,
                const char **s);
int json_uint(struct json_ctx *j, const struct jnode *v, const char *path,
              uint64_t *out);
/* {} [] and null: what libxl prints for settings left at their default. */
bool json_is_empty(const struct jnode *v);

/* libxl's objects are read by rules: a handler per key, NULL for a key
 * that is taken and ignored. A key with no rule is an error unless its
 * value is empty (what libxl prints for a default). */
typedef int json_member_fn(struct json_ctx *j, const struct jnode *v,
                           const char *path, void *arg);

struct json_rule {
    const char *key;
    json_member_fn *fn;
};

int json_walk(struct json_ctx *j, const struct jnode *obj, const char *path,
              const struct json_rule *rules, unsigned n, void *arg);
/* libxl's defbool: "True", "False" or "<default>" (*set false). */
int json_defbool(struct json_ctx *j, const struct jnode *v, const char *path,
                 bool *value, bool *set);
/* config_json_libxl_build.c: "b_info". */
int json_libxl_b_info(struct json_ctx *j, const struct jnode *v,
                      const char *path, void *arg);
/* config_json_libxl_dev.c: "disks" and "nics". */
int json_libxl_disks(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg);
int json_libxl_nics(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg);

/* Each reads one shape into j->cfg, before lc_config_finish. */
int json_read_xl_shape(struct json_ctx *j, const struct jnode *root);
int json_read_libxl_shape(struct json_ctx *j, const struct jnode *root);

#endif
