/* The domain's own values in XML: <name>, <uuid>, <memory> and
 * <currentMemory> with libvirt's units, <vcpu> with its attributes, the
 * actions, and <os>. Each is checked by the same setters as xl.cfg's
 * keys, and its refusal names the element (and attribute). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_xml.h"

const char *const xml_no_attrs[] = { NULL };

/* Runs a setter on the element's text; messages name the element. attrs
 * lists the attributes it may have (checked only). */
static int text_value(struct xml_ctx *x, xmlNode *node,
                      const char *const *attrs, void *field,
                      int (*set)(struct xml_ctx *, void *, const char *,
                                 struct lc_why *))
{
    struct lc_why why;
    char key[48], *text;
    int ret = xml_attrs(x, node, attrs);

    if (!ret)
        ret = xml_text(x, node, &text);
    if (ret)
        return ret;
    ret = set(x, field, text, &why);
    free(text);
    snprintf(key, sizeof(key), "<%s>", node->name);
    return ret ? xml_report(x, ret, node, key, &why) : 0;
}

static int put_name(struct xml_ctx *x, void *f, const char *s,
                    struct lc_why *why)
{
    (void)f;
    return lc_set_name(x->cfg, s, why);
}

static int put_uuid(struct xml_ctx *x, void *f, const char *s,
                    struct lc_why *why)
{
    (void)f;
    return lc_set_uuid(x->cfg, s, why);
}

static int put_action(struct xml_ctx *x, void *f, const char *s,
                      struct lc_why *why)
{
    (void)x;
    return lc_set_action(f, s, why);
}

static int put_string(struct xml_ctx *x, void *f, const char *s,
                      struct lc_why *why)
{
    (void)x;
    return lc_set_string(f, s, why);
}

/* libvirt's units for memory; the value must come to whole MiB. */
static int scale_memory(const char *unit, uint64_t v, uint64_t *mb,
                        struct lc_why *why)
{
    static const struct { const char *name; uint64_t bytes; } units[] = {
        { "b", 1 }, { "bytes", 1 }, { "KB", 1000 }, { "k", 1024 },
        { "KiB", 1024 }, { "MB", 1000000 }, { "M", 1u << 20 },
        { "MiB", 1u << 20 }, { "GB", 1000000000 }, { "G", 1u << 30 },
        { "GiB", 1u << 30 }, { "TB", 1000000000000ull },
        { "T", 1ull << 40 }, { "TiB", 1ull << 40 },
    };
    char show[LC_SHOW_MAX];

    for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(unit, units[i].name))
            continue;
        if (v > UINT64_MAX / units[i].bytes)
            return lc_check_mb(UINT64_MAX, why);
        if ((v * units[i].bytes) % (1u << 20))
            return lc_why(why, "must be a whole number of MiB");
        *mb = v * units[i].bytes >> 20;
        return lc_check_mb(*mb, why);
    }
    return lc_why_field(why, "unit", "must be b, KB, k, KiB, MB, M, MiB, "
                        "GB, G, GiB, TB, T or TiB, not '%s'",
                        lc_show(unit, show, sizeof(show)));
}

int xml_memory(struct xml_ctx *x, xmlNode *node, uint32_t *field)
{
    static const char *const attrs[] = { "unit", NULL };
    struct lc_why why;
    char key[48], *text = NULL, *unit = NULL;
    uint64_t v, mb = 0;
    int ret = xml_attrs(x, node, attrs);

    if (!ret)
        ret = xml_attr(node, "unit", &unit);
    if (!ret)
        ret = xml_text(x, node, &text);
    if (!ret) {
        ret = lc_parse_u64(text, false, &v) ? lc_why(&why, "must be a "
                                                     "positive integer")
                                            : scale_memory(unit ? unit : "KiB",
                                                           v, &mb, &why);
        snprintf(key, sizeof(key), "<%s>", node->name);
        ret = ret ? xml_report(x, ret, node, key, &why) : 0;
    }
    if (!ret)
        *field = (uint32_t)mb;
    free(text);
    free(unit);
    return ret;
}

/* An attribute through a setter, reported as <element attr>. */
int xml_attr_value(struct xml_ctx *x, xmlNode *node, const char *attr,
                      int (*set)(struct xml_ctx *, const char *,
                                 struct lc_why *))
{
    struct lc_why why;
    char key[64], *v;
    int ret = xml_attr(node, attr, &v);

