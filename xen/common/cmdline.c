/* Command-line options of the hypervisor (/chosen xen,xen-bootargs). */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/lib.h>

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static size_t word_len(const char *s)
{
    size_t n = 0;

    while (s[n] && s[n] != ' ' && s[n] != '\t')
        n++;
    return n;
}

int cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
    size_t klen = strlen(key);
    const char *found = NULL;
    size_t found_len = 0;

    for (const char *p = skip_spaces(cmdline); *p; p = skip_spaces(p)) {
        size_t n = word_len(p);

        if (n >= klen && !strncmp(p, key, klen) && (n == klen || p[klen] == '=')) {
            found = n == klen ? p + n : p + klen + 1;
            found_len = n == klen ? 0 : n - klen - 1;
        }
        p += n;
    }
    if (!found)
        return -ENOENT;
    if (found_len + 1 > size)
        return -ENOSPC;
    memcpy(val, found, found_len);
    val[found_len] = '\0';
    return 0;
}

static int digit(char c, unsigned int base)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

int parse_uint(const char *s, uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        int d = digit(*s, base);

        if (d < 0 || v > (UINT64_MAX - (unsigned int)d) / base)
            return -EINVAL;
        v = v * base + (unsigned int)d;
    }
    *out = v;
    return 0;
}

int parse_size(const char *s, uint64_t *out)
{
    char num[32];
    size_t n = strlen(s);
    unsigned int shift = 0;
    uint64_t v;
    int rc;

    if (n && strchr("kKmMgGtT", s[n - 1])) {
        static const char units[] = "kmgt";
        char u = (char)(s[n - 1] | 0x20);

        shift = 10 * (unsigned int)(strchr(units, u) - units + 1);
        n--;
    }
    if (!n || n >= sizeof(num))
        return -EINVAL;
    memcpy(num, s, n);
    num[n] = '\0';
    rc = parse_uint(num, &v);
    if (rc)
        return rc;
    if (shift && v > (UINT64_MAX >> shift))
        return -EINVAL;
    *out = v << shift;
    return 0;
}
