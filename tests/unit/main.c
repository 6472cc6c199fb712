/* Runs every registered CUnit suite; an optional argument picks one suite. */
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>
#include "unit.h"

static struct unit_suite *suites;

void unit_register(struct unit_suite *suite)
{
    suite->next = suites;
    suites = suite;
}

static int add_suite(const struct unit_suite *s)
{
    CU_pSuite cs = CU_add_suite(s->name, NULL, NULL);

    if (!cs)
        return -1;
    for (CU_TestInfo *t = s->tests; t->pName; t++)
        if (!CU_add_test(cs, t->pName, t->pTestFunc))
            return -1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (struct unit_suite *s = suites; s; s = s->next) {
        if (only && strcmp(only, s->name))
            continue;
        if (add_suite(s)) {
            fprintf(stderr, "cannot register suite %s\n", s->name);
            return 2;
        }
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
