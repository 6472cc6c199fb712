/* CONTROL: commands for the administrator (dom0 only), as
 * "command|param|...". log switches request tracing; logfile moves the
 * log; print writes a line to it; dump writes the whole store to a file
 * (or the log); quota shows limits and a domain's usage; check verifies
 * the store's bookkeeping; help lists all this. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "proto.h"

#define MAX_ARGS 4

static int reply_text(struct xs_req *r, const char *text)
{
    return req_reply(r, text, strlen(text) + 1);
}

static int ctl_help(struct xs_req *r, const char **argv, int argc);

static int ctl_log(struct xs_req *r, const char **argv, int argc)
{
    static int saved = XLOG_INFO;
    struct xs_log *l = &r->d->log;

    if (argc == 0)
        return reply_text(r, l->level >= XLOG_TRACE ? "on" : "off");
    if (!strcmp(argv[0], "on")) {
        if (l->level < XLOG_TRACE)
            saved = l->level;
        l->level = XLOG_TRACE;
    } else if (!strcmp(argv[0], "off")) {
        l->level = l->level >= XLOG_TRACE ? saved : l->level;
    } else {
        return -EINVAL;
    }
    return reply_text(r, "OK");
}

static int ctl_logfile(struct xs_req *r, const char **argv, int argc)
{
    struct xs_log fresh;
    int rc;

    if (argc != 1)
        return -EINVAL;
    rc = xlog_open(&fresh, argv[0], r->d->log.level);
    if (rc < 0)
        return rc;
    xlog_close(&r->d->log);
    r->d->log = fresh;
    return reply_text(r, "OK");
}

static int ctl_print(struct xs_req *r, const char **argv, int argc)
{
    if (argc != 1)
        return -EINVAL;
    xlog(&r->d->log, XLOG_ERR, "control: %s", argv[0]);
    return reply_text(r, "OK");
}

struct dump_ctx {
    FILE *fp;
    size_t nodes;
};

static void dump_visit(void *arg, struct xs_node *n)
{
    struct dump_ctx *dc = arg;
    char path[XS_PATH_BUF], perms[256];
    int plen = perms_format(n->perms, perms, sizeof(perms));

    if (store_path(n, path, sizeof(path)) < 0)
        return;
    for (int i = 0; i + 1 < plen; i++)
        if (!perms[i])
            perms[i] = ',';
    fprintf(dc->fp, "%s = \"", path);
    for (uint32_t i = 0; i < n->vlen; i++) {
        unsigned char ch = (unsigned char)n->value[i];

        if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
            fputc(ch, dc->fp);
        else
            fprintf(dc->fp, "\\x%02x", ch);
    }
    fprintf(dc->fp, "\" (%s)\n", plen > 0 ? perms : "?");
    dc->nodes++;
}

static int ctl_dump(struct xs_req *r, const char **argv, int argc)
{
    struct dump_ctx dc = { NULL, 0 };
    char reply[64];

    if (argc > 1)
        return -EINVAL;
    if (argc == 1)
        dc.fp = fopen(argv[0], "we");
    else
        dc.fp = r->d->log.fp ? r->d->log.fp : stderr;
    if (!dc.fp)
        return -errno;
    store_walk(&r->d->store, dump_visit, &dc);
    if (argc == 1 && fclose(dc.fp) != 0)
        return -EIO;
    snprintf(reply, sizeof(reply), "dumped %zu nodes", dc.nodes);
    return reply_text(r, reply);
}

static int ctl_quota(struct xs_req *r, const char **argv, int argc)
{
    const struct xs_quota *q = &r->d->quota;
    char out[512];
    int domid;

    if (argc == 0) {
        snprintf(out, sizeof(out),
                 "nodes %u\nwatches %u\ntransactions %u\nnode-size %u\n"
                 "outstanding %u\npermissions %u\ntransaction-nodes %u\n"
                 "dom0-exempt %s",
                 q->nodes, q->watches, q->txns, q->value_size, q->outstanding,
                 q->perms, q->tx_nodes, q->dom0_exempt ? "yes" : "no");
        return reply_text(r, out);
    }
    domid = xs_parse_domid(argv[0]);
    if (argc != 1 || domid < 0)
        return -EINVAL;
    snprintf(out, sizeof(out), "dom%d nodes %u", domid, r->d->owned[domid]);
    return reply_text(r, out);
}

struct check_ctx {
    size_t nodes;
    uint32_t *owned;
};

static void check_visit(void *arg, struct xs_node *n)
{
    struct check_ctx *cc = arg;

    if (!n->parent && n->namelen)
        return;
    cc->nodes++;
    cc->owned[n->perms->p[0].domid]++;
}

static void report_owned(const struct check_ctx *cc, const uint32_t *owned,
                         char *out, size_t size)
{
    for (unsigned int i = 0; i < 65536; i++)
        if (cc->owned[i] != owned[i]) {
            snprintf(out, size, "dom%u owns %u nodes, accounted %u", i,
                     cc->owned[i], owned[i]);
            return;
        }
}

static int ctl_check(struct xs_req *r, const char **argv, int argc)
{
    struct check_ctx cc = { 0, NULL };
    char out[128] = "OK";

    (void)argv;
    if (argc)
        return -EINVAL;
    cc.owned = calloc(65536, sizeof(uint32_t));
    if (!cc.owned)
        return -ENOMEM;
    store_walk(&r->d->store, check_visit, &cc);
    if (cc.nodes != r->d->store.nnodes + 1)
        snprintf(out, sizeof(out), "node count %zu, expected %zu", cc.nodes,
                 r->d->store.nnodes + 1);
    if (memcmp(cc.owned, r->d->owned, 65536 * sizeof(uint32_t)))
        report_owned(&cc, r->d->owned, out, sizeof(out));
    free(cc.owned);
    return reply_text(r, out);
}

static const struct {
    const char *name;
    int (*fn)(struct xs_req *r, const char **argv, int argc);
    const char *help;
} commands[] = {
    { "check", ctl_check, "check: verify the store's bookkeeping" },
    { "dump", ctl_dump, "dump [FILE]: write every node to FILE or the log" },
    { "help", ctl_help, "help: this list" },
    { "log", ctl_log, "log [on|off]: trace every request" },
    { "logfile", ctl_logfile, "logfile FILE: log to FILE from now on" },
    { "print", ctl_print, "print TEXT: write TEXT to the log" },
    { "quota", ctl_quota, "quota [DOMID]: limits, or a domain's usage" },
};

static int ctl_help(struct xs_req *r, const char **argv, int argc)
{
    char out[1024];
    size_t off = 0;

    (void)argv;
    (void)argc;
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        off += (size_t)snprintf(out + off, sizeof(out) - off, "%s\n",
                                commands[i].help);
    return reply_text(r, out);
}

int op_control(struct xs_req *r)
{
    const char *argv[MAX_ARGS + 1];
    unsigned int n = req_count_strings(r);

    if (n == 0 || n > MAX_ARGS + 1 || r->body[r->len - 1] != '\0' ||
        req_args(r, argv, n) < 0)
        return -EINVAL;
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[0], commands[i].name))
            return commands[i].fn(r, argv + 1, (int)n - 1);
    return -EINVAL;
}
