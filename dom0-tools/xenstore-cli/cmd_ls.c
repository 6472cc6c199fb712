/* xenstore-ls: the tree below a path, one node a line, indented by depth
 * (or with full paths, -f), in the layout of Xen's xenstore-ls: values cut
 * to the terminal's width, and with -p the permissions after a dotted
 * leader. Not a transaction: a node that vanishes meanwhile is skipped. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli.h"

#define TAG_LEN      8          /* strlen(" = \"...\"") */
#define PERMS_COLUMN 60

struct ls {
    struct cli *cli;
    int width;                  /* columns a line may use */
    int perms_column;           /* where the dotted leader ends */
};

static int terminal_width(void)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 2)
        return ws.ws_col - 2;
    return 80;
}

/* Prints the node's name (or path); returns the columns used. */
static int print_name(const struct ls *ls, const char *path,
                      const char *name, int depth)
{
    if (ls->cli->flat) {
        fputs(path, stdout);
        return 0;           /* Xen's layout counts no width for -f paths */
    }
    printf("%*s", depth, "");
    return depth + printf("%.*s", ls->width - TAG_LEN - depth, name);
}

/* Prints " = \"value\"" (cut if too wide) and the leader before the
 * permissions; returns the column reached. */
static int print_value(const struct ls *ls, const char *path, int col)
{
    char *v, *shown;
    size_t len;

    if (xs_read(ls->cli->c, XS_TX_NONE, path, &v, &len)) {
        fputs(":", stdout);
        return col;
    }
    shown = escape_value(v, len);
    free(v);
    if (!shown)
        return col;
    if ((size_t)ls->width < (size_t)col + len + TAG_LEN) {
        printf(" = \"%.*s\\...\"", ls->width - TAG_LEN - col, shown);
    } else {
        col += printf(" = \"%s\"", shown);
        if (ls->cli->prefix) {
            putchar(' ');
            for (col++; col < ls->perms_column && col < ls->width; col++)
                putchar(col & 1 ? '.' : ' ');
        }
    }
    free(shown);
    return col;
}

static void print_perms(const struct ls *ls, const char *path,
                        const char *name)
{
    struct xs_perm *p;
    char buf[XS_PERM_STR_MAX];
    unsigned n;

    if (xs_get_perms(ls->cli->c, XS_TX_NONE, path, &p, &n)) {
        fprintf(stderr, "\n%s: could not access permissions for %s\n",
                ls->cli->prog, name);
        return;
    }
    fputs("  (", stdout);
    for (unsigned i = 0; i < n; i++)
        if (xs_perm_format(&p[i], buf, sizeof(buf)) == 0)
            printf("%s%s", i ? "," : "", buf);
    putchar(')');
    free(p);
}

/* Both return 0, or a negative errno once the failure is reported. */
static int ls_tree(const struct ls *ls, const char *dir, int depth);

static int ls_node(const struct ls *ls, const char *dir, const char *name,
                   int depth)
{
    char *path = join_path(dir, name);
    int col, rc;

    if (!path) {
        fflush(stdout);
        cli_fail(ls->cli, name, -ENOMEM);
        return -ENOMEM;
    }
    col = print_name(ls, path, name, depth);
    print_value(ls, path, col);
    if (ls->cli->prefix)
        print_perms(ls, path, name);
    putchar('\n');
    rc = ls_tree(ls, path, depth + 1);
    free(path);
    return rc;
}

static int ls_tree(const struct ls *ls, const char *dir, int depth)
{
    char **names;
    unsigned n;
    int rc = xs_directory(ls->cli->c, XS_TX_NONE, dir, &names, &n);

    if (rc == -ENOENT && depth > 0)
        return 0;           /* removed while we walked */
    if (rc) {
        fflush(stdout);
        cli_fail(ls->cli, dir, rc);
        return rc;
    }
    for (unsigned i = 0; i < n && rc == 0; i++)
        rc = ls_node(ls, dir, names[i], depth);
    free(names);
    return rc;
}

int cmd_ls(struct cli *cli)
{
    struct ls ls = { cli, terminal_width(), PERMS_COLUMN };
    char *root[] = { "/" };
    char **paths = cli->nargs ? cli->args : root;
    int n = cli->nargs ? cli->nargs : 1;

    if (cli->flat) {
        ls.width = INT_MAX / 2;
        ls.perms_column = 0;
    }
    for (int i = 0; i < n; i++)
        if (ls_tree(&ls, paths[i], 0))
            return 1;
    return 0;
}
