/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers for lib/'s host tests: read a whole file into an exactly-sized buffer, BUILD paths. */
#ifndef SB_TESTS_TEST_UTIL_H
#define SB_TESTS_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* The build directory the Makefile exported (build/ or build/sanitize/). */
static inline const char *tu_build_dir(void)
{
	const char *b = getenv("BUILD");

	return b && *b ? b : "build";
}

/* Exactly len bytes in a fresh allocation (len 0 -> a 1-byte allocation), so that ASan sees
   any read past the end. NULL on error. */
static inline uint8_t *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? (size_t)n : 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

#endif
