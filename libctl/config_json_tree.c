/* JSON to a tree, through yajl's event parser rather than its own tree,
 * because messages must say where a value is: yajl reports how far it
 * has read after each token, and a value starts at the first byte after
 * the previous token that is not white space, ',' or ':'. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include "config_json.h"

struct builder {
    yajl_handle h;
    const char *text;
    size_t len;
    size_t last_end;            /* just past the previous token */
    struct jnode *root;
    struct jnode *stack[JSON_DEPTH_MAX];
    unsigned depth;
    char *key;                  /* a member's key until its value comes */
    size_t key_pos;
    int error;                  /* ours, when a callback stopped yajl */
    size_t error_pos;
    char error_what[96];
};

void json_tree_free(struct jnode *node)
{
    if (!node)
        return;
    for (unsigned i = 0; i < node->n; i++) {
        free(node->m[i].key);
        json_tree_free(node->m[i].val);
    }
    free(node->m);
    free(node->str);
    free(node);
}

const struct jnode *json_get(const struct jnode *obj, const char *key)
{
    if (obj->type != J_OBJECT)
        return NULL;
    for (unsigned i = 0; i < obj->n; i++)
        if (!strcmp(obj->m[i].key, key))
            return obj->m[i].val;
    return NULL;
}

/* Where the token yajl has just read begins. */
static size_t token_start(struct builder *b)
{
    size_t end = yajl_get_bytes_consumed(b->h);
    size_t p = b->last_end;

    /* yajl_complete_parse counts afresh; only a trailing number lands
     * here, and it ends the text. */
    if (end < p)
        end = b->len;
    while (p < end && strchr(" \t\r\n,:", b->text[p]))
        p++;
    b->last_end = end;
    return p;
}

/* Returns 0, which makes yajl stop with yajl_status_client_canceled. */
static int stop(struct builder *b, int error, size_t pos, const char *what,
                const char *key)
{
    char show[LC_SHOW_MAX];

    b->error = error;
    b->error_pos = pos;
    if (key)
        snprintf(b->error_what, sizeof(b->error_what), "%s '%s'", what,
                 lc_show(key, show, sizeof(show)));
    else
        snprintf(b->error_what, sizeof(b->error_what), "%s", what);
    return 0;
}

static int attach(struct builder *b, struct jnode *node)
{
    struct jnode *parent = b->depth ? b->stack[b->depth - 1] : NULL;
    struct jmember *m;

    if (!parent) {
        b->root = node;
        return 1;
    }
    if (parent->n >= JSON_MEMBERS_MAX) {
        size_t pos = node->pos;

        json_tree_free(node);
        return stop(b, -EINVAL, pos, "too many members in one place", NULL);
    }
    if (parent->n == parent->cap) {
        unsigned cap = parent->cap ? parent->cap * 2 : 4;

        m = realloc(parent->m, cap * sizeof(*m));
        if (!m) {
            json_tree_free(node);
            return stop(b, -ENOMEM, 0, "", NULL);
        }
        parent->m = m;
        parent->cap = cap;
    }
    m = &parent->m[parent->n++];
    m->key = b->key;
    m->key_pos = b->key_pos;
    m->val = node;
    b->key = NULL;
    return 1;
}

static int add(struct builder *b, enum jtype type, const char *s,
               size_t len, bool boolean)
{
    struct jnode *node = calloc(1, sizeof(*node));

    if (!node)
        return stop(b, -ENOMEM, 0, "", NULL);
    node->type = type;
    node->pos = token_start(b);
    node->boolean = boolean;
    if (s && memchr(s, '\0', len)) {
        size_t pos = node->pos;

        free(node);
        return stop(b, -EINVAL, pos, "a string holds \\u0000", NULL);
    }
    if (s && !(node->str = strndup(s, len))) {
        free(node);
        return stop(b, -ENOMEM, 0, "", NULL);
    }
    if (!attach(b, node))
        return 0;
    if (type == J_OBJECT || type == J_ARRAY) {
        if (b->depth == JSON_DEPTH_MAX)
            return stop(b, -EINVAL, node->pos, "nesting too deep", NULL);
        b->stack[b->depth++] = node;
    }
    return 1;
}

