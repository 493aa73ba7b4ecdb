/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers the fuzz targets share: a private scratch directory, the test PKI, input splitting, invariant checks. */
#ifndef SB_FUZZ_UTIL_H
#define SB_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * An invariant of the code under test broke: abort, so libFuzzer (or the replay's unit runner)
 * reports the input. Used for properties, e.g. "a rebuilt table validates and holds what was put in".
 */
#define FZ_ASSERT(cond) do {                                                          \
	if (!(cond)) {                                                                \
		fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
		abort();                                                              \
	}                                                                             \
} while (0)

/* The test PKI (`make certs`): $SBK_FUZZ_CERTS, else the directory the Makefile compiled in. */
#ifndef FUZZ_CERTS_DIR
#define FUZZ_CERTS_DIR "build/certs"
#endif
static inline const char *fz_cert(const char *name)
{
	static char paths[8][512];
	static unsigned next;
	const char *dir = getenv("SBK_FUZZ_CERTS");
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir && *dir ? dir : FUZZ_CERTS_DIR, name);
	return p;
}

static inline void fz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	exit(2);
}

/* This process's scratch directory name ("" until fz_scratch() made it). */
static inline char *fz_dirbuf(void)
{
	static char dir[256];

	return dir;
}

static inline void fz_cleanup(void)
{
	char cmd[300];

	if (fz_dirbuf()[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fz_dirbuf());
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", fz_dirbuf());
	}
}

/* A scratch directory of this process (on tmpfs when /dev/shm is there), removed at exit. */
static inline const char *fz_scratch(void)
{
	char *dir = fz_dirbuf();

	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(dir, 256, "%s/sbk-fuzz-XXXXXX", base);
		if (!mkdtemp(dir))
			fz_die("cannot create a scratch directory");
		atexit(fz_cleanup);
	}
	return dir;
}

/* Write len bytes to path (replacing it); a failure ends the run (it is the harness's, not the input's). */
static inline void fz_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		fz_die("cannot write a scratch file");
}

/* Input splitting: the cursor (p, n) advances past what was taken. */
static inline uint8_t fz_u8(const uint8_t **p, size_t *n)
{
	uint8_t v = 0;

	if (*n) {
		v = **p;
		(*p)++;
		(*n)--;
	}
	return v;
}

/* A chunk of at most `max` bytes whose length is a little-endian u16 prefix (clamped to what is left). */
static inline size_t fz_chunk(const uint8_t **p, size_t *n, size_t max, const uint8_t **out)
{
	size_t len = fz_u8(p, n);

	len |= (size_t)fz_u8(p, n) << 8;
	if (len > max)
		len = max;
	if (len > *n)
		len = *n;
	*out = *p;
	*p += len;
	*n -= len;
	return len;
}

/* The bytes as a NUL-terminated string (a copy: fuzzer input is not terminated). Caller frees. */
static inline char *fz_str(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		fz_die("out of memory");
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

#endif
