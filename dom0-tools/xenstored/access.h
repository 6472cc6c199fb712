/* The store as one request sees it: through its transaction when it has
 * one, the main store otherwise. Handlers check permissions; these
 * functions do the change, its accounting and its watch events. */
#ifndef XSD_ACCESS_H
#define XSD_ACCESS_H

#include "xsd.h"

struct xs_nview {
    const char *value;
    uint32_t vlen;
    struct xs_permset *perms;
    uint64_t gen;
};

struct xs_buf {
    char *p;
    size_t len, cap;
};

int xsbuf_append(struct xs_buf *b, const void *data, size_t len);
void xsbuf_free(struct xs_buf *b);

int view_get(struct xs_req *r, const char *path, struct xs_nview *v);
/* Children names, each NUL-terminated, appended to out. */
int view_children(struct xs_req *r, const char *path, struct xs_buf *out);
/* The deepest existing node at or above path (path is a buffer of
 * XS_PATH_BUF bytes, truncated to that node's path). */
int view_nearest(struct xs_req *r, char *path, struct xs_nview *v);

/* Creates path and missing parents (perms inherited from the nearest
 * existing ancestor); sets the value if with_value. */
int acc_write(struct xs_req *r, const char *path, const void *val,
              uint32_t vlen, bool with_value);
int acc_remove(struct xs_req *r, const char *path);
int acc_set_perms(struct xs_req *r, const char *path, struct xs_permset *ps);

/* For the main store, also used when a transaction commits. */
void acc_owned(struct xsd *d, uint16_t domid, int delta);
void acc_remove_node(struct xsd *d, struct xs_node *n, bool fire);
struct xs_permset *acc_new_perms(struct xs_req *r, struct xs_permset *parent);

#endif
