/* SPDX-License-Identifier: GPL-2.0-or-later */
/* argv for the command-line fuzz targets: the input split at NUL bytes, behind a fixed program name. */
#ifndef SB_FUZZ_ARGV_H
#define SB_FUZZ_ARGV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "fuzz-util.h"

#define FZ_MAX_ARGS 64

struct fz_argv {
	char *buf;                  /* the input, NUL-terminated */
	char *argv[FZ_MAX_ARGS + 2];
	int argc;
};

/* Each NUL-separated piece is one argument (at most FZ_MAX_ARGS; the rest is dropped). */
static inline void fz_argv_make(struct fz_argv *a, const char *prog, const uint8_t *data, size_t size)
{
	char *p, *end;

	a->buf = fz_str(data, size);
	a->argc = 0;
	a->argv[a->argc++] = (char *)prog;
	end = a->buf + size;
	for (p = a->buf; p <= end && a->argc <= FZ_MAX_ARGS; p += strlen(p) + 1)
		a->argv[a->argc++] = p;
	a->argv[a->argc] = NULL;
}

static inline void fz_argv_free(struct fz_argv *a)
{
	free(a->buf);
}

#endif
