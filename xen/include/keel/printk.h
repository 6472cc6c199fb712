/* The hypervisor's log: to the console UART and to a ring kept for
 * `xl dmesg`. Lines from the hypervisor carry the "(keel) " prefix. */
#ifndef KEEL_PRINTK_H
#define KEEL_PRINTK_H

#include <keel/types.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Raw text with no prefix, as it came from a guest. */
void console_puts(const char *s, size_t len);

/* Copies up to `size` bytes of the log ring, oldest first, starting at
 * byte `*pos` of the log's history; advances *pos. */
size_t console_log_read(char *buf, size_t size, uint64_t *pos);

/* Serial input for the control domain (console_io read). */
bool console_input_push(char c);
size_t console_input_read(char *buf, size_t size);
/* console_input_read in two steps: look, then take what was used. */
size_t console_input_peek(char *buf, size_t size);
void console_input_consume(size_t n);

/* A domain's console_io output: raw for dom0, "(dN) "-prefixed lines for
 * others. */
struct domain;
void domain_console_write(struct domain *d, const char *s, size_t len);

#endif
