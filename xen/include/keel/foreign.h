/* Pages of one domain mapped into another's physmap outside grants: the
 * control domain's privcmd mappings and acquired grant frames. The owner
 * is kept alive (not freed) while any such mapping of its pages exists,
 * so a mapper can never reach a page the pool has handed to someone else. */
#ifndef KEEL_FOREIGN_H
#define KEEL_FOREIGN_H

#include <keel/types.h>

struct domain;

#define FOREIGN_BUCKETS 1024

struct foreign_entry {
    uint64_t gfn;               /* in the mapper's physmap */
    uint16_t owner;             /* domain id of the page's owner */
    struct foreign_entry *next;
};

struct foreign_maps {
    struct foreign_entry **buckets;     /* allocated on first use */
    uint64_t count;
};

/* Records that `mapper` maps a page of `owner` at gfn (replacing any
 * earlier record for that gfn). -ENOMEM if it cannot be recorded. */
int foreign_track(struct domain *mapper, uint64_t gfn, struct domain *owner);
/* The mapping at gfn is gone; no-op if there was none. */
void foreign_untrack(struct domain *mapper, uint64_t gfn);
/* The mapper is dying: drop every record it holds. */
void foreign_untrack_all(struct domain *mapper);

#endif
