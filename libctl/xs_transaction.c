/* Transactions, and the usual loop around them: run, commit, and start
 * over while another writer got there first. */
#include <errno.h>
#include <stdlib.h>
#include "xs_internal.h"

/* The reply is the id in decimal; 0 would mean "no transaction". */
static int parse_tx_id(const char *s, uint32_t *tx)
{
    uint64_t v = 0;

    if (*s == '\0')
        return -EBADMSG;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EBADMSG;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            return -EBADMSG;
    }
    if (v == 0)
        return -EBADMSG;
    *tx = (uint32_t)v;
    return 0;
}

int xs_transaction_start(struct xs_conn *c, uint32_t *tx)
{
    char *reply;
    int rc;

    if (!tx)
        return -EINVAL;
    rc = xs_talk_str(c, XS_TRANSACTION_START, XS_TX_NONE, "", &reply, NULL);
    if (rc)
        return rc;
    rc = parse_tx_id(reply, tx);
    free(reply);
    return rc;
}

int xs_transaction_end(struct xs_conn *c, uint32_t tx, bool commit)
{
    if (tx == XS_TX_NONE)
        return -EINVAL;
    return xs_talk_str(c, XS_TRANSACTION_END, tx, commit ? "T" : "F",
                       NULL, NULL);
}

/* One attempt: fn's error wins over a failure to abort. */
static int transact_once(struct xs_conn *c, xs_transact_fn *fn, void *arg)
{
    uint32_t tx;
    int rc, end;

    rc = xs_transaction_start(c, &tx);
    if (rc)
        return rc;
    rc = fn(c, tx, arg);
    end = xs_transaction_end(c, tx, rc >= 0);
    return rc < 0 ? rc : (end ? end : rc);
}

int xs_transact(struct xs_conn *c, xs_transact_fn *fn, void *arg)
{
    int rc = -EAGAIN;

    if (!c || !fn)
        return -EINVAL;
    for (unsigned i = 0; i < XS_TRANSACT_MAX_TRIES && rc == -EAGAIN; i++)
        rc = transact_once(c, fn, arg);
    return rc;
}
