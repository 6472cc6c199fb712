/* <devices>: disks and network interfaces.
 *   <disk type='file|block' device='disk|cdrom'>
 *     <driver name='...' type='raw'/> <source file='...'|dev='...'/>
 *     <target dev='xvda' bus='xen'/> <readonly/> </disk>
 *   <interface type='bridge|ethernet'> <mac address='...'/>
 *     <source bridge='xenbr0'/> <script path='...'/> <ip address='...'/>
 *     <target dev='vif1.0'/> <model type='...'/> <mtu size='1400'/>
 *     <bandwidth> <outbound average='KiB/s'/> </bandwidth> </interface>
 * <console>, <serial>, <emulator> and <memballoon> are ignored: every
 * guest has Keel's console, and the rest is for emulators. <graphics>,
 * <video> and <input> are refused, since Keel's guests have no display.
 * The driver's name, the model and <shareable/> and <alias> are taken and
 * ignored. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_xml.h"

/* One attribute, if present, as a disk parameter. */
static int disk_attr(struct xml_ctx *x, xmlNode *node, const char *attr,
                     struct lc_disk_draft *d, const char *param)
{
    struct lc_why why;
    char key[64], *v;
    int ret = xml_attr(node, attr, &v);

    if (ret || !v)
        return ret;
    ret = lc_disk_param(d, param, v, &why);
    free(v);
    why.field[0] = '\0';
    snprintf(key, sizeof(key), "<%s %s>", node->name, attr);
    return ret ? xml_report(x, ret, node, key, &why) : 0;
}

/* An attribute that must be one of two words; *v is the caller's. */
static int choice(struct xml_ctx *x, xmlNode *node, const char *attr,
                  const char *a, const char *b, char **v)
{
    char show[LC_SHOW_MAX];
    struct lc_why why;
    char key[64];
    int ret = xml_attr(node, attr, v);

    if (ret || !*v || !strcmp(*v, a) || !strcmp(*v, b))
        return ret;
    lc_why(&why, "must be %s or %s, not '%s'", a, b,
           lc_show(*v, show, sizeof(show)));
    snprintf(key, sizeof(key), "<%s %s>", node->name, attr);
    return xml_report(x, -EINVAL, node, key, &why);
}

static int disk_child(struct xml_ctx *x, xmlNode *c, void *arg)
{
    static const char *const driver[] = { "name", "type", NULL };
    static const char *const source[] = { "file", "dev", NULL };
    static const char *const target[] = { "dev", "bus", NULL };
    struct lc_disk_draft *d = arg;
    char show[LC_SHOW_MAX], *bus = NULL;
    struct lc_why why;
    int ret;

    if (xml_is(c, "driver"))
        return xml_attrs(x, c, driver) ? -EINVAL
                                       : disk_attr(x, c, "type", d, "format");
    if (xml_is(c, "source")) {
        if ((ret = xml_attrs(x, c, source)) != 0)
            return ret;
        if (xmlHasProp(c, (const xmlChar *)"file") &&
            xmlHasProp(c, (const xmlChar *)"dev"))
            return xml_fail(x, c, "has both file and dev");
        ret = disk_attr(x, c, "file", d, "target");
        return ret ? ret : disk_attr(x, c, "dev", d, "target");
    }
    if (xml_is(c, "target")) {
        if ((ret = xml_attrs(x, c, target)) != 0 ||
            (ret = xml_attr(c, "bus", &bus)) != 0)
            return ret;
        if (bus && strcmp(bus, "xen"))
            ret = xml_fail(x, c, "has bus '%s', but only xen disks exist "
                           "here", lc_show(bus, show, sizeof(show)));
        free(bus);
        return ret ? ret : disk_attr(x, c, "dev", d, "vdev");
    }
    if (xml_is(c, "readonly")) {
        if ((ret = xml_attrs(x, c, xml_no_attrs)) != 0)
            return ret;
        ret = lc_disk_param(d, "access", "ro", &why);
        return ret ? xml_report(x, ret, c, "<readonly>", &why) : 0;
    }
    if (xml_is(c, "shareable") || xml_is(c, "alias"))
        return 0;
    return xml_fail(x, c, "is unknown or not supported in <disk>");
}

static int disk_kind(struct xml_ctx *x, xmlNode *node,
                     struct lc_disk_draft *d)
{
    static const char *const attrs[] = { "type", "device", NULL };
    char *type = NULL, *device = NULL;
    struct lc_why why;
    int ret = xml_attrs(x, node, attrs);

