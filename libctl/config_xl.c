/* The xl.cfg reader: the file's settings (config_xl_syntax.c) through the
 * keys of config_keys.c into the model. Any key not there is an error
 * rather than silently ignored, so a setting Keel cannot honour is never
 * lost. When a key appears twice the later one counts, as in xl; the
 * earlier value is not even checked. Numbers may also be quoted, as xl
 * takes them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_xl.h"

struct xl_ctx {
    const char *name;
    struct lc_keyed keyed;
    struct lc_config_error *err;
};

static int report(struct xl_ctx *x, int ret, unsigned line, const char *key,
                  int index, const struct lc_why *why)
{
    char quoted[64];

    if (index >= 0)
        snprintf(quoted, sizeof(quoted), "'%s[%d]'", key, index);
    else
        snprintf(quoted, sizeof(quoted), "'%s'", key);
    return lc_report(x->err, ret, x->name, line, 0, quoted, why);
}

static int apply_list(struct xl_ctx *x, const struct lc_key *k,
                      const struct xl_setting *s)
{
    struct lc_why why;
    int ret;

    if (s->value.kind != XL_LIST) {
        lc_why(&why, "must be a list of strings in [ ]");
        return report(x, -EINVAL, s->value.line, k->name, -1, &why);
    }
    for (unsigned i = 0; i < s->value.n; i++) {
        const struct xl_value *item = &s->value.items[i];

        if (item->kind == XL_LIST)
            ret = lc_why(&why, "must be a string, not a list");
        else
            ret = k->set(&x->keyed, item->text, &why);
        if (ret)
            return report(x, ret, item->line, k->name, (int)i, &why);
    }
    return 0;
}

static int apply(struct xl_ctx *x, const struct lc_key *k,
                 const struct xl_setting *s)
{
    struct lc_why why;
    int ret;

    if (k->kind == LC_KEY_LIST)
        return apply_list(x, k, s);
    if (s->value.kind == XL_LIST)
        ret = lc_why(&why, "%s", k->as_list ? k->as_list
                                            : "must be one value, not a list");
    else
        ret = k->set(&x->keyed, s->value.text, &why);
    return ret ? report(x, ret, s->value.line, k->name, -1, &why) : 0;
}

/* Every key must be known; then each key's last setting counts. */
static int apply_all(struct xl_ctx *x, const struct xl_file *f)
{
    int last[LC_KEYS_COUNT];
    char show[LC_SHOW_MAX];
    int ret;

    for (unsigned i = 0; i < LC_KEYS_COUNT; i++)
        last[i] = -1;
    for (unsigned i = 0; i < f->n; i++) {
        const struct lc_key *k = lc_key_find(f->settings[i].key);

        if (!k)
            return lc_err(x->err, -EINVAL, "%s:%u: unknown key '%s'",
                          x->name, f->settings[i].line,
                          lc_show(f->settings[i].key, show, sizeof(show)));
        last[lc_key_index(k)] = (int)i;
    }
    for (unsigned i = 0; i < f->n; i++) {
        const struct lc_key *k = lc_key_find(f->settings[i].key);

        if (last[lc_key_index(k)] != (int)i)
            continue;
        ret = apply(x, k, &f->settings[i]);
        if (ret)
            return ret;
    }
    return 0;
}

static const struct xl_setting *last_setting(const struct xl_file *f,
                                             const char *key)
{
    for (unsigned i = f->n; i-- > 0;)
        if (!strcmp(f->settings[i].key, key))
            return &f->settings[i];
    return NULL;
}

/* Puts a fault from lc_config_finish where it belongs in the file. */
static int report_fault(struct xl_ctx *x, const struct xl_file *f,
                        const struct lc_fault *fault)
{
    static const char *const names[] = {
        [LC_F_NAME] = "name", [LC_F_KERNEL] = "kernel",
        [LC_F_MAXMEM] = "maxmem", [LC_F_MAXVCPUS] = "maxvcpus",
        [LC_F_DISK] = "disk", [LC_F_VIF] = "vif",
    };
    const char *key = names[fault->field];
    const struct xl_setting *s = last_setting(f, key);
    bool item = fault->field == LC_F_DISK || fault->field == LC_F_VIF;
    unsigned line;

    if (fault->missing || !s)
        return lc_err(x->err, -EINVAL, "%s: missing required key '%s'",
                      x->name, key);
    line = item && fault->index < s->value.n
               ? s->value.items[fault->index].line : s->value.line;
    return report(x, -EINVAL, line, key, item ? (int)fault->index : -1,
                  &fault->why);
}

int lc_config_parse_xl(const char *text, size_t len, const char *name,
                       struct lc_domain_config *cfg,
                       struct lc_config_error *err)
{
    struct xl_ctx x = {
        .name = name, .err = err,
        .keyed = { .cfg = cfg, .c_numbers = true },
    };
    struct xl_file f;
    struct lc_fault fault;
    int ret;

    lc_config_init(cfg);
    ret = xl_syntax_parse(text, len, name, &f, err);
    if (ret == -ENOMEM)
        return lc_err(err, ret, "%s: out of memory", name);
    if (ret)
        return ret;
    ret = apply_all(&x, &f);
    if (!ret)
        ret = lc_keyed_done(&x.keyed);
    if (!ret && (ret = lc_config_finish(cfg, &fault)) == -EINVAL)
        report_fault(&x, &f, &fault);
    if (ret == -ENOMEM)
        lc_err(err, ret, "%s: out of memory", name);
    lc_keyed_free(&x.keyed);
    xl_file_free(&f);
    if (ret)
        lc_config_free(cfg);
    return ret;
}
