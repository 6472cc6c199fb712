/* xl help: the command list, and one command's usage, from the table. */
#include <string.h>
#include "xl.h"

#define NAME_COLUMN 19

void xl_print_usage(FILE *f, const struct xl_cmd *cmd)
{
    fprintf(f, "Usage: xl %s%s%s\n\n%s.\n", cmd->name, *cmd->usage ? " " : "",
            cmd->usage, cmd->help);
    if (cmd->options)
        fprintf(f, "\nOptions:\n\n%s", cmd->options);
}

static void print_list(FILE *f)
{
    fprintf(f, "Usage: xl <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (unsigned i = 0; i < xl_nr_cmds; i++) {
        const struct xl_cmd *c = &xl_cmds[i];

        fprintf(f, " %-*s %s\n", NAME_COLUMN, c->name, c->help);
    }
    fprintf(f, "\n'xl help <subcommand>' or 'xl <subcommand> -h' shows its usage.\n");
}

int xl_cmd_help(struct xl_env *env, const struct xl_args *a)
{
    const struct xl_cmd *cmd;

    if (!a->argc) {
        print_list(env->out);
        return XL_OK;
    }
    cmd = xl_cmd_find(a->argv[0]);
    if (!cmd)
        return xl_fail(env, "unknown command '%s' (xl help lists them)", a->argv[0]);
    xl_print_usage(env->out, cmd);
    return XL_OK;
}
