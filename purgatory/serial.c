/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Polled 8250 UART output: wait (bounded) for THR empty, write the byte. */
#include <stdint.h>
#include "serial.h"

/*
 * The UART is left initialised (baud, 8n1) by the firmware or the old kernel, so the purgatory
 * does not reprogram it: changing the divisor could garble the console the user is watching.
 * LSR bit 5 (THRE) says the transmit holding register is empty (8250/16550 data sheets).
 */
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_SPIN_LIMIT 100000  /* a missing UART reads 0xff (THRE set); a stuck one must not hang us */

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void serial_putc(uint16_t port, char c)
{
	unsigned spin;

	for (spin = 0; spin < UART_SPIN_LIMIT; spin++)
		if (inb((uint16_t)(port + UART_LSR)) & UART_LSR_THRE)
			break;
	outb((uint16_t)(port + UART_THR), (uint8_t)c);
}

void serial_puts(uint16_t port, const char *s)
{
	if (port == 0)
		return;
	while (*s)
		serial_putc(port, *s++);
	serial_putc(port, '\r');
	serial_putc(port, '\n');
}
