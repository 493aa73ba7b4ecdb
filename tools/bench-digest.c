/* SPDX-License-Identifier: GPL-2.0-or-later */
/* In-process cost of the Authenticode digest of one PE file: lib/ walk with lib/sha256.c, with OpenSSL, and a flat OpenSSL SHA-256 floor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include "pe.h"
#include "authenticode.h"
#include "sb-error.h"

/*
 * The file is read once; each variant runs ROUNDS times on the same buffer and its best time
 * counts, so process start-up and disk reads (which tools/bench.sh's command timings include)
 * are left out. Both our digests must agree, or nothing is printed.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0)
		goto out_close;
	buf = malloc((size_t)size);
	if (!buf)
		goto out_close;
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
		goto out_close;
	}
	*len = (size_t)size;
out_close:
	fclose(f);
	return buf;
}

static void evp_update(void *ctx, const void *data, size_t len)
{
	EVP_DigestUpdate(ctx, data, len);
}

/* The userspace verifier's way: lib/'s walk feeding OpenSSL (verifier/digest.c). */
static int digest_evp(const struct pe_image *img, EVP_MD_CTX *ctx, uint8_t out[32])
{
	unsigned int n;
	int err;

	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		return SB_E_NOMEM;
	err = authenticode_walk(img, evp_update, ctx);
	if (err)
		return err;
	return EVP_DigestFinal_ex(ctx, out, &n) && n == 32 ? SB_OK : SB_E_NOMEM;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 10, r, err, rc = 1;
	double t0, t, best_lib = 1e9, best_evp = 1e9, best_flat = 1e9;
	uint8_t lib_d[32], evp_d[32], flat_d[32];
	EVP_MD_CTX *ctx = NULL;
	struct pe_image img;
	uint8_t *buf;
	size_t len = 0;

	if (argc < 2 || rounds < 1) {
		fprintf(stderr, "usage: %s PE-FILE [ROUNDS]\n", argv[0]);
		return 2;
	}
	buf = read_file(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 1;
	}
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		goto out_free;
	err = pe_parse(buf, len, PE_LAYOUT_FILE, &img);
	for (r = 0; !err && r < rounds; r++) {
		t0 = now();
		err = authenticode_sha256(&img, lib_d);
		t = now() - t0;
		if (t < best_lib)
			best_lib = t;
		if (err)
			break;
		t0 = now();
		err = digest_evp(&img, ctx, evp_d);
		t = now() - t0;
		if (t < best_evp)
			best_evp = t;
		if (err)
			break;
		t0 = now();
		if (!EVP_Digest(buf, len, flat_d, NULL, EVP_sha256(), NULL))
			err = SB_E_NOMEM;
		t = now() - t0;
		if (t < best_flat)
			best_flat = t;
	}
	if (err) {
		fprintf(stderr, "bench-digest: %s: %s\n", argv[1], sb_strerror(err));
		goto out_free;
	}
	if (memcmp(lib_d, evp_d, 32) != 0) {
		fprintf(stderr, "bench-digest: %s: lib/sha256.c and OpenSSL digests differ!\n", argv[1]);
		goto out_free;
	}
	/* One line, key=value in ms, for tools/bench.sh. */
	printf("bytes=%zu lib_ms=%.2f evp_ms=%.2f flat_ms=%.2f\n", len, best_lib * 1e3,
	       best_evp * 1e3, best_flat * 1e3);
	rc = 0;
out_free:
	EVP_MD_CTX_free(ctx);
	free(buf);
	return rc;
}
