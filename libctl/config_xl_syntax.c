/* xl.cfg's grammar: settings `key = value` or `key += [list]`, each ended
 * by a newline, ';' or the end of the file; a value is a string, a number
 * or a list of values in brackets, which may span lines and end with a
 * comma. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_xl.h"

void xl_value_free(struct xl_value *v)
{
    for (unsigned i = 0; i < v->n; i++)
        xl_value_free(&v->items[i]);
    free(v->items);
    free(v->text);
    memset(v, 0, sizeof(*v));
}

void xl_file_free(struct xl_file *file)
{
    for (unsigned i = 0; i < file->n; i++) {
        free(file->settings[i].key);
        xl_value_free(&file->settings[i].value);
    }
    free(file->settings);
    memset(file, 0, sizeof(*file));
}

static const char *tok_name(enum xl_tok t)
{
    static const char *const names[] = {
        [XT_EOF] = "the end of the file", [XT_NEWLINE] = "a new line",
        [XT_SEMI] = "';'", [XT_EQ] = "'='", [XT_ADD] = "'+='",
        [XT_LBRACK] = "'['", [XT_RBRACK] = "']'", [XT_COMMA] = "','",
        [XT_IDENT] = "a name", [XT_NUMBER] = "a number",
        [XT_STRING] = "a string",
    };
    return names[t];
}

static int skip_newlines(struct xl_lexer *lx)
{
    const struct xl_token *t;
    int ret;

    while ((ret = xl_lex_peek(lx, &t)) == 0 && t->t == XT_NEWLINE) {
        struct xl_token nl;

        xl_lex_next(lx, &nl);
    }
    return ret;
}

static int parse_value(struct xl_lexer *lx, struct xl_value *v,
                       unsigned depth, const char *key);

static int append_item(struct xl_value *list, struct xl_value *item)
{
    struct xl_value *items = realloc(list->items,
                                     (list->n + 1) * sizeof(*items));

    if (!items)
        return -ENOMEM;
    list->items = items;
    items[list->n++] = *item;
    memset(item, 0, sizeof(*item));
    return 0;
}

/* After '['. The newlines inside a list mean nothing. */
static int parse_list(struct xl_lexer *lx, struct xl_value *v,
                      unsigned depth, const char *key)
{
    const struct xl_token *t;
    struct xl_token tok;
    struct xl_value item;
    int ret;

    if (depth >= XL_LIST_DEPTH_MAX)
        return xl_syntax_error(lx, v->line, v->col, "lists nest too deeply");
    v->kind = XL_LIST;
    for (;;) {
        ret = skip_newlines(lx);
        if (!ret)
            ret = xl_lex_peek(lx, &t);
        if (ret)
            return ret;
        if (t->t == XT_RBRACK)
            break;
        ret = parse_value(lx, &item, depth + 1, key);
        if (!ret && (ret = append_item(v, &item)))
            xl_value_free(&item);
        if (!ret)
            ret = skip_newlines(lx);
        if (!ret)
            ret = xl_lex_peek(lx, &t);
        if (ret)
            return ret;
        if (t->t == XT_RBRACK)
            break;
        if (t->t == XT_EOF)
            return xl_syntax_error(lx, v->line, v->col, "the list of '%s' "
                                   "is not closed", key);
        if (t->t != XT_COMMA)
            return xl_syntax_error(lx, t->line, t->col, "expected ',' or "
                                   "']' in the list of '%s', found %s", key,
                                   tok_name(t->t));
        xl_lex_next(lx, &tok);
    }
    xl_lex_next(lx, &tok);
    return 0;
}

static int parse_value(struct xl_lexer *lx, struct xl_value *v,
                       unsigned depth, const char *key)
{
    struct xl_token tok;
    int ret = xl_lex_next(lx, &tok);

    if (ret)
        return ret;
    memset(v, 0, sizeof(*v));
    v->line = tok.line;
    v->col = tok.col;
    switch (tok.t) {
    case XT_STRING:
    case XT_NUMBER:
        v->kind = tok.t == XT_STRING ? XL_STRING : XL_NUMBER;
        v->text = tok.text;
        return 0;
    case XT_LBRACK:
        ret = parse_list(lx, v, depth, key);
        if (ret)
            xl_value_free(v);
        return ret;
    case XT_EOF:
        if (depth)
            return xl_syntax_error(lx, tok.line, tok.col, "the list of '%s' "
                                   "is not closed", key);
        break;
    default:
        break;
    }
    free(tok.text);
    return xl_syntax_error(lx, tok.line, tok.col, "expected a value for "
                           "'%s', found %s", key, tok_name(tok.t));
}

