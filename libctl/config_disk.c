/* Disks: xl's DISKSPEC (xl-disk-configuration(5)), positional, keyword
 * and deprecated-prefix forms, and the same parameters one by one for
 * the object forms of JSON. Only raw images on the phy backend in dom0
 * exist here, so other formats, backends and COLO are refused. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

enum {
    SEEN_TARGET = 1u << 0,
    SEEN_FORMAT = 1u << 1,
    SEEN_VDEV = 1u << 2,
    SEEN_ACCESS = 1u << 3,
    SEEN_DEVTYPE = 1u << 4,
    SEEN_SCRIPT = 1u << 5,
    SEEN_BACKENDTYPE = 1u << 6,
    SEEN_BACKEND = 1u << 7,
    SEEN_SPECIFICATION = 1u << 8,
};

void lc_disk_draft_init(struct lc_disk_draft *d)
{
    memset(d, 0, sizeof(*d));
    d->disk.discard = true;
    d->disk.trusted = true;
}

void lc_disk_draft_free(struct lc_disk_draft *d)
{
    lc_disk_free(&d->disk);
    lc_disk_draft_init(d);
}

static int save(char **field, const char *value)
{
    char *copy = NULL;

    if (*value) {
        copy = strdup(value);
        if (!copy)
            return -ENOMEM;
    }
    free(*field);
    *field = copy;
    return 0;
}

static int set_format(struct lc_disk_draft *d, const char *v,
                      struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!*v || !strcmp(v, "raw"))
        return 0;
    if (!strcmp(v, "empty")) {
        d->empty_format = true;
        return 0;
    }
    if (!strcmp(v, "qcow") || !strcmp(v, "qcow2") || !strcmp(v, "vhd") ||
        !strcmp(v, "qed"))
        return lc_why_field(why, "format", "must be raw (%s is not "
                            "supported)", v);
    return lc_why_field(why, "format", "must be raw, not '%s'",
                        lc_show(v, show, sizeof(show)));
}

static int set_vdev(struct lc_disk_draft *d, const char *v,
                    struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!*v)
        return 0;
    if (lc_vdev_to_devnum(v, &d->disk.devnum))
        return lc_why_field(why, "vdev", "must name a virtual disk like "
                            "xvda, hda or sda, not '%s'",
                            lc_show(v, show, sizeof(show)));
    return save(&d->disk.vdev, v);
}

static int set_access(struct lc_disk_draft *d, const char *v,
                      struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!*v) {
        d->seen &= ~SEEN_ACCESS;        /* the default, decided later */
        return 0;
    }
    if (!strcmp(v, "r") || !strcmp(v, "ro"))
        d->disk.readwrite = false;
    else if (!strcmp(v, "w") || !strcmp(v, "rw"))
        d->disk.readwrite = true;
    else
        return lc_why_field(why, "access", "must be r, ro, w or rw, "
                            "not '%s'", lc_show(v, show, sizeof(show)));
    return 0;
}

/* Choices that only make sense with other backends or driver domains. */
static int check_choice(const char *field, const char *v, const char *ok1,
                        const char *ok2, const char *what,
                        struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!*v || !strcmp(v, ok1) || (ok2 && !strcmp(v, ok2)))
        return 0;
    return lc_why_field(why, field, "must be %s ('%s' is not supported)",
                        what, lc_show(v, show, sizeof(show)));
}

static int set_devtype(struct lc_disk_draft *d, const char *v,
                       struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!strcmp(v, "cdrom"))
        d->disk.cdrom = true;
    else if (!strcmp(v, "disk") || !*v)
        d->disk.cdrom = false;
    else
        return lc_why_field(why, "devtype", "must be cdrom or disk, not "
                            "'%s'", lc_show(v, show, sizeof(show)));
    return 0;
}

static int set_flag(struct lc_disk_draft *d, const char *key,
                    struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!strcmp(key, "cdrom"))
        d->disk.cdrom = true;
    else if (!strcmp(key, "discard") || !strcmp(key, "no-discard"))
        d->disk.discard = key[0] == 'd';
    else if (!strcmp(key, "trusted") || !strcmp(key, "untrusted"))
        d->disk.trusted = key[0] == 't';
    else if (!strcmp(key, "colo"))
        return lc_why(why, "has colo, which is not supported");
    /* Only qdisk heeds direct-io-safe; no-colo is the default anyway. */
    else if (strcmp(key, "direct-io-safe") && strcmp(key, "no-colo"))
        return lc_why(why, "has unknown parameter '%s'",
                      lc_show(key, show, sizeof(show)));
    return 0;
}

static const struct {
    const char *key;
    unsigned bit;
} params[] = {
    { "target", SEEN_TARGET },       { "format", SEEN_FORMAT },
    { "vdev", SEEN_VDEV },           { "access", SEEN_ACCESS },
    { "devtype", SEEN_DEVTYPE },     { "script", SEEN_SCRIPT },
    { "backendtype", SEEN_BACKENDTYPE }, { "backend", SEEN_BACKEND },
    { "specification", SEEN_SPECIFICATION },
};

static int set_param(struct lc_disk_draft *d, unsigned bit, const char *v,
                     struct lc_why *why)
{
    switch (bit) {
    case SEEN_TARGET:
        return save(&d->disk.target, v);
    case SEEN_FORMAT:
        return set_format(d, v, why);
    case SEEN_VDEV:
        return set_vdev(d, v, why);
    case SEEN_ACCESS:
        return set_access(d, v, why);
    case SEEN_DEVTYPE:
        return set_devtype(d, v, why);
    case SEEN_SCRIPT:
        return save(&d->disk.script, v);
    case SEEN_BACKENDTYPE:
        return check_choice("backendtype", v, "phy", NULL, "phy", why);
    case SEEN_BACKEND:
        return check_choice("backend", v, "0", "Domain-0", "dom0", why);
    default:
        return check_choice("specification", v, "xen", NULL, "xen", why);
    }
}

int lc_disk_param(struct lc_disk_draft *d, const char *key,
                  const char *value, struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (!value)
        return set_flag(d, key, why);
    for (unsigned i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
        if (strcmp(key, params[i].key))
            continue;
        /* A target may follow an empty positional one, as in xl. */
        if ((d->seen & params[i].bit) &&
            (params[i].bit != SEEN_TARGET || d->disk.target))
            return lc_why(why, "gives %s twice", key);
        d->seen |= params[i].bit;
        return set_param(d, params[i].bit, value, why);
    }
    return lc_why(why, "has unknown parameter '%s'",
                  lc_show(key, show, sizeof(show)));
}

int lc_disk_complete(struct lc_disk_draft *d, struct lc_disk *disk,
                     struct lc_why *why)
{
    if (!d->disk.vdev)
        return lc_why(why, "has no vdev");
    if (!d->disk.target && !d->disk.cdrom)
        return lc_why(why, "has no target (only a cdrom may be empty)");
    if (d->empty_format && !d->disk.cdrom)
        return lc_why_field(why, "format", "may only be empty for a cdrom");
    if (d->disk.cdrom && (d->seen & SEEN_ACCESS) && d->disk.readwrite)
        return lc_why(why, "is a cdrom, which cannot be writable");
    if (!(d->seen & SEEN_ACCESS))
        d->disk.readwrite = !d->disk.cdrom;
    *disk = d->disk;
    memset(&d->disk, 0, sizeof(d->disk));
    lc_disk_draft_init(d);
    return 0;
}
