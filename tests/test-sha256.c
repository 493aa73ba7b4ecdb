/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lib/sha256.c, scalar and SHA-NI engines, against OpenSSL's EVP SHA-256: boundary lengths, random split updates, several MB, FIPS vectors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "test.h"
#include "sha256.h"

/* Deterministic PRNG (xorshift64*) so a failure reproduces. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void fill_random(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(rng() >> 56);
}

static void openssl_sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned int len;

	if (!EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) || len != 32)
		abort();
}

static void hex(const char *s, uint8_t *out)
{
	size_t i;

	for (i = 0; s[2 * i]; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
}

/* FIPS 180-4 examples (csrc.nist.gov "SHA256.pdf", "SHA2_Additional.pdf"). */
static void test_known_vectors(void)
{
	uint8_t d[32], want[32];
	uint8_t *million;

	sha256("abc", 3, d);
	hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
	T_EQ_MEM(d, want, 32);
	sha256("", 0, d);
	hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
	T_EQ_MEM(d, want, 32);
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", want);
	T_EQ_MEM(d, want, 32);
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha256(million, 1000000, d);
	hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want);
	T_EQ_MEM(d, want, 32);
	free(million);
}

/* Every length 0..300 (all padding boundaries: 55/56/63/64/65, 119/120/127/128, ...). */
static void test_all_short_lengths(void)
{
	uint8_t buf[300], ours[32], ref[32];
	size_t n;

	for (n = 0; n <= sizeof(buf); n++) {
		fill_random(buf, n);
		sha256(buf, n, ours);
		openssl_sha256(buf, n, ref);
		if (memcmp(ours, ref, 32) != 0) {
			printf("#   length %zu differs\n", n);
			t_case_failed = 1;
		}
	}
}

/* Random lengths up to 64 KiB, each fed in random-sized pieces (including 0-byte updates). */
static void test_split_updates(void)
{
	size_t cap = 65536 + 1, iter, n, off, piece;
	uint8_t *buf = malloc(cap), ours[32], ref[32];
	struct sha256_ctx ctx;

	for (iter = 0; iter < 400; iter++) {
		n = rng() % cap;
		fill_random(buf, n);
		sha256_init(&ctx);
		for (off = 0; off < n; off += piece) {
			switch (rng() % 4) {
			case 0: piece = 0; break;
			case 1: piece = rng() % 4; break;
			case 2: piece = 64 - ctx.buflen; break;  /* exactly fill the block buffer */
			default: piece = rng() % 5000; break;
			}
			if (piece > n - off)
				piece = n - off;
			sha256_update(&ctx, buf + off, piece);
			if (piece == 0 && rng() % 8 == 0)
				piece = 1, sha256_update(&ctx, buf + off, 1);
		}
		sha256_final(&ctx, ours);
		openssl_sha256(buf, n, ref);
		if (memcmp(ours, ref, 32) != 0) {
			printf("#   iteration %zu, length %zu differs\n", iter, n);
			t_case_failed = 1;
			break;
		}
	}
	free(buf);
}

/* A few MB in one call and byte-by-byte for the first part: the 64-bit length counter and
   the bulk path. */
static void test_large(void)
{
	size_t n = 5 * 1024 * 1024 + 13, i;
	uint8_t *buf = malloc(n), ours[32], ref[32];
	struct sha256_ctx ctx;

	fill_random(buf, n);
	sha256(buf, n, ours);
	openssl_sha256(buf, n, ref);
	T_EQ_MEM(ours, ref, 32);

	sha256_init(&ctx);
	for (i = 0; i < 100000; i++)
		sha256_update(&ctx, buf + i, 1);
	sha256_update(&ctx, buf + i, n - i);
	sha256_final(&ctx, ours);
	T_EQ_MEM(ours, ref, 32);
	free(buf);
}

/* The same context can be reused after init, and final wipes it. */
static void test_reuse(void)
{
	struct sha256_ctx ctx;
	uint8_t a[32], b[32];

	sha256_init(&ctx);
	sha256_update(&ctx, "first message", 13);
	sha256_final(&ctx, a);
	T_EQ_INT(ctx.bytes, 0);
	sha256_init(&ctx);
	sha256_update(&ctx, "abc", 3);
	sha256_final(&ctx, b);
	sha256("abc", 3, a);
	T_EQ_MEM(a, b, 32);
}

/* The engines share the state layout: switching between updates changes nothing. */
static void test_engine_switch(void)
{
	size_t n = (3u << 20) + 77, off;
	uint8_t *buf = malloc(n), ours[32], ref[32];
	struct sha256_ctx ctx;
	int e = 0;

	fill_random(buf, n);
	sha256_init(&ctx);
	for (off = 0; off < n; off += 100003, e ^= 1) {
		sha256_select(e ? SHA256_ENGINE_SHA_NI : SHA256_ENGINE_SCALAR);
		sha256_update(&ctx, buf + off, n - off < 100003 ? n - off : 100003);
	}
	sha256_final(&ctx, ours);
	openssl_sha256(buf, n, ref);
	T_EQ_MEM(ours, ref, 32);
	free(buf);
}

int main(void)
{
	static const struct { int engine; const char *name; } engines[] = {
		{ SHA256_ENGINE_SCALAR, "scalar" }, { SHA256_ENGINE_SHA_NI, "sha-ni" },
	};
	const char *missing = sha256_ni_missing();
	char name[160];
	size_t e;

	/* Default: scalar, until a caller selects another engine. */
	T_EQ_INT(sha256_engine(), SHA256_ENGINE_SCALAR);
	for (e = 0; e < sizeof(engines) / sizeof(engines[0]); e++) {
		if (engines[e].engine == SHA256_ENGINE_SHA_NI && missing) {
			/* Said, not passed: a machine without SHA-NI cannot test that engine. */
			printf("# sha-ni engine not tested: %s\n", missing);
			T_EQ_INT(sha256_select(SHA256_ENGINE_SHA_NI), SHA256_ENGINE_SCALAR);
			continue;
		}
		t_result(sha256_select(engines[e].engine) == engines[e].engine &&
			 sha256_engine() == engines[e].engine, "engine %s selected", engines[e].name);
#define RUN(title, fn) (snprintf(name, sizeof(name), "%s [%s]", title, engines[e].name), t_run(name, fn))
		RUN("FIPS 180-4 test vectors (abc, empty, 448-bit, a x 10^6)", test_known_vectors);
		RUN("every length 0..300 equals OpenSSL (0, 1, 55, 56, 63, 64, 65, 119, 120, ...)",
		    test_all_short_lengths);
		RUN("400 random lengths <= 64 KiB with random split updates equal OpenSSL", test_split_updates);
		RUN("5 MiB one-shot and byte-wise prefix equal OpenSSL", test_large);
		RUN("context reuse after final", test_reuse);
#undef RUN
	}
	if (!missing)
		t_run("switching engines between updates of one message (3 MiB) equals OpenSSL", test_engine_switch);
	sha256_select(SHA256_ENGINE_SCALAR);
	return t_done();
}
