/* Byte-at-a-time helpers. All guest memory is Device-nGnRnE while the MMU
 * is off, so nothing here may use unaligned or DC ZVA tricks (and the
 * Makefile keeps GCC from turning these loops back into calls to
 * themselves). */
#include "guest.h"

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

const void *memchr_const(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++) {
        if (*p == (unsigned char)c)
            return p;
    }
    return NULL;
}
