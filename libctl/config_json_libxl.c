/* libxl's shape, as `xl list -l` prints it and lc_config_to_json writes
 * it:
 *   [ { "domid": 17, "config": { "c_info": {...}, "b_info": {...},
 *       "disks": [...], "nics": [...], "on_reboot": "restart" } } ]
 * A list must hold one domain; the domain object alone, or its "config"
 * alone, is taken too. Sizes are KiB and must be whole MiB. Keys for what
 * Keel does not have are refused unless empty; the rule tables name the
 * few that are taken and ignored because they do not change what the
 * guest sees (hotplug policy, scheduler weights, video memory, arch
 * defaults). An all-zero uuid or MAC counts as unset, as in libxl. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "config_json.h"

#define N(rules) (sizeof(rules) / sizeof(rules[0]))

int json_walk(struct json_ctx *j, const struct jnode *obj, const char *path,
              const struct json_rule *rules, unsigned n, void *arg)
{
    if (obj->type != J_OBJECT)
        return json_fail(j, obj->pos, path, "must be an object");
    for (unsigned i = 0; i < obj->n; i++) {
        const struct jmember *m = &obj->m[i];
        const struct json_rule *rule = NULL;
        char sub[128];
        int ret;

        for (unsigned r = 0; r < n && !rule; r++)
            if (!strcmp(rules[r].key, m->key))
                rule = &rules[r];
        if (!rule && json_is_empty(m->val))
            continue;
        if (!rule)
            return json_unknown(j, m, path);
        snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", m->key);
        if (rule->fn && (ret = rule->fn(j, m->val, sub, arg)) != 0)
            return ret;
    }
    return 0;
}

int json_defbool(struct json_ctx *j, const struct jnode *v, const char *path,
                 bool *value, bool *set)
{
    if (v->type == J_STRING && !strcmp(v->str, "<default>")) {
        *set = false;
        return 0;
    }
    if (v->type != J_STRING || (strcmp(v->str, "True") &&
                                strcmp(v->str, "False")))
        return json_fail(j, v->pos, path, "must be \"True\", \"False\" or "
                         "\"<default>\"");
    *value = v->str[0] == 'T';
    *set = true;
    return 0;
}

/* Runs a model setter on a string member and reports its refusal. */
static int set_text(struct json_ctx *j, const struct jnode *v,
                    const char *path,
                    int (*set)(struct lc_domain_config *, const char *,
                               struct lc_why *))
{
    struct lc_why why;
    const char *s;
    int ret = json_string(j, v, path, &s);

    if (!ret && (ret = set(j->cfg, s, &why)) != 0)
        return json_report(j, ret, v->pos, path, &why);
    return ret;
}

static int c_type(struct json_ctx *j, const struct jnode *v,
                  const char *path, void *arg)
{
    struct lc_why why;
    const char *s;
    int ret = json_string(j, v, path, &s);

    (void)arg;
    if (!ret && (ret = lc_check_type(s, &why)) != 0)
        return json_report(j, ret, v->pos, path, &why);
    return ret;
}

static int c_name(struct json_ctx *j, const struct jnode *v,
                  const char *path, void *arg)
{
    (void)arg;
    return set_text(j, v, path, lc_set_name);
}

static int c_uuid(struct json_ctx *j, const struct jnode *v,
                  const char *path, void *arg)
{
    static const uint8_t zero[16];
    int ret = set_text(j, v, path, lc_set_uuid);

    (void)arg;
    if (!ret && !memcmp(j->cfg->uuid, zero, sizeof(zero)))
        j->cfg->uuid_set = false;
    return ret;
}

static const struct json_rule c_info_rules[] = {
    { "type", c_type }, { "name", c_name }, { "uuid", c_uuid },
    { "domid", NULL }, { "run_hotplug_scripts", NULL },
};

static int config_c_info(struct json_ctx *j, const struct jnode *v,
                         const char *path, void *arg)
{
    return json_walk(j, v, path, c_info_rules, N(c_info_rules), arg);
}

/* Puts the model's action name where libxl's enum name is. */
static int action(struct json_ctx *j, const struct jnode *v,
                  const char *path, enum lc_action *a)
{
    char name[32];
    struct lc_why why;
    const char *s;
    int ret = json_string(j, v, path, &s);

    if (ret)
        return ret;
    if (!strcmp(s, "restart_rename"))
        s = "rename-restart";
    snprintf(name, sizeof(name), "%s", s);
    for (char *p = name; *p; p++)
        if (*p == '_')
            *p = '-';
    ret = lc_set_action(a, name, &why);
    return ret ? json_report(j, ret, v->pos, path, &why) : 0;
}

static int on_poweroff(struct json_ctx *j, const struct jnode *v,
                       const char *path, void *arg)
{
    (void)arg;
    return action(j, v, path, &j->cfg->on_poweroff);
}

static int on_reboot(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    (void)arg;
    return action(j, v, path, &j->cfg->on_reboot);
}

static int on_crash(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    (void)arg;
    return action(j, v, path, &j->cfg->on_crash);
}

static const struct json_rule config_rules[] = {
    { "c_info", config_c_info }, { "b_info", json_libxl_b_info },
    { "disks", json_libxl_disks }, { "nics", json_libxl_nics },
    { "on_poweroff", on_poweroff }, { "on_reboot", on_reboot },
    { "on_crash", on_crash }, { "on_watchdog", NULL },
    { "on_soft_reset", NULL },
};

static int domain_config(struct json_ctx *j, const struct jnode *v,
                         const char *path, void *arg)
{
    return json_walk(j, v, path, config_rules, N(config_rules), arg);
}

static const struct json_rule domain_rules[] = {
    { "domid", NULL }, { "config", domain_config },
};

static void name_fields(struct json_ctx *j, bool bare)
{
    static const char *const wrapped[] = {
        [LC_F_NAME] = "config.c_info.name",
        [LC_F_KERNEL] = "config.b_info.kernel",
        [LC_F_MAXMEM] = "config.b_info.max_memkb",
        [LC_F_MAXVCPUS] = "config.b_info.max_vcpus",
        [LC_F_DISK] = "config.disks", [LC_F_VIF] = "config.nics",
    };

    for (unsigned i = 0; i < N(wrapped); i++)
        j->field_key[i] = bare ? wrapped[i] + strlen("config.") : wrapped[i];
}

int json_read_libxl_shape(struct json_ctx *j, const struct jnode *root)
{
    const struct jnode *dom = root;

    if (root->type == J_ARRAY) {
        if (root->n != 1)
            return json_fail(j, root->pos, "[]", "must hold exactly one "
                             "domain, not %u", root->n);
        dom = root->m[0].val;
    }
    if (dom->type != J_OBJECT)
        return json_fail(j, dom->pos, "[0]", "must be an object");
    name_fields(j, !json_get(dom, "config"));
    if (!json_get(dom, "config"))
        return domain_config(j, dom, "", NULL);
    return json_walk(j, dom, "", domain_rules, N(domain_rules), NULL);
}
