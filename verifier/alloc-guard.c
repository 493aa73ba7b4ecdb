/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation failures counted: OpenSSL's memory hooks and the verifier's own reports (verifier/alloc-guard.h). */
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lib/sb-error.h"

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

int vf_crypto_init(void)
{
	EVP_MD *md;

	vf_alloc_guard_init();
	/* The one call that says whether the default library context could be made (NULL when
	   not: then every other call would dereference it). */
	if (!OSSL_LIB_CTX_get0_global_default())
		return SB_E_NOMEM;
	if (!OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL))
		return SB_E_NOMEM;
	md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	if (!md)
		return SB_E_NOMEM;
	EVP_MD_free(md);
	return SB_OK;
}

void vf_alloc_failed(void)
{
	failures++;
}

bool vf_alloc_lost(void)
{
	return failures != 0;
}
