/* Network interfaces: xl's vif spec (xl-network-configuration(5)),
 * "mac=00:16:3e:01:02:03,bridge=xenbr0", and the same parameters one by
 * one for the object forms. The emulated NIC model and type mean nothing
 * to a PVH guest and are taken and ignored; VLANs and driver domains are
 * refused. */
#define _DEFAULT_SOURCE  /* strsep */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

#define US_PER_S 1000000u
#define RATE_FORM "like 10Mb/s or 100MB/s@20ms"

#define IFNAME_MAX 15           /* Linux's IFNAMSIZ less its NUL */

void lc_vif_init(struct lc_vif *vif)
{
    memset(vif, 0, sizeof(*vif));
}

static int set_mac(struct lc_vif *vif, const char *v, struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (lc_mac_parse(v, vif->mac))
        return lc_why_field(why, "mac", "must be six hex bytes like "
                            "00:16:3e:12:34:56, not '%s'",
                            lc_show(v, show, sizeof(show)));
    if (vif->mac[0] & 1)
        return lc_why_field(why, "mac", "must not be a multicast address");
    vif->mac_set = true;
    return 0;
}

/* What Linux takes as an interface name. */
static bool ifname_ok(const char *v)
{
    size_t len = strlen(v);

    return len <= IFNAME_MAX && strcmp(v, ".") && strcmp(v, "..") &&
           strcspn(v, "/: \t\n") == len;
}

static bool ip_ok(const char *v)
{
    return strspn(v, "0123456789abcdefABCDEF.:/ ") == strlen(v);
}

static int save(char **field, const char *v)
{
    char *copy = strdup(v);

    if (!copy)
        return -ENOMEM;
    *field = copy;
    return 0;
}

static int set_string(struct lc_vif *vif, const char *key, const char *v,
                      struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!strcmp(key, "bridge") || !strcmp(key, "vifname")) {
        if (!ifname_ok(v))
            return lc_why_field(why, key, "must be a network interface "
                                "name (at most %d characters, no '/', ':' "
                                "or space), not '%s'", IFNAME_MAX,
                                lc_show(v, show, sizeof(show)));
        return save(key[0] == 'b' ? &vif->bridge : &vif->vifname, v);
    }
    if (!strcmp(key, "ip")) {
        if (!ip_ok(v))
            return lc_why_field(why, key, "must be IP addresses separated "
                                "by spaces, not '%s'",
                                lc_show(v, show, sizeof(show)));
        return save(&vif->ip, v);
    }
    if (strcspn(v, "\n\t") != strlen(v))
        return lc_why_field(why, key, "must not hold control characters");
    return save(&vif->script, v);
}

/* A decimal number without sign or spaces, at the start of *s; moves
 * *s past it. -EINVAL for none, -ERANGE past max. */
static int leading_number(const char **s, uint64_t max, uint64_t *out)
{
    uint64_t n = 0;
    const char *p = *s;

    if (*p < '0' || *p > '9')
        return -EINVAL;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');

        if (n > (max - d) / 10)
            return -ERANGE;
        n = n * 10 + d;
    }
    *s = p;
    *out = n;
    return 0;
}

/* xl's RATE: NUM, an optional decimal multiple k, m or g (either case),
 * b for bits or B for bytes, then "/s". Bytes per second in *bps. */
static int rate_per_second(const char *s, uint64_t *bps)
{
    uint64_t n, mult = 1;
    int ret = leading_number(&s, UINT64_MAX, &n);

    if (ret)
        return ret;
    if (*s && strchr("kK", *s))
        mult = 1000;
    else if (*s && strchr("mM", *s))
        mult = 1000 * 1000;
    else if (*s && strchr("gG", *s))
        mult = 1000 * 1000 * 1000;
    if (mult > 1)
        s++;
    if ((*s != 'b' && *s != 'B') || strcmp(s + 1, "/s"))
        return -EINVAL;
    if (n > UINT64_MAX / mult)
        return -ERANGE;
    *bps = *s == 'b' ? n * mult / 8 : n * mult;
    return 0;
}

/* xl's INTERVAL: NUM with s, ms or us, seconds without a unit. */
static int interval_usecs(const char *s, uint32_t *us)
{
    uint64_t n, scale;
    int ret = leading_number(&s, UINT32_MAX, &n);

    if (ret)
        return ret;
    if (!strcmp(s, "us"))
        scale = 1;
    else if (!strcmp(s, "ms"))
        scale = 1000;
    else if (!*s || !strcmp(s, "s"))
        scale = US_PER_S;
    else
        return -EINVAL;
    if (n * scale > UINT32_MAX)
        return -ERANGE;
    *us = (uint32_t)(n * scale);
    return 0;
}

