/* The Arm PL011 UART the hypervisor keeps for its own console. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <keel/types.h>

struct pl011 {
    volatile uint32_t *regs;
};

void pl011_init(struct pl011 *u, paddr_t base);
void pl011_putc(struct pl011 *u, char c);
/* Returns the next received character, or -1 if none is waiting. */
int pl011_getc(struct pl011 *u);
/* Enables the receive interrupts (the caller routes the SPI). */
void pl011_enable_rx_irq(struct pl011 *u);

#endif
