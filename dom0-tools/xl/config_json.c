/* xl create -n prints the config object alone, as xl does, where xl list
 * -l wraps it with the domid: this takes it out of libctl's JSON and
 * writes it again in the same pretty form. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>
#include "xl.h"

#define JSON_DEPTH_MAX 16   /* the model nests five deep */

static yajl_gen_status gen(yajl_gen g, yajl_val v, unsigned depth);

static yajl_gen_status gen_str(yajl_gen g, const char *s)
{
    return yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static yajl_gen_status gen_object(yajl_gen g, yajl_val v, unsigned depth)
{
    yajl_gen_status st = yajl_gen_map_open(g);

    for (size_t i = 0; st == yajl_gen_status_ok && i < v->u.object.len; i++) {
        st = gen_str(g, v->u.object.keys[i]);
        if (st == yajl_gen_status_ok)
            st = gen(g, v->u.object.values[i], depth + 1);
    }
    return st == yajl_gen_status_ok ? yajl_gen_map_close(g) : st;
}

static yajl_gen_status gen_array(yajl_gen g, yajl_val v, unsigned depth)
{
    yajl_gen_status st = yajl_gen_array_open(g);

    for (size_t i = 0; st == yajl_gen_status_ok && i < v->u.array.len; i++)
        st = gen(g, v->u.array.values[i], depth + 1);
    return st == yajl_gen_status_ok ? yajl_gen_array_close(g) : st;
}

static yajl_gen_status gen(yajl_gen g, yajl_val v, unsigned depth)
{
    if (depth > JSON_DEPTH_MAX)
        return yajl_max_depth_exceeded;
    if (YAJL_IS_OBJECT(v))
        return gen_object(g, v, depth);
    if (YAJL_IS_ARRAY(v))
        return gen_array(g, v, depth);
    if (YAJL_IS_STRING(v))
        return gen_str(g, v->u.string);
    if (YAJL_IS_INTEGER(v))
        return yajl_gen_integer(g, YAJL_GET_INTEGER(v));
    if (YAJL_IS_NUMBER(v))
        return yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
    if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
        return yajl_gen_bool(g, YAJL_IS_TRUE(v));
    return yajl_gen_null(g);
}

static int write_object(yajl_val config, char **json)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    int rc = -ENOMEM;

    if (!g)
        return rc;
    if (yajl_gen_config(g, yajl_gen_beautify, 1) &&
        gen(g, config, 0) == yajl_gen_status_ok &&
        yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok)
        rc = (*json = strndup((const char *)buf, len)) ? 0 : -ENOMEM;
    yajl_gen_free(g);
    return rc;
}

void xl_print_json(FILE *f, const char *json)
{
    size_t len = strlen(json);

    fputs(json, f);
    if (!len || json[len - 1] != '\n')
        fputc('\n', f);
}

int xl_config_json_object(const struct lc_domain_config *cfg, char **json)
{
    const char *path[] = { "config", NULL };
    yajl_val root, config = NULL;
    char *list;
    int rc = lc_config_to_json(cfg, 0, &list);

    if (rc)
        return rc;
    root = yajl_tree_parse(list, NULL, 0);
    free(list);
    if (root && YAJL_IS_ARRAY(root) && root->u.array.len == 1)
        config = yajl_tree_get(root->u.array.values[0], path, yajl_t_object);
    rc = config ? write_object(config, json) : -EINVAL;
    yajl_tree_free(root);
    return rc;
}
