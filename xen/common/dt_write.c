/* Builds a flattened device tree front to back in one caller's buffer.
 *
 * Layout while writing: header space, reservation map and structure block
 * grow up from the front; property names grow down from the end, each one
 * stored once. Until dt_finish() a property's name offset is kept as the
 * distance of its string from the end of the buffer, which does not change
 * as more strings arrive; dt_finish() turns those into real offsets, moves
 * the strings down behind the structure block and writes the header. */
#include <keel/dt.h>
#include <keel/errno.h>
#include <keel/lib.h>

#define TOK_BEGIN_NODE 1U
#define TOK_END_NODE   2U
#define TOK_PROP       3U
#define TOK_END        9U

#define HDR_SIZE     40U
#define RSV_ENTRY    16U
#define PROP_HDR     12U
#define DT_VERSION   17U
#define DT_LAST_COMP 16U

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static bool usable(const struct dt_writer *w)
{
    return w && w->buf && !w->finished;
}

static bool room(const struct dt_writer *w, uint64_t n)
{
    return n <= w->str_low - w->pos;
}

int dt_writer_init(struct dt_writer *w, void *buf, size_t cap)
{
    if (!w)
        return -EINVAL;
    memset(w, 0, sizeof(*w));
    if (!buf)
        return -EINVAL;
    if (cap < HDR_SIZE)
        return -ENOSPC;
    w->buf = buf;
    w->cap = MIN(cap, (size_t)DT_MAX_SIZE);
    w->pos = HDR_SIZE;
    w->str_low = w->cap;
    return 0;
}

int dt_add_mem_rsv(struct dt_writer *w, uint64_t addr, uint64_t size)
{
    /* A zero-sized entry would read as the end of the map. */
    if (!usable(w) || w->off_struct || !size)
        return -EINVAL;
    if (!room(w, RSV_ENTRY))
        return -ENOSPC;
    put64(w->buf + w->pos, addr);
    put64(w->buf + w->pos + 8, size);
    w->pos += RSV_ENTRY;
    return 0;
}

/* The root is called "" and nothing else may be; '/' separates paths. */
static bool node_name_ok(const struct dt_writer *w, const char *name)
{
    if (w->depth == 0)
        return !w->root_done && !name[0];
    return name[0] && !strchr(name, '/');
}

int dt_begin_node(struct dt_writer *w, const char *name)
{
    size_t len, body;
    uint64_t need;

    if (!usable(w) || !name || !node_name_ok(w, name))
        return -EINVAL;
    len = strlen(name) + 1;
    body = ALIGN_UP(len, 4);
    need = 4 + body + (w->off_struct ? 0 : RSV_ENTRY);
    if (!room(w, need))
        return -ENOSPC;
    if (!w->off_struct) {
        memset(w->buf + w->pos, 0, RSV_ENTRY);
        w->pos += RSV_ENTRY;
        w->off_struct = w->pos;
    }
    put32(w->buf + w->pos, TOK_BEGIN_NODE);
    memset(w->buf + w->pos + 4 + body - 4, 0, 4);
    memcpy(w->buf + w->pos + 4, name, len);
    w->pos += 4 + body;
    w->depth++;
    w->had_child = false;
    return 0;
}

int dt_end_node(struct dt_writer *w)
{
    if (!usable(w) || w->depth == 0)
        return -EINVAL;
    if (!room(w, 4))
        return -ENOSPC;
    put32(w->buf + w->pos, TOK_END_NODE);
    w->pos += 4;
    w->had_child = true;
    if (--w->depth == 0)
        w->root_done = true;
    return 0;
}

/* Where `name` (with its NUL) already sits in the strings area, possibly
 * as the tail of a longer name; 0 if nowhere (strings never start at 0). */
static size_t find_string(const struct dt_writer *w, const char *name,
                          size_t len)
{
    for (size_t p = w->str_low; p + len <= w->cap; p++)
        if (!memcmp(w->buf + p, name, len))
            return p;
    return 0;
}

/* Writes a PROP token for a value of `len` bytes, zero padded, and hands
 * back where the value goes; fails before writing anything. */
static int prop_begin(struct dt_writer *w, const char *name, uint32_t len,
                      uint8_t **val)
{
    size_t nlen, str;
    uint64_t need;

    if (!usable(w) || !name || !name[0] || w->depth == 0 || w->had_child)
        return -EINVAL;
    nlen = strlen(name) + 1;
    str = find_string(w, name, nlen);
    need = PROP_HDR + ALIGN_UP((uint64_t)len, 4);
    if (!room(w, need + (str ? 0 : nlen)))
        return -ENOSPC;
    if (!str) {
        w->str_low -= nlen;
        memcpy(w->buf + w->str_low, name, nlen);
        str = w->str_low;
    }
    put32(w->buf + w->pos, TOK_PROP);
    put32(w->buf + w->pos + 4, len);
    put32(w->buf + w->pos + 8, (uint32_t)(w->cap - str));
    memset(w->buf + w->pos + need - 4, 0, need > PROP_HDR ? 4 : 0);
    *val = w->buf + w->pos + PROP_HDR;
    w->pos += need;
    return 0;
}

