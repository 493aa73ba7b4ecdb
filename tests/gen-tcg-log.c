// SPDX-License-Identifier: GPL-2.0-or-later
/* Writes crypto-agile TPM event logs (TCG PC Client PFP §10) for the tests; format in lib/tcg-eventlog.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "byteorder.h"
#include "gen-tcg-log.h"

const struct tcg_gen_bank tcg_gen_four_banks[4] = {
	{ 0x0004, 20 }, { 0x000b, 32 }, { 0x000c, 48 }, { 0x000d, 64 },
};
const struct tcg_gen_bank tcg_gen_sha256_only[1] = { { 0x000b, 32 } };

void tcg_gen_bytes(struct tcg_gen *g, const void *p, size_t n)
{
	if (g->len + n > g->cap) {
		size_t cap = (g->len + n) * 2 + 256;
		uint8_t *d = realloc(g->d, cap);

		if (!d) {
			fprintf(stderr, "gen-tcg-log: out of memory\n");
			exit(99);
		}
		g->d = d;
		g->cap = cap;
	}
	if (p)
		memcpy(g->d + g->len, p, n);
	else
		memset(g->d + g->len, 0, n);
	g->len += n;
}

static void put16(struct tcg_gen *g, uint16_t v) { uint8_t b[2]; sb_put_le16(b, v); tcg_gen_bytes(g, b, 2); }
static void put32(struct tcg_gen *g, uint32_t v) { uint8_t b[4]; sb_put_le32(b, v); tcg_gen_bytes(g, b, 4); }

void tcg_gen_start(struct tcg_gen *g, const struct tcg_gen_bank *banks, unsigned n, unsigned vendor_len)
{
	unsigned i;

	memset(g, 0, sizeof(*g));
	g->nbanks = n;
	memcpy(g->banks, banks, n * sizeof(*banks));
	/* TCG_PCClientPCREvent: PCR 0, EV_NO_ACTION, zero SHA-1 digest, then the Spec ID event. */
	put32(g, 0);
	put32(g, 3);
	tcg_gen_bytes(g, NULL, 20);
	put32(g, 29 + 4 * n + vendor_len);
	tcg_gen_bytes(g, "Spec ID Event03", 16);
	put32(g, 0);                       /* platformClass: client */
	tcg_gen_bytes(g, "\x00\x02\x00\x02", 4);  /* version 2.0, errata 0, uintnSize 2 */
	put32(g, n);
	for (i = 0; i < n; i++) {
		put16(g, banks[i].alg);
		put16(g, banks[i].size);
	}
	tcg_gen_bytes(g, (uint8_t[]){ (uint8_t)vendor_len }, 1);
	for (i = 0; i < vendor_len; i++)
		tcg_gen_bytes(g, "v", 1);
}

static void digest(uint16_t alg, uint16_t size, const uint8_t *data, uint32_t len, uint8_t *out)
{
	const EVP_MD *md = alg == 0x0004 ? EVP_sha1() : alg == 0x000b ? EVP_sha256() :
			   alg == 0x000c ? EVP_sha384() : alg == 0x000d ? EVP_sha512() : NULL;
	unsigned n = 0;

	memset(out, 0xa5, size);
	if (md && (EVP_Digest(data, len, out, &n, md, NULL) != 1 || n != size)) {
		fprintf(stderr, "gen-tcg-log: digest of bank 0x%04x failed\n", alg);
		exit(99);
	}
}

size_t tcg_gen_event(struct tcg_gen *g, uint32_t pcr, uint32_t type, const uint8_t *data, uint32_t len)
{
	size_t off = g->len;
	uint8_t d[64];
	unsigned i, k;

	put32(g, pcr);
	put32(g, type);
	put32(g, g->nbanks);
	for (k = 0; k < g->nbanks; k++) {
		i = g->reverse ? g->nbanks - 1 - k : k;
		put16(g, g->banks[i].alg);
		digest(g->banks[i].alg, g->banks[i].size, data, len, d);
		tcg_gen_bytes(g, d, g->banks[i].size);
	}
	put32(g, len);
	tcg_gen_bytes(g, data, len);
	return off;
}

size_t tcg_gen_digest_at(const struct tcg_gen *g, size_t off, unsigned bank)
{
	size_t p = off + 12;
	unsigned k, i;

	for (k = 0; k < g->nbanks; k++) {
		i = g->reverse ? g->nbanks - 1 - k : k;
		if (i == bank)
			return p + 2;
		p += 2 + g->banks[i].size;
	}
	return 0;
}

void tcg_gen_free(struct tcg_gen *g)
{
	free(g->d);
	memset(g, 0, sizeof(*g));
}
