// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/carrier-event.c: the carrier's TPM event records, byte layout against a hand-written copy, round trips, hostile input. */
#include <stdlib.h>
#include "test.h"
#include "carrier-event.h"
#include "sb-error.h"

static const uint8_t sha[32] = { 0xa0, 0xa1, 0xa2, 0xa3, [31] = 0xbf };

/* The layout of carrier-event.h written out by hand: an independent reading of the format. */
static void t_cert_bytes(void)
{
	uint8_t buf[128], want[54 + 3] = {
		0x53, 0x42, 0x4b, 0x4d,  /* "SBKM" */
		49, 0, 0, 0,             /* taggedEventDataSize: 57 bytes in all, minus 8 */
		1, 0, 1, 0,              /* version 1, kind 1 */
		2, 0, 4, 0, 2, 0, 0, 0,  /* index 2, decision 4 (dbx), form 2 (TBS), dest 0 */
	};
	long n;

	memcpy(want + 20, sha, 32);
	want[52] = 3;
	want[53] = 0;
	memcpy(want + 54, "abc", 3);
	n = carrier_event_cert(buf, sizeof(buf), 2, 4, 2, 0, sha, (const uint8_t *)"abc", 3);
	T_EQ_INT(n, sizeof(want));
	if (n == (long)sizeof(want))
		T_EQ_MEM(buf, want, sizeof(want));
}

static void t_outcome_bytes(void)
{
	uint8_t buf[64];
	static const uint8_t want[24] = {
		0x53, 0x42, 0x4b, 0x4d, 16, 0, 0, 0, 1, 0, 2, 0,
		0xfb, 0xff, 0xff, 0xff,  /* result -5 (SB_E_REVOKED as an example) */
		3, 0, 1, 0, 2, 0, 6, 0,  /* published 3, present 1, skipped 2, dest table|record */
	};

	T_EQ_INT(carrier_event_outcome(buf, sizeof(buf), -5, 3, 1, 2, 6), 24);
	T_EQ_MEM(buf, want, 24);
	T_EQ_INT(carrier_event_outcome(buf, 23, 0, 0, 0, 0, 0), SB_E_BUFFER_SMALL);
	T_EQ_INT(carrier_event_outcome(buf, sizeof(buf), 1, 0, 0, 0, 0), SB_E_MALFORMED);
	T_EQ_INT(carrier_event_outcome(buf, sizeof(buf), 0, 0x10000, 0, 0, 0), SB_E_MALFORMED);
	T_EQ_INT(carrier_event_outcome(buf, sizeof(buf), 0, 0, 0, 0, 8), SB_E_MALFORMED);
}

static void t_round_trip(void)
{
	uint8_t buf[256], cn[80];
	struct carrier_event ev;
	long n;

	memset(cn, 'x', sizeof(cn));
	n = carrier_event_cert(buf, sizeof(buf), 7, 1, 0, 7, sha, (const uint8_t *)"kexec CA", 8);
	T_EQ_INT(carrier_event_parse(buf, (size_t)n, &ev), 0);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_CERT);
	T_EQ_INT(ev.index, 7);
	T_EQ_INT(ev.decision, 1);
	T_EQ_INT(ev.form, 0);
	T_EQ_INT(ev.dest, 7);
	T_EQ_MEM(ev.sha256, sha, 32);
	T_EQ_INT(ev.cn_len, 8);
	T_CHECK(ev.cn == buf + 54 && memcmp(ev.cn, "kexec CA", 8) == 0);
	/* A long CN is cut to CARRIER_EVENT_CN_MAX, and still parses. */
	n = carrier_event_cert(buf, sizeof(buf), 1, 2, 0, 0, sha, cn, sizeof(cn));
	T_EQ_INT(n, CARRIER_EVENT_CERT_SIZE(CARRIER_EVENT_CN_MAX));
	T_EQ_INT(carrier_event_parse(buf, (size_t)n, &ev), 0);
	T_EQ_INT(ev.cn_len, CARRIER_EVENT_CN_MAX);
	n = carrier_event_outcome(buf, sizeof(buf), SB_E_IO, 0, 0, 0, 0);
	T_EQ_INT(carrier_event_parse(buf, (size_t)n, &ev), 0);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_OUTCOME);
	T_EQ_INT(ev.result, SB_E_IO);
	/* Out of range fields are refused by the builder. */
	T_EQ_INT(carrier_event_cert(buf, sizeof(buf), 0, 1, 0, 0, sha, NULL, 0), SB_E_MALFORMED);
	T_EQ_INT(carrier_event_cert(buf, sizeof(buf), 1, 6, 0, 0, sha, NULL, 0), SB_E_MALFORMED);
	T_EQ_INT(carrier_event_cert(buf, sizeof(buf), 1, 1, 4, 0, sha, NULL, 0), SB_E_MALFORMED);
	T_EQ_INT(carrier_event_cert(buf, 53, 1, 1, 0, 0, sha, NULL, 0), SB_E_BUFFER_SMALL);
}

