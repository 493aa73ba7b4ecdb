/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: prints a PE file's Authenticode SHA-256 as computed by lib/ (pe_parse + authenticode_sha256; --firmware: without the padding of an unsigned file, as EDK2 hashes it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "pe.h"
#include "authenticode.h"
#include "sb-error.h"
#include "sha256.h"

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *nbuf;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nbuf;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void update(void *ctx, const void *data, size_t len)
{
	sha256_update(ctx, data, len);
}

/* The digest the firmware computes: lib/'s walk without its step 4 (padding). */
static int firmware_sha256(const struct pe_image *img, uint8_t out[32])
{
	struct sha256_ctx ctx;
	int err;

	sha256_init(&ctx);
	err = authenticode_walk_unpadded(img, update, &ctx);
	if (!err)
		sha256_final(&ctx, out);
	return err;
}

int main(int argc, char **argv)
{
	struct pe_image img;
	uint8_t digest[32];
	uint8_t *buf;
	const char *path = argv[argc - 1];
	size_t len, i;
	int err, rc = 1, firmware = argc == 3 && strcmp(argv[1], "--firmware") == 0;

	if (argc != 2 && !firmware) {
		fprintf(stderr, "usage: %s [--firmware] PE-FILE\n", argv[0]);
		return 2;
	}
	buf = read_file(path, &len);
	if (!buf) {
		perror(path);
		return 1;
	}
	err = pe_parse(buf, len, PE_LAYOUT_FILE, &img);
	if (!err)
		err = firmware ? firmware_sha256(&img, digest) : authenticode_sha256(&img, digest);
	if (err) {
		fprintf(stderr, "%s: %s\n", path, sb_strerror(err));
		goto out_free;
	}
	for (i = 0; i < sizeof(digest); i++)
		printf("%02x", digest[i]);
	printf("\n");
	rc = 0;
out_free:
	free(buf);
	return rc;
}
