/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Polled output on a 16550/8250 UART by I/O port, for the purgatory's one line. */
#ifndef SB_PURGATORY_SERIAL_H
#define SB_PURGATORY_SERIAL_H

#include <stdint.h>

/* Writes s and "\r\n" to the UART at `port` (0: no output). Never blocks for long. */
void serial_puts(uint16_t port, const char *s);

#endif
