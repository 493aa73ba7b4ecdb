// SPDX-License-Identifier: GPL-2.0-or-later
/* Console line builder for the key carrier (see carrier-msg.h). */
#include "carrier-msg.h"

static void put(struct carrier_msg *m, char c)
{
	if (m->len < CARRIER_MSG_MAX)
		m->buf[m->len++] = c;
	m->buf[m->len] = 0;
}

void msg_init(struct carrier_msg *m, const char *s)
{
	m->len = 0;
	m->buf[0] = 0;
	msg_str(m, s);
}

void msg_str(struct carrier_msg *m, const char *s)
{
	while (*s)
		put(m, *s++);
}

void msg_uint(struct carrier_msg *m, uint64_t v)
{
	char tmp[21];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put(m, tmp[--n]);
}

void msg_hex(struct carrier_msg *m, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		put(m, digits[p[i] >> 4]);
		put(m, digits[p[i] & 15]);
	}
}

void msg_bytes(struct carrier_msg *m, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(m, (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?');
}
