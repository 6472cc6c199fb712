/* Serial input waiting for the control domain: the UART interrupt puts
 * characters in, console_io read takes them out. A full ring drops input
 * rather than blocking the interrupt handler. */
#include <keel/arch.h>
#include <keel/printk.h>

#define INPUT_RING_SIZE 1024

static struct {
    spinlock_t lock;
    unsigned int prod, cons;
    char buf[INPUT_RING_SIZE];
} input;

bool console_input_push(char c)
{
    bool ok;

    spin_lock(&input.lock);
    ok = input.prod - input.cons < INPUT_RING_SIZE;
    if (ok)
        input.buf[input.prod++ % INPUT_RING_SIZE] = c;
    spin_unlock(&input.lock);
    return ok;
}

size_t console_input_peek(char *buf, size_t size)
{
    size_t n = 0;

    spin_lock(&input.lock);
    while (n < size && input.cons + n != input.prod) {
        buf[n] = input.buf[(input.cons + n) % INPUT_RING_SIZE];
        n++;
    }
    spin_unlock(&input.lock);
    return n;
}

void console_input_consume(size_t n)
{
    spin_lock(&input.lock);
    input.cons += (unsigned int)MIN(n, (size_t)(input.prod - input.cons));
    spin_unlock(&input.lock);
}

size_t console_input_read(char *buf, size_t size)
{
    size_t n = 0;

    spin_lock(&input.lock);
    while (n < size && input.cons != input.prod)
        buf[n++] = input.buf[input.cons++ % INPUT_RING_SIZE];
    spin_unlock(&input.lock);
    return n;
}
