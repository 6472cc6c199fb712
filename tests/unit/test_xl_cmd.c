/* dom0-tools/xl: the command table, argument parsing, help, and the small
 * value parsers and formatters the commands share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "test_xl.h"

static struct xlt t;

static void start(void)
{
    CU_ASSERT_FATAL(xlt_init(&t) == 0);
}

static void help_lists_every_command(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "help", NULL), 0);
    for (unsigned i = 0; i < xl_nr_cmds; i++) {
        char line[160];

        snprintf(line, sizeof(line), " %-19s %s\n", xl_cmds[i].name, xl_cmds[i].help);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.out, line));
    }
    CU_ASSERT_STRING_EQUAL(t.err, "");
    xlt_fini(&t);
}

static void help_of_one_command(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "help", "create", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "Usage: xl create [options] <ConfigFile> "
                                         "[key=value ...]\n\nCreate a domain"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nOptions:\n\n-h "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "-n             Dry run"));
    /* The same from -h and --help. */
    {
        char *want = strdup(t.out);

        CU_ASSERT_EQUAL(xlt_run(&t, "create", "-h", NULL), 0);
        CU_ASSERT_STRING_EQUAL(t.out, want);
        CU_ASSERT_EQUAL(xlt_run(&t, "create", "--help", NULL), 0);
        CU_ASSERT_STRING_EQUAL(t.out, want);
        free(want);
    }
    CU_ASSERT_EQUAL(xlt_run(&t, "help", "destroy", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "Usage: xl destroy <Domain>\n\n"
                                  "Terminate a domain immediately.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "help", "bogus", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: unknown command 'bogus' (xl help lists them)\n");
    xlt_fini(&t);
}

static void no_command_or_unknown(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "xl full list of subcommands"));
    CU_ASSERT_EQUAL(xlt_run(&t, "-h", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "xl full list of subcommands"));
    CU_ASSERT_EQUAL(xlt_run(&t, "frobnicate", NULL), 2);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: unknown command 'frobnicate' (xl help lists them)\n");
    CU_ASSERT_STRING_EQUAL(t.out, "");
    xlt_fini(&t);
}

static void usage_errors_exit_2(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: 'xl destroy' requires at least 1 argument."
                                         "\n\nUsage: xl destroy <Domain>\n"));
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "requires at least 2 arguments."));
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "a", "b", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: 'xl destroy' takes at most 1 argument."));
    CU_ASSERT_EQUAL(xlt_run(&t, "info", "x", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "takes at most 0 arguments."));
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-x", NULL), 2);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: option `x' not supported.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l-", NULL), 2);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: option `-' not supported.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "-t", NULL), 2);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: option `t' requires an argument.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "create", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: 'xl create' needs a config file."));
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "Give a domain or -a, not both."));
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-a", "x", NULL), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "Give a domain or -a, not both."));
    xlt_fini(&t);
}

static void options_and_operands(void)
{
    const struct xl_cmd *c = xl_cmd_find("create");
    char *argv[] = { "create", "-cp", "-fx.cfg", "--", "-n", NULL };
    char *argv2[] = { "console", "-t", "pv", "-n0", "d1", NULL };
    struct xl_args a;

    start();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(xl_parse_args(&t.env, c, 5, argv, &a), -1);
    CU_ASSERT_TRUE(xl_opt(&a, 'c'));
    CU_ASSERT_TRUE(xl_opt(&a, 'p'));
    CU_ASSERT_TRUE(xl_opt(&a, 'f'));
    CU_ASSERT_FALSE(xl_opt(&a, 'n'));
    CU_ASSERT_FALSE(xl_opt(&a, '-'));
    CU_ASSERT_STRING_EQUAL(xl_optval(&a, 'f'), "x.cfg");
    CU_ASSERT_PTR_NULL(xl_optval(&a, 'c'));
    CU_ASSERT_EQUAL(a.argc, 1);
    CU_ASSERT_STRING_EQUAL(a.argv[0], "-n");
    {
        char *mixed[] = { "create", "f.cfg", "-c", "memory=3", "-f", "g.cfg", "-",
                          "--", "-p", NULL };

        CU_ASSERT_EQUAL(xl_parse_args(&t.env, c, 9, mixed, &a), -1);
        CU_ASSERT_TRUE(xl_opt(&a, 'c'));
        CU_ASSERT_FALSE(xl_opt(&a, 'p'));
        CU_ASSERT_STRING_EQUAL(xl_optval(&a, 'f'), "g.cfg");
        CU_ASSERT_EQUAL_FATAL(a.argc, 4);
        CU_ASSERT_STRING_EQUAL(a.argv[0], "f.cfg");
        CU_ASSERT_STRING_EQUAL(a.argv[1], "memory=3");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "-");
        CU_ASSERT_STRING_EQUAL(a.argv[3], "-p");
    }
    CU_ASSERT_EQUAL(xl_parse_args(&t.env, xl_cmd_find("console"), 5, argv2, &a), -1);
    CU_ASSERT_STRING_EQUAL(xl_optval(&a, 't'), "pv");
    CU_ASSERT_STRING_EQUAL(xl_optval(&a, 'n'), "0");
    CU_ASSERT_EQUAL(a.argc, 1);
    CU_ASSERT_STRING_EQUAL(a.argv[0], "d1");
    xlt_fini(&t);
}

