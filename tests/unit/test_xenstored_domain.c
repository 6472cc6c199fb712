/* xenstored's domain side, on a fake Xen: INTRODUCE and the ring
 * protocol, permissions for unprivileged domains, SET_TARGET, quotas,
 * the special watches, RELEASE and domain death, and guests that
 * corrupt their ring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "test_xenstored.h"
#include "../../dom0-tools/xenstored/domain.h"

static struct xt t;
static struct xc adm, g;

/* dom5 introduced, with /local/domain/5 owned by it (as a toolstack
 * sets it up) and /secret readable by dom0 only. */
static void up_q(const struct xs_quota *q)
{
    CU_ASSERT_FATAL(xt_start(&t, q, true) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &adm) == 0);
    CU_ASSERT_FATAL(xc_domain(&t, &adm, 5, &g) == 0);
    CU_ASSERT_FATAL(xc_mkdir(&adm, 0, "/local/domain/5") == 0);
    CU_ASSERT_FATAL(xc_setperms(&adm, 0, "/local/domain/5", "n5") == 0);
    CU_ASSERT_FATAL(xc_write(&adm, 0, "/secret/key", "s") == 0);
}

static void up(void)
{
    up_q(NULL);
}

static void down(void)
{
    char out[64];

    CU_ASSERT(xc_control(&adm, "check", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "OK");
    xc_close(&adm);
    xt_stop(&t);
}

static void test_introduce_sets_up_ring(void)
{
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(fx_local_port(&t.fx, 5) > 0);
    CU_ASSERT(g.ring->server_features & XENSTORE_SERVER_FEATURE_ERROR);
    CU_ASSERT(xc_req(&adm, XS_IS_DOMAIN_INTRODUCED, 0, "5", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "T");
    CU_ASSERT(xc_write(&g, 0, "data/x", "hi") == 0);
    CU_ASSERT(xc_read(&adm, 0, "/local/domain/5/data/x", out, sizeof(out)) == 2);
    CU_ASSERT(xc_read(&g, 0, "/local/domain/5/data/x", out, sizeof(out)) == 2);
    CU_ASSERT(t.fx.notifies > 0);
    down();
}

static void test_introduce_errors(void)
{
    struct xt_msg m;

    CU_ASSERT_FATAL(xt_start(&t, NULL, true) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &adm) == 0);
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "0\0" "1\0" "7", 6, &m) == -EINVAL);
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "5\0" "1\0" "0", 6, &m) == -EINVAL);
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "5\0" "1", 4, &m) == -EINVAL);
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "x\0" "1\0" "7", 6, &m) == -EINVAL);
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "32752\0" "1\0" "7", 10, &m) == -EINVAL);
    /* No page for dom9 in the fake: the mapping fails. */
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "9\0" "1\0" "7", 6, &m) == -ENOENT);
    CU_ASSERT(xc_req(&adm, XS_IS_DOMAIN_INTRODUCED, 0, "9", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "F");
    down();
}

