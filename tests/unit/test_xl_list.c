/* dom0-tools/xl list: the table in xl's columns and state letters, domains
 * named by name or id, and -l's JSON of stored configs (and the stub of a
 * domain xl did not create). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include "unit.h"
#include "test_xl.h"

#define HEADER "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
#define DOM0   "Domain-0                                     0     0     0     -b----       0.0\n"

static struct xlt t;

static void start(void)
{
    CU_ASSERT_FATAL(xlt_init(&t) == 0);
}

static void table(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "list", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, HEADER DOM0);
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "a-rather-long-domain-name", "memory = 20\n"), 2);
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "2", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, HEADER DOM0
        "d1                                           1    16     1     -b----       0.0\n"
        "a-rather-long-domain-name                    2    20     1     --p---       0.0\n");
    xlt_fini(&t);
}

static void shut_down_and_dying_states(void)
{
    struct lc_hc *hc;

    start();
    hc = lc_ctx_hc(t.fx.ctx);
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    CU_ASSERT_EQUAL(xlt_create(&t, "d3", NULL), 3);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, 1, SHUTDOWN_crash), 0);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, 2, SHUTDOWN_poweroff), 0);
    lc_fake_set_dying_polls(t.fx.hv, UINT32_MAX);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, 3), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "d1", "2", "d3", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, HEADER
        "d1                                           1    16     1     -b-sc-       0.0\n"
        "d2                                           2    16     1     -b-s--       0.0\n"
        "d3                                           3    16     1     -b---d       0.0\n");
    xlt_fini(&t);
}

static void by_name_or_id(void)
{
    char *by_name;

    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "d2", NULL), 0);
    by_name = strdup(t.out);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "2", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, by_name);
    CU_ASSERT_PTR_NULL(strstr(t.out, "d1 "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nd2 "));
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "0", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, HEADER DOM0);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "Domain-0", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, HEADER DOM0);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "d1", "nope", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nope is an invalid domain identifier\n");
    CU_ASSERT_STRING_EQUAL(t.out, "");
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "7", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: 7 is an invalid domain identifier\n");
    free(by_name);
    xlt_fini(&t);
}

static void long_form_is_the_stored_config(void)
{
    struct lc_domain_config stored, back;
    struct lc_config_error err;
    char *want;

    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", "vcpus = 2\non_crash = \"preserve\"\n"), 1);
    CU_ASSERT_EQUAL_FATAL(xl_config_load(&t.env, lc_fake_domain(t.fx.hv, 1)->handle,
                                         &stored), 0);
    CU_ASSERT_EQUAL_FATAL(lc_config_to_json(&stored, 1, &want), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "d1", NULL), 0);
    CU_ASSERT_EQUAL(strncmp(t.out, want, strlen(want)), 0);
    CU_ASSERT_STRING_EQUAL(t.out + strlen(want), want[strlen(want) - 1] == '\n' ? "" : "\n");
    CU_ASSERT_EQUAL(t.out[strlen(t.out) - 2], ']');
    /* It reads back as the same config. */
    CU_ASSERT_EQUAL_FATAL(lc_config_parse(t.out, strlen(t.out), "out", LC_CONFIG_JSON,
                                          &back, &err), 0);
    CU_ASSERT_TRUE(lc_config_equal(&stored, &back));
    CU_ASSERT_EQUAL(back.on_crash, LC_ACTION_PRESERVE);
    CU_ASSERT_EQUAL(back.vcpus, 2);
    lc_config_free(&back);
    lc_config_free(&stored);
    free(want);
    xlt_fini(&t);
}

/* dom0 has no stored config: a stub from what the hypervisor says. */
static void long_form_of_dom0(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", NULL), 0);
    CU_ASSERT_EQUAL(strncmp(t.out, "[\n    {\n        \"domid\": 0,\n", 27), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"name\": \"Domain-0\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"domid\": 1,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"name\": \"d1\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"kernel\": \""));
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "0", NULL), 0);
    CU_ASSERT_PTR_NULL(strstr(t.out, "\"kernel\""));
    CU_ASSERT_PTR_NULL(strstr(t.out, "\"uuid\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"max_vcpus\": 1,"));
    CU_ASSERT_STRING_EQUAL(t.err, "");
    xlt_fini(&t);
}

/* A stored file that no longer reads is reported and the stub shown. */
static void long_form_with_broken_store(void)
{
    char path[512];
    FILE *f;

    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL_FATAL(xl_config_path(&t.env, lc_fake_domain(t.fx.hv, 1)->handle,
                                         ".json", path, sizeof(path)), 0);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("[ { \"domid\": 1, \"config\": {", f);
    fclose(f);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"name\": \"d1\""));
    CU_ASSERT_PTR_NULL(strstr(t.out, "\"kernel\""));
    xlt_fini(&t);
}

UNIT_SUITE(xl_list,
           UNIT_TEST(table), UNIT_TEST(shut_down_and_dying_states),
           UNIT_TEST(by_name_or_id), UNIT_TEST(long_form_is_the_stored_config),
           UNIT_TEST(long_form_of_dom0), UNIT_TEST(long_form_with_broken_store))
