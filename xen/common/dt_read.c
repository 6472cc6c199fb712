/* Reads a flattened device tree in place, trusting nothing in it: every
 * token is bounds-checked when it is read, and every walk only moves
 * forward, so a corrupt blob ends in -EINVAL rather than a stray read or
 * an endless loop. */
#include <keel/dt.h>
#include <keel/errno.h>
#include <keel/lib.h>

#define TOK_BEGIN_NODE 1U
#define TOK_END_NODE   2U
#define TOK_PROP       3U
#define TOK_NOP        4U
#define TOK_END        9U
#define TOK_BAD        0U

/* Header sizes: version 17 added size_dt_struct at the end. */
#define HDR_V16_SIZE 36U
#define HDR_V17_SIZE 40U
#define RSV_ENTRY    16U

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

uint64_t dt_read_cells(const void *p, unsigned int ncells)
{
    const uint8_t *c = p;
    uint64_t v = 0;

    /* More than two cells keep their low 64 bits, like a wide bus
     * address truncated; dt_reg() refuses such buses before asking. */
    for (unsigned int i = 0; i < ncells; i++, c += 4)
        v = (v & 0xffffffffU) << 32 | be32(c);
    return v;
}

/* ---- header ---- */

static bool block_ok(uint32_t off, uint32_t size, uint32_t hdr,
                     uint32_t total)
{
    return off >= hdr && (uint64_t)off + size <= total;
}

static bool blocks_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return alen && blen && a < b + (uint64_t)blen && b < a + (uint64_t)alen;
}

/* Version 16 headers do not give the structure block's size: assume it
 * runs up to the strings block, or to the end of the blob. */
static uint32_t v16_struct_size(const struct dt *dt)
{
    if (dt->off_strings > dt->off_struct)
        return dt->off_strings - dt->off_struct;
    return dt->size - dt->off_struct;
}

static int check_layout(const struct dt *dt, uint32_t hdr)
{
    if (dt->off_struct > dt->size ||
        !block_ok(dt->off_struct, dt->size_struct, hdr, dt->size) ||
        !block_ok(dt->off_strings, dt->size_strings, hdr, dt->size) ||
        !block_ok(dt->off_rsvmap, RSV_ENTRY, hdr, dt->size))
        return -EINVAL;
    if (blocks_overlap(dt->off_struct, dt->size_struct, dt->off_strings,
                       dt->size_strings))
        return -EINVAL;
    return 0;
}

int dt_open(struct dt *dt, const void *blob, size_t max_size)
{
    const uint8_t *b = blob;
    uint32_t version, hdr;

    if (!dt || !b || max_size < HDR_V17_SIZE || be32(b) != DT_MAGIC)
        return -EINVAL;
    version = be32(b + 20);
    if (version < 16 || be32(b + 24) > 17)
        return -EINVAL;
    hdr = version >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE;
    dt->blob = b;
    dt->size = be32(b + 4);
    dt->size_struct = 0;
    if (dt->size > max_size || dt->size > DT_MAX_SIZE || dt->size < hdr)
        return -EINVAL;
    dt->off_struct = be32(b + 8);
    dt->off_strings = be32(b + 12);
    dt->off_rsvmap = be32(b + 16);
    dt->size_strings = be32(b + 32);
    if (version >= 17)
        dt->size_struct = be32(b + 36);
    else if (dt->off_struct <= dt->size)
        dt->size_struct = v16_struct_size(dt);
    return check_layout(dt, hdr);
}

int dt_mem_rsv(const struct dt *dt, unsigned int idx, uint64_t *addr,
               uint64_t *size)
{
    for (uint64_t i = 0;; i++) {
        uint64_t off = dt->off_rsvmap + i * RSV_ENTRY;
        const uint8_t *e;

        if (off + RSV_ENTRY > dt->size)
            return -EINVAL;
        e = dt->blob + off;
        /* The map ends with a zero entry; like Linux and libfdt, stop at
         * the first zero size, as such an entry reserves nothing. */
        if (!dt_read_cells(e + 8, 2))
            return -ENOENT;
        if (i == idx) {
            *addr = dt_read_cells(e, 2);
            *size = dt_read_cells(e + 8, 2);
            return 0;
        }
    }
}

/* ---- tokens ---- */

static const uint8_t *at(const struct dt *dt, int off)
{
    return dt->blob + dt->off_struct + off;
}