    if (ret || !v)
        return ret;
    ret = set(x, v, &why);
    free(v);
    snprintf(key, sizeof(key), "<%s %s>", node->name, attr);
    return ret ? xml_report(x, ret, node, key, &why) : 0;
}

static int put_current(struct xml_ctx *x, const char *s, struct lc_why *why)
{
    return lc_set_vcpus(&x->cfg->vcpus, s, false, why);
}

static int put_cpuset(struct xml_ctx *x, const char *s, struct lc_why *why)
{
    return lc_set_cpus(x->cfg, s, why);
}

/* Where the vCPUs run is ours to decide either way. */
static int check_placement(struct xml_ctx *x, const char *s,
                           struct lc_why *why)
{
    (void)x;
    if (strcmp(s, "static") && strcmp(s, "auto"))
        return lc_why(why, "must be static or auto");
    return 0;
}

int xml_vcpu(struct xml_ctx *x, xmlNode *node)
{
    static const char *const attrs[] = {
        "placement", "current", "cpuset", NULL,
    };
    struct lc_why why;
    char *text;
    int ret = xml_attrs(x, node, attrs);

    if (!ret)
        ret = xml_text(x, node, &text);
    if (ret)
        return ret;
    x->maxvcpus = node;
    ret = lc_set_vcpus(&x->cfg->maxvcpus, text, false, &why);
    free(text);
    if (ret)
        return xml_report(x, ret, node, "<vcpu>", &why);
    ret = xml_attr_value(x, node, "placement", check_placement);
    /* As in libvirt, all of them are online unless current= says. */
    x->cfg->vcpus = x->cfg->maxvcpus;
    if (!ret)
        ret = xml_attr_value(x, node, "current", put_current);
    if (!ret)
        ret = xml_attr_value(x, node, "cpuset", put_cpuset);
    return ret;
}

static int check_arch(struct xml_ctx *x, const char *s, struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    (void)x;
    if (strcmp(s, "aarch64"))
        return lc_why(why, "must be aarch64, not '%s'",
                      lc_show(s, show, sizeof(show)));
    return 0;
}

static int put_os_type(struct xml_ctx *x, void *f, const char *s,
                       struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    (void)x;
    (void)f;
    if (!strcmp(s, "linux") || !strcmp(s, "xen") || !strcmp(s, "xenpvh"))
        return 0;
    if (!strcmp(s, "hvm") || !strcmp(s, "xenfv"))
        return lc_check_type("hvm", why);
    return lc_why(why, "must be linux, xen or xenpvh, not '%s'",
                  lc_show(s, show, sizeof(show)));
}

static int os_type(struct xml_ctx *x, xmlNode *node)
{
    static const char *const attrs[] = { "arch", "machine", NULL };
    int ret = text_value(x, node, attrs, NULL, put_os_type);

    return ret ? ret : xml_attr_value(x, node, "arch", check_arch);
}

static int os_child(struct xml_ctx *x, xmlNode *c, void *arg)
{
    unsigned bit = xml_is(c, "type") ? ONCE_TYPE
                 : xml_is(c, "kernel") ? ONCE_KERNEL
                 : xml_is(c, "initrd") ? ONCE_INITRD
                 : xml_is(c, "cmdline") ? ONCE_CMDLINE : 0;
    int ret;

    (void)arg;
    if (!bit)
        return xml_fail(x, c, "is unknown or not supported in <os>");
    if ((ret = xml_once(x, c, bit)) != 0)
        return ret;
    switch (bit) {
    case ONCE_TYPE:
        return os_type(x, c);
    case ONCE_KERNEL:
        return text_value(x, c, xml_no_attrs, &x->cfg->kernel, put_string);
    case ONCE_INITRD:
        return text_value(x, c, xml_no_attrs, &x->cfg->ramdisk, put_string);
    default:
        return text_value(x, c, xml_no_attrs, &x->cfg->cmdline, put_string);
    }
}

int xml_os(struct xml_ctx *x, xmlNode *node)
{
    int ret = xml_attrs(x, node, xml_no_attrs);

    return ret ? ret : xml_children(x, node, os_child, NULL);
}

int xml_name(struct xml_ctx *x, xmlNode *node)
{
    return text_value(x, node, xml_no_attrs, NULL, put_name);
}

int xml_uuid(struct xml_ctx *x, xmlNode *node)
{
    return text_value(x, node, xml_no_attrs, NULL, put_uuid);
}

int xml_action(struct xml_ctx *x, xmlNode *node, enum lc_action *action)
{
    return text_value(x, node, xml_no_attrs, action, put_action);
}
