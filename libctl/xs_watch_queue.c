/* Watch events waiting to be read. They arrive whenever xenstored likes,
 * often while we wait for a reply, so they are kept here in order. The
 * queue is bounded: past XS_WATCH_QUEUE_MAX (or when memory runs out) an
 * event is dropped and the loss reported once by xs_read_watch, because a
 * silent loss would leave the caller waiting for a change that happened. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xs_internal.h"

/* Keeps the eventfd behind xs_watch_fd readable exactly while something
 * is pending. */
void xs_update_signal(struct xs_conn *c)
{
    bool pending = c->ev_head || c->ev_lost;
    uint64_t v = 1;

    if (c->event_fd < 0 || pending == c->ev_signalled)
        return;
    if (pending) {
        if (write(c->event_fd, &v, sizeof(v)) != sizeof(v))
            return;
    } else if (read(c->event_fd, &v, sizeof(v)) != sizeof(v)) {
        return;
    }
    c->ev_signalled = pending;
}

void xs_queue_event(struct xs_conn *c, const char *body, size_t len)
{
    struct xs_event *e = NULL;

    if (c->ev_count < XS_WATCH_QUEUE_MAX)
        e = malloc(sizeof(*e) + len + 1);
    if (!e) {
        c->ev_lost = true;
        xs_update_signal(c);
        return;
    }
    e->next = NULL;
    e->len = len;
    memcpy(e->body, body, len);
    e->body[len] = '\0';
    if (c->ev_tail)
        c->ev_tail->next = e;
    else
        c->ev_head = e;
    c->ev_tail = e;
    c->ev_count++;
    xs_update_signal(c);
}

struct xs_event *xs_pop_event(struct xs_conn *c)
{
    struct xs_event *e = c->ev_head;

    if (!e)
        return NULL;
    c->ev_head = e->next;
    if (!c->ev_head)
        c->ev_tail = NULL;
    c->ev_count--;
    xs_update_signal(c);
    return e;
}

/* Whether path lies at or below watched, as a watch on watched sees it. */
static bool under(const char *watched, const char *path)
{
    size_t n = strlen(watched);

    if (strncmp(watched, path, n))
        return false;
    return path[n] == '\0' || path[n] == '/' || (n && watched[n - 1] == '/');
}

/* An event matches if its token is token and its path is under path.
 * A malformed event (no token) matches only when dropping everything. */
static bool matches(const struct xs_event *e, const char *path,
                    const char *token)
{
    size_t plen = strnlen(e->body, e->len);

    if (!path)
        return true;
    if (plen >= e->len)
        return false;
    return strcmp(e->body + plen + 1, token) == 0 && under(path, e->body);
}

/* Drops the queued events of one watch, or all of them if path is NULL. */
void xs_drop_events(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_event **link = &c->ev_head;

    c->ev_tail = NULL;
    while (*link) {
        struct xs_event *e = *link;

        if (matches(e, path, token)) {
            *link = e->next;
            c->ev_count--;
            free(e);
        } else {
            c->ev_tail = e;
            link = &e->next;
        }
    }
    if (!path)
        c->ev_lost = false;
    xs_update_signal(c);
}
