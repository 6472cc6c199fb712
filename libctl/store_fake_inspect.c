/* What a test asks of the fake store. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_fake_tree.h"

static const struct fxs_tree *committed(const struct lc_fake_store *fs)
{
    return fs->tx ? &fs->saved : &fs->tree;
}

const char *lc_fake_store_value(const struct lc_fake_store *fs, const char *path)
{
    const struct fxs_node *n = fxs_find(committed(fs), path);

    return n ? n->value : NULL;
}

static int format_perms(const struct fxs_node *n, char *buf, size_t size)
{
    size_t used = 0;

    for (unsigned i = 0; i < n->nperms; i++) {
        int w = snprintf(buf + used, size - used, "%s%c%u", i ? "," : "",
                         n->perms[i].perm, n->perms[i].domid);

        if (w < 0 || (size_t)w >= size - used)
            return -ERANGE;
        used += (size_t)w;
    }
    return 0;
}

int lc_fake_store_perms(const struct lc_fake_store *fs, const char *path, char *buf,
                        size_t size)
{
    const struct fxs_node *n = fxs_find(committed(fs), path);

    if (!size)
        return -ERANGE;
    buf[0] = '\0';
    return n ? format_perms(n, buf, size) : -ENOENT;
}

size_t lc_fake_store_nr_nodes(const struct lc_fake_store *fs)
{
    return committed(fs)->n;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *lc_fake_store_dump(const struct lc_fake_store *fs)
{
    const struct fxs_tree *t = committed(fs);
    char **lines = calloc(t->n ? t->n : 1, sizeof(*lines));
    char *out = NULL, perms[128];
    size_t size = 0;
    FILE *f;

    if (!lines)
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        if (format_perms(&t->nodes[i], perms, sizeof(perms)) ||
            asprintf(&lines[i], "%s=%s (%s)\n", t->nodes[i].path, t->nodes[i].value,
                     perms) < 0)
            lines[i] = NULL;
    }
    qsort(lines, t->n, sizeof(*lines), by_path);
    f = open_memstream(&out, &size);
    for (size_t i = 0; i < t->n; i++) {
        if (f)
            fputs(lines[i] ? lines[i] : "?\n", f);
        free(lines[i]);
    }
    free(lines);
    if (f)
        fclose(f);
    return out;
}

bool lc_fake_store_introduced(const struct lc_fake_store *fs, unsigned domid,
                              uint64_t *gfn, unsigned *port)
{
    for (unsigned i = 0; i < fs->nr_intro; i++) {
        if (fs->intro[i].domid != domid)
            continue;
        if (gfn)
            *gfn = fs->intro[i].gfn;
        if (port)
            *port = fs->intro[i].port;
        return true;
    }
    return false;
}

bool lc_fake_store_in_tx(const struct lc_fake_store *fs)
{
    return fs->tx != 0;
}

const struct lc_fxs_call *lc_fake_store_calls(const struct lc_fake_store *fs, size_t *n)
{
    *n = fs->nr_log;
    return fs->log;
}
