/* xl's DISKSPEC string, split the way xl's own scanner splits it:
 * keyword=value and flag parameters anywhere, "target=" eating the rest,
 * deprecated "phy:"-style prefixes, and bare words filling the positional
 * slots target, format, vdev, access in turn. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

enum slot { SLOT_TARGET, SLOT_FORMAT, SLOT_VDEV, SLOT_ACCESS, SLOT_FULL };

struct spec_state {
    struct lc_disk_draft *d;
    enum slot next;             /* the next positional slot to fill */
    char tok[4096];
};

static const char *const flags[] = {
    "cdrom", "direct-io-safe", "discard", "no-discard", "trusted",
    "untrusted", "colo", "no-colo",
};

static bool is_flag(const char *tok)
{
    for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (!strcmp(tok, flags[i]))
            return true;
    return false;
}

static bool in_list(const char *s, const char *const *list, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

static const char *const ignored_prefixes[] = {
    "tapdisk", "tap", "tap2", "aio", "ioemu", "file", "phy",
};
static const char *const format_prefixes[] = { "raw", "qcow", "qcow2", "vhd" };
static const char *const script_prefixes[] = { "iscsi", "nbd", "enbd", "drbd" };

#define IN(name, list) in_list(name, list, sizeof(list) / sizeof(list[0]))

/* What a deprecated prefix means: nothing ("phy:"), a format ("raw:"), or
 * a block script ("iscsi:" is block-iscsi). */
static int apply_prefix(struct spec_state *st, const char *name,
                        struct lc_why *why)
{
    char script[32];

    st->d->had_prefix = true;
    if (IN(name, ignored_prefixes))
        return 0;
    if (IN(name, format_prefixes))
        return lc_disk_param(st->d, "format", name, why);
    snprintf(script, sizeof(script), "block-%s", name);
    return lc_disk_param(st->d, "script", script, why);
}

/* A known prefix, as in "phy:/dev/vg/lv" or "tap:aio:/img". Another word
 * before a colon is a mistaken prefix unless a letter or digit follows,
 * which makes it a vdev with a type ("hdc:cdrom"). Returns the prefix
 * length with its colon, 0 if tok has none, or -EINVAL. */
static int strip_prefix(struct spec_state *st, const char *tok,
                        struct lc_why *why)
{
    size_t len = strspn(tok, "abcdefghijklmnopqrstuvwxyz0123456789");
    char name[16], after;
    int ret;

    if (len == 0 || tok[0] < 'a' || tok[0] > 'z' || tok[len] != ':' ||
        len >= sizeof(name))
        return 0;
    memcpy(name, tok, len);
    name[len] = '\0';
    if (!IN(name, ignored_prefixes) && !IN(name, format_prefixes) &&
        !IN(name, script_prefixes)) {
        after = tok[len + 1];
        if ((after >= 'a' && after <= 'z') || (after >= '0' && after <= '9'))
            return 0;
        return lc_why(why, "has unknown prefix '%s:'", name);
    }
    ret = apply_prefix(st, name, why);
    return ret ? ret : (int)len + 1;
}

/* "hdc:cdrom", xend's way of naming a cdrom. */
static int vdev_with_type(struct spec_state *st, const char *tok,
                          struct lc_why *why)
{
    const char *colon = strrchr(tok, ':');
    char show[LC_SHOW_MAX];
    size_t len;
    int ret;

    if (!colon)
        return 0;
    if (strcmp(colon + 1, "cdrom"))
        return lc_why_field(why, "vdev", "must be followed by :cdrom or "
                            "nothing, not ':%s'",
                            lc_show(colon + 1, show, sizeof(show)));
    len = (size_t)(colon - tok);
    memmove(st->tok, tok, len);
    st->tok[len] = '\0';
    ret = lc_disk_param(st->d, "vdev", st->tok, why);
    if (ret)
        return ret;
    st->d->disk.cdrom = true;
    return 1;
}

static int positional(struct spec_state *st, const char *tok,
                      struct lc_why *why)
{
    int ret;

    if (st->next == SLOT_FORMAT && st->d->had_prefix)
        st->next = SLOT_VDEV;
    switch (st->next) {
    case SLOT_TARGET:
        st->next = SLOT_FORMAT;
        return lc_disk_param(st->d, "target", tok, why);
    case SLOT_FORMAT:
        st->next = SLOT_VDEV;
        /* ",hdc:cdrom,r": an empty cdrom with no format given */
        if (!st->d->disk.target && strchr(tok, ':')) {
            st->next = SLOT_ACCESS;
            ret = vdev_with_type(st, tok, why);
            return ret < 0 ? ret : 0;
        }
        return lc_disk_param(st->d, "format", tok, why);
    case SLOT_VDEV:
        st->next = SLOT_ACCESS;
        ret = vdev_with_type(st, tok, why);
        if (ret)
            return ret < 0 ? ret : 0;
        return lc_disk_param(st->d, "vdev", tok, why);
    case SLOT_ACCESS:
        st->next = SLOT_FULL;
        return lc_disk_param(st->d, "access", tok, why);
    default:
        return lc_why(why, "has too many positional parameters");
    }
}

/* One comma-separated parameter, already cut out into st->tok. */
static int parameter(struct spec_state *st, struct lc_why *why)
{
    char *tok = st->tok;
    char *eq = strchr(tok, '=');
    int skip;

    if (eq) {
        *eq = '\0';
        return lc_disk_param(st->d, tok, eq + 1, why);
    }
    if (is_flag(tok))
        return lc_disk_param(st->d, tok, NULL, why);
    skip = strip_prefix(st, tok, why);
    if (skip < 0)
        return skip;
    while (skip > 0) {  /* "tap:aio:/img" has two */
        memmove(tok, tok + skip, strlen(tok + skip) + 1);
        skip = strip_prefix(st, tok, why);
        if (skip < 0)
            return skip;
    }
    return positional(st, tok, why);
}

int lc_disk_parse_spec(struct lc_disk_draft *d, const char *spec,
                       struct lc_why *why)
{
    struct spec_state *st = calloc(1, sizeof(*st));
    int ret = 0;

    if (!st)
        return -ENOMEM;
    st->d = d;
    while (!ret) {
        size_t len;

        spec += strspn(spec, " \t\n");
        if (!*spec)
            break;
        if (!strncmp(spec, "target=", 7)) {
            /* Takes the rest, commas and all (less one final comma). */
            len = strlen(spec + 7);
            if (len >= sizeof(st->tok))
                ret = lc_why_field(why, "target", "is too long");
            else {
                memcpy(st->tok, spec + 7, len + 1);
                if (len && st->tok[len - 1] == ',')
                    st->tok[len - 1] = '\0';
                ret = lc_disk_param(d, "target", st->tok, why);
            }
            break;
        }
        len = strcspn(spec, ",");
        if (len >= sizeof(st->tok)) {
            ret = lc_why(why, "has a parameter that is too long");
            break;
        }
        memcpy(st->tok, spec, len);
        st->tok[len] = '\0';
        spec += len + (spec[len] == ',');
        ret = parameter(st, why);
    }
    free(st);
    return ret;
}
