/* Shared by the host unit tests: each test file declares its suite with
 * UNIT_SUITE and main.c runs them all, so adding a file needs no other edit. */
#ifndef KEEL_UNIT_H
#define KEEL_UNIT_H

#include <CUnit/CUnit.h>

struct unit_suite {
    const char *name;
    CU_TestInfo *tests;
    struct unit_suite *next;
};

void unit_register(struct unit_suite *suite);

#define UNIT_TEST(fn) { #fn, fn }

#define UNIT_SUITE(id, ...)                                              \
    static CU_TestInfo id##_tests[] = { __VA_ARGS__, CU_TEST_INFO_NULL }; \
    static struct unit_suite id##_suite = { #id, id##_tests, 0 };         \
    __attribute__((constructor)) static void id##_register(void)         \
    {                                                                    \
        unit_register(&id##_suite);                                      \
    }

#endif
