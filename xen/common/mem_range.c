/* Sorted set of physical ranges, used at boot to work out free RAM. */
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/mem_range.h>

static paddr_t range_end(const struct mem_range *r)
{
    return r->base + r->size;
}

/* Rejects empty ranges and ranges whose end does not fit in a paddr_t. */
static int check_range(paddr_t base, paddr_t size)
{
    if (size == 0 || size > UINT64_MAX - base)
        return -EINVAL;
    return 0;
}

/* Opens a gap at index i; the caller has checked there is room. */
static void open_slot(struct mem_ranges *s, unsigned int i)
{
    memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
    s->n++;
}

/* Drops entries [first, last). */
static void close_slots(struct mem_ranges *s, unsigned int first,
                        unsigned int last)
{
    memmove(&s->r[first], &s->r[last], (s->n - last) * sizeof(s->r[0]));
    s->n -= last - first;
}

void mem_ranges_init(struct mem_ranges *s)
{
    memset(s, 0, sizeof(*s));
}

int mem_ranges_add(struct mem_ranges *s, paddr_t base, paddr_t size)
{
    paddr_t end = base + size;
    unsigned int i = 0, j;
    int rc = check_range(base, size);

    if (rc)
        return rc;
    /* i: the first range that ends at or after base, so it may touch us. */
    while (i < s->n && range_end(&s->r[i]) < base)
        i++;
    /* j: one past the last range that starts at or before end. */
    j = i;
    while (j < s->n && s->r[j].base <= end)
        j++;
    if (i == j) {
        if (s->n == MEM_RANGES_MAX)
            return -ENOSPC;
        open_slot(s, i);
        s->r[i] = (struct mem_range){ base, size };
        return 0;
    }
    base = MIN(base, s->r[i].base);
    end = MAX(end, range_end(&s->r[j - 1]));
    s->r[i] = (struct mem_range){ base, end - base };
    close_slots(s, i + 1, j);
    return 0;
}

/* Cuts [base, end) out of range i, which overlaps it and does not contain it
 * strictly inside; returns how many entries remain at i (0 or 1). */
static unsigned int trim_range(struct mem_ranges *s, unsigned int i,
                               paddr_t base, paddr_t end)
{
    struct mem_range *r = &s->r[i];
    paddr_t r_end = range_end(r);

    if (base <= r->base && end >= r_end) {
        close_slots(s, i, i + 1);
        return 0;
    }
    if (base <= r->base)
        *r = (struct mem_range){ end, r_end - end };
    else
        r->size = base - r->base;
    return 1;
}

int mem_ranges_remove(struct mem_ranges *s, paddr_t base, paddr_t size)
{
    paddr_t end = base + size;
    unsigned int i = 0;
    int rc = check_range(base, size);

    if (rc)
        return rc;
    while (i < s->n && range_end(&s->r[i]) <= base)
        i++;
    if (i < s->n && s->r[i].base < base && range_end(&s->r[i]) > end) {
        /* The hole falls inside one range: split it in two. */
        if (s->n == MEM_RANGES_MAX)
            return -ENOSPC;
        open_slot(s, i + 1);
        s->r[i + 1] = (struct mem_range){ end, range_end(&s->r[i]) - end };
        s->r[i].size = base - s->r[i].base;
        return 0;
    }
    while (i < s->n && s->r[i].base < end)
        i += trim_range(s, i, base, end);
    return 0;
}

uint64_t mem_ranges_total(const struct mem_ranges *s)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < s->n; i++)
        total += s->r[i].size;
    return total;
}
