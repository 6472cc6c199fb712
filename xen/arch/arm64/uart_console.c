/* The hypervisor's console: the PL011 the device tree names in
 * /chosen stdout-path, or else the first one. */
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <drivers/pl011.h>
#include <asm/gic.h>
#include <asm/pcpu.h>
#include <asm/setup.h>

static struct {
    struct pl011 uart;
    int node;
    unsigned int irq;       /* GIC INTID, 0 if unknown */
} con;

static int stdout_node(const struct dt *dt)
{
    int chosen = dt_path(dt, "/chosen");
    const char *path = chosen >= 0 ? dt_prop_str(dt, chosen, "stdout-path") : NULL;
    char buf[128];
    size_t n;

    if (path) {
        n = strnlen(path, sizeof(buf) - 1);
        memcpy(buf, path, n);
        buf[n] = '\0';
        /* "serial0:115200n8": options follow a colon. */
        if (strchr(buf, ':'))
            *strchr(buf, ':') = '\0';
        if (buf[0] == '/') {
            int node = dt_path(dt, buf);

            if (node >= 0 && dt_is_compatible(dt, node, "arm,pl011"))
                return node;
        }
    }
    return dt_find_compatible(dt, -1, "arm,pl011");
}

/* An SPI from a 3-cell GIC interrupt specifier <type number flags>. */
static unsigned int spi_of(const struct dt *dt, int node)
{
    uint32_t len;
    const uint8_t *p = dt_prop(dt, node, "interrupts", &len);

    if (!p || len < 12 || dt_read_cells(p, 1) != 0)
        return 0;
    return (unsigned int)dt_read_cells(p + 4, 1) + 32;
}

int console_init(const struct dt *dt)
{
    int node = stdout_node(dt);
    uint64_t base, size;

    if (node < 0)
        return node;
    if (dt_reg(dt, node, 0, &base, &size))
        return -EINVAL;
    pl011_init(&con.uart, base);
    con.node = node;
    con.irq = spi_of(dt, node);
    return 0;
}

int console_node(void)
{
    return con.uart.regs ? con.node : -1;
}

void console_enable_input(void)
{
    if (!con.irq || !con.uart.regs)
        return;
    gic_enable_irq(&host_gic, con.irq, this_pcpu()->mpidr, false);
    pl011_enable_rx_irq(&con.uart);
}

unsigned int console_irq(void)
{
    return con.irq ? con.irq : ~0U;
}

void console_rx_irq(void)
{
    struct keel *k = this_pcpu()->keel;
    int c;

    while ((c = pl011_getc(&con.uart)) >= 0)
        console_input_char(k, (char)c);
}

void arch_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            pl011_putc(&con.uart, '\r');
        pl011_putc(&con.uart, s[i]);
    }
}
