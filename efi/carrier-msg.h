/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Console line builder for the key carrier: no printf in freestanding code, so lines are assembled. */
#ifndef SB_CARRIER_MSG_H
#define SB_CARRIER_MSG_H

#include <stddef.h>
#include <stdint.h>

#define CARRIER_MSG_MAX 200

struct carrier_msg {
	char buf[CARRIER_MSG_MAX + 1];
	size_t len;                 /* longer lines are cut, never overflow */
};

void msg_init(struct carrier_msg *m, const char *s);
void msg_str(struct carrier_msg *m, const char *s);
void msg_uint(struct carrier_msg *m, uint64_t v);
void msg_hex(struct carrier_msg *m, const uint8_t *p, size_t n);
/* Printable ASCII only; anything else becomes '?', so cert contents cannot drive the console. */
void msg_bytes(struct carrier_msg *m, const uint8_t *p, size_t n);

#endif