static void table_is_consistent(void)
{
    for (unsigned i = 0; i < xl_nr_cmds; i++) {
        const struct xl_cmd *c = &xl_cmds[i];

        CU_ASSERT_PTR_EQUAL(xl_cmd_find(c->name), c);
        CU_ASSERT_PTR_NOT_NULL(c->run);
        CU_ASSERT(strlen(c->help) > 10 && c->help[strlen(c->help) - 1] != '.');
        CU_ASSERT(c->max_args < 0 || c->max_args >= c->min_args);
    }
    CU_ASSERT_PTR_NULL(xl_cmd_find("nope"));
    CU_ASSERT_EQUAL(xl_nr_cmds, 22);
}

/* docs/xl.md documents each command with the help line xl prints. */
static void docs_match_help(void)
{
    char *doc = xlt_slurp(KEEL_CONFIG_TEST_DIR "/../../docs/xl.md");

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    for (unsigned i = 0; i < xl_nr_cmds; i++) {
        char head[200];

        snprintf(head, sizeof(head), "### xl %s%s%s\n", xl_cmds[i].name,
                 *xl_cmds[i].usage ? " " : "", xl_cmds[i].usage);
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, head));
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, xl_cmds[i].help));
    }
    free(doc);
}

static void domid_parsing(void)
{
    uint16_t id = 7;

    CU_ASSERT_EQUAL(xl_parse_domid("0", &id), 0);
    CU_ASSERT_EQUAL(id, 0);
    CU_ASSERT_EQUAL(xl_parse_domid("32751", &id), 0);
    CU_ASSERT_EQUAL(id, 32751);
    CU_ASSERT_EQUAL(xl_parse_domid("32752", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("99999", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("123456", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("1a", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("-1", &id), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_domid("d1", &id), -EINVAL);
    CU_ASSERT_EQUAL(id, 32751);
}

static void memory_sizes(void)
{
    uint64_t kb = 5;

    CU_ASSERT_EQUAL(xl_parse_mem_kb("256", &kb), 0);
    CU_ASSERT_EQUAL(kb, 256 * 1024);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("256m", &kb), 0);
    CU_ASSERT_EQUAL(kb, 256 * 1024);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("256M", &kb), 0);
    CU_ASSERT_EQUAL(kb, 256 * 1024);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("2g", &kb), 0);
    CU_ASSERT_EQUAL(kb, 2 * 1024 * 1024);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("1T", &kb), 0);
    CU_ASSERT_EQUAL(kb, 1ULL << 30);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("4096k", &kb), 0);
    CU_ASSERT_EQUAL(kb, 4096);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("1048576b", &kb), 0);
    CU_ASSERT_EQUAL(kb, 1024);
    kb = 5;
    CU_ASSERT_EQUAL(xl_parse_mem_kb("", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("m", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("-5", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("12x", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("12mb", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("99999999999999999999", &kb), -EINVAL);
    CU_ASSERT_EQUAL(xl_parse_mem_kb("17179869184t", &kb), -ERANGE);
    CU_ASSERT_EQUAL(kb, 5);
}

static void uptimes(void)
{
    char buf[64];

    xl_format_uptime(0, false, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, " 0:00:00");
    xl_format_uptime(3 * 3600 + 4 * 60 + 5, false, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, " 3:04:05");
    xl_format_uptime(86400 + 12 * 3600 + 5, false, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "1 day, 12:00:05");
    xl_format_uptime(3 * 86400 + 59, true, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "3 days,  0:00");
    xl_format_uptime(5 * 60 + 9, true, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, " 0:05");
}

/* Without an injected context xl opens one; when that fails it says so,
 * and commands that need none still work. */
static void context_unavailable(void)
{
    start();
    t.env.ctx = NULL;
    CU_ASSERT_EQUAL(xlt_run(&t, "list", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: cannot reach the hypervisor"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "No such file or directory"));
    CU_ASSERT_EQUAL(xlt_run(&t, "help", NULL), 0);
    t.env.ctx = t.fx.ctx;
    xlt_fini(&t);
}

UNIT_SUITE(xl_cmd,
           UNIT_TEST(help_lists_every_command), UNIT_TEST(help_of_one_command),
           UNIT_TEST(no_command_or_unknown), UNIT_TEST(usage_errors_exit_2),
           UNIT_TEST(options_and_operands), UNIT_TEST(table_is_consistent),
           UNIT_TEST(docs_match_help), UNIT_TEST(domid_parsing),
           UNIT_TEST(memory_sizes), UNIT_TEST(uptimes),
           UNIT_TEST(context_unavailable))
