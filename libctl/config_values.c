/* The scalar keys: one setter each, shared by the three readers so that
 * a value means the same and is refused with the same words whichever
 * format it came in. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* Sign, spaces and suffixes are all refused: strtoull would let them by. */
int lc_parse_u64(const char *s, bool c_numbers, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (c_numbers && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (c_numbers && s[0] == '0' && s[1]) {
        base = 8;
        s++;
    }
    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        unsigned d = (unsigned)digit_value(*s);

        if (d >= base)
            return -EINVAL;
        if (v > (UINT64_MAX - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

int lc_set_name(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why)
{
    size_t len = strlen(s);
    char show[LC_SHOW_MAX];

    if (len == 0)
        return lc_why(why, "must not be empty");
    if (len > LC_CFG_NAME_MAX)
        return lc_why(why, "must be at most %d characters long",
                      LC_CFG_NAME_MAX);
    if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                  "0123456789_.-") != len)
        return lc_why(why, "'%s' may only hold A-Z a-z 0-9 _ . -",
                      lc_show(s, show, sizeof(show)));
    memcpy(cfg->name, s, len + 1);
    return 0;
}

int lc_set_uuid(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (lc_uuid_parse(s, cfg->uuid))
        return lc_why(why, "must be a UUID like "
                      "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5, not '%s'",
                      lc_show(s, show, sizeof(show)));
    cfg->uuid_set = true;
    return 0;
}

int lc_check_type(const char *s, struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!strcmp(s, "pvh"))
        return 0;
    if (!strcmp(s, "pv") || !strcmp(s, "hvm"))
        return lc_why(why, "%s is not supported on arm64 (only pvh)", s);
    return lc_why(why, "must be pvh, not '%s'",
                  lc_show(s, show, sizeof(show)));
}

int lc_check_mb(uint64_t mb, struct lc_why *why)
{
    if (mb == 0)
        return lc_why(why, "must be a positive integer");
    if (mb > LC_CFG_MEMORY_MAX_MB)
        return lc_why(why, "must be at most %u MiB", LC_CFG_MEMORY_MAX_MB);
    return 0;
}

int lc_set_mb(uint32_t *mb, const char *s, bool c_numbers, struct lc_why *why)
{
    uint64_t v;
    int ret = lc_parse_u64(s, c_numbers, &v);

    if (ret == -ERANGE)
        return lc_check_mb(UINT64_MAX, why);
    if (ret)
        return lc_why(why, "must be a positive integer");
    ret = lc_check_mb(v, why);
    if (ret)
        return ret;
    *mb = (uint32_t)v;
    return 0;
}

int lc_check_vcpus(uint64_t n, struct lc_why *why)
{
    if (n == 0)
        return lc_why(why, "must be a positive integer");
    if (n > LC_CFG_VCPUS_MAX)
        return lc_why(why, "must be at most %d", LC_CFG_VCPUS_MAX);
    return 0;
}

int lc_set_vcpus(unsigned *n, const char *s, bool c_numbers,
                 struct lc_why *why)
{
    uint64_t v;
    int ret = lc_parse_u64(s, c_numbers, &v);

    if (ret == -ERANGE)
        return lc_check_vcpus(UINT64_MAX, why);
    if (ret)
        return lc_why(why, "must be a positive integer");
    ret = lc_check_vcpus(v, why);
    if (ret)
        return ret;
    *n = (unsigned)v;
    return 0;
}

int lc_set_cpus(struct lc_domain_config *cfg, const char *s,
                struct lc_why *why)
{
    uint8_t map[sizeof(cfg->cpus)];
    int ret = lc_cpulist_parse_why(s, map, why);

    if (ret < 0)
        return ret;
    cfg->cpus_set = ret == 0;
    memcpy(cfg->cpus, map, sizeof(map));
    return 0;
}

int lc_set_string(char **field, const char *s, struct lc_why *why)
{
    char *copy;

    if (!*s)
        return lc_why(why, "must not be empty");
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return lc_why(why, "must not hold control characters");
    copy = strdup(s);
    if (!copy)
        return -ENOMEM;
    free(*field);
    *field = copy;
    return 0;
}

static const char *const action_names[] = {
    [LC_ACTION_DESTROY] = "destroy",
    [LC_ACTION_RESTART] = "restart",
    [LC_ACTION_RENAME_RESTART] = "rename-restart",
    [LC_ACTION_PRESERVE] = "preserve",
};

const char *lc_action_name(enum lc_action action)
{
    if ((unsigned)action >= sizeof(action_names) / sizeof(action_names[0]))
        return "?";
    return action_names[action];
}

int lc_set_action(enum lc_action *action, const char *s, struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    for (unsigned i = 0; i < sizeof(action_names) / sizeof(*action_names);
         i++) {
        if (!strcmp(s, action_names[i])) {
            *action = (enum lc_action)i;
            return 0;
        }
    }
    if (!strcmp(s, "coredump-destroy") || !strcmp(s, "coredump-restart") ||
        !strcmp(s, "soft-reset"))
        return lc_why(why, "%s is not supported (destroy, restart, "
                      "preserve or rename-restart)", s);
    return lc_why(why, "must be destroy, restart, preserve or "
                  "rename-restart, not '%s'", lc_show(s, show, sizeof(show)));
}

static int hex_byte(const char *s)
{
    int hi = digit_value(s[0]), lo = digit_value(s[1]);

    if (hi > 15 || lo > 15)
        return -1;
    return hi << 4 | lo;
}

int lc_uuid_parse(const char *s, uint8_t uuid[16])
{
    uint8_t out[16];
    unsigned n = 0;

    if (strlen(s) != LC_CFG_UUID_STR_LEN)
        return -EINVAL;
    for (unsigned i = 0; i < LC_CFG_UUID_STR_LEN;) {
        int b;

        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i++] != '-')
                return -EINVAL;
            continue;
        }
        b = hex_byte(s + i);
        if (b < 0)
            return -EINVAL;
        out[n++] = (uint8_t)b;
        i += 2;
    }
    memcpy(uuid, out, sizeof(out));
    return 0;
}

void lc_uuid_format(const uint8_t uuid[16], char out[LC_CFG_UUID_STR_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    char *p = out;

    for (unsigned i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[uuid[i] >> 4];
        *p++ = hex[uuid[i] & 0xf];
    }
    *p = '\0';
}

int lc_mac_parse(const char *s, uint8_t mac[6])
{
    uint8_t out[6];

    if (strlen(s) != LC_CFG_MAC_STR_LEN)
        return -EINVAL;
    for (unsigned i = 0; i < 6; i++) {
        int b = hex_byte(s + 3 * i);

        if (b < 0 || (i < 5 && s[3 * i + 2] != ':'))
            return -EINVAL;
        out[i] = (uint8_t)b;
    }
    memcpy(mac, out, sizeof(out));
    return 0;
}

void lc_mac_format(const uint8_t mac[6], char out[LC_CFG_MAC_STR_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";

    for (unsigned i = 0; i < 6; i++) {
        out[3 * i] = hex[mac[i] >> 4];
        out[3 * i + 1] = hex[mac[i] & 0xf];
        out[3 * i + 2] = i < 5 ? ':' : '\0';
    }
}
