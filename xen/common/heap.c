/* Small-object heap over the page pool; see keel/heap.h. */
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/lib.h>

#define SLAB_MAGIC 0x534c4142U
#define BIG_MAGIC  0x42494721U
#define HDR_SIZE   64
#define SLAB_WORDS 4                 /* bitmap words: enough for 252 objects */
#define SLAB_ORDER_MAX 2             /* the 2048-byte class uses 4 pages */
#define CHECK_SALT 0x6b65656c68656170ULL

/* First bytes of every slab and of every large block. */
struct heap_page {
    uint32_t magic;
    uint8_t order;                   /* of the page block */
    uint8_t cls;                     /* slabs: size class index */
    uint16_t inuse;                  /* slabs: objects handed out */
    uint64_t check;                  /* ties header to its heap and address */
    struct heap_page *next, *prev;   /* slabs: the class's partial list */
    uint64_t used[SLAB_WORDS];       /* slabs: bit i set while object i out */
};

_Static_assert(sizeof(struct heap_page) <= HDR_SIZE, "heap header too big");
_Static_assert(HDR_SIZE % HEAP_ALIGN == 0, "objects must stay aligned");
_Static_assert((PAGE_SIZE - HDR_SIZE) / HEAP_SLAB_MIN <= SLAB_WORDS * 64,
               "bitmap too small for the smallest class");

static size_t class_size(unsigned int cls)
{
    return (size_t)HEAP_SLAB_MIN << cls;
}

/* Slabs hold at least 7 objects, so large classes get several pages. */
static unsigned int class_order(unsigned int cls)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < 8 * class_size(cls))
        order++;
    return order;
}

static unsigned int class_objects(unsigned int cls)
{
    return ((PAGE_SIZE << class_order(cls)) - HDR_SIZE) / class_size(cls);
}

static unsigned int size_class(size_t size)
{
    unsigned int cls = 0;

    while (class_size(cls) < size)
        cls++;
    return cls;
}

static uint64_t header_check(const struct heap *h, paddr_t pa)
{
    return (uint64_t)(uintptr_t)h ^ pa ^ CHECK_SALT;
}

static char *objects(struct heap_page *s)
{
    return (char *)s + HDR_SIZE;
}

static void partial_push(struct heap *h, struct heap_page *s)
{
    s->prev = NULL;
    s->next = h->partial[s->cls];
    if (s->next)
        s->next->prev = s;
    h->partial[s->cls] = s;
}

static void partial_remove(struct heap *h, struct heap_page *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        h->partial[s->cls] = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->next = s->prev = NULL;
}

/* Takes a block of 2^order pages and writes a header at its start. */
static struct heap_page *block_new(struct heap *h, unsigned int order,
                                   uint32_t magic)
{
    struct heap_page *hp;
    paddr_t pa;

    if (page_alloc(h->pool, order, &pa))
        return NULL;
    hp = page_pool_map(h->pool, pa);
    memset(hp, 0, HDR_SIZE);
    hp->magic = magic;
    hp->order = order;
    hp->check = header_check(h, pa);
    h->pages += 1ULL << order;
    return hp;
}

static void block_release(struct heap *h, struct heap_page *hp, paddr_t pa)
{
    unsigned int order = hp->order;

    /* Wipe the header so that a later free into this block fails. */
    memset(hp, 0, HDR_SIZE);
    if (page_free(h->pool, pa, order))
        h->bad_frees++;
    else
        h->pages -= 1ULL << order;
}

static struct heap_page *slab_new(struct heap *h, unsigned int cls)
{
    unsigned int order = class_order(cls);
    struct heap_page *s = block_new(h, order, SLAB_MAGIC);

    if (!s)
        return NULL;
    s->cls = cls;
    /* Later pages may start with a stale header (a guest's page handed back,
     * say); heap_free looks for headers page by page, so clear them. */
    for (uint64_t i = 1; i < (1ULL << order); i++)
        memset((char *)s + i * PAGE_SIZE, 0, HDR_SIZE);
    partial_push(h, s);
    return s;
}

static int first_unused(const struct heap_page *s)
{
    for (unsigned int w = 0; w < SLAB_WORDS; w++)
        if (~s->used[w])
            return (int)(w * 64 + __builtin_ctzll(~s->used[w]));
    return -1;
}

