/* Flattened device tree (DTB, format version 17): a reader for the tree the
 * boot loader hands us, and a sequential writer for the trees we build for
 * guests.
 *
 * Reader: a node is named by the offset of its BEGIN_NODE token inside the
 * structure block, a property by the offset of its PROP token. Offsets are
 * never negative, so a negative return is always an error: -ENOENT for
 * "not there" and -EINVAL for a blob (or an offset) that does not make
 * sense. The blob may be corrupt: no call reads outside it or loops forever.
 *
 * Writer: builds a blob front to back into a caller's buffer (see struct
 * dt_writer). Every call fails cleanly (-ENOSPC) when the buffer is too
 * small and leaves what was written so far intact. */
#ifndef KEEL_DT_H
#define KEEL_DT_H

#include <keel/types.h>

#define DT_MAGIC 0xd00dfeedU

/* Offsets are handed out as int, padding included: blobs stay below 2 GiB. */
#define DT_MAX_SIZE 0x7ffffff8U

struct dt {
    const uint8_t *blob;
    uint32_t size;              /* totalsize from the header */
    uint32_t off_rsvmap;
    uint32_t off_struct, size_struct;
    uint32_t off_strings, size_strings;
};

/* Checks the header of the blob at `blob`, of which no more than max_size
 * bytes may be read: magic, version 16 or later that a version 17 reader
 * understands, and every block inside the blob and clear of the header.
 * `dt` keeps pointing into the blob, which must stay where it is. */
int dt_open(struct dt *dt, const void *blob, size_t max_size);

/* Walks the whole structure block once: one root, balanced nodes, an END
 * token, names and property names well formed. For a caller that prefers
 * to reject a bad tree up front; the other calls do not need it. */
int dt_check(const struct dt *dt);

/* Entry `idx` of the memory reservation map; -ENOENT past its end (the
 * first entry of size 0). */
int dt_mem_rsv(const struct dt *dt, unsigned int idx, uint64_t *addr,
               uint64_t *size);

/* Nodes. dt_path() takes an absolute path ("/cpus/cpu@0"; -EINVAL
 * otherwise). A component with no '@' also matches a child "name@unit",
 * the first such one in order, unless some child is called exactly that.
 * dt_parent() and dt_node_depth() walk from the root: linear in `node`.
 * dt_name() is "" for the root, NULL if `node` is not a node. */
int dt_root(const struct dt *dt);
int dt_path(const struct dt *dt, const char *path);
int dt_first_child(const struct dt *dt, int node);
int dt_next_sibling(const struct dt *dt, int node);
int dt_parent(const struct dt *dt, int node);
int dt_node_depth(const struct dt *dt, int node);
const char *dt_name(const struct dt *dt, int node);

/* The node after `node` in document order. *depth (if not NULL) moves by
 * the change in nesting: +1 for a first child, 0 for a sibling, -k when
 * climbing k levels. -ENOENT after the last node of the tree. */
int dt_next_node(const struct dt *dt, int node, int *depth);

/* Properties of one node (not of its children). dt_prop() gives NULL if
 * the property is absent or the node is bad. dt_prop_u32(): -ENOENT if
 * absent, -EINVAL unless 4 bytes long. dt_prop_str(): NULL unless the
 * value holds a NUL. dt_first_prop()/dt_next_prop() return property
 * handles for dt_prop_at(), which gives the value (NULL if `prop` is bad),
 * its name and its length. */
const void *dt_prop(const struct dt *dt, int node, const char *name,
                    uint32_t *len);
int dt_prop_u32(const struct dt *dt, int node, const char *name,
                uint32_t *out);
const char *dt_prop_str(const struct dt *dt, int node, const char *name);
int dt_first_prop(const struct dt *dt, int node);
int dt_next_prop(const struct dt *dt, int prop);
const void *dt_prop_at(const struct dt *dt, int prop, const char **name,
                       uint32_t *len);

/* Searches. dt_is_compatible(): `compat` is one of the strings of the
 * node's "compatible". dt_find_compatible(): the next such node after
 * `after` in document order, starting with the root itself for -1. */
bool dt_is_compatible(const struct dt *dt, int node, const char *compat);
int dt_find_compatible(const struct dt *dt, int after, const char *compat);

/* Addresses. dt_cells(): #address-cells and #size-cells of `node`, for
 * its children's "reg" (2 and 1 when absent, -EINVAL unless 4 bytes).
 * dt_reg(): entry `index` of "reg", decoded with the parent's cells;
 * -ENOENT past the last entry or without "reg", -EINVAL for cells over 2,
 * no address cells or a length that is not a whole number of entries.
 * dt_read_cells(): big-endian cells, any alignment; 0 cells read as 0. */
int dt_cells(const struct dt *dt, int node, uint32_t *addr_cells,
             uint32_t *size_cells);
int dt_reg(const struct dt *dt, int node, unsigned int index,
           uint64_t *addr, uint64_t *size);
uint64_t dt_read_cells(const void *p, unsigned int ncells);

/* Writer. The structure block grows up from the front of the buffer and
 * the strings block down from its end; dt_finish() moves the strings down
 * once. Fields are private.
 *
 * Order of calls: dt_writer_init(), any dt_add_mem_rsv() (size > 0), then
 * one root node named "" holding properties first and subnodes after,
 * then dt_finish(), which gives the blob's size. Each call returns 0,
 * -ENOSPC when the buffer is too small (nothing written, the writer
 * unchanged), or -EINVAL when called out of that order, after dt_finish(),
 * or with a bad name ("" below the root, or containing '/'). Property
 * names are stored once each in the strings block. */
struct dt_writer {
    uint8_t *buf;
    size_t cap;
    size_t pos;                 /* next free byte of the structure block */
    size_t str_low;             /* strings occupy [str_low, cap) */
    size_t off_struct;          /* 0 until the first node */
    int depth;
    bool root_done;
    bool had_child;             /* current node has a child: no more props */
    bool finished;
};

int dt_writer_init(struct dt_writer *w, void *buf, size_t cap);
int dt_add_mem_rsv(struct dt_writer *w, uint64_t addr, uint64_t size);
int dt_begin_node(struct dt_writer *w, const char *name);
int dt_end_node(struct dt_writer *w);
int dt_property(struct dt_writer *w, const char *name, const void *val,
                uint32_t len);
int dt_property_u32(struct dt_writer *w, const char *name, uint32_t v);
int dt_property_u64(struct dt_writer *w, const char *name, uint64_t v);
int dt_property_string(struct dt_writer *w, const char *name, const char *s);
int dt_property_cells(struct dt_writer *w, const char *name,
                      const uint32_t *cells, unsigned int n);
int dt_property_strings(struct dt_writer *w, const char *name,
                        const char *const *list, unsigned int n);
int dt_finish(struct dt_writer *w, size_t *total_size);

#endif
