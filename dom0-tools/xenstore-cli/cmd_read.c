/* xenstore-read, xenstore-exists and xenstore-list: reading without
 * changing anything. Several operands are read in one transaction, so
 * they are seen at one moment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static int read_one(struct cli *cli, uint32_t tx, const char *path)
{
    char *v, *shown;
    size_t len;
    int rc = xs_read(cli->c, tx, path, &v, &len);

    if (rc)
        return rc;
    if (cli->prefix)
        out_printf(&cli->out, "%s: ", path);
    if (cli->raw) {
        out_write(&cli->out, v, len);
    } else {
        shown = escape_value(v, len);
        if (shown)
            out_printf(&cli->out, "%s\n", shown);
        else
            rc = -ENOMEM;
        free(shown);
    }
    free(v);
    return rc;
}

static int read_all(struct cli *cli, uint32_t tx)
{
    for (int i = 0; i < cli->nargs; i++) {
        int rc = read_one(cli, tx, cli->args[i]);

        if (rc) {
            cli->failed_on = cli->args[i];
            return rc;
        }
    }
    return 0;
}

int cmd_read(struct cli *cli)
{
    return cli_run(cli, read_all, cli->nargs > 1);
}

static int exists_all(struct cli *cli, uint32_t tx)
{
    for (int i = 0; i < cli->nargs; i++) {
        char *v;
        int rc = xs_read(cli->c, tx, cli->args[i], &v, NULL);

        if (rc) {
            cli->failed_on = cli->args[i];
            return rc;
        }
        free(v);
    }
    return 0;
}

/* The answer is the exit status; only a failure to ask is worth a word. */
int cmd_exists(struct cli *cli)
{
    cli->silent_err = -ENOENT;
    return cli_run(cli, exists_all, true);
}

static int list_one(struct cli *cli, uint32_t tx, const char *path)
{
    const char *pre = strcmp(path, "/") ? path : "";
    char **names;
    unsigned n;
    int rc = xs_directory(cli->c, tx, path, &names, &n);

    if (rc)
        return rc;
    for (unsigned i = 0; i < n; i++) {
        if (cli->prefix)
            out_printf(&cli->out, "%s/", pre);
        out_printf(&cli->out, "%s\n", names[i]);
    }
    free(names);
    return 0;
}

static int list_all(struct cli *cli, uint32_t tx)
{
    for (int i = 0; i < cli->nargs; i++) {
        int rc = list_one(cli, tx, cli->args[i]);

        if (rc) {
            cli->failed_on = cli->args[i];
            return rc;
        }
    }
    return 0;
}

int cmd_list(struct cli *cli)
{
    return cli_run(cli, list_all, true);
}
