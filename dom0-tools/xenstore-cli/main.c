/* keel-xenstore: Xen's xenstore-* tools in one binary. Invoked as
 * xenstore-<command> (the names `make install` links) or as
 * `keel-xenstore <command>`; options and output follow Xen's tools, so
 * scripts written for them work unchanged. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

struct command {
    const char *name;
    const char *opts;           /* option letters of its own */
    const char *usage;          /* after "[-h] [-s SOCKET]" */
    int min_args;
    int (*run)(struct cli *cli);
};

static const struct command commands[] = {
    { "read",   "pR", "[-p] [-R] key [...]",           1, cmd_read },
    { "write",  "R",  "[-R] key value [...]",          2, cmd_write },
    { "rm",     "t",  "[-t] key [...]",                1, cmd_rm },
    { "exists", "",   "key [...]",                     1, cmd_exists },
    { "list",   "p",  "[-p] key [...]",                1, cmd_list },
    { "ls",     "fp", "[-f] [-p] [path ...]",          0, cmd_ls },
    { "chmod",  "ur", "[-u] [-r] key mode [modes...]", 2, cmd_chmod },
    { "watch",  "n",  "[-n NR] key [...]",             1, cmd_watch },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct option long_opts[] = {
    { "help",    no_argument,       NULL, 'h' },
    { "socket",  required_argument, NULL, 's' },
    { "flat",    no_argument,       NULL, 'f' },
    { "prefix",  no_argument,       NULL, 'p' },
    { "tidy",    no_argument,       NULL, 't' },
    { "upto",    no_argument,       NULL, 'u' },
    { "recurse", no_argument,       NULL, 'r' },
    { "number",  required_argument, NULL, 'n' },
    { "raw",     no_argument,       NULL, 'R' },
    { NULL, 0, NULL, 0 },
};

/* How the program was called, for usage lines: "xenstore-read" or
 * "keel-xenstore read". */
struct invocation {
    const struct command *cmd;
    char name[64];
    char prog[64];              /* messages start with this */
};

static int usage(const struct invocation *inv, int status)
{
    fprintf(status ? stderr : stdout, "Usage: %s [-h] [-s SOCKET] %s\n",
            inv->name, inv->cmd->usage);
    return status;
}

static int list_commands(const char *self)
{
    fprintf(stderr, "Usage: %s <command> [-h] [...]\ncommands:", self);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(stderr, " %s", commands[i].name);
    fputc('\n', stderr);
    return 1;
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

#define HELP_SHOWN (-1)

/* Returns 0 to go on, HELP_SHOWN, or an exit status to leave with. */
static int parse_options(const struct invocation *inv, struct cli *cli,
                         int argc, char **argv, const char **socket)
{
    int c;
    char *end;

    while ((c = getopt_long(argc, argv, "hs:fpturn:R", long_opts,
                            NULL)) != -1) {
        if (c == 'h') {
            usage(inv, 0);
            return HELP_SHOWN;
        }
        if (c == 's') {
            *socket = optarg;
            continue;
        }
        if (c == '?' || !strchr(inv->cmd->opts, c))
            return usage(inv, 1);
        cli->flat |= c == 'f';
        cli->prefix |= c == 'p';
        cli->tidy |= c == 't';
        cli->upto |= c == 'u';
        cli->recurse |= c == 'r';
        cli->raw |= c == 'R';
        if (c == 'n') {
            errno = 0;
            cli->count = (int)strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || cli->count < 0)
                return usage(inv, 1);
        }
    }
    return 0;
}

static int check_operands(const struct invocation *inv, const struct cli *cli)
{
    if (cli->nargs < inv->cmd->min_args)
        return usage(inv, 1);
    if (inv->cmd->run == cmd_write && cli->nargs % 2)
        return usage(inv, 1);
    return 0;
}

static int connect_and_run(const struct invocation *inv, struct cli *cli,
                           const char *socket)
{
    const char *env = getenv("XENSTORED_PATH");
    int err = 0, status;

    cli->c = xs_open(socket, &err);
    if (!cli->c)
        return cli_fail(cli, socket ? socket : env ? env : XS_DEFAULT_SOCKET,
                        err);
    status = inv->cmd->run(cli);
    xs_close(cli->c);
    free(cli->out.p);
    return status;
}

/* Finds the command in argv[0] ("xenstore-read") or argv[1]; returns how
 * many leading arguments named it, or -1. */
static int identify(struct invocation *inv, int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    int used = 1;

    base = base ? base + 1 : argv[0];
    if (strncmp(base, "xenstore-", 9) == 0) {
        inv->cmd = find_command(base + 9);
        snprintf(inv->name, sizeof(inv->name), "%s", base);
    } else if (argc > 1) {
        inv->cmd = find_command(argv[1]);
        snprintf(inv->name, sizeof(inv->name), "%s %s", base, argv[1]);
        used = 2;
    }
    if (!inv->cmd)
        return -1;
    snprintf(inv->prog, sizeof(inv->prog), "xenstore-%s", inv->cmd->name);
    return used;
}

int main(int argc, char **argv)
{
    struct invocation inv = { 0 };
    struct cli cli = { .count = -1 };
    const char *socket = NULL;
    int used = identify(&inv, argc, argv);
    int rc;

    if (used < 0)
        return list_commands(argv[0]);
    cli.prog = inv.prog;
    /* getopt sees the command word as its argv[0]. */
    rc = parse_options(&inv, &cli, argc - used + 1, argv + used - 1, &socket);
    if (rc)
        return rc == HELP_SHOWN ? 0 : rc;
    cli.args = argv + used - 1 + optind;
    cli.nargs = argc - used + 1 - optind;
    rc = check_operands(&inv, &cli);
    if (rc)
        return rc;
    return connect_and_run(&inv, &cli, socket);
}