/* Returns the tag of the token at `off` (TOK_BAD if it is malformed or
 * does not fit in the structure block) and puts the offset just past
 * the token, padding included, in *next. */
static uint32_t token(const struct dt *dt, int off, int *next)
{
    uint32_t tag, room, len;

    if (off < 0 || off % 4 || (uint64_t)off + 4 > dt->size_struct)
        return TOK_BAD;
    tag = be32(at(dt, off));
    room = dt->size_struct - (uint32_t)off - 4;
    switch (tag) {
    case TOK_BEGIN_NODE:
        len = strnlen((const char *)at(dt, off + 4), room);
        if (len == room)
            return TOK_BAD;
        *next = off + 4 + (int)ALIGN_UP(len + 1, 4);
        return tag;
    case TOK_PROP:
        if (room < 8 || be32(at(dt, off + 4)) > room - 8)
            return TOK_BAD;
        *next = off + 12 + (int)ALIGN_UP(be32(at(dt, off + 4)), 4);
        return tag;
    case TOK_END_NODE:
    case TOK_NOP:
    case TOK_END:
        *next = off + 4;
        return tag;
    default:
        return TOK_BAD;
    }
}

/* Like token(), but steps over NOPs first; *off ends on the token read. */
static uint32_t token_skip_nops(const struct dt *dt, int *off, int *next)
{
    uint32_t tag;

    while ((tag = token(dt, *off, next)) == TOK_NOP)
        *off = *next;
    return tag;
}

/* Offset just past the BEGIN_NODE token (and name) of `node`. */
static int node_body(const struct dt *dt, int node)
{
    int next;

    if (token(dt, node, &next) != TOK_BEGIN_NODE)
        return -EINVAL;
    return next;
}

/* Offset just past the END_NODE that closes `node`. */
static int node_end(const struct dt *dt, int node)
{
    int off = node_body(dt, node), depth = 1, next;

    while (off >= 0) {
        switch (token(dt, off, &next)) {
        case TOK_BEGIN_NODE:
            depth++;
            break;
        case TOK_END_NODE:
            if (--depth == 0)
                return next;
            break;
        case TOK_PROP:
        case TOK_NOP:
            break;
        default:
            return -EINVAL;
        }
        off = next;
    }
    return off;
}

static const char *string_at(const struct dt *dt, uint32_t nameoff)
{
    const char *s;
    uint32_t room;

    if (nameoff >= dt->size_strings)
        return NULL;
    s = (const char *)dt->blob + dt->off_strings + nameoff;
    room = dt->size_strings - nameoff;
    return strnlen(s, room) < room ? s : NULL;
}

/* ---- nodes ---- */

int dt_root(const struct dt *dt)
{
    int off = 0, next;

    if (token_skip_nops(dt, &off, &next) != TOK_BEGIN_NODE)
        return -EINVAL;
    return off;
}

const char *dt_name(const struct dt *dt, int node)
{
    if (node_body(dt, node) < 0)
        return NULL;
    return (const char *)at(dt, node + 4);
}

int dt_first_child(const struct dt *dt, int node)
{
    int off = node_body(dt, node), next;

    while (off >= 0) {
        switch (token(dt, off, &next)) {
        case TOK_BEGIN_NODE:
            return off;
        case TOK_END_NODE:
            return -ENOENT;
        case TOK_PROP:
        case TOK_NOP:
            off = next;
            break;
        default:
            return -EINVAL;
        }
    }
    return off;
}

int dt_next_sibling(const struct dt *dt, int node)
{
    int off = node_end(dt, node), next;

    if (off < 0)
        return off;
    switch (token_skip_nops(dt, &off, &next)) {
    case TOK_BEGIN_NODE:
        return off;
    case TOK_END_NODE:
    case TOK_END:
        return -ENOENT;
    default:
        return -EINVAL;
    }
}

int dt_next_node(const struct dt *dt, int node, int *depth)
{
    int off = node_body(dt, node), rel = 0, next;

    while (off >= 0) {
        switch (token(dt, off, &next)) {
        case TOK_BEGIN_NODE:
            if (depth)
                *depth += rel + 1;
            return off;
        case TOK_END_NODE:
            rel--;
            break;
        case TOK_PROP:
        case TOK_NOP:
            break;
        case TOK_END:
            return -ENOENT;
        default:
            return -EINVAL;
        }
        off = next;
    }
    return off;
}