static void test_unprivileged_permissions(void)
{
    char out[64];

    up();
    CU_ASSERT(xc_read(&g, 0, "/secret/key", out, sizeof(out)) == -EACCES);
    CU_ASSERT(xc_read(&g, 0, "/secret/none", out, sizeof(out)) == -EACCES);
    CU_ASSERT(xc_write(&g, 0, "/secret/key", "x") == -EACCES);
    CU_ASSERT(xc_write(&g, 0, "/secret/new", "x") == -EACCES);
    CU_ASSERT(xc_rm(&g, 0, "/secret") == -EACCES);
    CU_ASSERT(xc_dir(&g, 0, "/", out, sizeof(out)) == -EACCES);
    CU_ASSERT(xc_read(&g, 0, "none", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_setperms(&adm, 0, "/secret/key", "n0,r5") == 0);
    CU_ASSERT(xc_read(&g, 0, "/secret/key", out, sizeof(out)) == 1);
    CU_ASSERT(xc_write(&g, 0, "/secret/key", "x") == -EACCES);
    CU_ASSERT(xc_setperms(&adm, 0, "/secret/key", "n0,w5") == 0);
    CU_ASSERT(xc_write(&g, 0, "/secret/key", "x") == 0);
    CU_ASSERT(xc_read(&g, 0, "/secret/key", out, sizeof(out)) == -EACCES);
    /* What a domain creates it owns, the rest inherited. */
    CU_ASSERT(xc_setperms(&adm, 0, "/local/domain/5", "n0,b5,r7") == 0);
    CU_ASSERT(xc_write(&g, 0, "made/here", "1") == 0);
    CU_ASSERT(xc_getperms(&adm, 0, "/local/domain/5/made/here", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n5,b5,r7");
    /* Owners change other entries, never the owner. */
    CU_ASSERT(xc_setperms(&g, 0, "made", "n5,r9") == 0);
    CU_ASSERT(xc_setperms(&g, 0, "made", "n9") == -EPERM);
    CU_ASSERT(xc_setperms(&g, 0, "/secret/key", "n0") == -EACCES);
    down();
}

static void test_privileged_requests_refused(void)
{
    struct xt_msg m;

    up();
    CU_ASSERT(xc_req(&g, XS_INTRODUCE, 0, "6\0" "1\0" "7", 6, &m) == -EACCES);
    CU_ASSERT(xc_req(&g, XS_RELEASE, 0, "5", 2, &m) == -EACCES);
    CU_ASSERT(xc_req(&g, XS_SET_TARGET, 0, "5\0" "5", 4, &m) == -EACCES);
    CU_ASSERT(xc_req(&g, XS_CONTROL, 0, "check", 6, &m) == -EACCES);
    CU_ASSERT(xc_req(&g, XS_IS_DOMAIN_INTRODUCED, 0, "5", 2, &m) == -EACCES);
    CU_ASSERT(xc_req(&g, XS_GET_DOMAIN_PATH, 0, "5", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "/local/domain/5");
    down();
}

static void test_set_target(void)
{
    struct xc dm;
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT_FATAL(xc_domain(&t, &adm, 6, &dm) == 0);
    CU_ASSERT(xc_write(&g, 0, "private", "p") == 0);
    CU_ASSERT(xc_read(&dm, 0, "/local/domain/5/private", out, sizeof(out)) == -EACCES);
    CU_ASSERT(xc_req(&adm, XS_SET_TARGET, 0, "6\0" "5", 4, &m) == 0);
    CU_ASSERT(xc_read(&dm, 0, "/local/domain/5/private", out, sizeof(out)) == 1);
    CU_ASSERT(xc_write(&dm, 0, "/local/domain/5/private", "dm") == 0);
    CU_ASSERT(xc_read(&dm, 0, "/secret/key", out, sizeof(out)) == -EACCES);
    CU_ASSERT(xc_req(&adm, XS_SET_TARGET, 0, "6\0" "8", 4, &m) == -ENOENT);
    CU_ASSERT(xc_req(&adm, XS_SET_TARGET, 0, "6", 2, &m) == -EINVAL);
    down();
}

static void test_quotas(void)
{
    struct xs_quota q;
    struct xt_msg m;
    char path[64], big[600];
    uint32_t tx;

    xsd_quota_defaults(&q);
    q.nodes = 6;        /* the domain owns /local/domain/5 already */
    q.watches = 2;
    q.txns = 1;
    q.value_size = 500;
    q.perms = 2;
    up_q(&q);
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof(path), "n%d", i);
        CU_ASSERT(xc_write(&g, 0, path, "v") == 0);
    }
    CU_ASSERT(xc_write(&g, 0, "one-too-many", "v") == -ENOSPC);
    CU_ASSERT(xc_rm(&g, 0, "n0") == 0);
    CU_ASSERT(xc_write(&g, 0, "fits-again", "v") == 0);
    CU_ASSERT(xc_write(&g, 0, "a/b/c", "v") == -ENOSPC);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT(xc_write(&g, 0, "n1", big) == -E2BIG);
    CU_ASSERT(xc_write(&adm, 0, "/local/domain/5/n1", big) == 0);   /* dom0 exempt */
    CU_ASSERT(xc_setperms(&g, 0, "n1", "n5,r1,r2") == -ENOSPC);
    CU_ASSERT(xc_setperms(&g, 0, "n1", "n5,r1") == 0);
    CU_ASSERT(xc_watch(&g, "w1", "t") == 0);
    CU_ASSERT(xc_watch(&g, "w2", "t") == 0);
    CU_ASSERT(xc_watch(&g, "w3", "t") == -ENOSPC);
    CU_ASSERT(xc_tx_start(&g, &tx) == 0);
    CU_ASSERT(xc_req(&g, XS_TRANSACTION_START, 0, "", 1, &m) == -ENOSPC);
    CU_ASSERT(xc_write(&g, tx, "in-tx", "v") == -ENOSPC);
    CU_ASSERT(xc_tx_end(&g, tx, false) == 0);
    CU_ASSERT(xc_tx_start(&g, &tx) == 0);
    CU_ASSERT(xc_tx_end(&g, tx, true) == 0);
    down();
}

static void test_special_watches(void)
{
    struct xc g7;
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(xc_watch(&adm, "@introduceDomain", "in") == 0);
    CU_ASSERT(xc_watch(&adm, "@releaseDomain", "out") == 0);
    CU_ASSERT(xc_watch(&g, "@releaseDomain", "guest") == 0);
    xc_nevents(&adm);
    adm.nev = 0;
    /* The first event comes regardless of access, as with Xen. */
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "@releaseDomain guest");
    CU_ASSERT_FATAL(xc_domain(&t, &adm, 7, &g7) == 0);
    CU_ASSERT(xc_event(&adm, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "@introduceDomain in");
    CU_ASSERT(xc_setperms(&adm, 0, "@releaseDomain", "n0,r5") == 0);
    CU_ASSERT(xc_req(&adm, XS_RELEASE, 0, "7", 2, &m) == 0);
    CU_ASSERT(xc_event(&adm, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "@releaseDomain out");
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "@releaseDomain guest");
    CU_ASSERT(xc_req(&adm, XS_RELEASE, 0, "7", 2, &m) == -ENOENT);
    down();
}

static void test_release_cleans_up(void)
{
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(xc_write(&g, 0, "mine", "1") == 0);
    CU_ASSERT(xc_setperms(&adm, 0, "/secret", "n0,r5,r6") == 0);
    CU_ASSERT(xc_watch(&g, "mine", "t") == 0);
    CU_ASSERT(t.d.owned[5] == 2);
    CU_ASSERT(xc_req(&adm, XS_RELEASE, 0, "5", 2, &m) == 0);
    CU_ASSERT(xc_req(&adm, XS_IS_DOMAIN_INTRODUCED, 0, "5", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "F");
    CU_ASSERT(fx_local_port(&t.fx, 5) < 0);
    CU_ASSERT(t.d.owned[5] == 0);
    CU_ASSERT(xc_getperms(&adm, 0, "/local/domain/5/mine", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0");
    CU_ASSERT(xc_getperms(&adm, 0, "/secret", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0,r6");
    CU_ASSERT(xc_write(&g, 0, "mine", "2") == -ETIMEDOUT);   /* nobody serves it */
    down();
}

static void test_domain_death(void)
{
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(xc_watch(&adm, "@releaseDomain", "r") == 0);
    xc_nevents(&adm);
    adm.nev = 0;
    t.fx.guests[0].state = XENIF_DOM_SHUTDOWN;
    t.fx.pending[t.fx.npending++] = 63;          /* VIRQ_DOM_EXC */
    xt_pump(&t);
    CU_ASSERT(xc_event(&adm, out, sizeof(out)) > 0);
    t.fx.pending[t.fx.npending++] = 63;
    xt_pump(&t);
    CU_ASSERT(xc_nevents(&adm) == 0);            /* once per shutdown */
    CU_ASSERT(xc_req(&adm, XS_RESUME, 0, "5", 2, &m) == 0);
    t.fx.pending[t.fx.npending++] = 63;
    xt_pump(&t);
    CU_ASSERT(xc_event(&adm, out, sizeof(out)) > 0);
    t.fx.guests[0].state = XENIF_DOM_GONE;
    t.fx.pending[t.fx.npending++] = 63;
    xt_pump(&t);
    CU_ASSERT(xc_event(&adm, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "@releaseDomain r");
    CU_ASSERT(xc_req(&adm, XS_IS_DOMAIN_INTRODUCED, 0, "5", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "F");
    down();
}

static void test_relative_watch(void)
{
    char out[128];

    up();
    CU_ASSERT(xc_watch(&g, "device", "dev") == 0);
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "device dev");
    CU_ASSERT(xc_write(&adm, 0, "/local/domain/5/device/vif/0", "") == 0);
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "device/vif/0 dev");
    CU_ASSERT(xc_watch(&g, "/secret", "s") == 0);
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);   /* the first one */
    /* It cannot read /secret/key nor /secret: no more events. */
    CU_ASSERT(xc_write(&adm, 0, "/secret/key", "changed") == 0);
    CU_ASSERT(xc_nevents(&g) == 0);
    CU_ASSERT(xc_setperms(&adm, 0, "/secret/key", "n0,r5") == 0);
    CU_ASSERT(xc_event(&g, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "/secret/key s");
    down();
}

/* Requests that wrap around the 1 KiB ring many times. */
static void test_ring_wraparound(void)
{
    char path[64], val[300], out[400];

    up();
    memset(val, 'v', sizeof(val) - 1);
    val[sizeof(val) - 1] = '\0';
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof(path), "wrap/%d", i);
        CU_ASSERT_FATAL(xc_write(&g, 0, path, val) == 0);
        CU_ASSERT_FATAL(xc_read(&g, 0, path, out, sizeof(out)) == 299);
    }
    CU_ASSERT(g.ring->req_prod > 8 * XENSTORE_RING_SIZE);
    down();
}

/* A guest that stops reading its replies: its requests wait in its
 * ring (bounded by the outstanding quota) and resume when it reads. */
static void test_outstanding_quota(void)
{
    struct xs_quota q;
    struct xsd_sockmsg h = { XS_READ, 0, 0, 2 };
    uint8_t reqs[6 * 18];
    char val[900];
    struct xt_msg m;
    int got = 0;

    xsd_quota_defaults(&q);
    q.outstanding = 2;
    up_q(&q);
    memset(val, 'q', sizeof(val) - 1);
    val[sizeof(val) - 1] = '\0';
    CU_ASSERT(xc_write(&g, 0, "v", val) == 0);
    for (uint32_t i = 0; i < 6; i++) {
        h.req_id = 100 + i;
        memcpy(reqs + 18 * i, &h, sizeof(h));
        memcpy(reqs + 18 * i + sizeof(h), "v", 2);
    }
    CU_ASSERT(xc_send_raw(&g, reqs, sizeof(reqs)) == 0);
    for (int i = 0; i < 10; i++)
        xt_pump(&t);
    CU_ASSERT(g.ring->req_cons != g.ring->req_prod);   /* some still waiting */
    while (got < 6 && xc_recv(&g, &m) == 0) {
        CU_ASSERT(m.h.req_id == 100u + (uint32_t)got && m.h.len == 899);
        got++;
    }
    CU_ASSERT(got == 6);
    CU_ASSERT(g.ring->req_cons == g.ring->req_prod);
    down();
}

static void test_ring_index_corruption(void)
{
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(xc_watch(&g, "data", "t") == 0);
    g.ring->req_prod = g.ring->req_cons + 5000;
    t.fx.pending[t.fx.npending++] = fx_local_port(&t.fx, 5);
    xt_pump(&t);
    CU_ASSERT(g.ring->error == XENSTORE_ERROR_RINGIDX);
    CU_ASSERT(t.d.domains->conn->ignored);
    xt_pump(&t);
    CU_ASSERT(t.d.domains->conn->watches == NULL);
    /* Everyone else carries on. */
    CU_ASSERT(xc_write(&adm, 0, "/local/domain/5/data/x", "1") == 0);
    CU_ASSERT(xc_read(&adm, 0, "/local/domain/5/data/x", out, sizeof(out)) == 1);
    /* Re-introducing the domain starts it afresh. */
    g.nev = 0;
    CU_ASSERT(xc_req(&adm, XS_INTRODUCE, 0, "5\0" "1\0" "7", 6, &m) == 0);
    CU_ASSERT(g.ring->error == 0 && g.ring->req_prod == 0);
    CU_ASSERT(xc_read(&g, 0, "data/x", out, sizeof(out)) == 1);
    down();
}

static void test_ring_oversized_message(void)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    up();
    memcpy(g.ring->req, &h, sizeof(h));
    g.ring->req_prod = sizeof(h);
    t.fx.pending[t.fx.npending++] = fx_local_port(&t.fx, 5);
    xt_pump(&t);
    CU_ASSERT(g.ring->error == XENSTORE_ERROR_PROTO);
    CU_ASSERT(xc_write(&adm, 0, "/fine", "1") == 0);
    down();
}

/* When the event device overflowed, which port fired is lost: every
 * ring gets looked at. Here the only sign of the guest's message is the
 * overflow, and it is served all the same. */
static void test_event_overflow_serves_every_ring(void)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    up();
    memcpy(g.ring->req, &h, sizeof(h));
    g.ring->req_prod = sizeof(h);
    t.fx.pending[t.fx.npending++] = -EOVERFLOW;
    xt_pump(&t);
    CU_ASSERT(g.ring->error == XENSTORE_ERROR_PROTO);
    CU_ASSERT(xc_write(&adm, 0, "/fine", "1") == 0);
    down();
}

/* dom0's own ring (the kernel's) is privileged. */
static void test_dom0_ring(void)
{
    struct xc k;
    char out[64];

    memset(&k, 0, sizeof(k));
    CU_ASSERT_FATAL(posix_memalign((void **)&k.ring, 4096, 4096) == 0);
    memset(k.ring, 0, 4096);
    {
        /* A request the kernel queued before the daemon started. */
        struct xsd_sockmsg h = { XS_READ, 42, 0, 6 };

        memcpy(k.ring->req, &h, sizeof(h));
        memcpy(k.ring->req + sizeof(h), "/tool", 6);
        k.ring->req_prod = sizeof(h) + 6;
    }
    CU_ASSERT_FATAL(xt_start_dom0(&t, k.ring) == 0);
    k.t = &t;
    k.fd = -1;
    k.domid = 0;
    xt_pump(&t);
    CU_ASSERT(k.ring->req_cons == sizeof(struct xsd_sockmsg) + 6);
    CU_ASSERT(k.ring->rsp_prod == sizeof(struct xsd_sockmsg));   /* empty value */
    k.ring->rsp_cons = k.ring->rsp_prod;
    CU_ASSERT(xc_read(&k, 0, "/tool/xenstored", out, sizeof(out)) == 0);
    CU_ASSERT(xc_write(&k, 0, "name", "Domain-0") == 0);
    CU_ASSERT(xc_read(&k, 0, "/local/domain/0/name", out, sizeof(out)) == 8);
    CU_ASSERT_FATAL(xc_socket(&t, &adm) == 0);
    down();
}

UNIT_SUITE(xenstored_domain,
           UNIT_TEST(test_introduce_sets_up_ring),
           UNIT_TEST(test_introduce_errors),
           UNIT_TEST(test_unprivileged_permissions),
           UNIT_TEST(test_privileged_requests_refused),
           UNIT_TEST(test_set_target),
           UNIT_TEST(test_quotas),
           UNIT_TEST(test_special_watches),
           UNIT_TEST(test_release_cleans_up),
           UNIT_TEST(test_domain_death),
           UNIT_TEST(test_relative_watch),
           UNIT_TEST(test_ring_wraparound),
           UNIT_TEST(test_outstanding_quota),
           UNIT_TEST(test_ring_index_corruption),
           UNIT_TEST(test_ring_oversized_message),
           UNIT_TEST(test_event_overflow_serves_every_ring),
           UNIT_TEST(test_dom0_ring))
