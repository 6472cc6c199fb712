/* The xl.cfg reader's two halves: the syntax (config_xl_lex.c and
 * config_xl_syntax.c) gives settings with their places in the file; the
 * keys (config_xl.c) turn them into the model. Not public. */
#ifndef KEEL_LIBCTL_CONFIG_XL_H
#define KEEL_LIBCTL_CONFIG_XL_H

#include "config_internal.h"

#define XL_LIST_DEPTH_MAX 8

enum xl_kind { XL_STRING, XL_NUMBER, XL_LIST };

struct xl_value {
    enum xl_kind kind;
    unsigned line, col;
    char *text;                 /* XL_STRING, XL_NUMBER */
    struct xl_value *items;     /* XL_LIST */
    unsigned n;
};

/* key = value, or key += [list] already joined to the earlier list. */
struct xl_setting {
    char *key;
    unsigned line, col;
    struct xl_value value;
};

struct xl_file {
    struct xl_setting *settings;        /* in file order */
    unsigned n;
};

int xl_syntax_parse(const char *text, size_t len, const char *name,
                    struct xl_file *file, struct lc_config_error *err);
void xl_file_free(struct xl_file *file);
void xl_value_free(struct xl_value *v);

/* The lexer, for the parser only. */
enum xl_tok {
    XT_EOF, XT_NEWLINE, XT_SEMI, XT_EQ, XT_ADD, XT_LBRACK, XT_RBRACK,
    XT_COMMA, XT_IDENT, XT_NUMBER, XT_STRING,
};

struct xl_token {
    enum xl_tok t;
    unsigned line, col;
    char *text;                 /* XT_IDENT, XT_NUMBER, XT_STRING */
};

struct xl_lexer {
    const char *text;
    size_t len, pos;
    unsigned line, col;
    const char *name;
    struct lc_config_error *err;
    struct xl_token peeked;
    bool have_peek;
};

void xl_lex_init(struct xl_lexer *lx, const char *text, size_t len,
                 const char *name, struct lc_config_error *err);
/* The next token, which the caller then owns; 0, -EINVAL with err set,
 * or -ENOMEM. */
int xl_lex_next(struct xl_lexer *lx, struct xl_token *tok);
int xl_lex_peek(struct xl_lexer *lx, const struct xl_token **tok);
void xl_lex_done(struct xl_lexer *lx);
/* "FILE:LINE:COL: syntax error: ..." */
int xl_syntax_error(struct xl_lexer *lx, unsigned line, unsigned col,
                    const char *fmt, ...) LC_PRINTF(4, 5);

#endif