/* Walks from the root to `node` in document order and returns its depth;
 * on the way, *last gets the last node seen at depth `want`. */
static int walk_to(const struct dt *dt, int node, int want, int *last)
{
    int cur = dt_root(dt), depth = 0;

    *last = -ENOENT;
    while (cur >= 0 && cur < node) {
        if (depth == want)
            *last = cur;
        cur = dt_next_node(dt, cur, &depth);
        if (depth < 0)
            return -EINVAL;
    }
    if (cur < 0 && cur != -ENOENT)
        return cur;
    return cur == node ? depth : -EINVAL;
}

int dt_node_depth(const struct dt *dt, int node)
{
    int unused;

    return walk_to(dt, node, -1, &unused);
}

int dt_parent(const struct dt *dt, int node)
{
    int depth = dt_node_depth(dt, node), parent;

    if (depth <= 0)
        return depth < 0 ? depth : -ENOENT;
    depth = walk_to(dt, node, depth - 1, &parent);
    return depth < 0 ? depth : parent;
}

/* Does component `comp` (length len, no '/') name child `name`? 2 for the
 * exact name, 1 for "comp@unit" (then comp has no unit, as a name holds
 * one '@' at most). */
static int name_match(const char *name, const char *comp, size_t len)
{
    if (strncmp(name, comp, len))
        return 0;
    if (!name[len])
        return 2;
    return name[len] == '@';
}

static int find_child(const struct dt *dt, int parent, const char *comp,
                      size_t len)
{
    int child, loose = -ENOENT;

    for (child = dt_first_child(dt, parent); child >= 0;
         child = dt_next_sibling(dt, child)) {
        int m = name_match(dt_name(dt, child), comp, len);

        if (m == 2)
            return child;
        if (m == 1 && loose < 0)
            loose = child;
    }
    return child == -ENOENT ? loose : child;
}

int dt_path(const struct dt *dt, const char *path)
{
    int node = dt_root(dt);

    if (!path || path[0] != '/')
        return -EINVAL;
    while (node >= 0) {
        size_t len = 0;

        while (*path == '/')
            path++;
        if (!*path)
            break;
        while (path[len] && path[len] != '/')
            len++;
        node = find_child(dt, node, path, len);
        path += len;
    }
    return node;
}

/* ---- properties ---- */

/* The first PROP token at or after `off`, within the current node. */
static int prop_from(const struct dt *dt, int off)
{
    int next;

    switch (token_skip_nops(dt, &off, &next)) {
    case TOK_PROP:
        return off;
    case TOK_BEGIN_NODE:
    case TOK_END_NODE:
        return -ENOENT;
    default:
        return -EINVAL;
    }
}

int dt_first_prop(const struct dt *dt, int node)
{
    int off = node_body(dt, node);

    return off < 0 ? off : prop_from(dt, off);
}

int dt_next_prop(const struct dt *dt, int prop)
{
    int next;

    if (token(dt, prop, &next) != TOK_PROP)
        return -EINVAL;
    return prop_from(dt, next);
}

const void *dt_prop_at(const struct dt *dt, int prop, const char **name,
                       uint32_t *len)
{
    const char *s;
    int next;

    if (token(dt, prop, &next) != TOK_PROP)
        return NULL;
    s = string_at(dt, be32(at(dt, prop + 8)));
    if (!s)
        return NULL;
    if (name)
        *name = s;
    if (len)
        *len = be32(at(dt, prop + 4));
    return at(dt, prop + 12);
}

static int find_prop(const struct dt *dt, int node, const char *name,
                     const void **val, uint32_t *len)
{
    int prop;

    for (prop = dt_first_prop(dt, node); prop >= 0;
         prop = dt_next_prop(dt, prop)) {
        const char *pname;

        *val = dt_prop_at(dt, prop, &pname, len);
        if (!*val)
            return -EINVAL;
        if (!strcmp(pname, name))
            return 0;
    }
    return prop;
}

const void *dt_prop(const struct dt *dt, int node, const char *name,
                    uint32_t *len)
{
    const void *val;
    uint32_t vlen;

    if (find_prop(dt, node, name, &val, &vlen) < 0)
        return NULL;
    if (len)
        *len = vlen;
    return val;
}

