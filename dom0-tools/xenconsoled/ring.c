/* Console ring transfers. Indexes are free-running 32-bit counters; the
 * producer's index is loaded with acquire semantics before the data it
 * covers is touched, and the consumer's index is stored with release
 * semantics after, so neither side ever sees bytes the other has not
 * finished with. Each transfer runs under guard_run (guard.h). */
#include <errno.h>
#include <string.h>
#include "guard.h"
#include "ring.h"

struct xfer {
    struct xencons_interface *ring;
    char *out;                  /* take_output: destination */
    const char *in;             /* put_input: source */
    size_t len;
};

static void copy_from_ring(char *dst, const char *ring, size_t size,
                           uint32_t start, size_t len)
{
    size_t off = start & (size - 1);
    size_t first = len < size - off ? len : size - off;

    memcpy(dst, ring + off, first);
    memcpy(dst + first, ring, len - first);
}

static void copy_to_ring(char *ring, size_t size, uint32_t start,
                         const char *src, size_t len)
{
    size_t off = start & (size - 1);
    size_t first = len < size - off ? len : size - off;

    memcpy(ring + off, src, first);
    memcpy(ring, src + first, len - first);
}

static int take_output(void *arg)
{
    struct xfer *x = arg;
    struct xencons_interface *r = x->ring;
    uint32_t cons = __atomic_load_n(&r->out_cons, __ATOMIC_RELAXED);
    uint32_t prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
    uint32_t avail = prod - cons;
    size_t n;

    if (avail > XENCONS_OUT_SIZE)
        return -EPROTO;
    n = avail < x->len ? avail : x->len;
    copy_from_ring(x->out, r->out, XENCONS_OUT_SIZE, cons, n);
    __atomic_store_n(&r->out_cons, cons + (uint32_t)n, __ATOMIC_RELEASE);
    return (int)n;
}

/* The room in in[], from indexes read once each. */
static int in_room(struct xencons_interface *r, uint32_t *prod)
{
    uint32_t cons = __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE);
    uint32_t used;

    *prod = __atomic_load_n(&r->in_prod, __ATOMIC_RELAXED);
    used = *prod - cons;
    if (used > XENCONS_IN_SIZE)
        return -EPROTO;
    return (int)(XENCONS_IN_SIZE - used);
}

static int input_space(void *arg)
{
    struct xfer *x = arg;
    uint32_t prod;

    return in_room(x->ring, &prod);
}

static int put_input(void *arg)
{
    struct xfer *x = arg;
    uint32_t prod;
    int room = in_room(x->ring, &prod);
    size_t n;

    if (room < 0)
        return room;
    n = (size_t)room < x->len ? (size_t)room : x->len;
    copy_to_ring(x->ring->in, XENCONS_IN_SIZE, prod, x->in, n);
    __atomic_store_n(&x->ring->in_prod, prod + (uint32_t)n, __ATOMIC_RELEASE);
    return (int)n;
}

int ring_take_output(struct xencons_interface *ring, char *buf, size_t size)
{
    struct xfer x = { .ring = ring, .out = buf, .len = size };

    return guard_run(ring, sizeof(*ring), take_output, &x);
}

int ring_input_space(struct xencons_interface *ring)
{
    struct xfer x = { .ring = ring };

    return guard_run(ring, sizeof(*ring), input_space, &x);
}

int ring_put_input(struct xencons_interface *ring, const char *src, size_t len)
{
    struct xfer x = { .ring = ring, .in = src, .len = len };

    return guard_run(ring, sizeof(*ring), put_input, &x);
}
