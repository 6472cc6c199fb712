/* The check tally and its one-line-per-check output. */
#include "hypercall.h"

/* Results are mostly small (errno, version numbers): show those in decimal
 * and everything else (addresses, masks, register values) in hex. */
static void format_value(char *buf, size_t size, int64_t v)
{
    if (v >= -4096 && v <= 0xffff)
        gsnprintf(buf, size, "%ld", (long)v);
    else
        gsnprintf(buf, size, "0x%lx", (unsigned long)v);
}

void check_eq(struct guest *g, const char *what, int64_t got, int64_t want)
{
    char g_txt[24];
    char w_txt[24];

    g->run++;
    if (got == want) {
        gprintf("%s: ok %s\n", g->name, what);
        return;
    }
    g->failed++;
    format_value(g_txt, sizeof(g_txt), got);
    format_value(w_txt, sizeof(w_txt), want);
    gprintf("%s: FAIL %s: got %s want %s\n", g->name, what, g_txt, w_txt);
}

void check_true(struct guest *g, const char *what, bool ok, const char *fmt, ...)
{
    char detail[160];
    va_list ap;

    g->run++;
    if (ok) {
        gprintf("%s: ok %s\n", g->name, what);
        return;
    }
    g->failed++;
    va_start(ap, fmt);
    gvsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    gprintf("%s: FAIL %s: %s\n", g->name, what, detail);
}

void check_skip(struct guest *g, const char *what, const char *why)
{
    g->skipped++;
    gprintf("%s: skip %s: %s\n", g->name, what, why);
}

void guest_finish(struct guest *g)
{
    if (g->failed == 0) {
        gprintf("%s: PASS %u checks (%u skipped)\n", g->name, g->run, g->skipped);
        guest_shutdown(SHUTDOWN_poweroff);
    }
    gprintf("%s: FAIL %u of %u\n", g->name, g->failed, g->run);
    guest_shutdown(SHUTDOWN_crash);
}
