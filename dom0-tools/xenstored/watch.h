/* Watches: registration per connection, and firing. A change to node N
 * fires every watch whose path is N or an ancestor of N (MATCH_SUBTREE);
 * nodes removed below the top of a removal fire only the watches on
 * themselves (MATCH_EXACT). A watcher hears only of nodes it may read,
 * or whose parent it may read. */
#ifndef XSD_WATCH_H
#define XSD_WATCH_H

#include "xsd.h"

enum { MATCH_NONE, MATCH_EXACT, MATCH_SUBTREE };

struct xs_watch {
    struct xs_watch *next;
    size_t strip;               /* prefix removed from events (relative) */
    char *token;
    char path[];
};

/* old_perms (may be NULL): the node's permissions before this change. */
void watch_fire(struct xsd *d, const char *path, const struct xs_permset *perms,
                const struct xs_permset *old_perms,
                const struct xs_permset *parent_perms, int match);
/* @introduceDomain or @releaseDomain. */
void watch_fire_special(struct xsd *d, int which);
void watch_drop_all(struct xsd *d, struct xs_conn *c);

#endif
