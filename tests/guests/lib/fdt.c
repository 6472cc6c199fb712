/* Just enough of a flattened-device-tree reader to find /memory: the
 * guest needs its RAM bounds to aim pointers exactly past them. All reads
 * are aligned 32-bit big-endian words or single bytes (Device memory). */
#include "guest.h"

#define FDT_MAGIC       0xd00dfeedU
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9
#define FDT_MAX_SIZE    (2U << 20)

struct fdt {
    const uint8_t *base;
    uint32_t size;
    uint32_t off_struct;
    uint32_t off_strings;
    uint32_t end_struct;
};

static uint32_t be32(const uint8_t *p)
{
    return __builtin_bswap32(*(const uint32_t *)p);
}

static int fdt_open(struct fdt *t, const void *blob)
{
    t->base = blob;
    if (((uintptr_t)blob & 7) || be32(t->base) != FDT_MAGIC)
        return -XEN_EINVAL;
    t->size = be32(t->base + 4);
    t->off_struct = be32(t->base + 8);
    t->off_strings = be32(t->base + 12);
    t->end_struct = t->off_struct + be32(t->base + 36);
    if (t->size > FDT_MAX_SIZE || (t->off_struct & 3) ||
        t->end_struct > t->size || t->end_struct < t->off_struct ||
        t->off_strings >= t->size)
        return -XEN_EINVAL;
    return 0;
}

/* Offset just past the NUL-terminated string at off, padded to 4, or 0 if
 * it runs past limit. */
static uint32_t skip_string(const struct fdt *t, uint32_t off, uint32_t limit)
{
    while (off < limit && t->base[off])
        off++;
    if (off >= limit)
        return 0;
    return (off + 4) & ~3U;
}

static bool str_eq(const struct fdt *t, uint32_t off, const char *s)
{
    for (; off < t->size && *s; off++, s++) {
        if (t->base[off] != (uint8_t)*s)
            return false;
    }
    return *s == 0 && off < t->size && t->base[off] == 0;
}

static bool is_memory_node(const struct fdt *t, uint32_t name)
{
    static const char prefix[] = "memory";
    uint32_t i;

    for (i = 0; prefix[i]; i++) {
        if (name + i >= t->size || t->base[name + i] != (uint8_t)prefix[i])
            return false;
    }
    return name + i < t->size && (t->base[name + i] == 0 || t->base[name + i] == '@');
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    uint64_t v = 0;

    for (uint32_t i = 0; i < cells; i++)
        v = (v << 32) | be32(p + 4 * i);
    return v;
}

struct walk {
    uint32_t addr_cells;
    uint32_t size_cells;
    struct ram_range *banks;
    int max;
    int n;
};

static int take_reg(const struct fdt *t, struct walk *w, uint32_t val, uint32_t len)
{
    uint32_t entry = 4 * (w->addr_cells + w->size_cells);

    if (w->addr_cells > 2 || w->size_cells > 2 || entry == 0 || len % entry)
        return -XEN_EINVAL;
    for (uint32_t off = 0; off < len; off += entry) {
        uint64_t base = read_cells(t->base + val + off, w->addr_cells);
        uint64_t size = read_cells(t->base + val + off + 4 * w->addr_cells,
                                   w->size_cells);
        if (size == 0)
            continue;
        if (w->n == w->max)
            return -XEN_EINVAL;
        w->banks[w->n].base = base;
        w->banks[w->n].end = base + size;
        w->n++;
    }
    return 0;
}

/* One property at depth (1 = root, 2 = a root child). */
static int take_prop(const struct fdt *t, struct walk *w, int depth,
                     bool in_memory, uint32_t off, uint32_t len, uint32_t name)
{
    if (depth == 1 && len == 4 && str_eq(t, name, "#address-cells"))
        w->addr_cells = be32(t->base + off);
    else if (depth == 1 && len == 4 && str_eq(t, name, "#size-cells"))
        w->size_cells = be32(t->base + off);
    else if (depth == 2 && in_memory && str_eq(t, name, "reg"))
        return take_reg(t, w, off, len);
    return 0;
}

static int walk_struct(const struct fdt *t, struct walk *w)
{
    uint32_t off = t->off_struct;
    int depth = 0;
    bool in_memory = false;

    while (off + 4 <= t->end_struct) {
        uint32_t tok = be32(t->base + off);
        off += 4;
        if (tok == FDT_BEGIN_NODE) {
            depth++;
            if (depth == 2)
                in_memory = is_memory_node(t, off);
            off = skip_string(t, off, t->end_struct);
            if (off == 0)
                return -XEN_EINVAL;
        } else if (tok == FDT_END_NODE) {
            if (--depth < 0)
                return -XEN_EINVAL;
            in_memory = in_memory && depth >= 2;
        } else if (tok == FDT_PROP) {
            if (off + 8 > t->end_struct)
                return -XEN_EINVAL;
            uint32_t len = be32(t->base + off);
            uint32_t name = t->off_strings + be32(t->base + off + 4);
            off += 8;
            if (len > t->end_struct - off || name >= t->size)
                return -XEN_EINVAL;
            int rc = take_prop(t, w, depth, in_memory, off, len, name);
            if (rc < 0)
                return rc;
            off += (len + 3) & ~3U;
        } else if (tok == FDT_END) {
            return depth == 0 ? 0 : -XEN_EINVAL;
        } else if (tok != FDT_NOP) {
            return -XEN_EINVAL;
        }
    }
    return -XEN_EINVAL;
}

int fdt_memory_banks(const void *blob, struct ram_range *banks, int max)
{
    struct fdt t;
    struct walk w = { .addr_cells = 2, .size_cells = 1, .banks = banks, .max = max };
    int rc = fdt_open(&t, blob);

    if (rc < 0)
        return rc;
    rc = walk_struct(&t, &w);
    if (rc < 0)
        return rc;
    return w.n;
}
