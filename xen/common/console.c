/* The hypervisor's log. Everything printed goes to the UART and into a
 * ring, so that a later `xl dmesg` can read the boot log. */
#include <stdarg.h>
#include <keel/arch.h>
#include <keel/lib.h>
#include <keel/printk.h>

#define LOG_RING_SIZE (64 * 1024)

struct log_ring {
    spinlock_t lock;
    uint64_t written;           /* bytes ever written */
    char buf[LOG_RING_SIZE];
};

static struct log_ring log_ring;

static void log_append(struct log_ring *r, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        r->buf[(r->written + i) % LOG_RING_SIZE] = s[i];
    r->written += len;
}

static void emit(const char *s, size_t len)
{
    spin_lock(&log_ring.lock);
    log_append(&log_ring, s, len);
    arch_console_write(s, len);
    spin_unlock(&log_ring.lock);
}

void console_puts(const char *s, size_t len)
{
    emit(s, len);
}

static void vprintk(const char *prefix, const char *fmt, va_list ap)
{
    char line[512];
    size_t p = strlen(prefix);
    int n;

    memcpy(line, prefix, p);
    n = vsnprintf(line + p, sizeof(line) - p, fmt, ap);
    if (n < 0)
        return;
    p += MIN((size_t)n, sizeof(line) - p - 1);
    emit(line, p);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk("(keel) ", fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk("(keel) panic: ", fmt, ap);
    va_end(ap);
    arch_halt();
}

size_t console_log_read(char *buf, size_t size, uint64_t *pos)
{
    size_t n = 0;

    spin_lock(&log_ring.lock);
    if (*pos + LOG_RING_SIZE < log_ring.written)
        *pos = log_ring.written - LOG_RING_SIZE;
    while (n < size && *pos < log_ring.written) {
        buf[n++] = log_ring.buf[*pos % LOG_RING_SIZE];
        (*pos)++;
    }
    spin_unlock(&log_ring.lock);
    return n;
}
