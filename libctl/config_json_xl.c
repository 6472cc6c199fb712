/* Our JSON shape: one object with xl.cfg's keys (config_keys.c), numbers
 * as JSON numbers, and disks and vifs as spec strings or as objects of
 * their parameters:
 *   { "name": "vm1", "memory": 128, "kernel": "/boot/Image",
 *     "disk": [ "/srv/vm1.img,raw,xvda,rw",
 *               { "target": "/srv/data.img", "vdev": "xvdb",
 *                 "access": "ro", "discard": false } ],
 *     "vif": [ { "mac": "00:16:3e:00:00:01", "bridge": "xenbr0" } ] }
 * A null value stands for a key left out. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "config_json.h"

static const char *const disk_text[] = {
    "target", "format", "vdev", "access", "devtype", "script",
    "backendtype", "backend",
};

static const char *const vif_text[] = {
    "mac", "bridge", "script", "ip", "vifname", "model", "type", "rate",
    "mtu",
};

static bool in_list(const char *s, const char *const *list, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

/* cdrom, discard and trusted take true or false. */
static int disk_flag(struct lc_disk_draft *d, const char *key, bool on,
                     struct lc_why *why)
{
    if (!strcmp(key, "cdrom"))
        return lc_disk_param(d, "devtype", on ? "cdrom" : "disk", why);
    if (!strcmp(key, "discard"))
        return lc_disk_param(d, on ? "discard" : "no-discard", NULL, why);
    return lc_disk_param(d, on ? "trusted" : "untrusted", NULL, why);
}

static int disk_member(struct json_ctx *j, struct lc_disk_draft *d,
                       const struct jmember *m, const char *path)
{
    char sub[96];
    struct lc_why why;
    int ret;

    snprintf(sub, sizeof(sub), "%s.%s", path, m->key);
    if (in_list(m->key, disk_text, sizeof(disk_text) / sizeof(*disk_text))) {
        if (m->val->type != J_STRING)
            return json_fail(j, m->val->pos, sub, "must be a string");
        ret = lc_disk_param(d, m->key, m->val->str, &why);
    } else if (!strcmp(m->key, "cdrom") || !strcmp(m->key, "discard") ||
               !strcmp(m->key, "trusted")) {
        if (m->val->type != J_BOOL)
            return json_fail(j, m->val->pos, sub, "must be true or false");
        ret = disk_flag(d, m->key, m->val->boolean, &why);
    } else {
        return json_unknown(j, m, path);
    }
    why.field[0] = '\0';        /* the path names it already */
    return ret ? json_report(j, ret, m->val->pos, sub, &why) : 0;
}

static int disk_object(struct json_ctx *j, const struct jnode *obj,
                       const char *path)
{
    struct lc_disk_draft d;
    struct lc_disk disk;
    struct lc_why why;
    int ret = 0;

    lc_disk_draft_init(&d);
    for (unsigned i = 0; !ret && i < obj->n; i++)
        ret = disk_member(j, &d, &obj->m[i], path);
    if (ret) {
        lc_disk_draft_free(&d);
        return ret;
    }
    ret = lc_disk_complete(&d, &disk, &why);
    lc_disk_draft_free(&d);
    if (!ret && (ret = lc_config_add_disk(j->cfg, &disk)) != 0)
        lc_disk_free(&disk);
    if (ret == -E2BIG)
        ret = lc_why(&why, "is one disk more than the %d allowed",
                     LC_CFG_DISKS_MAX);
    return ret ? json_report(j, ret, obj->pos, path, &why) : 0;
}

