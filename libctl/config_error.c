/* The words of a configuration error: one line that names the file, the
 * place in it and the key, built the same way by every reader. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "config_internal.h"

int lc_why(struct lc_why *why, const char *fmt, ...)
{
    va_list ap;

    why->field[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(why->s, sizeof(why->s), fmt, ap);
    va_end(ap);
    return -EINVAL;
}

int lc_why_field(struct lc_why *why, const char *field, const char *fmt, ...)
{
    va_list ap;

    snprintf(why->field, sizeof(why->field), "%s", field);
    va_start(ap, fmt);
    vsnprintf(why->s, sizeof(why->s), fmt, ap);
    va_end(ap);
    return -EINVAL;
}

int lc_err(struct lc_config_error *err, int ret, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return ret;
}

int lc_report(struct lc_config_error *err, int ret, const char *file,
              unsigned line, unsigned col, const char *key,
              const struct lc_why *why)
{
    char where[32] = "";
    const char *sep = why->field[0] ? " " : "";

    if (ret == -ENOMEM)
        return lc_err(err, ret, "%s: out of memory", file);
    if (line && col)
        snprintf(where, sizeof(where), ":%u:%u", line, col);
    else if (line)
        snprintf(where, sizeof(where), ":%u", line);
    return lc_err(err, ret, "%s%s: %s %s%s%s", file, where, key, why->field,
                  sep, why->s);
}

void lc_text_position(const char *text, size_t len, size_t pos,
                      unsigned *line, unsigned *col)
{
    size_t start = 0;

    *line = 1;
    if (pos > len)
        pos = len;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    }
    *col = (unsigned)(pos - start) + 1;
}

const char *lc_show(const char *s, char *buf, size_t size)
{
    size_t n = 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        size_t need = (c >= 0x20 && c < 0x7f) ? 1 : 4;

        if (n + need + 4 > size) {
            snprintf(buf + n, size - n, "...");
            return buf;
        }
        if (need == 1)
            buf[n++] = (char)c;
        else
            n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
    }
    buf[n] = '\0';
    return buf;
}
