/* String-keyed hash map with chaining; it grows by doubling. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "strmap.h"

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static struct strmap_ent *find(const struct strmap *m, const char *key,
                               uint32_t h)
{
    if (!m->nb)
        return NULL;
    for (struct strmap_ent *e = m->b[h & (m->nb - 1)]; e; e = e->next)
        if (e->hash == h && !strcmp(e->key, key))
            return e;
    return NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
    struct strmap_ent *e = find(m, key, str_hash(key));

    return e ? e->val : NULL;
}

static int grow(struct strmap *m)
{
    size_t nb = m->nb ? m->nb * 2 : 64;
    struct strmap_ent **b = calloc(nb, sizeof(*b));

    if (!b)
        return -ENOMEM;
    for (size_t i = 0; i < m->nb; i++) {
        struct strmap_ent *e = m->b[i], *next;

        for (; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (nb - 1)];
            b[e->hash & (nb - 1)] = e;
        }
    }
    free(m->b);
    m->b = b;
    m->nb = nb;
    return 0;
}

int strmap_put(struct strmap *m, const char *key, void *val)
{
    uint32_t h = str_hash(key);
    struct strmap_ent *e = find(m, key, h);
    size_t len;

    if (e) {
        e->val = val;
        return 0;
    }
    if (m->n >= m->nb && grow(m) < 0 && !m->nb)
        return -ENOMEM;
    len = strlen(key);
    e = malloc(sizeof(*e) + len + 1);
    if (!e)
        return -ENOMEM;
    memcpy(e->key, key, len + 1);
    e->hash = h;
    e->val = val;
    e->next = m->b[h & (m->nb - 1)];
    m->b[h & (m->nb - 1)] = e;
    m->n++;
    return 0;
}

void strmap_clear(struct strmap *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->nb; i++) {
        struct strmap_ent *e = m->b[i], *next;

        for (; e; e = next) {
            next = e->next;
            if (free_val)
                free_val(e->val);
            free(e);
        }
    }
    free(m->b);
    m->b = NULL;
    m->nb = 0;
    m->n = 0;
}
