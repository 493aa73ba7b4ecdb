/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-256 compression with the x86 SHA extensions (SHA-NI), the fast engine of lib/sha256.c. */
#include <stddef.h>
#include <stdint.h>
#include "../sha256.h"

/*
 * The only code of sbkexec with SSE instructions, kept out of the lib/ wildcard so the EFI builds and
 * lib/'s freestanding check never compile it. Every function carries its own target
 * attribute, so no build needs -msha for it, and nothing here runs unless lib/sha256.c's
 * sha256_select() chose this engine after CPUID said SHA, SSSE3 and SSE4.1 are there (and, in
 * the purgatory, after entry.S enabled SSE: purgatory/README.md). The purgatory links this
 * object into its own section .text.sse, and tests/test-purgatory-freestanding.sh checks no
 * other code uses xmm registers.
 *
 * Algorithm: FIPS 180-4 section 6.2.2, with the instructions of the Intel SHA Extensions
 * (Intel SDM vol. 2, SHA256RNDS2 / SHA256MSG1 / SHA256MSG2):
 *   SHA256RNDS2 does two rounds on the working variables held as two registers, "ABEF"
 *   (dword 3..0 = a, b, e, f) and "CDGH" (c, d, g, h), taking W[t]+K[t] for the two rounds in
 *   the low 64 bits of its third operand; MSG1 and MSG2 compute four schedule words,
 *   W[t..t+3] = MSG2(MSG1(W[t-16..t-13], W[t-12..t-9]) + W[t-7..t-4], W[t-4..t-1]).
 * Written with GCC/Clang vector builtins (no <immintrin.h>: it pulls in <stdlib.h>, which a
 * -nostdinc build has not got).
 */
typedef int32_t v4si __attribute__((vector_size(16)));
typedef uint32_t v4su __attribute__((vector_size(16)));
typedef int8_t v16qi __attribute__((vector_size(16)));
/* Unaligned access to message bytes and the caller's state (movdqu). */
typedef v4si v4si_unaligned __attribute__((aligned(1), may_alias));

/* The helpers need a subset of the engine's ISA, so they inline into both of its users. */
#define SSE_TARGET __attribute__((target("sse4.1,ssse3")))
#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* FIPS 180-4 section 4.2.2, four per vector in round order. */
static const v4su K4[16] __attribute__((aligned(16))) = {
	{ 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5 }, { 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5 },
	{ 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3 }, { 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174 },
	{ 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc }, { 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da },
	{ 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7 }, { 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967 },
	{ 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13 }, { 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85 },
	{ 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3 }, { 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070 },
	{ 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5 }, { 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3 },
	{ 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208 }, { 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 },
};

/* h[0..7] = a..h  <->  ABEF, CDGH. */
static inline SSE_TARGET void state_load(const uint32_t h[8], v4si *abef, v4si *cdgh)
{
	v4si abcd = *(const v4si_unaligned *)h, efgh = *(const v4si_unaligned *)(h + 4);

	*abef = __builtin_shufflevector(abcd, efgh, 5, 4, 1, 0);
	*cdgh = __builtin_shufflevector(abcd, efgh, 7, 6, 3, 2);
}

static inline SSE_TARGET void state_store(uint32_t h[8], v4si abef, v4si cdgh)
{
	*(v4si_unaligned *)h = __builtin_shufflevector(abef, cdgh, 3, 2, 7, 6);
	*(v4si_unaligned *)(h + 4) = __builtin_shufflevector(abef, cdgh, 1, 0, 5, 4);
}

/* Four big-endian message words (pshufb). */
static inline SSE_TARGET v4si load_be(const uint8_t *p)
{
	v16qi b = (v16qi)*(const v4si_unaligned *)p;

	return (v4si)__builtin_shufflevector(b, b, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

SHA_TARGET void sha256_ni_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	v4si abef, cdgh, abef0, cdgh0, w[4], wk;
	unsigned i;

	state_load(h, &abef, &cdgh);
	while (nblocks--) {
		abef0 = abef;
		cdgh0 = cdgh;
		w[0] = load_be(p);
		w[1] = load_be(p + 16);
		w[2] = load_be(p + 32);
		w[3] = load_be(p + 48);
		/* 16 groups of 4 rounds; unrolled, every w[] index is a constant (registers only). */
#pragma GCC unroll 16
		for (i = 0; i < 16; i++) {
			if (i >= 4) {
				/* w[i&3] = W[t-16..t-13], (i+1) W[t-12..t-9], (i+2) W[t-8..t-5], (i+3) W[t-4..t-1] */
				v4si w7 = __builtin_shufflevector(w[(i + 2) & 3], w[(i + 3) & 3], 1, 2, 3, 4);
				v4si m = __builtin_ia32_sha256msg1(w[i & 3], w[(i + 1) & 3]);

				w[i & 3] = __builtin_ia32_sha256msg2((v4si)((v4su)m + (v4su)w7), w[(i + 3) & 3]);
			}
			wk = (v4si)((v4su)w[i & 3] + K4[i]);
			cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, wk);     /* rounds 4i, 4i+1 */
			wk = __builtin_shufflevector(wk, wk, 2, 3, 0, 1);
			abef = __builtin_ia32_sha256rnds2(abef, cdgh, wk);     /* rounds 4i+2, 4i+3 */
		}
		abef = (v4si)((v4su)abef + (v4su)abef0);
		cdgh = (v4si)((v4su)cdgh + (v4su)cdgh0);
		p += SHA256_BLOCK_SIZE;
	}
	state_store(h, abef, cdgh);
}

/*
 * The state shuffles and byte swap alone (SSE2/SSSE3/SSE4.1, no SHA instruction): lets the
 * purgatory show, on a CPU (or emulator) without SHA-NI, that the SSE state it enabled runs
 * this engine's code at ring 0. Returns 1 when h survives load/store and the byte swap is right.
 */
SSE_TARGET int sha256_ni_layout_check(void)
{
	uint8_t bytes[16];
	uint32_t in[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint32_t out[8];
	v4si abef, cdgh, be;
	unsigned i;
	int ok;

	for (i = 0; i < 16; i++)
		bytes[i] = (uint8_t)i;
	/* Opaque to the compiler: without this it folds the whole check to "return 1". */
	__asm__ volatile("" : : "r"(in), "r"(bytes) : "memory");
	state_load(in, &abef, &cdgh);
	ok = abef[3] == (int32_t)in[0] && abef[2] == (int32_t)in[1] && abef[1] == (int32_t)in[4] &&
	     abef[0] == (int32_t)in[5] && cdgh[3] == (int32_t)in[2] && cdgh[2] == (int32_t)in[3] &&
	     cdgh[1] == (int32_t)in[6] && cdgh[0] == (int32_t)in[7];
	state_store(out, abef, cdgh);
	for (i = 0; i < 8; i++)
		ok &= out[i] == in[i];
	be = load_be(bytes);
	ok &= (uint32_t)be[0] == 0x00010203u && (uint32_t)be[3] == 0x0c0d0e0fu;
	return ok;
}