static void *slab_alloc(struct heap *h, unsigned int cls)
{
    struct heap_page *s = h->partial[cls];
    int i;

    if (!s)
        s = slab_new(h, cls);
    if (!s)
        return NULL;
    /* A partial slab has a clear bit below class_objects(), and the bits
     * above it are never set, so the first clear bit is a real object. */
    i = first_unused(s);
    s->used[i / 64] |= 1ULL << (i % 64);
    if (++s->inuse == class_objects(cls))
        partial_remove(h, s);
    return objects(s) + (size_t)i * class_size(cls);
}

static void *big_alloc(struct heap *h, size_t size)
{
    unsigned int order = 0;
    struct heap_page *hp;

    if (size > (PAGE_SIZE << PAGE_ORDER_MAX) - HDR_SIZE)
        return NULL;
    while ((PAGE_SIZE << order) < size + HDR_SIZE)
        order++;
    hp = block_new(h, order, BIG_MAGIC);
    return hp ? objects(hp) : NULL;
}

void heap_init(struct heap *h, struct page_pool *pool)
{
    memset(h, 0, sizeof(*h));
    h->pool = pool;
}

void *heap_alloc(struct heap *h, size_t size)
{
    void *ptr;

    if (size == 0)
        return NULL;
    spin_lock(&h->lock);
    if (size <= HEAP_SLAB_MAX)
        ptr = slab_alloc(h, size_class(size));
    else
        ptr = big_alloc(h, size);
    spin_unlock(&h->lock);
    return ptr;
}

void *heap_zalloc(struct heap *h, size_t size)
{
    void *ptr = heap_alloc(h, size);

    if (ptr)
        memset(ptr, 0, size);
    return ptr;
}

static bool header_valid(const struct heap *h, const struct heap_page *hp,
                         paddr_t pa)
{
    if (hp->check != header_check(h, pa))
        return false;
    if (hp->magic == BIG_MAGIC)
        return hp->order <= PAGE_ORDER_MAX;
    return hp->magic == SLAB_MAGIC && hp->cls < HEAP_CLASSES &&
           hp->order == class_order(hp->cls);
}

/* The header of the block holding ptr, looked for at the start of ptr's
 * page, then of the enclosing 2- and 4-page blocks; NULL if none. */
static struct heap_page *find_header(struct heap *h, const void *ptr,
                                     paddr_t *block)
{
    paddr_t pa = page_pool_paddr(h->pool, ptr);

    if (!pa)
        return NULL;
    for (unsigned int o = 0; o <= SLAB_ORDER_MAX; o++) {
        paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE << o);
        struct heap_page *hp = page_pool_map(h->pool, start);

        if (hp && header_valid(h, hp, start) &&
            pa - start < (PAGE_SIZE << hp->order)) {
            *block = start;
            return hp;
        }
    }
    return NULL;
}

static bool slab_free(struct heap *h, struct heap_page *s, paddr_t pa,
                      const char *ptr)
{
    size_t size = class_size(s->cls);
    size_t off = (size_t)(ptr - objects(s));
    size_t i = off / size;
    uint64_t bit = 1ULL << (i % 64);

    if (ptr < objects(s) || off % size || i >= class_objects(s->cls))
        return false;
    if (!(s->used[i / 64] & bit))
        return false;
    s->used[i / 64] &= ~bit;
    if (s->inuse-- == class_objects(s->cls))
        partial_push(h, s);
    if (s->inuse == 0) {
        partial_remove(h, s);
        block_release(h, s, pa);
    }
    return true;
}

void heap_free(struct heap *h, void *ptr)
{
    struct heap_page *hp;
    bool ok = false;
    paddr_t pa;

    if (!ptr)
        return;
    spin_lock(&h->lock);
    hp = IS_ALIGNED((uintptr_t)ptr, HEAP_ALIGN) ? find_header(h, ptr, &pa)
                                                 : NULL;
    if (hp && hp->magic == SLAB_MAGIC) {
        ok = slab_free(h, hp, pa, ptr);
    } else if (hp && (char *)ptr == objects(hp)) {
        block_release(h, hp, pa);
        ok = true;
    }
    if (!ok)
        h->bad_frees++;
    spin_unlock(&h->lock);
}
