/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes a TPM event log from events given as PCR:TYPE:HEX, and PCR 14 as Linux's sysfs shows it, for tests/test-key-loader-crosscheck.sh. */
/*
 * Usage: make-tcg-log [--sha256-only | --sha1-only] [--bad-digest N] [--truncate BYTES]
 *                     [--pcr-out FILE] OUT [PCR:TYPE:HEX]...
 * Writes OUT, a crypto-agile log (four banks as OVMF + swtpm, or one) holding the
 * events in order, each digest computed by OpenSSL; --bad-digest N gives event N (1-based) a
 * SHA-256 digest that is not its data's; --truncate drops BYTES from the end. --pcr-out writes
 * PCR 14's replay (SHA-256 bank, from zero, EV_NO_ACTION skipped) as /sys/class/tpm/tpm0/
 * pcr-sha256/14 shows it: 64 upper-case hex digits and a newline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "gen-tcg-log.h"

static int unhex(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s), i;
	unsigned b;

	if (n % 2)
		return -1;
	*out = malloc(n / 2 + 1);
	if (!*out)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		(*out)[i] = (uint8_t)b;
	}
	*len = n / 2;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tcg_gen_bank sha1[1] = { { 0x0004, 20 } };
	struct tcg_gen g;
	const char *pcr_out = NULL;
	/* one_bank: 0 the four banks of OVMF + swtpm, 1 SHA-256 only, 2 SHA-1 only */
	unsigned bad = 0, one_bank = 0, k = 0, i;
	size_t cut = 0, len, off;
	uint8_t pcr14[32] = { 0 }, cat[64], *data;
	char *p, *q;
	FILE *f;
	int a;

	for (a = 1; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
		if (strcmp(argv[a], "--sha256-only") == 0)
			one_bank = 1;
		else if (strcmp(argv[a], "--sha1-only") == 0)
			one_bank = 2;
		else if (strcmp(argv[a], "--bad-digest") == 0 && a + 1 < argc)
			bad = (unsigned)atoi(argv[++a]);
		else if (strcmp(argv[a], "--truncate") == 0 && a + 1 < argc)
			cut = (size_t)atoi(argv[++a]);
		else if (strcmp(argv[a], "--pcr-out") == 0 && a + 1 < argc)
			pcr_out = argv[++a];
		else
			break;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: %s [--sha256-only | --sha1-only] [--bad-digest N] [--truncate BYTES] [--pcr-out FILE] "
			"OUT [PCR:TYPE:HEX]...\n", argv[0]);
		return 2;
	}
	if (one_bank == 2)
		tcg_gen_start(&g, sha1, 1, 0);
	else if (one_bank)
		tcg_gen_start(&g, tcg_gen_sha256_only, 1, 0);
	else
		tcg_gen_start(&g, tcg_gen_four_banks, 4, 0);
	for (i = (unsigned)a + 1; i < (unsigned)argc; i++) {
		unsigned long pcr = strtoul(argv[i], &p, 0), type;

		if (*p != ':' || (type = strtoul(p + 1, &q, 0), *q != ':') || unhex(q + 1, &data, &len) != 0) {
			fprintf(stderr, "make-tcg-log: not PCR:TYPE:HEX: %s\n", argv[i]);
			return 2;
		}
		off = tcg_gen_event(&g, (uint32_t)pcr, (uint32_t)type, data, (uint32_t)len);
		k++;
		if (k == bad)
			g.d[tcg_gen_digest_at(&g, off, one_bank ? 0 : 1)] ^= 1;
		if (pcr == 14 && type != 3 && one_bank != 2) {
			memcpy(cat, pcr14, 32);
			memcpy(cat + 32, g.d + tcg_gen_digest_at(&g, off, one_bank ? 0 : 1), 32);
			SHA256(cat, 64, pcr14);
		}
		free(data);
	}
	f = fopen(argv[a], "wb");
	if (!f || cut > g.len || fwrite(g.d, 1, g.len - cut, f) != g.len - cut || fclose(f) != 0) {
		perror(argv[a]);
		return 1;
	}
	if (pcr_out) {
		f = fopen(pcr_out, "w");
		if (!f)
			return 1;
		for (i = 0; i < 32; i++)
			fprintf(f, "%02X", pcr14[i]);
		fprintf(f, "\n");
		if (fclose(f) != 0)
			return 1;
	}
	tcg_gen_free(&g);
	return 0;
}
