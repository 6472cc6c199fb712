/* xl create: read the config, build the domain, start its monitor, and
 * attach the console if asked. */
#include <stdlib.h>
#include <string.h>
#include "xl.h"

/* What the model holds that this build cannot honour yet is said, not
 * silently dropped. */
static void note_unsupported(struct xl_env *env, const struct lc_domain_config *cfg)
{
    if (cfg->maxvcpus > cfg->vcpus)
        xl_msg(env, "starting %u vCPUs: vCPU hotplug (maxvcpus %u) not available yet",
               cfg->vcpus, cfg->maxvcpus);
    if (cfg->cpus_set)
        xl_msg(env, "ignoring cpus: vCPU pinning not available yet");
}

static int dry_run(struct xl_env *env, const struct lc_domain_config *cfg)
{
    char *json;
    int rc = xl_config_json_object(cfg, &json);

    if (rc)
        return xl_fail(env, "writing the config as JSON: %s", strerror(-rc));
    xl_print_json(env->out, json);
    free(json);
    return XL_OK;
}

/* "f.cfg memory=256": what the monitor's stored config came from. */
static char *join_source(const char *path, char *const *ov, int n)
{
    size_t len = strlen(path) + 1;
    char *s;

    for (int i = 0; i < n; i++)
        len += strlen(ov[i]) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    strcpy(s, path);
    for (int i = 0; i < n; i++) {
        strcat(s, " ");
        strcat(s, ov[i]);
    }
    return s;
}

static int monitor_and_attach(struct xl_env *env, const struct xl_args *a,
                              struct xl_monitor *m)
{
    bool fg = xl_opt(a, 'F'), monitor = !xl_opt(a, 'e');
    int rc = 0;

    if (monitor && !fg)
        rc = env->spawn_monitor(env, m, true);
    if (rc) {
        if (lc_domain_destroy(env->ctx, m->domid))
            xl_msg(env, "%s", lc_ctx_error(env->ctx));
        xl_config_forget(env, m->uuid);
        return xl_fail(env, "domain %s destroyed: its monitor did not start",
                       m->cfg->name);
    }
    if (xl_opt(a, 'c'))
        rc = xl_console_attach(env, m->domid);
    if (monitor && fg)
        rc = env->spawn_monitor(env, m, false) ? XL_FAIL : rc;
    return rc;
}

static int create(struct xl_env *env, const struct xl_args *a,
                  struct lc_domain_config *cfg, const char *source)
{
    struct xl_monitor m = { .cfg = cfg, .source = source };
    int rc;

    note_unsupported(env, cfg);
    rc = xl_domain_start(env, cfg, xl_opt(a, 'p'), source, &m.domid);
    if (rc)
        return rc;
    memcpy(m.uuid, cfg->uuid, sizeof(m.uuid));
    return monitor_and_attach(env, a, &m);
}

int xl_cmd_create(struct xl_env *env, const struct xl_args *a)
{
    const char *path = xl_optval(a, 'f');
    char *const *ov = a->argv, *source;
    int n = a->argc, rc;
    struct lc_domain_config cfg;

    if (!path && !n)
        return xl_usage_fail(env, a->cmd, "'xl create' needs a config file.");
    if (!path) {
        path = *ov++;
        n--;
    }
    fprintf(env->err, "Parsing config from %s\n", path);
    if (xl_config_read(env, path, ov, n, &cfg))
        return XL_FAIL;
    if (xl_opt(a, 'n')) {
        rc = dry_run(env, &cfg);
    } else {
        source = join_source(path, ov, n);
        rc = source ? create(env, a, &cfg, source) : xl_fail(env, "out of memory");
        free(source);
    }
    lc_config_free(&cfg);
    return rc;
}
