/* xl's CPULIST ("0-3,5,^1", "all,^7") as a bitmap of host CPUs, and back.
 * NUMA node entries are refused: Keel has one node. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "config_internal.h"

#define MAP_BYTES (LC_CFG_PCPUS_MAX / 8)

static void set_range(uint8_t *map, unsigned lo, unsigned hi, bool on)
{
    for (unsigned c = lo; c <= hi; c++) {
        if (on)
            map[c / 8] |= (uint8_t)(1u << (c % 8));
        else
            map[c / 8] &= (uint8_t)~(1u << (c % 8));
    }
}

static int parse_cpu(const char *s, size_t len, unsigned *cpu,
                     struct lc_why *why)
{
    char buf[16], show[LC_SHOW_MAX];
    uint64_t v;

    if (len == 0 || len >= sizeof(buf))
        return lc_why(why, "must list CPUs like \"0-3,5,^1\"");
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (lc_parse_u64(buf, false, &v))
        return lc_why(why, "must list CPUs like \"0-3,5,^1\", not '%s'",
                      lc_show(buf, show, sizeof(show)));
    if (v >= LC_CFG_PCPUS_MAX)
        return lc_why(why, "names CPU %s, but only CPUs 0-%d can be pinned",
                      buf, LC_CFG_PCPUS_MAX - 1);
    *cpu = (unsigned)v;
    return 0;
}

/* One comma-separated entry: "all", "N", "N-M", each maybe after '^'. */
static int parse_entry(const char *s, size_t len, uint8_t *map,
                       bool *only_all, struct lc_why *why)
{
    bool on = true;
    const char *dash;
    unsigned lo, hi;
    int ret;

    if (len > 0 && s[0] == '^') {
        on = false;
        s++;
        len--;
    }
    if (len == 3 && !memcmp(s, "all", 3)) {
        *only_all = *only_all && on;
        set_range(map, 0, LC_CFG_PCPUS_MAX - 1, on);
        return 0;
    }
    *only_all = false;
    if ((len >= 5 && !memcmp(s, "node:", 5)) ||
        (len >= 6 && !memcmp(s, "nodes:", 6)))
        return lc_why(why, "names NUMA nodes, which are not supported");
    dash = memchr(s, '-', len);
    ret = parse_cpu(s, dash ? (size_t)(dash - s) : len, &lo, why);
    if (ret)
        return ret;
    hi = lo;
    if (dash) {
        ret = parse_cpu(dash + 1, len - (size_t)(dash - s) - 1, &hi, why);
        if (ret)
            return ret;
    }
    if (hi < lo)
        return lc_why(why, "has the range %u-%u, which runs backwards",
                      lo, hi);
    set_range(map, lo, hi, on);
    return 0;
}

static bool map_empty(const uint8_t *map)
{
    for (unsigned i = 0; i < MAP_BYTES; i++)
        if (map[i])
            return false;
    return true;
}

/* 0: map holds the CPUs; 1: "all", no pinning; -EINVAL with *why. */
int lc_cpulist_parse_why(const char *s, uint8_t *map, struct lc_why *why)
{
    bool only_all = true;
    uint8_t out[MAP_BYTES] = { 0 };

    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        int ret = parse_entry(s, len, out, &only_all, why);

        if (ret)
            return ret;
        if (!comma)
            break;
        s = comma + 1;
    }
    if (map_empty(out))
        return lc_why(why, "selects no CPU");
    memcpy(map, out, sizeof(out));
    return only_all ? 1 : 0;
}

int lc_cpulist_parse(const char *s, uint8_t map[LC_CFG_PCPUS_MAX / 8])
{
    struct lc_why why;

    return lc_cpulist_parse_why(s, map, &why);
}

static bool has_cpu(const uint8_t *map, unsigned c)
{
    return c < LC_CFG_PCPUS_MAX && (map[c / 8] >> (c % 8)) & 1;
}

int lc_cpulist_format(const uint8_t map[LC_CFG_PCPUS_MAX / 8], char *buf,
                      size_t size)
{
    size_t n = 0;

    if (size == 0)
        return -ENOSPC;
    buf[0] = '\0';
    for (unsigned c = 0; c < LC_CFG_PCPUS_MAX; c++) {
        unsigned end = c;
        int w;

        if (!has_cpu(map, c))
            continue;
        while (has_cpu(map, end + 1))
            end++;
        w = end == c ? snprintf(buf + n, size - n, "%s%u", n ? "," : "", c)
                     : snprintf(buf + n, size - n, "%s%u-%u", n ? "," : "",
                                c, end);
        if (w < 0 || (size_t)w >= size - n)
            return -ENOSPC;
        n += (size_t)w;
        c = end;
    }
    return 0;
}
