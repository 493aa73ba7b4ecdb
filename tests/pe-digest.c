/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: prints a PE file's Authenticode SHA-256 as computed by lib/ (pe_parse + authenticode_sha256). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include "pe.h"
#include "authenticode.h"
#include "sb-error.h"

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

int main(int argc, char **argv)
{
	struct pe_image img;
	uint8_t digest[32];
	uint8_t *buf;
	size_t len, i;
	int err, rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PE-FILE\n", argv[0]);
		return 2;
	}
	buf = read_file(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 1;
	}
	err = pe_parse(buf, len, PE_LAYOUT_FILE, &img);
	if (!err)
		err = authenticode_sha256(&img, digest);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], sb_strerror(err));
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
