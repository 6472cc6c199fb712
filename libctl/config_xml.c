/* The XML reader: libvirt's domain XML (formatdomain.html) for its Xen
 * driver, as far as it means something for an arm64 PVH guest:
 *   <domain type='xen'>
 *     <name> <uuid> <memory unit=> <currentMemory unit=>
 *     <vcpu current= cpuset= placement=>  <os> <type arch= machine=>
 *     <kernel> <initrd> <cmdline> </os>  <on_poweroff> <on_reboot>
 *     <on_crash>  <devices> (config_xml_devices.c) </devices>
 *   </domain>
 * As in libvirt, <memory> is the most the guest may have (xl's maxmem),
 * <currentMemory> what it boots with (xl's memory; default <memory>),
 * <vcpu> the most vCPUs and its current= those online at boot. The
 * <os><type> may be linux, xen or xenpvh, all meaning PVH here.
 * <title>, <description>, <metadata>, <features> and <clock> are ignored:
 * libvirt users keep them and they change nothing for Keel's guests.
 * Any other element or attribute is an error, and so is a DOCTYPE. The
 * text is read as UTF-8 whatever its declaration says. */
#define _GNU_SOURCE     /* memmem */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "config_xml.h"

/* What may sit in <domain>: each handled at most once, or ignored (bit
 * 0); anything else is an error. */
static const struct {
    const char *name;
    unsigned bit;
} domain_elements[] = {
    { "name", ONCE_NAME }, { "uuid", ONCE_UUID },
    { "memory", ONCE_MEMORY }, { "currentMemory", ONCE_CURRENT },
    { "vcpu", ONCE_VCPU }, { "os", ONCE_OS },
    { "on_poweroff", ONCE_POWEROFF }, { "on_reboot", ONCE_REBOOT },
    { "on_crash", ONCE_CRASH }, { "devices", ONCE_DEVICES },
    { "title", 0 }, { "description", 0 }, { "metadata", 0 },
    { "features", 0 }, { "clock", 0 },
};

static int domain_element(struct xml_ctx *x, xmlNode *c, unsigned bit)
{
    struct lc_domain_config *cfg = x->cfg;

    switch (bit) {
    case ONCE_NAME:
        return xml_name(x, c);
    case ONCE_UUID:
        return xml_uuid(x, c);
    case ONCE_MEMORY:
        x->maxmem = c;
        return xml_memory(x, c, &cfg->maxmem_mb);
    case ONCE_CURRENT:
        return xml_memory(x, c, &cfg->memory_mb);
    case ONCE_VCPU:
        return xml_vcpu(x, c);
    case ONCE_OS:
        return xml_os(x, c);
    case ONCE_POWEROFF:
        return xml_action(x, c, &cfg->on_poweroff);
    case ONCE_REBOOT:
        return xml_action(x, c, &cfg->on_reboot);
    case ONCE_CRASH:
        return xml_action(x, c, &cfg->on_crash);
    default:
        if (xml_attrs(x, c, xml_no_attrs))
            return -EINVAL;
        return xml_devices(x, c, NULL);
    }
}

static int domain_child(struct xml_ctx *x, xmlNode *c, void *arg)
{
    int ret;

    (void)arg;
    for (unsigned i = 0; i < sizeof(domain_elements) /
                             sizeof(domain_elements[0]); i++) {
        if (!xml_is(c, domain_elements[i].name))
            continue;
        if (!domain_elements[i].bit)
            return 0;
        ret = xml_once(x, c, domain_elements[i].bit);
        return ret ? ret : domain_element(x, c, domain_elements[i].bit);
    }
    return xml_fail(x, c, "is unknown or not supported");
}

static int check_domain_type(struct xml_ctx *x, const char *s,
                             struct lc_why *why)
{
    char show[LC_SHOW_MAX];

    (void)x;
    if (strcmp(s, "xen"))
        return lc_why(why, "must be xen, not '%s'",
                      lc_show(s, show, sizeof(show)));
    return 0;
}

