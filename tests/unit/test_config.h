/* What the domain configuration tests share: parsing a string in a given
 * format, and checking the exact one-line message of a refusal. Messages
 * name the text "t". */
#ifndef KEEL_TEST_CONFIG_H
#define KEEL_TEST_CONFIG_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "libctl.h"
#include "unit.h"

#ifndef KEEL_CONFIG_TEST_DIR
#define KEEL_CONFIG_TEST_DIR "tests/configs"
#endif

static inline int parse_as(enum lc_config_format fmt, const char *text,
                           struct lc_domain_config *cfg,
                           struct lc_config_error *err)
{
    return lc_config_parse(text, strlen(text), "t", fmt, cfg, err);
}

static inline bool config_is_empty(const struct lc_domain_config *cfg)
{
    struct lc_domain_config empty;

    lc_config_init(&empty);
    return !memcmp(cfg, &empty, sizeof(empty));
}

/* Asserts at the caller's line that text is refused with -EINVAL and
 * exactly msg, and that nothing is left allocated in the config. */
static inline void expect_error_at(enum lc_config_format fmt,
                                   const char *text, const char *msg,
                                   unsigned line, const char *file)
{
    struct lc_domain_config cfg;
    struct lc_config_error err = { "" };
    char what[2 * LC_CFG_ERR_MAX + 64];
    int ret = parse_as(fmt, text, &cfg, &err);
    bool ok = ret == -EINVAL && !strcmp(err.msg, msg) &&
              config_is_empty(&cfg);

    snprintf(what, sizeof(what), "got %d \"%s\", want \"%s\"", ret, err.msg,
             msg);
    CU_assertImplementation(ok, line, what, file, "", CU_FALSE);
    if (ret == 0)
        lc_config_free(&cfg);
}

#define EXPECT_ERROR(fmt, text, msg) \
    expect_error_at(fmt, text, msg, __LINE__, __FILE__)

/* Parses text that must be accepted; on failure shows the message. */
static inline int parse_ok_at(enum lc_config_format fmt, const char *text,
                              struct lc_domain_config *cfg, unsigned line,
                              const char *file)
{
    struct lc_config_error err = { "" };
    int ret = parse_as(fmt, text, cfg, &err);

    CU_assertImplementation(ret == 0, line, err.msg, file, "", CU_FALSE);
    return ret;
}

/* CU_FAIL with a message made at run time. */
#define FAIL_WITH(msg) \
    CU_assertImplementation(CU_FALSE, __LINE__, msg, __FILE__, "", CU_FALSE)

#define PARSE_OK(fmt, text, cfg) parse_ok_at(fmt, text, cfg, __LINE__, __FILE__)

#endif