static int rate_why(struct lc_why *why, int err, const char *v)
{
    char show[LC_SHOW_MAX];

    lc_show(v, show, sizeof(show));
    if (err == -ERANGE)
        return lc_why_field(why, "rate", "is too large: '%s'", show);
    return lc_why_field(why, "rate", "must be " RATE_FORM ", not '%s'", show);
}

/* RATE[@INTERVAL] as netback takes it: bytes per interval. */
static int set_rate(struct lc_vif *vif, const char *v, struct lc_why *why)
{
    char rate[64];
    const char *at = strchr(v, '@');
    size_t len = at ? (size_t)(at - v) : strlen(v);
    uint32_t us = LC_VIF_RATE_INTERVAL_US;
    uint64_t bps = 0, per;
    int ret;

    if (len >= sizeof(rate))
        return rate_why(why, -EINVAL, v);
    memcpy(rate, v, len);
    rate[len] = '\0';
    ret = rate_per_second(rate, &bps);
    if (!ret && at)
        ret = interval_usecs(at + 1, &us);
    if (!ret && us && bps > UINT64_MAX / us)
        ret = -ERANGE;
    if (ret)
        return rate_why(why, ret, v);
    per = bps * us / US_PER_S;
    /* Netback would never let the guest send on a credit of 0; no limit
     * is rate left out. */
    if (per == 0)
        return lc_why_field(why, "rate", "must allow at least a byte per "
                            "interval, not '%s'", lc_show(v, rate,
                                                          sizeof(rate)));
    vif->rate_bytes_per_interval = per;
    vif->rate_interval_usecs = us;
    return 0;
}

static int set_mtu(struct lc_vif *vif, const char *v, struct lc_why *why)
{
    char show[LC_SHOW_MAX];
    const char *p = v;
    uint64_t n = 0;

    if (leading_number(&p, UINT64_MAX, &n) || *p || n < LC_VIF_MTU_MIN ||
        n > LC_VIF_MTU_MAX)
        return lc_why_field(why, "mtu", "must be a number from %d to %d, "
                            "not '%s'", LC_VIF_MTU_MIN, LC_VIF_MTU_MAX,
                            lc_show(v, show, sizeof(show)));
    vif->mtu = (unsigned)n;
    return 0;
}

/* The parameters that are numbers in the model; set: given already. */
static bool number_param(const struct lc_vif *vif, const char *key, bool *set)
{
    if (!strcmp(key, "rate"))
        *set = vif->rate_interval_usecs != 0;
    else if (!strcmp(key, "mtu"))
        *set = vif->mtu != 0;
    else
        return false;
    return true;
}

static char **string_field(struct lc_vif *vif, const char *key)
{
    if (!strcmp(key, "bridge"))
        return &vif->bridge;
    if (!strcmp(key, "vifname"))
        return &vif->vifname;
    if (!strcmp(key, "ip"))
        return &vif->ip;
    if (!strcmp(key, "script"))
        return &vif->script;
    return NULL;
}

int lc_vif_param(struct lc_vif *vif, const char *key, const char *value,
                 struct lc_why *why)
{
    char show[LC_SHOW_MAX];
    bool is_mac = !strcmp(key, "mac");
    bool ignored = !strcmp(key, "model") || !strcmp(key, "type");
    char **field = string_field(vif, key);
    bool set = false, is_number = number_param(vif, key, &set);

    if (!field && !is_mac && !ignored && !is_number)
        return lc_why(why, "has unknown parameter '%s'",
                      lc_show(key, show, sizeof(show)));
    if (!value)
        return lc_why(why, "has '%s' without a value",
                      lc_show(key, show, sizeof(show)));
    if ((field && *field) || (is_mac && vif->mac_set) || set)
        return lc_why(why, "gives %s twice", key);
    if (!*value || ignored)
        return 0;       /* empty: the default */
    if (is_number)
        return key[0] == 'r' ? set_rate(vif, value, why)
                             : set_mtu(vif, value, why);
    return is_mac ? set_mac(vif, value, why)
                  : set_string(vif, key, value, why);
}

static char *trim(char *s)
{
    size_t len;

    s += strspn(s, " \t\n");
    len = strlen(s);
    while (len && strchr(" \t\n", s[len - 1]))
        s[--len] = '\0';
    return s;
}

int lc_vif_parse_spec(struct lc_vif *vif, const char *spec,
                      struct lc_why *why)
{
    char *copy = strdup(spec);
    char *rest = copy, *tok;
    int ret = 0;

    if (!copy)
        return -ENOMEM;
    while (!ret && (tok = strsep(&rest, ",")) != NULL) {
        char *eq;

        tok = trim(tok);
        if (!*tok)
            continue;
        eq = strchr(tok, '=');
        if (eq)
            *eq = '\0';
        ret = lc_vif_param(vif, trim(tok), eq ? trim(eq + 1) : NULL, why);
    }
    free(copy);
    return ret;
}
