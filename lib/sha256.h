/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Freestanding SHA-256 (FIPS 180-4) for EFI, the purgatory and the host tests; scalar and SHA-NI engines. */
#ifndef SB_SHA256_H
#define SB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t buf[SHA256_BLOCK_SIZE];
	size_t buflen;
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

/*
 * Engines. Every build has the portable scalar code (and EFI and lib/'s freestanding check use
 * nothing else). Builds compiled with -DSB_SHA256_NI (the host library and the purgatory) also
 * have lib/x86_64/sha256-ni.c's SHA-NI engine, but use it only after sha256_select() chose it: the
 * default stays scalar, so nothing executes an SSE instruction unless its caller asked.
 */
enum sha256_engine {
	SHA256_ENGINE_SCALAR = 0,
	SHA256_ENGINE_SHA_NI = 1,
};

/* Defined only in builds with SB_SHA256_NI (a call from another build does not link). */
/*
 * NULL when this CPU has what the SHA-NI engine executes, else the first missing feature in
 * words (CPUID: leaf 7 EBX bit 29 SHA; leaf 1 ECX bit 9 SSSE3, bit 19 SSE4.1). CPUID only: it
 * cannot tell whether the OS (or the purgatory) enabled SSE; the caller knows that.
 */
const char *sha256_ni_missing(void);
/* SSSE3 and SSE4.1 present (what sha256_ni_layout_check() needs). */
int sha256_sse41_present(void);

/*
 * Use `want` for every later call; SHA256_ENGINE_SHA_NI is taken only when sha256_ni_missing()
 * is NULL. The caller must have SSE enabled (userspace: always). Returns the engine now in use.
 */
int sha256_select(int want);
int sha256_engine(void);

/* lib/x86_64/sha256-ni.c: nblocks 64-byte blocks into h[8]; and its SSE-only layout self-check (1: ok). */
void sha256_ni_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
int sha256_ni_layout_check(void);

#endif