    if (!ret && !xmlHasProp(node, (const xmlChar *)"type"))
        ret = xml_fail(x, node, "needs type='file' or type='block'");
    if (!ret)
        ret = choice(x, node, "type", "file", "block", &type);
    if (!ret)
        ret = choice(x, node, "device", "disk", "cdrom", &device);
    if (!ret && device && !strcmp(device, "cdrom"))
        ret = lc_disk_param(d, "devtype", "cdrom", &why);
    free(type);
    free(device);
    return ret;
}

static int disk(struct xml_ctx *x, xmlNode *node)
{
    struct lc_disk_draft d;
    struct lc_disk out;
    struct lc_why why;
    int ret;

    lc_disk_draft_init(&d);
    ret = disk_kind(x, node, &d);
    if (!ret)
        ret = xml_children(x, node, disk_child, &d);
    if (ret) {
        lc_disk_draft_free(&d);
        return ret;
    }
    ret = lc_disk_complete(&d, &out, &why);
    lc_disk_draft_free(&d);
    if (!ret) {
        if (x->cfg->ndisks < LC_CFG_DISKS_MAX)
            x->disks[x->cfg->ndisks] = node;
        if ((ret = lc_config_add_disk(x->cfg, &out)) != 0)
            lc_disk_free(&out);
    }
    if (ret == -E2BIG)
        ret = lc_why(&why, "is one disk more than the %d allowed",
                     LC_CFG_DISKS_MAX);
    return ret ? xml_report(x, ret, node, "<disk>", &why) : 0;
}

/* An interface while its elements arrive; <ip> may repeat. */
struct iface {
    struct lc_vif vif;
    char ips[256];
};

static int vif_attr(struct xml_ctx *x, xmlNode *node, const char *attr,
                    struct lc_vif *vif, const char *param)
{
    struct lc_why why;
    char key[64], *v;
    int ret = xml_attr(node, attr, &v);

    if (!ret && !v)
        return xml_fail(x, node, "needs the %s attribute", attr);
    if (ret)
        return ret;
    ret = lc_vif_param(vif, param, v, &why);
    free(v);
    why.field[0] = '\0';
    snprintf(key, sizeof(key), "<%s %s>", node->name, attr);
    return ret ? xml_report(x, ret, node, key, &why) : 0;
}

static int add_ip(struct xml_ctx *x, xmlNode *node, struct iface *f)
{
    static const char *const attrs[] = {
        "address", "family", "prefix", NULL,
    };
    size_t n = strlen(f->ips);
    char *v;
    int ret = xml_attrs(x, node, attrs);

    if (!ret)
        ret = xml_attr(node, "address", &v);
    if (ret)
        return ret;
    if (!v)
        return xml_fail(x, node, "needs an address attribute");
    if (n + strlen(v) + 2 > sizeof(f->ips))
        ret = xml_fail(x, node, "makes the address list too long");
    else
        snprintf(f->ips + n, sizeof(f->ips) - n, "%s%s", n ? " " : "", v);
    free(v);
    return ret;
}

/* libvirt's average is in KiB/s; it becomes xl's rate at xl's default
 * interval, as libvirt's libxl driver maps it. */
static int outbound(struct xml_ctx *x, xmlNode *node, struct lc_vif *vif)
{
    static const char *const attrs[] = { "average", "peak", "burst", NULL };
    char spec[40], show[LC_SHOW_MAX], *v = NULL;
    uint64_t kib = 0;
    struct lc_why why;
    int ret = xml_attrs(x, node, attrs);

    if (!ret)
        ret = xml_attr(node, "average", &v);
    if (ret)
        return ret;
    if (!v)
        return xml_fail(x, node, "needs the average attribute");
    if (lc_parse_u64(v, false, &kib) || kib == 0 || kib > UINT64_MAX / 1024) {
        ret = lc_why(&why, "must be a positive number of KiB per second, "
                     "not '%s'", lc_show(v, show, sizeof(show)));
    } else {
        snprintf(spec, sizeof(spec), "%lluB/s", (unsigned long long)(kib * 1024));
        ret = lc_vif_param(vif, "rate", spec, &why);
        why.field[0] = '\0';
    }
    free(v);
    return ret ? xml_report(x, ret, node, "<outbound average>", &why) : 0;
}

