/* The XML reader's parts: helpers over libxml2's tree that check and
 * report (config_xml_util.c), the document and <domain> (config_xml.c),
 * the domain's values (config_xml_values.c) and its <devices>
 * (config_xml_devices.c). Not public. */
#ifndef KEEL_LIBCTL_CONFIG_XML_H
#define KEEL_LIBCTL_CONFIG_XML_H

#include <libxml/tree.h>
#include "config_internal.h"

struct xml_ctx {
    const char *name;
    struct lc_domain_config *cfg;
    struct lc_config_error *err;
    xmlNode *maxmem, *maxvcpus;         /* where finish faults point */
    xmlNode *disks[LC_CFG_DISKS_MAX];
    xmlNode *vifs[LC_CFG_VIFS_MAX];
    unsigned seen;                      /* single elements met, by bit */
};

bool xml_is(const xmlNode *node, const char *name);
/* "FILE:LINE: KEY PREDICATE"; key as printed, e.g. "<memory unit>". */
int xml_report(struct xml_ctx *x, int ret, const xmlNode *node,
               const char *key, const struct lc_why *why);
/* The same with key "<element>" and a predicate made here. */
int xml_fail(struct xml_ctx *x, const xmlNode *node, const char *fmt, ...)
    LC_PRINTF(3, 4);
/* The element's text without surrounding white space, in *text (the
 * caller frees it); an element inside is an error. */
int xml_text(struct xml_ctx *x, const xmlNode *node, char **text);
/* Refuses attributes not in the NULL-terminated list. */
int xml_attrs(struct xml_ctx *x, const xmlNode *node,
              const char *const *allowed);
/* An attribute's value (the caller frees it), or NULL if absent. */
int xml_attr(const xmlNode *node, const char *name, char **value);
/* Calls fn on each child element; text other than white space between
 * them is an error, comments are skipped. */
typedef int xml_child_fn(struct xml_ctx *x, xmlNode *child, void *arg);
int xml_children(struct xml_ctx *x, xmlNode *node, xml_child_fn *fn,
                 void *arg);
/* Refuses a second element of a kind that may appear once. */
int xml_once(struct xml_ctx *x, const xmlNode *node, unsigned bit);

/* Elements that may appear once, by their bit in xml_ctx.seen. */
enum {
    ONCE_NAME = 1u << 0, ONCE_UUID = 1u << 1, ONCE_MEMORY = 1u << 2,
    ONCE_CURRENT = 1u << 3, ONCE_VCPU = 1u << 4, ONCE_OS = 1u << 5,
    ONCE_POWEROFF = 1u << 6, ONCE_REBOOT = 1u << 7, ONCE_CRASH = 1u << 8,
    ONCE_DEVICES = 1u << 9, ONCE_TYPE = 1u << 10, ONCE_KERNEL = 1u << 11,
    ONCE_INITRD = 1u << 12, ONCE_CMDLINE = 1u << 13,
};

extern const char *const xml_no_attrs[];

/* An attribute, if present, through a setter; refusals are reported as
 * <element attr>. */
int xml_attr_value(struct xml_ctx *x, xmlNode *node, const char *attr,
                   int (*set)(struct xml_ctx *, const char *,
                              struct lc_why *));

/* config_xml_values.c: the domain's own elements. */
int xml_name(struct xml_ctx *x, xmlNode *node);
int xml_uuid(struct xml_ctx *x, xmlNode *node);
int xml_memory(struct xml_ctx *x, xmlNode *node, uint32_t *mb);
int xml_vcpu(struct xml_ctx *x, xmlNode *node);
int xml_action(struct xml_ctx *x, xmlNode *node, enum lc_action *action);
int xml_os(struct xml_ctx *x, xmlNode *node);

/* config_xml_devices.c */
int xml_devices(struct xml_ctx *x, xmlNode *devices, void *arg);

#endif
