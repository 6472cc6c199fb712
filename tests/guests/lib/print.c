/* A small printf: enough for check lines and register dumps. Output goes
 * to the hypervisor console with console_io(CONSOLEIO_write) one line (or
 * one full buffer) at a time, or, for a guest the console refuses (a
 * domU), into a text buffer in its own memory that someone else reads. */
#include "hypercall.h"

struct sink {
    char *buf;
    size_t size;            /* room including the final NUL */
    size_t len;             /* characters produced, even past size */
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void put_str(struct sink *s, const char *str, int width)
{
    int n = (int)strlen(str);

    for (; width > n; width--)
        put(s, ' ');
    while (*str)
        put(s, *str++);
}

static void put_num(struct sink *s, uint64_t v, unsigned base, bool neg,
                    int width, char pad)
{
    char tmp[24];
    int n = 0;

    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (neg && pad == '0')
        put(s, '-');
    for (width -= n + (neg ? 1 : 0); width > 0; width--)
        put(s, pad);
    if (neg && pad != '0')
        put(s, '-');
    while (n)
        put(s, tmp[--n]);
}

/* Length modifiers: 0 int, 1 long, 2 long long (size_t counts as long). */
static uint64_t take_unsigned(va_list *ap, int lng)
{
    if (lng == 2)
        return va_arg(*ap, unsigned long long);
    if (lng == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static int64_t take_signed(va_list *ap, int lng)
{
    if (lng == 2)
        return va_arg(*ap, long long);
    if (lng == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

static const char *one_conversion(struct sink *s, const char *f, va_list *ap)
{
    char pad = ' ';
    int width = 0;
    int lng = 0;

    if (*f == '0') {
        pad = '0';
        f++;
    }
    while (*f >= '0' && *f <= '9')
        width = width * 10 + (*f++ - '0');
    for (; *f == 'l' || *f == 'z'; f++) {
        if (lng < 2)
            lng++;
    }
    switch (*f) {
    case 'd':
    case 'i': {
        int64_t v = take_signed(ap, lng);
        put_num(s, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
        break;
    }
    case 'u':
        put_num(s, take_unsigned(ap, lng), 10, false, width, pad);
        break;
    case 'x':
        put_num(s, take_unsigned(ap, lng), 16, false, width, pad);
        break;
    case 'p':
        put_str(s, "0x", 0);
        put_num(s, (uintptr_t)va_arg(*ap, void *), 16, false, width, pad);
        break;
    case 'c':
        put(s, (char)va_arg(*ap, int));
        break;
    case 's': {
        const char *str = va_arg(*ap, const char *);
        put_str(s, str ? str : "(null)", width);
        break;
    }
    case '%':
        put(s, '%');
        break;
    default:                /* unknown: show it rather than guess */
        put(s, '%');
        if (*f)
            put(s, *f);
        break;
    }
    return *f ? f + 1 : f;
}

int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { buf, size, 0 };
    va_list aq;

    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%')
            put(&s, *fmt++);
        else
            fmt = one_conversion(&s, fmt + 1, &aq);
    }
    va_end(aq);
    if (size)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return (int)s.len;
}

int gsnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = gvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* gprintf is called from everywhere, the trap handler included, with no
 * context to carry a destination, so the choice lives here. */
static struct sink out_buffer;

void guest_output_to_buffer(char *buf, size_t size)
{
    out_buffer.buf = buf;
    out_buffer.size = size;
    out_buffer.len = 0;
    if (buf && size)
        buf[0] = '\0';
}

/* Appends whole lines while they fit; the text stays NUL-terminated, and
 * a line that does not fit is cut rather than overrunning the buffer. */
static void buffer_write(const char *s, size_t n)
{
    struct sink *b = &out_buffer;

    for (size_t i = 0; i < n; i++)
        put(b, s[i]);
    b->buf[b->len < b->size ? b->len : b->size - 1] = '\0';
}

void gprintf(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = gvsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(line))
        n = sizeof(line) - 1;
    if (out_buffer.buf && out_buffer.size) {
        buffer_write(line, (size_t)n);
        return;
    }
    /* Nothing sensible to do if the console itself fails: the checks of
     * console_io report that case. */
    (void)console_io(CONSOLEIO_write, (uint64_t)n, VA(line));
}
