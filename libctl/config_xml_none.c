/* The XML reader when built without libxml2 (the arm64 dom0 build, where
 * a static libxml2 would bring ICU's data with it): XML configs are read
 * on the host instead, or converted with `xl create -n`. */
#include <errno.h>
#include <stdio.h>
#include "config_internal.h"

int lc_config_parse_xml(const char *text, size_t len, const char *name,
                        struct lc_domain_config *cfg, struct lc_config_error *err)
{
    (void)text;
    (void)len;
    (void)cfg;
    snprintf(err->msg, sizeof(err->msg),
             "%s: XML configs are not supported by this build of xl (no libxml2)",
             name);
    return -ENOTSUP;
}
