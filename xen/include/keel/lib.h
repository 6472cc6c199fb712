/* The small C library the hypervisor carries (xen/common/string.c,
 * xen/common/vsnprintf.c). The prototypes match the standard ones, so host
 * builds of common code link against libc instead. */
#ifndef KEEL_LIB_H
#define KEEL_LIB_H

#include <stdarg.h>
#include <keel/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses an unsigned number in decimal, or hex with 0x; *end gets the first
 * unparsed character. */
uint64_t parse_u64(const char *s, const char **end);

#endif
