/* keel-xenstore: what its commands share. One binary serves every
 * xenstore-* name; each command has its own file. */
#ifndef KEEL_XENSTORE_CLI_H
#define KEEL_XENSTORE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libctl.h"

/* Output held back until a transaction commits, since a retried attempt
 * must not have printed anything. */
struct outbuf {
    char *p;
    size_t len, cap;
    bool failed;                /* out of memory: reported at the end */
};

struct cli {
    const char *prog;           /* "xenstore-read": starts every message */
    struct xs_conn *c;
    bool prefix, raw, tidy, upto, recurse, flat;
    int count;                  /* watch -n; -1 for ever */
    char **args;                /* operands */
    int nargs;
    struct outbuf out;
    const char *failed_on;      /* the operand a failure concerns */
    int silent_err;             /* an error that is an answer, not news */
    void *data;                 /* a command's own parsed arguments */
};

/* An operation over every operand, inside transaction tx (or none). */
typedef int cli_op(struct cli *cli, uint32_t tx);

/* Runs op, in a transaction if asked, then prints the output; on failure
 * prints "prog: operand: error". Returns the exit status. */
int cli_run(struct cli *cli, cli_op *op, bool transaction);
/* Prints "prog: what: error" and returns 1. */
int cli_fail(const struct cli *cli, const char *what, int err);

void out_reset(struct outbuf *o);
void out_write(struct outbuf *o, const void *p, size_t n);
void out_printf(struct outbuf *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Values as people read and type them: bytes outside printable ASCII,
 * and backslash, as C-like escapes (\t, \n, \r, \\, \ooo, \xHH). */
char *escape_value(const char *v, size_t len);
/* Writes the bytes into out (room for strlen(in) + 1); returns count. */
size_t unescape_value(const char *in, char *out);

/* "/a" + "b" -> "/a/b"; "/" + "b" -> "/b". NULL if out of memory. */
char *join_path(const char *dir, const char *name);

int cmd_read(struct cli *cli);
int cmd_exists(struct cli *cli);
int cmd_list(struct cli *cli);
int cmd_write(struct cli *cli);
int cmd_rm(struct cli *cli);
int cmd_ls(struct cli *cli);
int cmd_chmod(struct cli *cli);
int cmd_watch(struct cli *cli);

#endif
