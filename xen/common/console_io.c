/* console_io: the control domain's console (hvc0 in dom0 Linux) and the
 * hypervisor's serial input for it. Other domains use console rings. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/hypercall.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/xen.h>

#define CHUNK 128

/* Output of a domain other than dom0 is prefixed "(dN) " line by line so
 * that interleaved consoles stay readable. */
static void domain_putc(struct domain *d, char c)
{
    if (d->con_len < sizeof(d->con_line) - 1)
        d->con_line[d->con_len++] = c;
    if (c != '\n' && d->con_len < sizeof(d->con_line) - 1)
        return;
    if (c != '\n')
        d->con_line[d->con_len++] = '\n';
    {
        char prefix[16];
        int n = snprintf(prefix, sizeof(prefix), "(d%u) ", d->id);

        console_puts(prefix, (size_t)n);
        console_puts(d->con_line, d->con_len);
    }
    d->con_len = 0;
}

void domain_console_write(struct domain *d, const char *s, size_t len)
{
    if (d->id == 0) {
        console_puts(s, len);
        return;
    }
    for (size_t i = 0; i < len; i++)
        domain_putc(d, s[i]);
}

static long console_write(struct vcpu *v, uint64_t count, gvaddr_t buf)
{
    char chunk[CHUNK];

    while (count) {
        size_t n = MIN(count, sizeof(chunk));

        if (copy_from_guest(v, chunk, buf, n))
            return -EFAULT;
        domain_console_write(v->domain, chunk, n);
        buf += n;
        count -= n;
    }
    return 0;
}

static long console_read(struct vcpu *v, uint64_t count, gvaddr_t buf)
{
    char chunk[CHUNK];
    long total = 0;

    while (count) {
        size_t n = console_input_peek(chunk, MIN(count, sizeof(chunk)));

        if (!n)
            break;
        if (copy_to_guest(v, buf, chunk, n))
            return total ? total : -EFAULT;
        console_input_consume(n);
        buf += n;
        count -= n;
        total += (long)n;
    }
    return total;
}

long do_console_io(struct vcpu *v, const uint64_t *args)
{
    if (!v->domain->privileged)
        return -EPERM;
    switch (args[0]) {
    case CONSOLEIO_write:
        return console_write(v, args[1], args[2]);
    case CONSOLEIO_read:
        return console_read(v, args[1], args[2]);
    default:
        return -ENOSYS;
    }
}