static int on_null(void *ctx)
{
    return add(ctx, J_NULL, NULL, 0, false);
}

static int on_bool(void *ctx, int v)
{
    return add(ctx, J_BOOL, NULL, 0, v != 0);
}

static int on_number(void *ctx, const char *s, size_t len)
{
    return add(ctx, J_NUMBER, s, len, false);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return add(ctx, J_STRING, (const char *)s, len, false);
}

static int on_start_map(void *ctx)
{
    return add(ctx, J_OBJECT, NULL, 0, false);
}

static int on_start_array(void *ctx)
{
    return add(ctx, J_ARRAY, NULL, 0, false);
}

static int on_end(void *ctx)
{
    struct builder *b = ctx;

    token_start(b);
    b->depth--;
    return 1;
}

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
    struct builder *b = ctx;
    const struct jnode *obj = b->stack[b->depth - 1];
    size_t pos = token_start(b);

    if (memchr(s, '\0', len))
        return stop(b, -EINVAL, pos, "a key holds \\u0000", NULL);
    free(b->key);
    b->key = strndup((const char *)s, len);
    if (!b->key)
        return stop(b, -ENOMEM, 0, "", NULL);
    b->key_pos = pos;
    if (json_get(obj, b->key))
        return stop(b, -EINVAL, pos, "duplicate key", b->key);
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_bool,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

/* yajl's own words, without its "parse error: " and trailing newline.
 * At the end, the text stopped short; after a parse error yajl has just
 * read the token at fault; a lexical error is in the token after the
 * last good one. */
static int syntax_error(struct builder *b, const char *name,
                        struct lc_config_error *err, bool at_end)
{
    unsigned char *msg = yajl_get_error(b->h, 0, NULL, 0);
    const char *what = msg ? (const char *)msg : "malformed JSON";
    size_t pos = yajl_get_bytes_consumed(b->h);
    unsigned line, col;
    int ret;

    if (at_end || pos == 0) {
        pos = b->len;
    } else if (!strncmp(what, "lexical", 7)) {
        pos = b->last_end;
        while (pos < b->len && strchr(" \t\r\n,:", b->text[pos]))
            pos++;
    } else {
        pos--;
    }
    if (strchr(what, ':'))
        what = strchr(what, ':') + 1;
    while (*what == ' ')
        what++;
    lc_text_position(b->text, b->len, pos, &line, &col);
    ret = lc_err(err, -EINVAL, "%s:%u:%u: syntax error: %.*s", name, line,
                 col, (int)strcspn(what, ".\n"), what);
    if (msg)
        yajl_free_error(b->h, msg);
    return ret;
}

static int callback_error(struct builder *b, const char *name,
                          struct lc_config_error *err)
{
    unsigned line, col;

    if (b->error == -ENOMEM)
        return lc_err(err, -ENOMEM, "%s: out of memory", name);
    lc_text_position(b->text, b->len, b->error_pos, &line, &col);
    return lc_err(err, -EINVAL, "%s:%u:%u: %s", name, line, col,
                  b->error_what);
}

int json_tree_parse(const char *text, size_t len, const char *name,
                    struct jnode **root, struct lc_config_error *err)
{
    struct builder b = { .text = text, .len = len };
    yajl_status st;
    bool at_end = false;
    int ret = 0;

    b.h = yajl_alloc(&callbacks, NULL, &b);
    if (!b.h)
        return lc_err(err, -ENOMEM, "%s: out of memory", name);
    st = yajl_parse(b.h, (const unsigned char *)text, len);
    if (st == yajl_status_ok) {
        at_end = true;
        st = yajl_complete_parse(b.h);
    }
    if (st == yajl_status_client_canceled)
        ret = callback_error(&b, name, err);
    else if (st != yajl_status_ok)
        ret = syntax_error(&b, name, err, at_end);
    yajl_free(b.h);
    free(b.key);
    if (ret) {
        json_tree_free(b.root);
        return ret;
    }
    *root = b.root;
    return 0;
}
