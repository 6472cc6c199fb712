/* Escaping values for the terminal and back, in the notation Xen's
 * xenstore-read prints and xenstore-write accepts. */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

/* At most 4 output bytes for each input byte, plus the NUL. */
char *escape_value(const char *v, size_t len)
{
    char *out = malloc(len * 4 + 1), *o = out;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)v[i];

        if (ch >= ' ' && ch <= '~' && ch != '\\')
            *o++ = (char)ch;
        else if (ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\')
            o += sprintf(o, "\\%c", ch == '\t' ? 't' : ch == '\n' ? 'n' :
                         ch == '\r' ? 'r' : '\\');
        else if (ch < 8)
            o += sprintf(o, "\\%03o", ch);
        else
            o += sprintf(o, "\\x%02x", ch);
    }
    *o = '\0';
    return out;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads up to max digits of base (8 or 16) at *in; returns how many. */
static int read_number(const char **in, int base, int max, unsigned *v)
{
    int n = 0, d;

    *v = 0;
    while (n < max && (d = hex_digit(**in)) >= 0 && d < base) {
        *v = *v * (unsigned)base + (unsigned)d;
        (*in)++;
        n++;
    }
    return n;
}

/* One escape after a backslash; *in points past the backslash. An
 * unknown escape stands for the character itself, as in Xen's tools. */
static char unescape_one(const char **in)
{
    char c = *(*in)++;
    unsigned v;

    switch (c) {
    case 't':
        return '\t';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 'x':
        return read_number(in, 16, 2, &v) ? (char)v : 'x';
    case '0': case '1': case '2': case '3':
    case '4': case '5': case '6': case '7':
        (*in)--;
        read_number(in, 8, 3, &v);
        return (char)v;
    default:
        return c;
    }
}

size_t unescape_value(const char *in, char *out)
{
    char *o = out;

    while (*in) {
        if (*in != '\\' || in[1] == '\0') {
            *o++ = *in++;   /* a final lone backslash is kept as it is */
            continue;
        }
        in++;
        *o++ = unescape_one(&in);
    }
    *o = '\0';
    return (size_t)(o - out);
}
