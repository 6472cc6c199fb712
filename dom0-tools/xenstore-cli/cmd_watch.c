/* xenstore-watch [-n count] path...: prints the path of each event, as
 * it comes; the token of each watch is its path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

static int print_events(struct cli *cli)
{
    for (int seen = 0; cli->count < 0 || seen < cli->count; seen++) {
        char *path, *token;
        int rc = xs_read_watch(cli->c, &path, &token, -1);

        if (rc == -ENOBUFS || rc == -EBADMSG) {
            seen--;         /* not an event; the next one may be */
            continue;
        }
        if (rc)
            return cli_fail(cli, "watch", rc);
        printf("%s\n", path);
        fflush(stdout);
        free(path);
        free(token);
    }
    return 0;
}

int cmd_watch(struct cli *cli)
{
    for (int i = 0; i < cli->nargs; i++) {
        int rc = xs_watch(cli->c, cli->args[i], cli->args[i]);

        if (rc)
            return cli_fail(cli, cli->args[i], rc);
    }
    return print_events(cli);
}
