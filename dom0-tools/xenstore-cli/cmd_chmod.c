/* xenstore-chmod path perm...: sets a node's permission list; -u also
 * sets it on every parent, -r on every node below. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

struct chmod_job {
    struct xs_perm *perms;
    unsigned n;
};

static int chmod_tree(struct cli *cli, uint32_t tx, const char *path,
                      const struct chmod_job *job);

static int chmod_children(struct cli *cli, uint32_t tx, const char *path,
                          const struct chmod_job *job)
{
    char **names;
    unsigned n;
    int rc = xs_directory(cli->c, tx, path, &names, &n);

    if (rc)
        return rc;
    for (unsigned i = 0; i < n && rc == 0; i++) {
        char *child = join_path(path, names[i]);

        rc = child ? chmod_tree(cli, tx, child, job) : -ENOMEM;
        free(child);
    }
    free(names);
    return rc;
}

static int chmod_tree(struct cli *cli, uint32_t tx, const char *path,
                      const struct chmod_job *job)
{
    int rc = xs_set_perms(cli->c, tx, path, job->perms, job->n);

    if (rc == 0 && cli->recurse)
        rc = chmod_children(cli, tx, path, job);
    return rc;
}

/* Parents up to (not including) the root, as Xen's -u does. */
static int chmod_parents(struct cli *cli, uint32_t tx, const char *path,
                         const struct chmod_job *job)
{
    char *p = strdup(path), *slash;
    int rc = p ? 0 : -ENOMEM;

    while (rc == 0 && (slash = strrchr(p, '/')) != NULL && slash != p) {
        *slash = '\0';
        rc = xs_set_perms(cli->c, tx, p, job->perms, job->n);
    }
    free(p);
    return rc;
}

static int chmod_op(struct cli *cli, uint32_t tx)
{
    const struct chmod_job *job = cli->data;
    const char *path = cli->args[0];
    int rc = chmod_tree(cli, tx, path, job);

    if (rc == 0 && cli->upto)
        rc = chmod_parents(cli, tx, path, job);
    if (rc)
        cli->failed_on = path;
    return rc;
}

int cmd_chmod(struct cli *cli)
{
    struct chmod_job job = { .n = (unsigned)cli->nargs - 1 };
    int status = 0;

    job.perms = calloc(job.n, sizeof(*job.perms));
    if (!job.perms)
        return cli_fail(cli, "permissions", -ENOMEM);
    for (unsigned i = 0; i < job.n && status == 0; i++)
        if (xs_perm_parse(cli->args[i + 1], &job.perms[i]))
            status = cli_fail(cli, cli->args[i + 1], -EINVAL);
    if (status == 0) {
        cli->data = &job;
        status = cli_run(cli, chmod_op, true);
    }
    free(job.perms);
    return status;
}
