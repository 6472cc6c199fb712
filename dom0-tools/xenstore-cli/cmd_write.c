/* xenstore-write and xenstore-rm. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static int write_one(struct cli *cli, uint32_t tx, const char *path,
                     const char *spec)
{
    char *v;
    size_t len;
    int rc;

    if (cli->raw)
        return xs_write(cli->c, tx, path, spec, strlen(spec));
    v = malloc(strlen(spec) + 1);
    if (!v)
        return -ENOMEM;
    len = unescape_value(spec, v);
    rc = xs_write(cli->c, tx, path, v, len);
    free(v);
    return rc;
}

/* Operands come in pairs: path value [path value ...]. */
static int write_all(struct cli *cli, uint32_t tx)
{
    for (int i = 0; i + 1 < cli->nargs; i += 2) {
        int rc = write_one(cli, tx, cli->args[i], cli->args[i + 1]);

        if (rc) {
            cli->failed_on = cli->args[i];
            return rc;
        }
    }
    return 0;
}

int cmd_write(struct cli *cli)
{
    return cli_run(cli, write_all, cli->nargs > 2);
}

/* A parent goes too if it is left with no value and no children. */
static bool is_bare(struct cli *cli, uint32_t tx, const char *path)
{
    char *v, **names;
    size_t len;
    unsigned n;
    bool bare;

    if (xs_read(cli->c, tx, path, &v, &len))
        return false;
    free(v);
    if (len || xs_directory(cli->c, tx, path, &names, &n))
        return false;
    bare = n == 0;
    free(names);
    return bare;
}

/* -t: then remove each parent left bare, up towards the root. */
static int rm_one(struct cli *cli, uint32_t tx, const char *path)
{
    char *p, *slash;
    int rc = xs_rm(cli->c, tx, path);

    if (rc || !cli->tidy)
        return rc;
    p = strdup(path);
    if (!p)
        return -ENOMEM;
    while ((slash = strrchr(p, '/')) != NULL && slash != p) {
        *slash = '\0';
        if (!is_bare(cli, tx, p))
            break;
        rc = xs_rm(cli->c, tx, p);
        if (rc)
            break;
    }
    free(p);
    return rc;
}

static int rm_all(struct cli *cli, uint32_t tx)
{
    for (int i = 0; i < cli->nargs; i++) {
        int rc = rm_one(cli, tx, cli->args[i]);

        if (rc) {
            cli->failed_on = cli->args[i];
            return rc;
        }
    }
    return 0;
}

int cmd_rm(struct cli *cli)
{
    return cli_run(cli, rm_all, true);
}
