/* Guest disk names to Xen's virtual device numbers, as
 * xen-vbd-interface(7) lays them out: xvd, hd and sd disks, optionally
 * with a partition ("xvda1"). */
#include <errno.h>
#include <string.h>
#include "config_internal.h"

struct vdev_kind {
    const char *prefix;
    uint32_t max_disk;
    uint32_t max_part;
};

static const struct vdev_kind kinds[] = {
    { "xvd", (1u << 20) - 1, 255 },
    { "hd", 3, 63 },
    { "sd", 15, 15 },
};

/* Letters count in bijective base 26: a = 0, z = 25, aa = 26. */
static int parse_letters(const char **s, uint32_t max, uint32_t *disk)
{
    uint64_t v = 0;
    const char *p = *s;

    if (*p < 'a' || *p > 'z')
        return -EINVAL;
    for (; *p >= 'a' && *p <= 'z'; p++) {
        v = v * 26 + (uint64_t)(*p - 'a' + 1);
        if (v - 1 > max)
            return -EINVAL;
    }
    *disk = (uint32_t)(v - 1);
    *s = p;
    return 0;
}

/* Nothing, or a partition number from 1 with no leading zero. */
static int parse_partition(const char *s, uint32_t max, uint32_t *part)
{
    uint32_t v = 0;

    *part = 0;
    if (!*s)
        return 0;
    if (*s == '0')
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        v = v * 10 + (uint32_t)(*s - '0');
        if (v > max)
            return -EINVAL;
    }
    *part = v;
    return 0;
}

static uint32_t encode(unsigned kind, uint32_t disk, uint32_t part)
{
    switch (kind) {
    case 0:
        if (disk <= 15 && part <= 15)
            return 202u << 8 | disk << 4 | part;
        return 1u << 28 | disk << 8 | part;
    case 1:
        return (disk < 2 ? 3u : 22u) << 8 | (disk & 1) << 6 | part;
    default:
        return 8u << 8 | disk << 4 | part;
    }
}

int lc_vdev_to_devnum(const char *vdev, uint32_t *devnum)
{
    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t plen = strlen(kinds[k].prefix);
        const char *p = vdev + plen;
        uint32_t disk, part;

        if (strncmp(vdev, kinds[k].prefix, plen))
            continue;
        if (parse_letters(&p, kinds[k].max_disk, &disk) ||
            parse_partition(p, kinds[k].max_part, &part))
            return -EINVAL;
        *devnum = encode(k, disk, part);
        return 0;
    }
    return -EINVAL;
}
