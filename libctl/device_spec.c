/* Devices from the command line: xl block-attach and network-attach take
 * a disk or vif spec as several words, which become one spec string for
 * the readers' own parsers (config_disk_spec.c, config_vif.c), so that a
 * spec means the same on the command line as in xl.cfg. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

#define TARGET_KEY "target="

static bool is_target(const char *word)
{
    return !strncmp(word, TARGET_KEY, strlen(TARGET_KEY));
}

/* The words joined by commas; with last_target, a target= word goes to
 * the end, since in a joined spec it would take every word after it. */
static char *join_words(char *const *words, unsigned n, bool last_target)
{
    size_t len = 1;
    char *spec, *p;

    for (unsigned i = 0; i < n; i++)
        len += strlen(words[i]) + 1;
    spec = p = malloc(len);
    if (!spec)
        return NULL;
    *p = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < n; i++) {
            bool late = last_target && is_target(words[i]);

            if (late != (pass == 1))
                continue;
            if (p != spec)
                *p++ = ',';
            p = stpcpy(p, words[i]);
        }
    return spec;
}

static unsigned count_targets(char *const *words, unsigned n)
{
    unsigned count = 0;

    for (unsigned i = 0; i < n; i++)
        count += is_target(words[i]);
    return count;
}

static int report(struct lc_config_error *err, int rc, const char *what,
                  const char *spec, const struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    if (rc == -ENOMEM)
        return lc_err(err, rc, "%s: out of memory", what);
    return lc_err(err, rc, "%s '%s': %s%s%s", what, lc_show(spec, show, sizeof(show)),
                  why->field, *why->field ? " " : "", why->s);
}

static int parse_disk(const char *spec, unsigned targets, struct lc_disk *disk,
                      struct lc_why *why)
{
    struct lc_disk_draft d;
    int rc;

    /* Joined, a second target= would only become part of the first. */
    if (targets > 1)
        return lc_why(why, "gives target twice");
    lc_disk_draft_init(&d);
    rc = lc_disk_parse_spec(&d, spec, why);
    if (!rc)
        rc = lc_disk_complete(&d, disk, why);
    lc_disk_draft_free(&d);
    return rc;
}

int lc_disk_from_words(char *const *words, unsigned n, struct lc_disk *disk,
                       struct lc_config_error *err)
{
    struct lc_why why = { 0 };
    char *spec = join_words(words, n, true);
    int rc;

    memset(disk, 0, sizeof(*disk));
    if (!spec)
        return lc_err(err, -ENOMEM, "disk spec: out of memory");
    rc = parse_disk(spec, count_targets(words, n), disk, &why);
    if (rc)
        report(err, rc, "disk spec", spec, &why);
    free(spec);
    return rc;
}

int lc_vif_from_words(char *const *words, unsigned n, struct lc_vif *vif,
                      struct lc_config_error *err)
{
    struct lc_why why = { 0 };
    char *spec = join_words(words, n, false);
    int rc;

    lc_vif_init(vif);
    if (!spec)
        return lc_err(err, -ENOMEM, "vif spec: out of memory");
    rc = lc_vif_parse_spec(vif, spec, &why);
    if (!rc && !vif->bridge && !(vif->bridge = strdup(LC_CFG_DEFAULT_BRIDGE)))
        rc = -ENOMEM;
    if (rc) {
        report(err, rc, "vif spec", spec, &why);
        lc_vif_free(vif);
    }
    free(spec);
    return rc;
}
