/* libxl's "b_info": vCPUs, memory, pinning and the boot files. vCPUs come
 * as a count and a bitmap of those online at boot, which Keel, like xl,
 * only fills from 0 up; pinning comes per vCPU and must be the same for
 * every vCPU, since the model keeps one map. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "config_json.h"

#define N(rules) (sizeof(rules) / sizeof(rules[0]))

static int kib_to_mb(struct json_ctx *j, const struct jnode *v,
                     const char *path, uint32_t *mb)
{
    struct lc_why why;
    uint64_t kb;
    int ret = json_uint(j, v, path, &kb);

    if (ret)
        return ret;
    if (kb % 1024)
        return json_fail(j, v->pos, path, "must be a whole number of MiB "
                         "(a multiple of 1024)");
    ret = lc_check_mb(kb / 1024, &why);
    if (ret)
        return json_report(j, ret, v->pos, path, &why);
    *mb = (uint32_t)(kb / 1024);
    return 0;
}

static int max_memkb(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    (void)arg;
    j->field_pos[LC_F_MAXMEM] = v->pos;
    return kib_to_mb(j, v, path, &j->cfg->maxmem_mb);
}

static int target_memkb(struct json_ctx *j, const struct jnode *v,
                        const char *path, void *arg)
{
    (void)arg;
    return kib_to_mb(j, v, path, &j->cfg->memory_mb);
}

static int max_vcpus(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    struct lc_why why;
    uint64_t n;
    int ret = json_uint(j, v, path, &n);

    (void)arg;
    if (ret)
        return ret;
    j->field_pos[LC_F_MAXVCPUS] = v->pos;
    if ((ret = lc_check_vcpus(n, &why)) != 0)
        return json_report(j, ret, v->pos, path, &why);
    j->cfg->maxvcpus = (unsigned)n;
    return 0;
}

static int avail_vcpus(struct json_ctx *j, const struct jnode *v,
                       const char *path, void *arg)
{
    struct lc_why why;
    int ret;

    (void)arg;
    if (v->type != J_ARRAY)
        return json_fail(j, v->pos, path, "must be a list of vCPU numbers");
    for (unsigned i = 0; i < v->n; i++) {
        uint64_t cpu;

        if ((ret = json_uint(j, v->m[i].val, path, &cpu)) != 0)
            return ret;
        if (cpu != i)
            return json_fail(j, v->m[i].val->pos, path, "must list vCPUs "
                             "from 0 up with no gaps");
    }
    if ((ret = lc_check_vcpus(v->n, &why)) != 0)
        return json_report(j, ret, v->pos, path, &why);
    j->cfg->vcpus = v->n;
    return 0;
}

/* One vCPU's affinity: a list of host CPU numbers. */
static int cpu_map(struct json_ctx *j, const struct jnode *v,
                   const char *path, uint8_t *map)
{
    memset(map, 0, LC_CFG_PCPUS_MAX / 8);
    if (v->type != J_ARRAY || v->n == 0)
        return json_fail(j, v->pos, path, "must be a list of host CPU "
                         "numbers");
    for (unsigned i = 0; i < v->n; i++) {
        uint64_t cpu;
        int ret = json_uint(j, v->m[i].val, path, &cpu);

        if (ret)
            return ret;
        if (cpu >= LC_CFG_PCPUS_MAX)
            return json_fail(j, v->m[i].val->pos, path, "names CPU %llu, "
                             "but only CPUs 0-%d can be pinned",
                             (unsigned long long)cpu, LC_CFG_PCPUS_MAX - 1);
        map[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
    }
    return 0;
}

static int hard_affinity(struct json_ctx *j, const struct jnode *v,
                         const char *path, void *arg)
{
    uint8_t map[LC_CFG_PCPUS_MAX / 8];
    char sub[160];
    int ret;

    (void)arg;
    if (v->type != J_ARRAY || v->n == 0)
        return json_fail(j, v->pos, path, "must be a list with one CPU "
                         "list per vCPU");
    for (unsigned i = 0; i < v->n; i++) {
        snprintf(sub, sizeof(sub), "%s[%u]", path, i);
        if ((ret = cpu_map(j, v->m[i].val, sub, map)) != 0)
            return ret;
        if (i && memcmp(map, j->cfg->cpus, sizeof(map)))
            return json_fail(j, v->m[i].val->pos, sub, "differs from "
                             "vCPU 0's: per-vCPU pinning is not supported");
        memcpy(j->cfg->cpus, map, sizeof(map));
    }
    j->cfg->cpus_set = true;
    return 0;
}

static int boot_file(struct json_ctx *j, const struct jnode *v,
                     const char *path, char **field)
{
    struct lc_why why;
    const char *s;
    int ret = json_string(j, v, path, &s);

    if (!ret && (ret = lc_set_string(field, s, &why)) != 0)
        return json_report(j, ret, v->pos, path, &why);
    return ret;
}

static int kernel(struct json_ctx *j, const struct jnode *v,
                  const char *path, void *arg)
{
    (void)arg;
    return boot_file(j, v, path, &j->cfg->kernel);
}

static int ramdisk(struct json_ctx *j, const struct jnode *v,
                   const char *path, void *arg)
{
    (void)arg;
    return boot_file(j, v, path, &j->cfg->ramdisk);
}

static int cmdline(struct json_ctx *j, const struct jnode *v,
                   const char *path, void *arg)
{
    (void)arg;
    return boot_file(j, v, path, &j->cfg->cmdline);
}

static const struct json_rule b_info_rules[] = {
    { "max_vcpus", max_vcpus }, { "avail_vcpus", avail_vcpus },
    { "max_memkb", max_memkb }, { "target_memkb", target_memkb },
    { "vcpu_hard_affinity", hard_affinity }, { "kernel", kernel },
    { "cmdline", cmdline }, { "ramdisk", ramdisk },
    { "video_memkb", NULL }, { "shadow_memkb", NULL },
    { "sched_params", NULL }, { "claim_mode", NULL }, { "type.pvh", NULL },
    { "arch_arm", NULL }, { "arch_x86", NULL },
};

int json_libxl_b_info(struct json_ctx *j, const struct jnode *v,
                      const char *path, void *arg)
{
    return json_walk(j, v, path, b_info_rules, N(b_info_rules), arg);
}
