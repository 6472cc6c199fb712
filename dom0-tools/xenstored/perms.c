/* Permission sets. The wire form is one string per entry: a letter
 * (n none, r read, w write, b both) and a decimal domid; the first entry
 * names the owner and what every domain not listed may do. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "perms.h"

struct xs_permset *perms_new(const struct xs_perm *p, uint16_t n)
{
    struct xs_permset *ps = malloc(sizeof(*ps) + n * sizeof(ps->p[0]));

    if (!ps)
        return NULL;
    ps->refs = 1;
    ps->n = n;
    memcpy(ps->p, p, n * sizeof(ps->p[0]));
    return ps;
}

struct xs_permset *perms_get(struct xs_permset *ps)
{
    ps->refs++;
    return ps;
}

void perms_put(struct xs_permset *ps)
{
    if (ps && --ps->refs == 0)
        free(ps);
}

bool perms_equal(const struct xs_permset *a, const struct xs_permset *b)
{
    if (a->n != b->n)
        return false;
    for (unsigned int i = 0; i < a->n; i++)
        if (a->p[i].domid != b->p[i].domid || a->p[i].mode != b->p[i].mode)
            return false;
    return true;
}

struct xs_permset *perms_with_owner(struct xs_permset *ps, uint16_t owner)
{
    struct xs_permset *copy;

    if (ps->p[0].domid == owner)
        return perms_get(ps);
    copy = perms_new(ps->p, ps->n);
    if (copy)
        copy->p[0].domid = owner;
    return copy;
}

int perms_without(const struct xs_permset *ps, uint16_t domid,
                  uint16_t new_owner, struct xs_permset **out)
{
    struct xs_permset *copy;
    unsigned int kept = 1;
    bool hit = ps->p[0].domid == domid;

    for (unsigned int i = 1; i < ps->n; i++)
        hit |= ps->p[i].domid == domid;
    *out = NULL;
    if (!hit)
        return 0;
    copy = perms_new(ps->p, ps->n);
    if (!copy)
        return -ENOMEM;
    if (copy->p[0].domid == domid)
        copy->p[0].domid = new_owner;
    for (unsigned int i = 1; i < ps->n; i++)
        if (ps->p[i].domid != domid)
            copy->p[kept++] = ps->p[i];
    copy->n = (uint16_t)kept;
    *out = copy;
    return 1;
}

static int parse_one(const char *s, struct xs_perm *p)
{
    unsigned long id = 0;
    const char *d = s + 1;

    switch (s[0]) {
    case 'n': p->mode = XS_PERM_NONE; break;
    case 'r': p->mode = XS_PERM_READ; break;
    case 'w': p->mode = XS_PERM_WRITE; break;
    case 'b': p->mode = XS_PERM_READ | XS_PERM_WRITE; break;
    default: return -EINVAL;
    }
    if (!*d)
        return -EINVAL;
    for (; *d; d++) {
        if (*d < '0' || *d > '9')
            return -EINVAL;
        id = id * 10 + (unsigned long)(*d - '0');
        if (id > 65535)
            return -EINVAL;
    }
    p->domid = (uint16_t)id;
    p->pad = 0;
    return 0;
}

int perms_parse(const char *s, size_t len, unsigned int count,
                struct xs_permset **out)
{
    struct xs_permset *ps;
    size_t off = 0;

    if (count == 0 || count > 65535)
        return -EINVAL;
    ps = malloc(sizeof(*ps) + count * sizeof(ps->p[0]));
    if (!ps)
        return -ENOMEM;
    ps->refs = 1;
    ps->n = (uint16_t)count;
    for (unsigned int i = 0; i < count; i++) {
        const char *end = memchr(s + off, '\0', len - off);

        if (!end || parse_one(s + off, &ps->p[i]) < 0) {
            free(ps);
            return -EINVAL;
        }
        off = (size_t)(end - s) + 1;
    }
    *out = ps;
    return 0;
}

int perms_format(const struct xs_permset *ps, char *buf, size_t size)
{
    static const char letters[] = "nrwb";
    size_t off = 0;

    for (unsigned int i = 0; i < ps->n; i++) {
        int n = snprintf(buf + off, size - off, "%c%u",
                         letters[ps->p[i].mode & 3], ps->p[i].domid);

        if (n < 0 || (size_t)n + 1 > size - off)
            return -E2BIG;
        off += (size_t)n + 1;
    }
    return (int)off;
}

static bool is_me(const struct xs_who *who, uint16_t domid)
{
    return domid == who->domid || (who->target >= 0 && domid == who->target);
}

unsigned int perms_for(const struct xs_permset *ps, const struct xs_who *who)
{
    if (who->priv || is_me(who, ps->p[0].domid))
        return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
    for (unsigned int i = 1; i < ps->n; i++)
        if (is_me(who, ps->p[i].domid))
            return ps->p[i].mode;
    return ps->p[0].mode;
}
