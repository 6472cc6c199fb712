/* The node tree: every node knows its parent and its children (in
 * creation order, which is the order DIRECTORY lists them in), and one
 * hash table keyed by (parent, name) finds a child in O(1). Permissions
 * are immutable, reference-counted sets that children share with their
 * parent until someone changes them. */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_PERM_NONE  0u
#define XS_PERM_READ  1u
#define XS_PERM_WRITE 2u
#define XS_PERM_OWNER 4u

/* A path buffer: the protocol's absolute maximum plus room to detect
 * one that is too long. */
#define XS_PATH_BUF 3200

struct xs_perm {
    uint16_t domid;
    uint8_t mode;               /* XS_PERM_READ | XS_PERM_WRITE */
    uint8_t pad;
};

struct xs_permset {
    uint32_t refs;
    uint16_t n;                 /* >= 1: p[0] is the owner and the default */
    struct xs_perm p[];
};

struct xs_node {
    struct xs_node *parent;
    struct xs_node *hnext;      /* chain in the store's hash table */
    struct xs_node *first, *last;
    struct xs_node *prev, *next;
    struct xs_permset *perms;
    char *value;
    uint64_t gen;               /* store generation of the last change */
    uint32_t vlen;
    uint32_t nchildren;
    uint32_t hash;
    uint16_t namelen;
    char name[];                /* "" for the root; a special node's path */
};

enum { XS_SPECIAL_INTRODUCE, XS_SPECIAL_RELEASE, XS_NSPECIAL };

struct xs_store {
    struct xs_node *root;
    struct xs_node *special[XS_NSPECIAL];
    struct xs_node **buckets;
    size_t nbuckets;
    size_t nnodes;
    uint64_t gen;
};

extern const char *const xs_special_names[XS_NSPECIAL];

int store_init(struct xs_store *s, struct xs_permset *perms);
void store_fini(struct xs_store *s);
uint64_t store_next_gen(struct xs_store *s);

struct xs_node *store_child(const struct xs_store *s, const struct xs_node *parent,
                            const char *name, size_t len);
struct xs_node *store_lookup(const struct xs_store *s, const char *path);
int store_special_index(const char *path);

int store_add(struct xs_store *s, struct xs_node *parent, const char *name,
              size_t len, struct xs_permset *perms, struct xs_node **out);
int store_set_value(struct xs_store *s, struct xs_node *n, const void *v,
                    uint32_t len);
void store_set_perms(struct xs_store *s, struct xs_node *n,
                     struct xs_permset *perms);

/* Removes n and everything below it; visit sees each node (children
 * before their parent) while it is still linked. */
typedef void (*store_visit_fn)(void *arg, struct xs_node *n);
void store_remove(struct xs_store *s, struct xs_node *n, store_visit_fn visit,
                  void *arg);

/* Pre-order walk of the whole tree (the special nodes too), no recursion. */
void store_walk(struct xs_store *s, store_visit_fn visit, void *arg);

/* The node's absolute path; returns its length, or -ENAMETOOLONG. */
int store_path(const struct xs_node *n, char *buf, size_t size);

#endif