static int read_domain(struct xml_ctx *x, xmlNode *root)
{
    static const char *const attrs[] = { "type", "id", NULL };
    int ret;

    if (!xml_is(root, "domain") || root->ns)
        return xml_fail(x, root, "must be <domain>");
    if ((ret = xml_attrs(x, root, attrs)) != 0)
        return ret;
    if (!xmlHasProp(root, (const xmlChar *)"type"))
        return xml_fail(x, root, "needs type='xen'");
    ret = xml_attr_value(x, root, "type", check_domain_type);
    return ret ? ret : xml_children(x, root, domain_child, NULL);
}

/* Puts a fault from lc_config_finish on the element it concerns. */
static int report_fault(struct xml_ctx *x, const struct lc_fault *f)
{
    switch (f->field) {
    case LC_F_NAME:
    case LC_F_KERNEL:
        return lc_err(x->err, -EINVAL, "%s: missing required element <%s>",
                      x->name, f->field == LC_F_NAME ? "name" : "kernel");
    case LC_F_MAXMEM:
        return xml_report(x, -EINVAL, x->maxmem, "<memory>", &f->why);
    case LC_F_MAXVCPUS:
        return xml_report(x, -EINVAL, x->maxvcpus, "<vcpu>", &f->why);
    case LC_F_DISK:
        return xml_report(x, -EINVAL, x->disks[f->index], "<disk>", &f->why);
    default:
        return xml_report(x, -EINVAL, x->vifs[f->index], "<interface>",
                          &f->why);
    }
}

/* libxml2's own words for malformed XML, where it found the fault. */
static int syntax_error(struct xml_ctx *x, xmlParserCtxt *p)
{
    const xmlError *e = xmlCtxtGetLastError(p);
    const char *msg = e && e->message ? e->message : "malformed XML";
    char cut[LC_CFG_ERR_MAX / 2], show[LC_CFG_ERR_MAX / 2];

    if (e && e->code == XML_ERR_NO_MEMORY)
        return lc_err(x->err, -ENOMEM, "%s: out of memory", x->name);
    snprintf(cut, sizeof(cut), "%.*s", (int)strcspn(msg, "\n"), msg);
    return lc_err(x->err, -EINVAL, "%s:%d:%d: XML error: %s", x->name,
                  e ? e->line : 0, e ? e->int2 : 0,
                  lc_show(cut, show, sizeof(show)));
}

/* Entities a DTD could declare are a way to make a small file huge, and
 * nothing in a domain needs them. */
static int doctype_error(struct xml_ctx *x, const char *text, size_t len)
{
    const char *at = memmem(text, len, "<!DOCTYPE", 9);
    unsigned line = 0, col;

    if (at)
        lc_text_position(text, len, (size_t)(at - text), &line, &col);
    return lc_err(x->err, -EINVAL, "%s:%u: a DOCTYPE is not allowed",
                  x->name, line);
}

static int read_document(struct xml_ctx *x, xmlDoc *doc, const char *text,
                         size_t len)
{
    struct lc_fault fault;
    int ret;

    if (doc->intSubset || doc->extSubset)
        return doctype_error(x, text, len);
    ret = read_domain(x, xmlDocGetRootElement(doc));
    if (!ret && (ret = lc_config_finish(x->cfg, &fault)) == -EINVAL)
        report_fault(x, &fault);
    return ret;
}

int lc_config_parse_xml(const char *text, size_t len, const char *name,
                        struct lc_domain_config *cfg,
                        struct lc_config_error *err)
{
    struct xml_ctx x = { .name = name, .cfg = cfg, .err = err };
    xmlParserCtxt *p;
    xmlDoc *doc;
    int ret;

    lc_config_init(cfg);
    if (len > LC_CFG_FILE_MAX)
        return lc_err(err, -EFBIG, "%s: larger than %u bytes", name,
                      LC_CFG_FILE_MAX);
    p = xmlNewParserCtxt();
    if (!p)
        return lc_err(err, -ENOMEM, "%s: out of memory", name);
    /* UTF-8 whatever the declaration says: a converter's failures go to
     * stderr, past the context's error handling. */
    doc = xmlCtxtReadMemory(p, text, (int)len, NULL, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    if (!doc)
        ret = syntax_error(&x, p);
    else
        ret = read_document(&x, doc, text, len);
    if (ret == -ENOMEM)
        lc_err(err, ret, "%s: out of memory", name);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(p);
    if (ret)
        lc_config_free(cfg);
    return ret;
}
