/* libFuzzer harness for xenstored's message decoder and everything it
 * reaches. Each input is a script of chunks: one byte (bit 7: which
 * client, bits 0-6: chunk length - 1) then that many bytes of raw
 * stream for the client. Client 0 is a dom0 tool, client 1 is domain 5
 * (quotas and permissions apply), both on an in-memory transport. A
 * fresh daemon per input keeps runs independent; the store's own
 * consistency check runs at the end of each. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../dom0-tools/xenstored/access.h"
#include "../../dom0-tools/xenstored/conn.h"
#include "../../dom0-tools/xenstored/xsd.h"

struct mem {
    const uint8_t *p;
    size_t len;
    size_t written;
    uint8_t head[64];           /* the first bytes written, for checks */
};

static ssize_t mem_read(struct xs_conn *c, void *buf, size_t len)
{
    struct mem *m = c->priv;

    if (len > m->len)
        len = m->len;
    memcpy(buf, m->p, len);
    m->p += len;
    m->len -= len;
    return (ssize_t)len;
}

static ssize_t mem_write(struct xs_conn *c, const void *buf, size_t len)
{
    struct mem *m = c->priv;

    /* Take a little at a time so output queues build up too. */
    if (len > 512)
        len = 512;
    if (m->written < sizeof(m->head))
        memcpy(m->head + m->written, buf,
               len < sizeof(m->head) - m->written ? len : sizeof(m->head) - m->written);
    m->written += len;
    return (ssize_t)len;
}

static const struct conn_ops mem_ops = { "fuzz", mem_read, mem_write, NULL, NULL };

static void setup_domain_home(struct xsd *d)
{
    static const struct xs_perm own5 = { 5, XS_PERM_NONE, 0 };
    struct xs_permset *ps = perms_new(&own5, 1);
    struct xs_node *n = d->store.root;
    const char *parts[] = { "local", "domain", "5" };

    for (int i = 0; i < 3 && n && ps; i++)
        if (store_add(&d->store, n, parts[i], strlen(parts[i]),
                      i == 2 ? ps : d->store.root->perms, &n) == 0)
            acc_owned(d, i == 2 ? 5 : 0, 1);
    perms_put(ps);
}

static void check_accounting(struct xsd *d)
{
    static const char req[] = "check";
    struct xsd_sockmsg h = { XS_CONTROL, 1, 0, sizeof(req) };
    uint8_t buf[sizeof(h) + sizeof(req)];
    struct mem m = { buf, sizeof(buf), 0, { 0 } };
    struct xs_conn *c = conn_new(d, &mem_ops, &m, -1, 0, false);

    if (!c)
        return;
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), req, sizeof(req));
    (void)conn_input(d, c, 1);
    /* The reply is "OK" after the header when all adds up; anything else
     * is a bookkeeping bug the fuzzer must report. */
    if (m.written < sizeof(h) + 3 || memcmp(m.head + sizeof(h), "OK", 3))
        abort();
    c->dead = true;
    conn_reap(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xsd_config cfg = { 0 };
    struct mem m[2] = { { 0 }, { 0 } };
    struct xs_conn *c[2];
    struct xsd d;

    xsd_quota_defaults(&cfg.quota);
    cfg.quota.nodes = 64;
    cfg.out_limit = 16 * 1024;
    if (xsd_init(&d, &cfg) < 0)
        return 0;
    setup_domain_home(&d);
    c[0] = conn_new(&d, &mem_ops, &m[0], -1, 0, false);
    c[1] = conn_new(&d, &mem_ops, &m[1], -1, 5, true);
    while (size && c[0] && c[1]) {
        int who = data[0] >> 7;
        size_t len = (size_t)(data[0] & 0x7f) + 1;

        data++;
        size--;
        if (len > size)
            len = size;
        m[who].p = data;
        m[who].len = len;
        data += len;
        size -= len;
        if (!c[who]->dead)
            (void)conn_input(&d, c[who], 64);
        (void)conn_flush(&d, c[who]);
        m[who].len = 0;
    }
    check_accounting(&d);
    xsd_fini(&d);
    return 0;
}
