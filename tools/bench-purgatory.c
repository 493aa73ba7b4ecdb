/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Throughput of the purgatory's own SHA-256 (the linked blob, both engines) against OpenSSL and the host build of lib/sha256.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <openssl/evp.h>
#include "sha256.h"
#include "../purgatory/purgatory-abi.h"
#include "../purgatory/purgatory-blob.h"
#include "../kexec/x86_64/purgatory-params.h"

/*
 * What runs is the purgatory exactly as kexec loads it: sb_purgatory_blob copied to an
 * anonymous mapping, its parameter block filled by purgatory_params_fill() with one region
 * over the buffer, and its C entry purgatory_main(sse_ready) called at the exported offset
 * (sse_ready 1: SHA-NI when CPUID has it; 0: the scalar engine). serial_port 0: no I/O. That
 * is the freestanding -Os/-O2 code and the region walk, not a host rebuild of the sources.
 *
 * Usage: bench-purgatory [MiB [rounds]]     best of `rounds` (default 11) per variant, the
 *          variants taking turns within each round (so load from other jobs hits them alike);
 *          one line each:
 *          "<variant> <MB/s>" for purgatory-sha-ni, purgatory-scalar, openssl, lib-host-scalar
 *        bench-purgatory --once VARIANT MiB  one run of one variant (for callgrind / counting
 *                                            instructions: run it at two sizes, subtract)
 * Exit 1 when a digest differs from OpenSSL's or the blob refuses the block.
 */
typedef int (*purgatory_main_fn)(uint32_t sse_ready);

static uint8_t *blob;
static size_t blob_map_len;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int blob_setup(const uint8_t *buf, size_t len)
{
	struct purgatory_segment seg = { buf, len, (uintptr_t)buf };
	struct purgatory_setup in = { &seg, 1, 0x1000200, 0x8000, 0, /* serial_port= */ 0, 0 };

	blob_map_len = (sb_purgatory_mem_size + 4095) & ~(size_t)4095;
	blob = mmap(NULL, blob_map_len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (blob == MAP_FAILED)
		return -1;
	memcpy(blob, sb_purgatory_blob, sb_purgatory_blob_size);
	return purgatory_params_fill(blob, sb_purgatory_blob_size, sb_purgatory_params_offset, &in);
}

/* One verification of the buffer by the blob; it halts (SIGSEGV here) if the digest differs. */
static int run_purgatory(uint32_t sse_ready)
{
	purgatory_main_fn entry = (purgatory_main_fn)(uintptr_t)(blob + sb_purgatory_main_offset);

	return entry(sse_ready);
}

static int run_variant(const char *v, const uint8_t *buf, size_t len, uint8_t md[32])
{
	unsigned int n = 32;

	if (strcmp(v, "purgatory-sha-ni") == 0)
		return run_purgatory(1) == SHA256_ENGINE_SHA_NI ? 0 : -1;
	if (strcmp(v, "purgatory-scalar") == 0)
		return run_purgatory(0) == SHA256_ENGINE_SCALAR ? 0 : -1;
	if (strcmp(v, "openssl") == 0)
		return EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) == 1 ? 0 : -1;
	if (strcmp(v, "lib-host-scalar") == 0) {
		sha256_select(SHA256_ENGINE_SCALAR);
		sha256(buf, len, md);
		return 0;
	}
	return -2;
}

int main(int argc, char **argv)
{
	static const char *variants[] = { "purgatory-sha-ni", "purgatory-scalar", "openssl", "lib-host-scalar" };
	int once = argc > 1 && strcmp(argv[1], "--once") == 0;
	size_t mib = (size_t)atoi(argc > (once ? 3 : 1) ? argv[once ? 3 : 1] : "64"), len = mib << 20, i;
	int rounds = once ? 1 : (argc > 2 ? atoi(argv[2]) : 11), r;
	double best[4] = { 1e9, 1e9, 1e9, 1e9 };
	uint8_t *buf, md[32], ref[32];
	unsigned int n = 32;
	size_t v;

	if (mib == 0 || rounds < 1 || (once && argc != 4)) {
		fprintf(stderr, "usage: bench-purgatory [MiB [rounds]] | --once VARIANT MiB\n");
		return 2;
	}
	buf = malloc(len);
	if (!buf)
		return 1;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 131 + (i >> 11));
	if (EVP_Digest(buf, len, ref, &n, EVP_sha256(), NULL) != 1 || blob_setup(buf, len) != 0) {
		fprintf(stderr, "bench-purgatory: cannot set up the purgatory blob\n");
		return 1;
	}
	if (once) {
		if (run_variant(argv[2], buf, len, md) != 0) {
			fprintf(stderr, "bench-purgatory: %s failed or is unknown\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (sha256_ni_missing())
		printf("# no SHA-NI on this CPU (%s): purgatory-sha-ni is not measured\n", sha256_ni_missing());
	for (r = 0; r < rounds; r++) {
		for (v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
			double t0, t;

			if (strcmp(variants[v], "purgatory-sha-ni") == 0 && sha256_ni_missing())
				continue;
			memset(md, 0, sizeof(md));
			t0 = now();
			if (run_variant(variants[v], buf, len, md) != 0) {
				fprintf(stderr, "bench-purgatory: %s failed\n", variants[v]);
				return 1;
			}
			t = now() - t0;
			if (t < best[v])
				best[v] = t;
			/* The blob checked its digest itself (it would have halted); the others are compared. */
			if (strncmp(variants[v], "purgatory-", 10) != 0 && memcmp(md, ref, 32) != 0) {
				fprintf(stderr, "bench-purgatory: %s digest differs from OpenSSL's\n", variants[v]);
				return 1;
			}
		}
	}
	for (v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
		if (best[v] < 1e9)
			printf("%s %.0f\n", variants[v], len / best[v] / 1e6);
	free(buf);
	return 0;
}
