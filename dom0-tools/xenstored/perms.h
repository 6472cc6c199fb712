/* Permission sets: parsing and printing the wire form ("b0", "r5", ...)
 * and deciding what one connection may do with a node. */
#ifndef XSD_PERMS_H
#define XSD_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store.h"

/* Who is asking: a domain, possibly a device model acting for target. */
struct xs_who {
    uint16_t domid;
    int32_t target;             /* -1: none */
    bool priv;                  /* the control domain: may do anything */
};

struct xs_permset *perms_new(const struct xs_perm *p, uint16_t n);
struct xs_permset *perms_get(struct xs_permset *ps);
void perms_put(struct xs_permset *ps);
bool perms_equal(const struct xs_permset *a, const struct xs_permset *b);

/* A reference to ps with owner as p[0].domid (ps itself if it already is). */
struct xs_permset *perms_with_owner(struct xs_permset *ps, uint16_t owner);
/* For a domain that goes away: *out = ps without domid's entries after
 * the first, and owned by new_owner if domid owned it. Returns 0 with
 * *out NULL when domid does not appear, 1 with a new set, or -ENOMEM. */
int perms_without(const struct xs_permset *ps, uint16_t domid,
                  uint16_t new_owner, struct xs_permset **out);

/* count strings of the form {n,r,w,b}<domid>, each NUL-terminated. */
int perms_parse(const char *s, size_t len, unsigned int count,
                struct xs_permset **out);
/* Writes the wire form; returns the bytes used or -E2BIG. */
int perms_format(const struct xs_permset *ps, char *buf, size_t size);

unsigned int perms_for(const struct xs_permset *ps, const struct xs_who *who);

#endif