static struct xl_setting *find_last(struct xl_file *file, const char *key)
{
    for (unsigned i = file->n; i-- > 0;)
        if (!strcmp(file->settings[i].key, key))
            return &file->settings[i];
    return NULL;
}

/* key += [list]: the earlier list's items, then these. */
static int join_lists(struct xl_lexer *lx, struct xl_file *file,
                      struct xl_setting *s)
{
    struct xl_setting *prev = find_last(file, s->key);
    struct xl_value joined = { .kind = XL_LIST };
    int ret = 0;

    if (!prev)
        return 0;
    if (prev->value.kind != XL_LIST || s->value.kind != XL_LIST)
        return xl_syntax_error(lx, s->line, s->col, "'+=' needs a list on "
                               "both sides ('%s')", s->key);
    joined.line = s->value.line;
    joined.col = s->value.col;
    for (unsigned i = 0; !ret && i < prev->value.n; i++)
        ret = append_item(&joined, &prev->value.items[i]);
    for (unsigned i = 0; !ret && i < s->value.n; i++)
        ret = append_item(&joined, &s->value.items[i]);
    if (ret) {
        xl_value_free(&joined);
        return ret;
    }
    xl_value_free(&prev->value);
    prev->value.kind = XL_LIST;
    xl_value_free(&s->value);
    s->value = joined;
    return 0;
}

static int add_setting(struct xl_file *file, struct xl_setting *s)
{
    struct xl_setting *settings = realloc(file->settings,
                                          (file->n + 1) * sizeof(*settings));

    if (!settings)
        return -ENOMEM;
    file->settings = settings;
    settings[file->n++] = *s;
    return 0;
}

static int parse_setting(struct xl_lexer *lx, struct xl_file *file,
                         struct xl_token *ident)
{
    struct xl_setting s = {
        .key = ident->text, .line = ident->line, .col = ident->col,
    };
    struct xl_token tok;
    int ret = xl_lex_next(lx, &tok);

    if (!ret && tok.t != XT_EQ && tok.t != XT_ADD) {
        free(tok.text);
        ret = xl_syntax_error(lx, tok.line, tok.col, "expected '=' after "
                              "'%s', found %s", s.key, tok_name(tok.t));
    }
    if (!ret)
        ret = parse_value(lx, &s.value, 0, s.key);
    if (!ret && tok.t == XT_ADD)
        ret = join_lists(lx, file, &s);
    if (!ret && (ret = xl_lex_next(lx, &tok)) == 0 &&
        tok.t != XT_NEWLINE && tok.t != XT_SEMI && tok.t != XT_EOF) {
        free(tok.text);
        ret = xl_syntax_error(lx, tok.line, tok.col, "expected a new line "
                              "or ';' after the value of '%s', found %s",
                              s.key, tok_name(tok.t));
    }
    if (!ret)
        ret = add_setting(file, &s);
    if (ret) {
        free(s.key);
        xl_value_free(&s.value);
    }
    return ret;
}

int xl_syntax_parse(const char *text, size_t len, const char *name,
                    struct xl_file *file, struct lc_config_error *err)
{
    struct xl_lexer lx;
    struct xl_token tok;
    int ret;

    memset(file, 0, sizeof(*file));
    xl_lex_init(&lx, text, len, name, err);
    while ((ret = xl_lex_next(&lx, &tok)) == 0 && tok.t != XT_EOF) {
        if (tok.t == XT_IDENT)
            ret = parse_setting(&lx, file, &tok);
        else if (tok.t != XT_NEWLINE && tok.t != XT_SEMI) {
            free(tok.text);
            ret = xl_syntax_error(&lx, tok.line, tok.col, "expected a key, "
                                  "found %s", tok_name(tok.t));
        }
        if (ret)
            break;
    }
    xl_lex_done(&lx);
    if (ret)
        xl_file_free(file);
    return ret;
}
