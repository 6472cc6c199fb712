/* The hypervisor's command line: space-separated key=value options. */
#ifndef KEEL_CMDLINE_H
#define KEEL_CMDLINE_H

#include <keel/types.h>

/* Copies the value of `key` (the text after "key=", up to a space) into
 * val. -ENOENT if absent, -ENOSPC if it does not fit. A bare "key" has
 * the value "". The last occurrence wins, as people expect when they
 * append an option to override one. */
int cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

/* Parses "512M", "64k", "1G", "4096": -EINVAL on anything else or overflow. */
int parse_size(const char *s, uint64_t *out);

/* Parses a plain unsigned decimal or 0x-hex number. */
int parse_uint(const char *s, uint64_t *out);

#endif