static int vif_object(struct json_ctx *j, const struct jnode *obj,
                      const char *path)
{
    struct lc_vif vif;
    struct lc_why why;
    char sub[96];
    int ret = 0;

    lc_vif_init(&vif);
    for (unsigned i = 0; !ret && i < obj->n; i++) {
        const struct jmember *m = &obj->m[i];

        snprintf(sub, sizeof(sub), "%s.%s", path, m->key);
        if (!in_list(m->key, vif_text, sizeof(vif_text) / sizeof(*vif_text))) {
            ret = json_unknown(j, m, path);
            break;
        }
        /* An MTU may be a number too; its text is the number's. */
        if (m->val->type == J_STRING ||
            (m->val->type == J_NUMBER && !strcmp(m->key, "mtu")))
            ret = lc_vif_param(&vif, m->key, m->val->str, &why);
        else
            ret = lc_why(&why, "must be a string");
        why.field[0] = '\0';
        if (ret)
            ret = json_report(j, ret, m->val->pos, sub, &why);
    }
    if (!ret && (ret = lc_config_add_vif(j->cfg, &vif)) != 0)
        ret = ret == -E2BIG ? json_fail(j, obj->pos, path, "is one vif more "
                                        "than the %d allowed", LC_CFG_VIFS_MAX)
                            : ret;
    lc_vif_free(&vif);
    return ret;
}

/* "disk" and "vif": spec strings as in xl.cfg, or objects. */
static int read_list(struct json_ctx *j, struct lc_keyed *keyed,
                     const struct lc_key *k, const struct jnode *list)
{
    bool disk = !strcmp(k->name, "disk");
    struct lc_why why;
    char path[32];
    int ret;

    if (list->type != J_ARRAY)
        return json_fail(j, list->pos, k->name, "must be a list");
    j->lists[!disk] = list;
    for (unsigned i = 0; i < list->n; i++) {
        const struct jnode *v = list->m[i].val;

        snprintf(path, sizeof(path), "%s[%u]", k->name, i);
        if (v->type == J_STRING) {
            ret = k->set(keyed, v->str, &why);
            ret = ret ? json_report(j, ret, v->pos, path, &why) : 0;
        } else if (v->type == J_OBJECT) {
            ret = disk ? disk_object(j, v, path) : vif_object(j, v, path);
        } else {
            ret = json_fail(j, v->pos, path, "must be a string or an object");
        }
        if (ret)
            return ret;
    }
    return 0;
}

static int read_scalar(struct json_ctx *j, struct lc_keyed *keyed,
                       const struct lc_key *k, const struct jnode *v)
{
    struct lc_why why;
    int ret;

    if (k->kind == LC_KEY_NUMBER && v->type != J_NUMBER)
        ret = lc_why(&why, "must be a positive integer");
    else if (k->kind == LC_KEY_TEXT && v->type == J_ARRAY && k->as_list)
        ret = lc_why(&why, "%s", k->as_list);
    else if (k->kind == LC_KEY_TEXT && v->type != J_STRING)
        ret = lc_why(&why, "must be a string");
    else
        ret = k->set(keyed, v->str, &why);
    return ret ? json_report(j, ret, v->pos, k->name, &why) : 0;
}

static void note_position(struct json_ctx *j, const char *key, size_t pos)
{
    if (!strcmp(key, "maxmem"))
        j->field_pos[LC_F_MAXMEM] = pos;
    else if (!strcmp(key, "maxvcpus"))
        j->field_pos[LC_F_MAXVCPUS] = pos;
}

int json_read_xl_shape(struct json_ctx *j, const struct jnode *root)
{
    static const char *const names[] = {
        [LC_F_NAME] = "name", [LC_F_KERNEL] = "kernel",
        [LC_F_MAXMEM] = "maxmem", [LC_F_MAXVCPUS] = "maxvcpus",
        [LC_F_DISK] = "disk", [LC_F_VIF] = "vif",
    };
    struct lc_keyed keyed = { .cfg = j->cfg };
    int ret = 0;

    memcpy(j->field_key, names, sizeof(names));
    for (unsigned i = 0; !ret && i < root->n; i++) {
        const struct jmember *m = &root->m[i];
        const struct lc_key *k = lc_key_find(m->key);

        if (!k) {
            ret = json_unknown(j, m, "");
            break;
        }
        if (m->val->type == J_NULL)
            continue;
        note_position(j, m->key, m->val->pos);
        if (k->kind == LC_KEY_LIST)
            ret = read_list(j, &keyed, k, m->val);
        else
            ret = read_scalar(j, &keyed, k, m->val);
    }
    if (!ret)
        ret = lc_keyed_done(&keyed);
    lc_keyed_free(&keyed);
    return ret;
}
