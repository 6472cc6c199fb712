/* Held-back output, the run-in-a-transaction loop and error messages. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void out_reset(struct outbuf *o)
{
    o->len = 0;
    o->failed = false;
}

static bool out_reserve(struct outbuf *o, size_t n)
{
    size_t cap = o->cap ? o->cap : 1024;
    char *p;

    if (o->failed)
        return false;
    while (cap - o->len <= n)
        cap *= 2;
    if (cap == o->cap)
        return true;
    p = realloc(o->p, cap);
    if (!p) {
        o->failed = true;
        return false;
    }
    o->p = p;
    o->cap = cap;
    return true;
}

void out_write(struct outbuf *o, const void *p, size_t n)
{
    if (!out_reserve(o, n))
        return;
    memcpy(o->p + o->len, p, n);
    o->len += n;
}

void out_printf(struct outbuf *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !out_reserve(o, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

int cli_fail(const struct cli *cli, const char *what, int err)
{
    fprintf(stderr, "%s: %s: %s\n", cli->prog, what, strerror(-err));
    return 1;
}

struct tx_call {
    struct cli *cli;
    cli_op *op;
};

/* One attempt starts from empty output, so a retry prints nothing twice. */
static int tx_attempt(struct xs_conn *c, uint32_t tx, void *arg)
{
    struct tx_call *call = arg;
    int rc;

    (void)c;
    out_reset(&call->cli->out);
    call->cli->failed_on = NULL;
    rc = call->op(call->cli, tx);
    if (rc == 0 && call->cli->out.failed)
        rc = -ENOMEM;
    return rc;
}

int cli_run(struct cli *cli, cli_op *op, bool transaction)
{
    struct tx_call call = { cli, op };
    int rc;

    if (transaction)
        rc = xs_transact(cli->c, tx_attempt, &call);
    else
        rc = tx_attempt(cli->c, XS_TX_NONE, &call);
    if (rc < 0 && rc == cli->silent_err)
        return 1;
    if (rc < 0)
        return cli_fail(cli, cli->failed_on ? cli->failed_on : "transaction",
                        rc);
    if (cli->out.len && fwrite(cli->out.p, 1, cli->out.len, stdout) !=
            cli->out.len)
        return cli_fail(cli, "stdout", -EIO);
    return 0;
}

char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    bool slash = dl == 0 || dir[dl - 1] != '/';
    char *p = malloc(dl + slash + strlen(name) + 1);

    if (p)
        sprintf(p, "%s%s%s", dir, slash ? "/" : "", name);
    return p;
}
