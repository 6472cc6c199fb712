/* xl's entry: finds the command in the table, parses its options and
 * operands as the table row says, and runs it. */
#include <string.h>
#include "xl.h"

const struct xl_cmd *xl_cmd_find(const char *name)
{
    for (unsigned i = 0; i < xl_nr_cmds; i++)
        if (!strcmp(xl_cmds[i].name, name))
            return &xl_cmds[i];
    return NULL;
}

static int letter_bit(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return 26 + (c - 'A');
    return -1;
}

bool xl_opt(const struct xl_args *a, char letter)
{
    int bit = letter_bit(letter);

    return bit >= 0 && (a->set >> bit & 1);
}

const char *xl_optval(const struct xl_args *a, char letter)
{
    int bit = letter_bit(letter);

    return bit >= 0 ? a->val[bit] : NULL;
}

int xl_usage_fail(struct xl_env *env, const struct xl_cmd *cmd, const char *what)
{
    xl_msg(env, "%s", what);
    fputc('\n', env->err);
    xl_print_usage(env->err, cmd);
    return XL_USAGE;
}

/* One "-abc" word; *i moves past an option argument taken from the next
 * word. Returns -1 to go on or an exit status. */
static int parse_word(struct xl_env *env, const struct xl_cmd *cmd, int argc,
                      char **argv, int *i, struct xl_args *a)
{
    for (const char *p = argv[*i] + 1; *p; p++) {
        int bit = letter_bit(*p);
        const char *s = bit >= 0 ? strchr(cmd->spec, *p) : NULL;

        if (*p == 'h') {
            xl_print_usage(env->out, cmd);
            return XL_OK;
        }
        if (!s) {
            xl_msg(env, "option `%c' not supported.", *p);
            return XL_USAGE;
        }
        a->set |= 1ULL << bit;
        if (s[1] != ':')
            continue;
        if (p[1]) {
            a->val[bit] = p + 1;
        } else if (*i + 1 < argc) {
            a->val[bit] = argv[++*i];
        } else {
            xl_msg(env, "option `%c' requires an argument.", *p);
            return XL_USAGE;
        }
        break;
    }
    return -1;
}

/* Options may follow operands, as GNU getopt lets xl's users write them
 * (`xl create web.cfg -c`); operands move to the front of argv[1..] in
 * their order. "--" ends the options. */
int xl_parse_args(struct xl_env *env, const struct xl_cmd *cmd, int argc,
                  char **argv, struct xl_args *a)
{
    bool options = true;
    char what[128];
    int n = 0;

    *a = (struct xl_args){ .cmd = cmd };
    for (int i = 1; i < argc; i++) {
        char *w = argv[i];
        int rc;

        if (options && !strcmp(w, "--")) {
            options = false;
        } else if (options && !strcmp(w, "--help")) {
            xl_print_usage(env->out, cmd);
            return XL_OK;
        } else if (!options || w[0] != '-' || !w[1]) {
            argv[1 + n++] = w;      /* a slot already read */
        } else if ((rc = parse_word(env, cmd, argc, argv, &i, a)) >= 0) {
            return rc;
        }
    }
    a->argc = n;
    a->argv = argv + 1;
    if (a->argc < cmd->min_args) {
        snprintf(what, sizeof(what), "'xl %s' requires at least %d argument%s.",
                 cmd->name, cmd->min_args, cmd->min_args > 1 ? "s" : "");
        return xl_usage_fail(env, cmd, what);
    }
    if (cmd->max_args >= 0 && a->argc > cmd->max_args) {
        snprintf(what, sizeof(what), "'xl %s' takes at most %d argument%s.",
                 cmd->name, cmd->max_args, cmd->max_args != 1 ? "s" : "");
        return xl_usage_fail(env, cmd, what);
    }
    return -1;
}

static int run(struct xl_env *env, const struct xl_cmd *cmd, int argc, char **argv)
{
    struct xl_args a;
    int rc = xl_parse_args(env, cmd, argc, argv, &a);

    if (rc >= 0)
        return rc;
    return cmd->run(env, &a);
}

int xl_main(struct xl_env *env, int argc, char **argv)
{
    const struct xl_cmd *cmd;
    int rc;

    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        char *help[] = { "help", NULL };

        rc = run(env, xl_cmd_find("help"), 1, help);
        return argc < 2 ? XL_USAGE : rc;
    }
    cmd = xl_cmd_find(argv[1]);
    if (!cmd) {
        xl_msg(env, "unknown command '%s' (xl help lists them)", argv[1]);
        return XL_USAGE;
    }
    rc = run(env, cmd, argc - 1, argv + 1);
    fflush(env->out);
    fflush(env->err);
    return rc;
}
