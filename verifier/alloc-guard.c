/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation failures counted: OpenSSL's memory hooks and the verifier's own reports (verifier/alloc-guard.h). */
#include <stdlib.h>

#include <openssl/crypto.h>

#include "verifier/alloc-guard.h"

static unsigned long failures;

static void *guard_malloc(size_t n, const char *file, int line)
{
	void *p = malloc(n);

	(void)file, (void)line;
	if (!p && n)
		failures++;
	return p;
}

static void *guard_realloc(void *p, size_t n, const char *file, int line)
{
	void *q;

	(void)file, (void)line;
	/* CRYPTO_realloc() semantics: size 0 frees (that is no failure). */
	if (n == 0) {
		free(p);
		return NULL;
	}
	q = realloc(p, n);
	if (!q)
		failures++;
	return q;
}

static void guard_free(void *p, const char *file, int line)
{
	(void)file, (void)line;
	free(p);
}

void vf_alloc_guard_init(void)
{
	static bool done;

	/* Possible only before OpenSSL's first allocation: main() calls vf_report_init() first. */
	if (!done)
		done = CRYPTO_set_mem_functions(guard_malloc, guard_realloc, guard_free) != 0;
}

void vf_alloc_failed(void)
{
	failures++;
}

bool vf_alloc_lost(void)
{
	return failures != 0;
}
