/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replays a libFuzzer target over files (and deterministic mutations of them) without libFuzzer, for gcc+ASan unit runs. */
/*
 * Usage: fuzz-X-replay [-m MUTATIONS] FILE...  Each file is fed as is, every strict prefix of
 * its first 4 KiB, and MUTATIONS (default 200) copies with random bytes/words overwritten
 * (xorshift, seeded from the file name, so runs reproduce). Prints one "ok" line per file:
 * a crash or sanitizer report aborts the process, which the unit runner counts as a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "../test-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target (libFuzzer calls it once before the first input): weak, NULL when absent. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static uint64_t state;

static uint64_t rng(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dull;
}

/* Values that hit bounds checks: zero, all-ones, sign bits, off-by-one around the size. */
static uint32_t interesting(size_t size)
{
	static const uint32_t v[] = { 0, 1, 7, 8, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
				      0x7fffffff, 0x80000000, 0xfffffff8, 0xfffffffc, 0xffffffff };
	switch (rng() % 3) {
	case 0: return (uint32_t)size - (uint32_t)(rng() % 16);
	case 1: return (uint32_t)rng();
	default: return v[rng() % (sizeof(v) / sizeof(v[0]))];
	}
}

static void run_copy(const uint8_t *src, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	memcpy(p, src, n);
	LLVMFuzzerTestOneInput(p, n);
	free(p);
}

int main(int argc, char **argv)
{
	long mutations = 200;
	int i, argi = 1, files = 0;

	if (argc > 2 && strcmp(argv[1], "-m") == 0) {
		mutations = strtol(argv[2], NULL, 10);
		argi = 3;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = argi; i < argc; i++) {
		uint8_t *buf, *m;
		size_t len, n, k;
		long j;
		const char *c;

		buf = tu_read_file(argv[i], &len);
		if (!buf) {
			printf("not ok - replay %s: cannot read\n", argv[i]);
			return 1;
		}
		run_copy(buf, len);
		for (n = 0; n < len && n < 4096; n++)
			run_copy(buf, n);
		state = 0x9e3779b97f4a7c15ull;
		for (c = argv[i]; *c; c++)
			state = (state ^ (uint8_t)*c) * 0x100000001b3ull;
		m = malloc(len ? len : 1);
		for (j = 0; j < mutations && len; j++) {
			memcpy(m, buf, len);
			for (k = 1 + rng() % 4; k; k--) {
				size_t at = rng() % len;
				uint32_t v = interesting(len);

				if (rng() % 2 || at + 4 > len)
					m[at] = (uint8_t)v;
				else
					memcpy(m + at, &v, 4);
			}
			LLVMFuzzerTestOneInput(m, len);
		}
		free(m);
		free(buf);
		printf("ok - replay %s (as is, %zu prefixes, %ld mutations)\n", argv[i],
		       len < 4096 ? len : 4096, len ? mutations : 0L);
		files++;
	}
	if (files == 0) {
		printf("not ok - replay: no input files\n");
		return 1;
	}
	return 0;
}
