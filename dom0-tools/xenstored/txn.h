/* Transactions. A transaction is an overlay on the main store: one entry
 * per path it touched, recording the node's generation when first seen
 * (0: absent) and, once it changes the node, a private copy (value,
 * permissions, children). Commit fails with EAGAIN if any touched node
 * changed in the main store since the transaction started. */
#ifndef XSD_TXN_H
#define XSD_TXN_H

#include "access.h"
#include "xsd.h"

enum { TXE_SEEN, TXE_EXISTS, TXE_DELETED };

struct txe {
    struct txe *next;           /* in order of first access */
    uint64_t gen_seen;          /* main store generation then; 0: absent */
    struct xs_permset *old_perms;   /* main store permissions then */
    int state;
    int watch;                  /* MATCH_* to fire at commit */
    uint32_t seq;               /* creation order, for commit */
    bool set_value, set_perms;
    char *value;
    uint32_t vlen;
    struct xs_permset *perms;
    char *children;             /* NUL-separated names */
    size_t clen;
    uint64_t gen;
    char path[];
};

struct xs_txn {
    struct xs_txn *next;
    uint32_t id;
    uint64_t start_gen;
    bool doomed;                /* saw a change newer than its start */
    struct strmap entries;
    struct txe *first, *last;
    unsigned int nentries;
    uint32_t seq;
    int nodes_delta;
};

struct xs_txn *txn_find(struct xs_conn *c, uint32_t id);
void txn_drop_all(struct xsd *d, struct xs_conn *c);
/* The main store lost path: transactions that look later must fail. */
void txn_note_deleted(struct xsd *d, const char *path);
int txn_commit(struct xsd *d, struct xs_txn *t);

/* txn_ops.c: the store as seen inside a transaction. */
struct txe *txn_entry(struct xs_req *r, const char *path, int *err);
int txn_view(struct xs_req *r, const char *path, struct xs_nview *v);
int txn_children(struct xs_req *r, const char *path, struct xs_buf *out);
int txn_write(struct xs_req *r, const char *path, const void *val,
              uint32_t vlen, bool with_value);
int txn_remove(struct xs_req *r, const char *path);
int txn_set_perms(struct xs_req *r, const char *path, struct xs_permset *ps);
void txe_free(void *e);

#endif
