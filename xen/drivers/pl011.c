/* PL011 UART: polled output, interrupt-driven input. */
#include <drivers/pl011.h>

#define UART_DR    (0x00 / 4)
#define UART_FR    (0x18 / 4)
#define UART_IMSC  (0x38 / 4)
#define UART_ICR   (0x44 / 4)
#define FR_RXFE    (1U << 4)
#define FR_TXFF    (1U << 5)
#define INT_RX     (1U << 4)
#define INT_RT     (1U << 6)

void pl011_init(struct pl011 *u, paddr_t base)
{
    /* The firmware (or QEMU) has already set the baud rate and enabled
     * the UART; reprogramming it would garble the boot loader's output. */
    u->regs = (volatile uint32_t *)(uintptr_t)base;
}

void pl011_putc(struct pl011 *u, char c)
{
    if (!u->regs)
        return;
    while (u->regs[UART_FR] & FR_TXFF)
        ;
    u->regs[UART_DR] = (uint8_t)c;
}

int pl011_getc(struct pl011 *u)
{
    if (!u->regs || (u->regs[UART_FR] & FR_RXFE))
        return -1;
    return (int)(u->regs[UART_DR] & 0xff);
}

void pl011_enable_rx_irq(struct pl011 *u)
{
    u->regs[UART_ICR] = INT_RX | INT_RT;
    u->regs[UART_IMSC] = INT_RX | INT_RT;
}
