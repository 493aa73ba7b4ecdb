/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Throughput of lib/sha256.c (used by EFI and the purgatory) against OpenSSL's SHA-256 on this CPU. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include "sha256.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t len = 64u << 20, i;
	int rounds = argc > 1 ? atoi(argv[1]) : 3, r;
	uint8_t *buf = malloc(len), ours[32], ref[32];
	double t0, t_ours = 1e9, t_ref = 1e9, t;
	unsigned int n;

	if (!buf || rounds < 1)
		return 1;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 131 + (i >> 11));
	for (r = 0; r < rounds; r++) {
		t0 = now();
		sha256(buf, len, ours);
		t = now() - t0;
		if (t < t_ours)
			t_ours = t;
		t0 = now();
		EVP_Digest(buf, len, ref, &n, EVP_sha256(), NULL);
		t = now() - t0;
		if (t < t_ref)
			t_ref = t;
	}
	if (memcmp(ours, ref, 32) != 0) {
		fprintf(stderr, "bench-sha256: digests differ!\n");
		return 1;
	}
	printf("sha256 %zu MiB: lib/sha256.c %.0f MB/s, OpenSSL %.0f MB/s, ratio lib/openssl %.2f\n",
	       len >> 20, len / t_ours / 1e6, len / t_ref / 1e6, t_ref / t_ours);
	free(buf);
	return 0;
}