int dt_prop_u32(const struct dt *dt, int node, const char *name,
                uint32_t *out)
{
    const void *val;
    uint32_t len;
    int rc = find_prop(dt, node, name, &val, &len);

    if (rc < 0)
        return rc;
    if (len != 4)
        return -EINVAL;
    *out = be32(val);
    return 0;
}

const char *dt_prop_str(const struct dt *dt, int node, const char *name)
{
    uint32_t len;
    const char *s = dt_prop(dt, node, name, &len);

    if (!s || strnlen(s, len) == len)
        return NULL;
    return s;
}

/* ---- compatible ---- */

/* 1 if `node` lists `compat`, 0 if not, negative if the tree is bad. */
static int compat_match(const struct dt *dt, int node, const char *compat)
{
    const void *val;
    const char *s;
    uint32_t len;
    int rc = find_prop(dt, node, "compatible", &val, &len);

    if (rc < 0)
        return rc == -ENOENT ? 0 : rc;
    /* A last string without its NUL is not a string: ignore it. */
    for (s = val; len;) {
        uint32_t n = strnlen(s, len);

        if (n == len)
            break;
        if (!strcmp(s, compat))
            return 1;
        s += n + 1;
        len -= n + 1;
    }
    return 0;
}

bool dt_is_compatible(const struct dt *dt, int node, const char *compat)
{
    return compat_match(dt, node, compat) == 1;
}

int dt_find_compatible(const struct dt *dt, int after, const char *compat)
{
    int node;

    if (after == -1)
        node = dt_root(dt);
    else if (after < 0)
        return -EINVAL;
    else
        node = dt_next_node(dt, after, NULL);
    while (node >= 0) {
        int m = compat_match(dt, node, compat);

        if (m)
            return m > 0 ? node : m;
        node = dt_next_node(dt, node, NULL);
    }
    return node;
}

/* ---- addresses ---- */

static int cells_prop(const struct dt *dt, int node, const char *name,
                      uint32_t dflt, uint32_t *out)
{
    int rc = dt_prop_u32(dt, node, name, out);

    /* -ENOENT means the node itself was read fine. */
    if (rc == -ENOENT) {
        *out = dflt;
        return 0;
    }
    return rc;
}

int dt_cells(const struct dt *dt, int node, uint32_t *addr_cells,
             uint32_t *size_cells)
{
    int rc = cells_prop(dt, node, "#address-cells", 2, addr_cells);

    return rc < 0 ? rc : cells_prop(dt, node, "#size-cells", 1, size_cells);
}

int dt_reg(const struct dt *dt, int node, unsigned int index,
           uint64_t *addr, uint64_t *size)
{
    int parent = dt_parent(dt, node), rc;
    uint32_t ac, sc, len, entry;
    const void *val;
    const uint8_t *reg;

    if (parent < 0)
        return parent;
    rc = dt_cells(dt, parent, &ac, &sc);
    if (rc < 0)
        return rc;
    if (ac == 0 || ac > 2 || sc > 2)
        return -EINVAL;
    rc = find_prop(dt, node, "reg", &val, &len);
    if (rc < 0)
        return rc;
    reg = val;
    entry = (ac + sc) * 4;
    if (len % entry)
        return -EINVAL;
    if (index >= len / entry)
        return -ENOENT;
    reg += (size_t)index * entry;
    if (addr)
        *addr = dt_read_cells(reg, ac);
    if (size)
        *size = dt_read_cells(reg + ac * 4, sc);
    return 0;
}

/* ---- whole-tree check ---- */

static bool prop_ok(const struct dt *dt, int prop)
{
    return string_at(dt, be32(at(dt, prop + 8))) != NULL;
}

int dt_check(const struct dt *dt)
{
    int off = 0, next, depth = 0, roots = 0;
    bool had_child = false;

    for (;; off = next) {
        switch (token(dt, off, &next)) {
        case TOK_BEGIN_NODE:
            if (depth == 0 && roots++)
                return -EINVAL;
            depth++;
            had_child = false;
            break;
        case TOK_END_NODE:
            if (depth-- == 0)
                return -EINVAL;
            had_child = true;
            break;
        case TOK_PROP:
            /* Properties come before subnodes, or readers miss them. */
            if (depth == 0 || had_child || !prop_ok(dt, off))
                return -EINVAL;
            break;
        case TOK_NOP:
            break;
        case TOK_END:
            return depth == 0 && roots == 1 ? 0 : -EINVAL;
        default:
            return -EINVAL;
        }
    }
}
