// SPDX-License-Identifier: GPL-2.0-or-later
/* Host tests of lib/keycarrier.c: the KeyCarrierRT record parser and header writer. */
#include <stdint.h>
#include "test.h"
#include "keycarrier.h"
#include "efi-guid.h"
#include "sb-error.h"

/* A minimal "certificate": a DER SEQUENCE spanning exactly its bytes is all esl_validate needs. */
static const uint8_t cert[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };

static size_t record(uint8_t *out, uint16_t hdr_size, uint32_t carriers)
{
	static const sb_guid x509 = SB_GUID_CERT_X509, owner = SB_GUID_SBKEXEC;
	uint32_t list = 28 + 16 + sizeof(cert), sig = 16 + sizeof(cert), zero = 0;
	size_t n;

	keycarrier_header(out, carriers);
	memcpy(out + 6, &hdr_size, 2);
	memset(out + 16, 0xcc, hdr_size > 16 ? hdr_size - 16u : 0u);
	n = hdr_size;
	memcpy(out + n, &x509, 16);
	memcpy(out + n + 16, &list, 4);
	memcpy(out + n + 20, &zero, 4);
	memcpy(out + n + 24, &sig, 4);
	memcpy(out + n + 28, &owner, 16);
	memcpy(out + n + 44, cert, sizeof(cert));
	return n + list;
}

static void t_header_bytes(void)
{
	uint8_t h[16];
	static const uint8_t want[16] = { 'S', 'B', 'K', 'C', 1, 0, 16, 0, 0x02, 0x01, 0, 0, 0, 0, 0, 0 };

	keycarrier_header(h, 0x102);
	T_EQ_MEM(h, want, 16);
}

static void t_parse_good(void)
{
	uint8_t buf[256];
	size_t n = record(buf, 16, 3), ll = 0;
	const uint8_t *l = NULL;
	uint32_t c = 0;

	T_EQ_INT(keycarrier_parse(buf, n, &l, &ll, &c), 1);
	T_CHECK(l == buf + 16);
	T_EQ_INT(ll, n - 16);
	T_EQ_INT(c, 3);
	/* A longer header from a future version 1 writer is skipped. */
	n = record(buf, 24, 1);
	T_EQ_INT(keycarrier_parse(buf, n, &l, &ll, &c), 1);
	T_CHECK(l == buf + 24);
	/* No lists at all is a valid (empty) record: a carrier whose certs were all revoked. */
	record(buf, 16, 1);
	T_EQ_INT(keycarrier_parse(buf, 16, &l, &ll, &c), 0);
	T_EQ_INT(ll, 0);
}

static void t_parse_bad(void)
{
	static const struct { const char *what; int how; } cases[] = {
		{ "shorter than the header", 0 }, { "bad magic", 1 }, { "version 2", 2 },
		{ "hdr_size below 16", 3 }, { "hdr_size past the end", 4 },
		{ "list truncated", 5 }, { "list of another type", 6 }, { "NULL buffer", 7 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[256];
		size_t n = record(buf, 16, 1), ll = 77;
		const uint8_t *l = NULL;
		uint32_t c = 99;
		const uint8_t *p = buf;

		switch (cases[i].how) {
		case 0: n = 15; break;
		case 1: buf[0] = 'X'; break;
		case 2: buf[4] = 2; break;
		case 3: buf[6] = 8; break;
		case 4: buf[6] = 0xff; buf[7] = 0; n = 200; break;
		case 5: n -= 1; break;
		case 6: buf[16] ^= 1; break;
		case 7: p = NULL; break;
		}
		t_case_failed = 0;
		T_EQ_INT(keycarrier_parse(p, n, &l, &ll, &c), SB_E_MALFORMED);
		T_CHECK(l == NULL && ll == 77 && c == 99);
		t_result(!t_case_failed, "malformed record refused: %s", cases[i].what);
	}
}

int main(void)
{
	t_run("header bytes", t_header_bytes);
	t_run("good records: 16-byte and longer headers, empty", t_parse_good);
	t_parse_bad();
	return t_done();
}