int dt_property(struct dt_writer *w, const char *name, const void *val,
                uint32_t len)
{
    uint8_t *dst;
    int rc;

    if (len && !val)
        return -EINVAL;
    rc = prop_begin(w, name, len, &dst);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(dst, val, len);
    return 0;
}

int dt_property_u32(struct dt_writer *w, const char *name, uint32_t v)
{
    return dt_property_cells(w, name, &v, 1);
}

int dt_property_u64(struct dt_writer *w, const char *name, uint64_t v)
{
    uint32_t cells[2] = { (uint32_t)(v >> 32), (uint32_t)v };

    return dt_property_cells(w, name, cells, 2);
}

int dt_property_string(struct dt_writer *w, const char *name, const char *s)
{
    size_t len;

    if (!s)
        return -EINVAL;
    len = strlen(s) + 1;
    if (len > UINT32_MAX)
        return -EINVAL;
    return dt_property(w, name, s, (uint32_t)len);
}

int dt_property_cells(struct dt_writer *w, const char *name,
                      const uint32_t *cells, unsigned int n)
{
    uint8_t *dst;
    int rc;

    if ((n && !cells) || n > UINT32_MAX / 4)
        return -EINVAL;
    rc = prop_begin(w, name, n * 4, &dst);
    if (rc < 0)
        return rc;
    for (unsigned int i = 0; i < n; i++)
        put32(dst + 4 * i, cells[i]);
    return 0;
}

static int strings_len(const char *const *list, unsigned int n,
                       uint32_t *len)
{
    uint64_t total = 0;

    if (n && !list)
        return -EINVAL;
    for (unsigned int i = 0; i < n; i++) {
        if (!list[i])
            return -EINVAL;
        total += strlen(list[i]) + 1;
        if (total > UINT32_MAX)
            return -EINVAL;
    }
    *len = (uint32_t)total;
    return 0;
}

int dt_property_strings(struct dt_writer *w, const char *name,
                        const char *const *list, unsigned int n)
{
    uint32_t len;
    uint8_t *dst;
    int rc = strings_len(list, n, &len);

    if (rc < 0)
        return rc;
    rc = prop_begin(w, name, len, &dst);
    if (rc < 0)
        return rc;
    for (unsigned int i = 0; i < n; i++) {
        size_t l = strlen(list[i]) + 1;

        memcpy(dst, list[i], l);
        dst += l;
    }
    return 0;
}

/* Turns each property's distance-from-the-end into an offset from the
 * start of the strings block. Only reads tokens this writer wrote. */
static void fix_name_offsets(struct dt_writer *w, uint32_t size_strings)
{
    size_t off = w->off_struct;

    while (off < w->pos) {
        uint8_t *t = w->buf + off;

        switch (get32(t)) {
        case TOK_BEGIN_NODE:
            off += 4 + ALIGN_UP(strlen((const char *)t + 4) + 1, 4);
            break;
        case TOK_PROP:
            put32(t + 8, size_strings - get32(t + 8));
            off += PROP_HDR + ALIGN_UP(get32(t + 4), 4);
            break;
        default:
            off += 4;
            break;
        }
    }
}

static void write_header(struct dt_writer *w, uint32_t total,
                         uint32_t size_strings)
{
    uint8_t *h = w->buf;

    put32(h, DT_MAGIC);
    put32(h + 4, total);
    put32(h + 8, (uint32_t)w->off_struct);
    put32(h + 12, (uint32_t)w->pos);
    put32(h + 16, HDR_SIZE);
    put32(h + 20, DT_VERSION);
    put32(h + 24, DT_LAST_COMP);
    put32(h + 28, 0);
    put32(h + 32, size_strings);
    put32(h + 36, (uint32_t)(w->pos - w->off_struct));
}

int dt_finish(struct dt_writer *w, size_t *total_size)
{
    uint32_t size_strings;

    if (!usable(w) || !w->root_done)
        return -EINVAL;
    if (!room(w, 4))
        return -ENOSPC;
    put32(w->buf + w->pos, TOK_END);
    w->pos += 4;
    size_strings = (uint32_t)(w->cap - w->str_low);
    fix_name_offsets(w, size_strings);
    memmove(w->buf + w->pos, w->buf + w->str_low, size_strings);
    write_header(w, (uint32_t)(w->pos + size_strings), size_strings);
    w->finished = true;
    if (total_size)
        *total_size = w->pos + size_strings;
    return 0;
}