/* Netback limits only what the guest sends; peak and burst have nothing
 * to map to there, and are taken and ignored. */
static int bandwidth_child(struct xml_ctx *x, xmlNode *c, void *arg)
{
    if (xml_is(c, "outbound"))
        return outbound(x, c, arg);
    if (xml_is(c, "inbound"))
        return xml_fail(x, c, "is not supported: netback limits only what "
                        "the guest sends (<outbound>)");
    return xml_fail(x, c, "is unknown or not supported in <bandwidth>");
}

static int interface_child(struct xml_ctx *x, xmlNode *c, void *arg)
{
    static const char *const none[] = { NULL };
    static const char *const mtu[] = { "size", NULL };
    static const char *const mac[] = { "address", NULL };
    static const char *const source[] = { "bridge", NULL };
    static const char *const script[] = { "path", NULL };
    static const char *const target[] = { "dev", NULL };
    struct iface *f = arg;

    if (xml_is(c, "mac"))
        return xml_attrs(x, c, mac) ? -EINVAL
                                    : vif_attr(x, c, "address", &f->vif,
                                               "mac");
    if (xml_is(c, "source"))
        return xml_attrs(x, c, source) ? -EINVAL
                                       : vif_attr(x, c, "bridge", &f->vif,
                                                  "bridge");
    if (xml_is(c, "script"))
        return xml_attrs(x, c, script) ? -EINVAL
                                       : vif_attr(x, c, "path", &f->vif,
                                                  "script");
    if (xml_is(c, "target"))
        return xml_attrs(x, c, target) ? -EINVAL
                                       : vif_attr(x, c, "dev", &f->vif,
                                                  "vifname");
    if (xml_is(c, "ip"))
        return add_ip(x, c, f);
    if (xml_is(c, "mtu"))
        return xml_attrs(x, c, mtu) ? -EINVAL
                                    : vif_attr(x, c, "size", &f->vif, "mtu");
    if (xml_is(c, "bandwidth"))
        return xml_attrs(x, c, none) ? -EINVAL
                                     : xml_children(x, c, bandwidth_child, &f->vif);
    if (xml_is(c, "model") || xml_is(c, "alias"))
        return 0;
    return xml_fail(x, c, "is unknown or not supported in <interface>");
}

static int interface(struct xml_ctx *x, xmlNode *node)
{
    static const char *const attrs[] = { "type", NULL };
    struct iface f = { .ips = "" };
    struct lc_why why;
    char *type = NULL;
    int ret = xml_attrs(x, node, attrs);

    lc_vif_init(&f.vif);
    if (!ret && !xmlHasProp(node, (const xmlChar *)"type"))
        ret = xml_fail(x, node, "needs type='bridge' or type='ethernet'");
    if (!ret)
        ret = choice(x, node, "type", "bridge", "ethernet", &type);
    free(type);
    if (!ret)
        ret = xml_children(x, node, interface_child, &f);
    if (!ret && f.ips[0] && (ret = lc_vif_param(&f.vif, "ip", f.ips, &why)))
        ret = xml_report(x, ret, node, "<interface>", &why);
    if (!ret) {
        if (x->cfg->nvifs < LC_CFG_VIFS_MAX)
            x->vifs[x->cfg->nvifs] = node;
        ret = lc_config_add_vif(x->cfg, &f.vif);
        if (ret == -E2BIG)
            ret = xml_fail(x, node, "is one vif more than the %d allowed",
                           LC_CFG_VIFS_MAX);
    }
    lc_vif_free(&f.vif);
    return ret;
}

static int device(struct xml_ctx *x, xmlNode *c, void *arg)
{
    (void)arg;
    if (xml_is(c, "disk"))
        return disk(x, c);
    if (xml_is(c, "interface"))
        return interface(x, c);
    if (xml_is(c, "console") || xml_is(c, "serial") ||
        xml_is(c, "emulator") || xml_is(c, "memballoon"))
        return 0;
    if (xml_is(c, "graphics") || xml_is(c, "video") || xml_is(c, "input"))
        return xml_fail(x, c, "is not supported: Keel's guests have no "
                        "display");
    return xml_fail(x, c, "is unknown or not supported in <devices>");
}

int xml_devices(struct xml_ctx *x, xmlNode *devices, void *arg)
{
    return xml_children(x, devices, device, arg);
}
