/* Checking helpers over libxml2's tree: text content, attributes, child
 * elements, and messages that name the element and its line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_xml.h"

bool xml_is(const xmlNode *node, const char *name)
{
    return !strcmp((const char *)node->name, name);
}

int xml_report(struct xml_ctx *x, int ret, const xmlNode *node,
               const char *key, const struct lc_why *why)
{
    long line = xmlGetLineNo(node);

    return lc_report(x->err, ret, x->name, line > 0 ? (unsigned)line : 0, 0,
                     key, why);
}

int xml_fail(struct xml_ctx *x, const xmlNode *node, const char *fmt, ...)
{
    struct lc_why why = { .field = "" };
    char key[80], show[LC_SHOW_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why.s, sizeof(why.s), fmt, ap);
    va_end(ap);
    snprintf(key, sizeof(key), "<%s>",
             lc_show((const char *)node->name, show, sizeof(show)));
    return xml_report(x, -EINVAL, node, key, &why);
}

static bool blank(const char *s)
{
    return strspn(s, " \t\r\n") == strlen(s);
}

int xml_text(struct xml_ctx *x, const xmlNode *node, char **text)
{
    xmlChar *content;
    const char *s;
    size_t len;

    for (const xmlNode *c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return xml_fail(x, node, "must hold text, not <%s>", c->name);
    content = xmlNodeGetContent(node);
    if (!content)
        return -ENOMEM;
    s = (const char *)content;
    s += strspn(s, " \t\r\n");
    len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    *text = strndup(s, len);
    xmlFree(content);
    return *text ? 0 : -ENOMEM;
}

static bool listed(const char *name, const char *const *allowed)
{
    for (unsigned i = 0; allowed[i]; i++)
        if (!strcmp(name, allowed[i]))
            return true;
    return false;
}

int xml_attrs(struct xml_ctx *x, const xmlNode *node,
              const char *const *allowed)
{
    char show[LC_SHOW_MAX];

    for (const xmlAttr *a = node->properties; a; a = a->next)
        if (a->ns || !listed((const char *)a->name, allowed))
            return xml_fail(x, node, "has unknown attribute '%s'",
                            lc_show((const char *)a->name, show,
                                    sizeof(show)));
    return 0;
}

int xml_attr(const xmlNode *node, const char *name, char **value)
{
    xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);

    *value = NULL;
    if (!v)
        return 0;
    *value = strdup((const char *)v);
    xmlFree(v);
    return *value ? 0 : -ENOMEM;
}

/* Some of a text node, trimmed, to show in a message. */
static const char *stray(const xmlNode *text, char *buf, size_t size)
{
    const char *s = (const char *)text->content;
    char cut[LC_SHOW_MAX];
    size_t len;

    s += strspn(s, " \t\r\n");
    len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    if (len >= sizeof(cut))
        len = sizeof(cut) - 1;
    memcpy(cut, s, len);
    cut[len] = '\0';
    return lc_show(cut, buf, size);
}

int xml_children(struct xml_ctx *x, xmlNode *node, xml_child_fn *fn,
                 void *arg)
{
    char show[LC_SHOW_MAX];
    int ret;

    for (xmlNode *c = node->children; c; c = c->next) {
        switch (c->type) {
        case XML_ELEMENT_NODE:
            if (c->ns)
                return xml_fail(x, c, "is not a known element");
            if ((ret = fn(x, c, arg)) != 0)
                return ret;
            break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (!blank((const char *)c->content))
                return xml_fail(x, node, "holds stray text '%s'",
                                stray(c, show, sizeof(show)));
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        default:
            return xml_fail(x, node, "holds an entity or other node that "
                            "is not allowed");
        }
    }
    return 0;
}

int xml_once(struct xml_ctx *x, const xmlNode *node, unsigned bit)
{
    if (x->seen & bit)
        return xml_fail(x, node, "appears more than once");
    x->seen |= bit;
    return 0;
}
