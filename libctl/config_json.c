/* The JSON reader: the document's tree, which of the two shapes it is,
 * and the messages both shapes give. A list, or an object with "config"
 * or "c_info", is libxl's shape; any other object is ours. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "config_json.h"

int json_report(struct json_ctx *j, int ret, size_t pos, const char *path,
                const struct lc_why *why)
{
    char key[160];
    unsigned line, col;

    lc_text_position(j->text, j->len, pos, &line, &col);
    snprintf(key, sizeof(key), "'%s'", path);
    return lc_report(j->err, ret, j->name, line, col, key, why);
}

int json_fail(struct json_ctx *j, size_t pos, const char *path,
              const char *fmt, ...)
{
    struct lc_why why = { .field = "" };
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why.s, sizeof(why.s), fmt, ap);
    va_end(ap);
    return json_report(j, -EINVAL, pos, path, &why);
}

int json_unknown(struct json_ctx *j, const struct jmember *m,
                 const char *prefix)
{
    char show[LC_SHOW_MAX];
    unsigned line, col;

    lc_text_position(j->text, j->len, m->key_pos, &line, &col);
    return lc_err(j->err, -EINVAL, "%s:%u:%u: unknown key '%s%s%s'",
                  j->name, line, col, prefix, *prefix ? "." : "",
                  lc_show(m->key, show, sizeof(show)));
}

int json_string(struct json_ctx *j, const struct jnode *v, const char *path,
                const char **s)
{
    if (v->type != J_STRING)
        return json_fail(j, v->pos, path, "must be a string");
    *s = v->str;
    return 0;
}

int json_uint(struct json_ctx *j, const struct jnode *v, const char *path,
              uint64_t *out)
{
    int ret = -EINVAL;

    if (v->type == J_NUMBER)
        ret = lc_parse_u64(v->str, false, out);
    if (ret == -ERANGE)
        return json_fail(j, v->pos, path, "is too large");
    if (ret)
        return json_fail(j, v->pos, path, "must be a non-negative integer");
    return 0;
}

bool json_is_empty(const struct jnode *v)
{
    return v->type == J_NULL ||
           ((v->type == J_OBJECT || v->type == J_ARRAY) && v->n == 0);
}

static bool is_libxl_shape(const struct jnode *root)
{
    return root->type == J_ARRAY || json_get(root, "config") ||
           json_get(root, "c_info");
}

/* Puts a fault from lc_config_finish where it belongs in the text. */
static int report_fault(struct json_ctx *j, const struct lc_fault *f)
{
    const char *key = j->field_key[f->field];
    const struct jnode *list = NULL;
    char path[128];
    size_t pos = j->field_pos[f->field];

    if (f->missing)
        return lc_err(j->err, -EINVAL, "%s: missing required key '%s'",
                      j->name, key);
    if (f->field == LC_F_DISK || f->field == LC_F_VIF)
        list = j->lists[f->field == LC_F_VIF];
    if (list && f->index < list->n) {
        snprintf(path, sizeof(path), "%s[%u]", key, f->index);
        return json_report(j, -EINVAL, list->m[f->index].val->pos, path,
                           &f->why);
    }
    return json_report(j, -EINVAL, pos, key, &f->why);
}

static int not_a_config(struct json_ctx *j, const struct jnode *root)
{
    unsigned line, col;

    lc_text_position(j->text, j->len, root->pos, &line, &col);
    return lc_err(j->err, -EINVAL, "%s:%u:%u: the document must be an "
                  "object or a list", j->name, line, col);
}

int lc_config_parse_json(const char *text, size_t len, const char *name,
                         struct lc_domain_config *cfg,
                         struct lc_config_error *err)
{
    struct json_ctx j = {
        .name = name, .text = text, .len = len, .cfg = cfg, .err = err,
    };
    struct jnode *root;
    struct lc_fault fault;
    int ret;

    lc_config_init(cfg);
    ret = json_tree_parse(text, len, name, &root, err);
    if (ret)
        return ret;
    if (root->type != J_OBJECT && root->type != J_ARRAY)
        ret = not_a_config(&j, root);
    else if (is_libxl_shape(root))
        ret = json_read_libxl_shape(&j, root);
    else
        ret = json_read_xl_shape(&j, root);
    if (!ret && (ret = lc_config_finish(cfg, &fault)) == -EINVAL)
        report_fault(&j, &fault);
    if (ret == -ENOMEM)
        lc_err(err, ret, "%s: out of memory", name);
    json_tree_free(root);
    if (ret)
        lc_config_free(cfg);
    return ret;
}
