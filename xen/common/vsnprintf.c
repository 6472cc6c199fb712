/* A small vsnprintf for the hypervisor's log: %d %i %u %x %X %p %s %c %%
 * with flags '0' and '-', a width, and the l, ll and z length modifiers. */
#include <keel/lib.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

struct spec {
    bool zero;
    bool left;
    unsigned int width;
    unsigned int lng;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n,
                       const struct spec *sp)
{
    size_t pad = sp->width > n ? sp->width - n : 0;
    char fill = sp->zero && !sp->left ? '0' : ' ';

    if (!sp->left)
        while (pad--)
            put(o, fill);
    for (size_t i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        while (pad--)
            put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, unsigned int base,
                       bool upper, bool neg, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int i = sizeof(tmp);

    do {
        tmp[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (sp->zero && !sp->left && sp->width) {
            struct spec rest = *sp;

            put(o, '-');
            rest.width = sp->width ? sp->width - 1 : 0;
            put_padded(o, tmp + i, sizeof(tmp) - i, &rest);
            return;
        }
        tmp[--i] = '-';
    }
    put_padded(o, tmp + i, sizeof(tmp) - i, sp);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
    *sp = (struct spec){ 0 };
    for (;; f++) {
        if (*f == '0')
            sp->zero = true;
        else if (*f == '-')
            sp->left = true;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (unsigned int)(*f++ - '0');
    while (*f == 'l' || *f == 'z') {
        sp->lng++;
        f++;
    }
    return f;
}

static uint64_t arg_unsigned(va_list *ap, const struct spec *sp)
{
    return sp->lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, const struct spec *sp)
{
    return sp->lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static void convert(struct out *o, char c, const struct spec *sp, va_list *ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        int64_t v = arg_signed(ap, sp);

        put_number(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, sp);
        break;
    }
    case 'u':
        put_number(o, arg_unsigned(ap, sp), 10, false, false, sp);
        break;
    case 'x':
    case 'X':
        put_number(o, arg_unsigned(ap, sp), 16, c == 'X', false, sp);
        break;
    case 'p':
        put(o, '0');
        put(o, 'x');
        put_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, false, sp);
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);

        if (!s)
            s = "(null)";
        put_padded(o, s, strlen(s), sp);
        break;
    }
    case 'c': {
        char ch = (char)va_arg(*ap, int);

        put_padded(o, &ch, 1, sp);
        break;
    }
    default:
        put(o, '%');
        put(o, c);
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        struct spec sp;

        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp);
        if (!*fmt)
            break;
        if (*fmt == '%')
            put(&o, '%');
        else
            convert(&o, *fmt, &sp, &args);
        fmt++;
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
