/* xl.cfg's tokens, as xl's own scanner cuts them: lower-case keys with
 * dots and underscores, numbers, single- or double-quoted strings with C
 * escapes, '[' ']' ',' '=' "+=" ';', comments from '#', and newlines,
 * which end a setting. A carriage return counts as a space, so files
 * with DOS line ends read as they look. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_xl.h"

void xl_lex_init(struct xl_lexer *lx, const char *text, size_t len,
                 const char *name, struct lc_config_error *err)
{
    memset(lx, 0, sizeof(*lx));
    lx->text = text;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->name = name;
    lx->err = err;
}

int xl_syntax_error(struct xl_lexer *lx, unsigned line, unsigned col,
                    const char *fmt, ...)
{
    char what[LC_CFG_ERR_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return lc_err(lx->err, -EINVAL, "%s:%u:%u: syntax error: %s", lx->name,
                  line, col, what);
}

static int cur(const struct xl_lexer *lx)
{
    return lx->pos < lx->len ? (unsigned char)lx->text[lx->pos] : -1;
}

static void advance(struct xl_lexer *lx)
{
    if (lx->text[lx->pos++] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
}

static void skip_blanks(struct xl_lexer *lx)
{
    for (;;) {
        int c = cur(lx);

        if (c == ' ' || c == '\t' || c == '\r') {
            advance(lx);
        } else if (c == '#') {
            while (cur(lx) != -1 && cur(lx) != '\n')
                advance(lx);
        } else {
            return;
        }
    }
}

static int take_run(struct xl_lexer *lx, const char *chars, char **text)
{
    size_t start = lx->pos;

    while (cur(lx) != -1 && strchr(chars, cur(lx)))
        advance(lx);
    *text = strndup(lx->text + start, lx->pos - start);
    return *text ? 0 : -ENOMEM;
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The character a backslash escape stands for; lx is on the letter. */
static int escape(struct xl_lexer *lx, unsigned line, unsigned col)
{
    static const char plain[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";
    int c = cur(lx), v = 0, n;

    for (unsigned i = 0; plain[i]; i += 2) {
        if (c == plain[i]) {
            advance(lx);
            return plain[i + 1];
        }
    }
    if (c == 'x') {
        advance(lx);
        for (n = 0; n < 2 && hex_digit(cur(lx)) >= 0; n++, advance(lx))
            v = v * 16 + hex_digit(cur(lx));
        if (n < 2)
            return xl_syntax_error(lx, line, col, "\\x needs two hex "
                                   "digits");
        return v;
    }
    if (c >= '0' && c <= '7') {
        for (n = 0; n < 3 && cur(lx) >= '0' && cur(lx) <= '7';
             n++, advance(lx))
            v = v * 8 + (cur(lx) - '0');
        return v > 255 ? xl_syntax_error(lx, line, col, "octal escape "
                                         "above \\377") : v;
    }
    return xl_syntax_error(lx, line, col, "unknown escape '\\%c' in a "
                           "string", c >= 0x20 && c < 0x7f ? c : '?');
}

static int string_token(struct xl_lexer *lx, char **text)
{
    unsigned line = lx->line, col = lx->col;
    int quote = cur(lx);
    size_t n = 0;
    char *out = malloc(lx->len - lx->pos + 1);

    if (!out)
        return -ENOMEM;
    advance(lx);
    for (int c; (c = cur(lx)) != quote; out[n++] = (char)c) {
        unsigned ecol = lx->col;

        if (c == -1 || c == '\n') {
            free(out);
            return xl_syntax_error(lx, line, col, "unterminated string");
        }
        advance(lx);
        if (c == '\\' && (cur(lx) == -1 || cur(lx) == '\n')) {
            free(out);
            return xl_syntax_error(lx, line, col, "unterminated string");
        }
        if (c == '\\' && (c = escape(lx, lx->line, ecol)) <= 0) {
            free(out);
            return c < 0 ? c : xl_syntax_error(lx, lx->line, ecol,
                                               "a string cannot hold NUL");
        }
    }
    advance(lx);
    out[n] = '\0';
    *text = out;
    return 0;
}

static int unexpected(struct xl_lexer *lx, int c)
{
    if (c >= 0x20 && c < 0x7f)
        return xl_syntax_error(lx, lx->line, lx->col, "unexpected '%c'", c);
    return xl_syntax_error(lx, lx->line, lx->col, "unexpected byte 0x%02x",
                           c);
}

static int scan(struct xl_lexer *lx, struct xl_token *tok)
{
    static const char single[] = "\n;=[],";
    static const enum xl_tok singles[] = {
        XT_NEWLINE, XT_SEMI, XT_EQ, XT_LBRACK, XT_RBRACK, XT_COMMA,
    };
    const char *p;
    int c;

    skip_blanks(lx);
    memset(tok, 0, sizeof(*tok));
    tok->line = lx->line;
    tok->col = lx->col;
    c = cur(lx);
    if (c == -1)
        return 0;       /* XT_EOF */
    if (c && (p = strchr(single, c))) {
        tok->t = singles[p - single];
        advance(lx);
        return 0;
    }
    if (c == '+' && lx->pos + 1 < lx->len && lx->text[lx->pos + 1] == '=') {
        tok->t = XT_ADD;
        advance(lx);
        advance(lx);
        return 0;
    }
    tok->t = c >= 'a' && c <= 'z' ? XT_IDENT
           : c >= '0' && c <= '9' ? XT_NUMBER : XT_STRING;
    if (tok->t == XT_IDENT)
        return take_run(lx, "abcdefghijklmnopqrstuvwxyz0123456789._",
                        &tok->text);
    /* Letters too, so that "128M" is one bad number, not two tokens. */
    if (tok->t == XT_NUMBER)
        return take_run(lx, "0123456789abcdefghijklmnopqrstuvwxyz"
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ._", &tok->text);
    if (c == '"' || c == '\'')
        return string_token(lx, &tok->text);
    return unexpected(lx, c);
}

int xl_lex_next(struct xl_lexer *lx, struct xl_token *tok)
{
    if (lx->have_peek) {
        *tok = lx->peeked;
        lx->have_peek = false;
        return 0;
    }
    return scan(lx, tok);
}

int xl_lex_peek(struct xl_lexer *lx, const struct xl_token **tok)
{
    int ret = 0;

    if (!lx->have_peek) {
        ret = scan(lx, &lx->peeked);
        lx->have_peek = ret == 0;
    }
    *tok = &lx->peeked;
    return ret;
}

void xl_lex_done(struct xl_lexer *lx)
{
    if (lx->have_peek)
        free(lx->peeked.text);
    lx->have_peek = false;
}