struct hostile {
	const char *what;
	unsigned off;       /* byte to change (0xffff: truncate instead / append) */
	int value;          /* new byte value; -1: drop the last byte; -2: add one */
	int expect;
};

static void t_hostile(void)
{
	static const struct hostile cases[] = {
		{ "another tag id (not ours)",       0, 0x00, SB_E_NOT_FOUND },
		{ "taggedEventDataSize one more",    4, 46 + 3 + 1, SB_E_MALFORMED },
		{ "taggedEventDataSize one less",    4, 46 + 3 - 1, SB_E_MALFORMED },
		{ "version 2",                       8, 2, SB_E_UNSUPPORTED },
		{ "kind 3",                          10, 3, SB_E_UNSUPPORTED },
		{ "index 0",                         12, 0, SB_E_MALFORMED },
		{ "decision 0",                      14, 0, SB_E_MALFORMED },
		{ "decision 6",                      14, 6, SB_E_MALFORMED },
		{ "form 4",                          16, 4, SB_E_MALFORMED },
		{ "dest bit 3",                      18, 8, SB_E_MALFORMED },
		{ "cn_len past the end",             52, 4, SB_E_MALFORMED },
		{ "cn_len 65",                       52, 65, SB_E_MALFORMED },
		{ "one byte short",                  0, -1, SB_E_MALFORMED },
		{ "one trailing byte",               0, -2, SB_E_MALFORMED },
	};
	uint8_t good[128], buf[128];
	size_t n = (size_t)carrier_event_cert(good, sizeof(good), 1, 1, 0, 6, sha,
					      (const uint8_t *)"abc", 3);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct carrier_event ev = { .kind = 99 };
		size_t len = n;
		int rc;

		memcpy(buf, good, n);
		if (cases[i].value == -1) {
			len--;
		} else if (cases[i].value == -2) {
			buf[len++] = 0;
		} else {
			buf[cases[i].off] = (uint8_t)cases[i].value;
		}
		rc = carrier_event_parse(buf, len, &ev);
		t_result(rc == cases[i].expect && ev.kind == 99, "parse refuses: %s (%s)",
			 cases[i].what, sb_strerror(cases[i].expect));
	}
}

/* How many of the truncations good[0..len) are not refused as malformed (ASan: no overread). */
static size_t truncations_accepted(const uint8_t *good, size_t n)
{
	struct carrier_event ev;
	size_t bad = 0;

	for (size_t len = 0; len < n; len++) {
		uint8_t *p = malloc(len ? len : 1);

		memcpy(p, good, len);
		if (carrier_event_parse(p, len, &ev) != SB_E_MALFORMED)
			bad++;
		free(p);
	}
	return bad;
}

/* Every truncation of both kinds is refused. */
static void t_truncations(void)
{
	uint8_t good[128];
	struct carrier_event ev;
	long n;

	n = carrier_event_cert(good, sizeof(good), 3, 2, 0, 4, sha, (const uint8_t *)"a cn", 4);
	T_EQ_INT(truncations_accepted(good, (size_t)n), 0);
	n = carrier_event_outcome(good, sizeof(good), 0, 1, 0, 0, 5);
	T_EQ_INT(truncations_accepted(good, (size_t)n), 0);
	T_EQ_INT(carrier_event_parse(NULL, 0, &ev), SB_E_MALFORMED);
}

int main(void)
{
	t_run("certificate event: bytes as the header documents them", t_cert_bytes);
	t_run("outcome event: bytes as documented; builder range checks", t_outcome_bytes);
	t_run("build/parse round trips (certificate, long CN cut, outcome)", t_round_trip);
	t_hostile();
	t_run("every truncation of either kind refused", t_truncations);
	return t_done();
}
