/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-256 (FIPS 180-4) in portable freestanding C (no libc, no SIMD), and the choice of engine. */
#include <stddef.h>
#include <stdint.h>
#include "byteorder.h"
#include "sb-string.h"
#include "sha256.h"

/* FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the
   first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

#define CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define S0(x) (ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S1(x) (ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define s0(x) (ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define s1(x) (ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))

/*
 * One round with the working variables renamed instead of shifted (the usual trick that
 * lets the compiler keep all eight in registers); W is a 16-word ring (FIPS 180-4 §6.2.2).
 */
#define ROUND(a, b, c, d, e, f, g, h, i) do {                                   \
	uint32_t t1_ = (h) + S1(e) + CH(e, f, g) + K[i] + W[(i) & 15];          \
	uint32_t t2_ = S0(a) + MAJ(a, b, c);                                    \
	(d) += t1_;                                                             \
	(h) = t1_ + t2_;                                                        \
} while (0)

#define EXPAND(i) (W[(i) & 15] += s1(W[((i) - 2) & 15]) + W[((i) - 7) & 15] + s0(W[((i) - 15) & 15]))

/* Unrolling all 64 rounds lets GCC keep the schedule in registers: ~1.3x on x86_64. */
#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL_ROUNDS _Pragma("GCC unroll 8")
#else
#define UNROLL_ROUNDS
#endif

static void scalar_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	uint32_t W[16];
	uint32_t a, b, c, d, e, f, g, hh;
	unsigned i;

	while (nblocks--) {
		for (i = 0; i < 16; i++)
			W[i] = sb_get_be32(p + 4 * (size_t)i);
		a = h[0]; b = h[1]; c = h[2]; d = h[3];
		e = h[4]; f = h[5]; g = h[6]; hh = h[7];
		UNROLL_ROUNDS
		for (i = 0; i < 64; i += 8) {
			if (i >= 16) {
				EXPAND(i); EXPAND(i + 1); EXPAND(i + 2); EXPAND(i + 3);
				EXPAND(i + 4); EXPAND(i + 5); EXPAND(i + 6); EXPAND(i + 7);
			}
			ROUND(a, b, c, d, e, f, g, hh, i);
			ROUND(hh, a, b, c, d, e, f, g, i + 1);
			ROUND(g, hh, a, b, c, d, e, f, i + 2);
			ROUND(f, g, hh, a, b, c, d, e, i + 3);
			ROUND(e, f, g, hh, a, b, c, d, i + 4);
			ROUND(d, e, f, g, hh, a, b, c, i + 5);
			ROUND(c, d, e, f, g, hh, a, b, i + 6);
			ROUND(b, c, d, e, f, g, hh, a, i + 7);
		}
		h[0] += a; h[1] += b; h[2] += c; h[3] += d;
		h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
		p += SHA256_BLOCK_SIZE;
	}
}

#ifdef SB_SHA256_NI
static int engine = SHA256_ENGINE_SCALAR;

static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
}

/* Intel SDM vol. 2A, CPUID: leaf 1 ECX bit 9 SSSE3, bit 19 SSE4.1; leaf 7.0 EBX bit 29 SHA. */
#define CPUID1_ECX_SSSE3  (1u << 9)
#define CPUID1_ECX_SSE41  (1u << 19)
#define CPUID7_EBX_SHA    (1u << 29)

int sha256_sse41_present(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return (r[2] & (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41)) == (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41);
}

const char *sha256_ni_missing(void)
{
	uint32_t r[4], max;

	cpuid(0, 0, r);
	max = r[0];
	if (max < 7)
		return "CPUID has no leaf 7 (no SHA extensions)";
	cpuid(7, 0, r);
	if (!(r[1] & CPUID7_EBX_SHA))
		return "CPU without SHA extensions: CPUID.(EAX=7,ECX=0):EBX[29] = 0";
	cpuid(1, 0, r);
	if (!(r[2] & CPUID1_ECX_SSSE3))
		return "CPU without SSSE3: CPUID.(EAX=1):ECX[9] = 0";
	if (!(r[2] & CPUID1_ECX_SSE41))
		return "CPU without SSE4.1: CPUID.(EAX=1):ECX[19] = 0";
	return NULL;
}

int sha256_select(int want)
{
	engine = (want == SHA256_ENGINE_SHA_NI && !sha256_ni_missing()) ? SHA256_ENGINE_SHA_NI
									 : SHA256_ENGINE_SCALAR;
	return engine;
}

int sha256_engine(void)
{
	return engine;
}
#endif

/* Every block goes through here: the engine chosen, scalar unless sha256_select() said otherwise. */
static void blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
#ifdef SB_SHA256_NI
	if (engine == SHA256_ENGINE_SHA_NI) {
		sha256_ni_blocks(h, p, nblocks);
		return;
	}
#endif
	scalar_blocks(h, p, nblocks);
}

void sha256_init(struct sha256_ctx *ctx)
{
	/* FIPS 180-4 §5.3.3 */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(ctx->h, iv, sizeof(iv));
	ctx->bytes = 0;
	ctx->buflen = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	ctx->bytes += len;
	if (ctx->buflen) {
		n = SHA256_BLOCK_SIZE - ctx->buflen;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buflen, p, n);
		ctx->buflen += n;
		p += n;
		len -= n;
		if (ctx->buflen < SHA256_BLOCK_SIZE)
			return;
		blocks(ctx->h, ctx->buf, 1);
		ctx->buflen = 0;
	}
	n = len / SHA256_BLOCK_SIZE;
	if (n) {
		blocks(ctx->h, p, n);
		p += n * SHA256_BLOCK_SIZE;
		len -= n * SHA256_BLOCK_SIZE;
	}
	if (len) {
		memcpy(ctx->buf, p, len);
		ctx->buflen = len;
	}
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	/* FIPS 180-4 §5.1.1: 0x80, zeros, then the message length in bits, big-endian. */
	uint64_t bits = ctx->bytes * 8;
	unsigned i;

	ctx->buf[ctx->buflen++] = 0x80;
	if (ctx->buflen > SHA256_BLOCK_SIZE - 8) {
		memset(ctx->buf + ctx->buflen, 0, SHA256_BLOCK_SIZE - ctx->buflen);
		blocks(ctx->h, ctx->buf, 1);
		ctx->buflen = 0;
	}
	memset(ctx->buf + ctx->buflen, 0, SHA256_BLOCK_SIZE - 8 - ctx->buflen);
	sb_put_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	sb_put_be32(ctx->buf + 60, (uint32_t)bits);
	blocks(ctx->h, ctx->buf, 1);
	for (i = 0; i < 8; i++)
		sb_put_be32(out + 4 * (size_t)i, ctx->h[i]);
	/* Do not leave message-derived state behind. */
	memset(ctx, 0, sizeof(*ctx));
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
