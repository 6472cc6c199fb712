/* Network interfaces: xl's vif spec (xl-network-configuration(5)),
 * "mac=00:16:3e:01:02:03,bridge=xenbr0", and the same parameters one by
 * one for the object forms. The emulated NIC model and type mean nothing
 * to a PVH guest and are taken and ignored; rate limits, VLANs, MTU and
 * driver domains are refused. */
#define _DEFAULT_SOURCE  /* strsep */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

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

    if (!field && !is_mac && !ignored)
        return lc_why(why, "has unknown parameter '%s'",
                      lc_show(key, show, sizeof(show)));
    if (!value)
        return lc_why(why, "has '%s' without a value",
                      lc_show(key, show, sizeof(show)));
    if ((field && *field) || (is_mac && vif->mac_set))
        return lc_why(why, "gives %s twice", key);
    if (!*value || ignored)
        return 0;       /* empty: the default */
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
