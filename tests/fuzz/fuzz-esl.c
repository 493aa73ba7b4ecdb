/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: signature-list validation and iteration on arbitrary bytes, and the build round trip of every entry. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "efi-guid.h"
#include "der.h"
#include "sb-error.h"
#include "signature-list.h"
#include "fuzz-util.h"

/* esl_build() of one entry gives one list that validates and iterates back to the same entry. */
static void round_trip(const struct esl_entry *e)
{
	size_t need = esl_list_size(e->len), cursor = 0;
	struct esl_entry back;
	uint8_t *out = malloc(need);
	long n;

	if (!out)
		fz_die("out of memory");
	FZ_ASSERT(esl_build(e->type, e->owner, e->data, e->len, out, need - 1) == SB_E_BUFFER_SMALL);
	n = esl_build(e->type, e->owner, e->data, e->len, out, need);
	FZ_ASSERT(n > 0 && (size_t)n == need);
	FZ_ASSERT(esl_validate(out, need, e->type) == 1);
	FZ_ASSERT(esl_next(out, need, &cursor, &back) == 1);
	FZ_ASSERT(memcmp(back.type, e->type, sizeof(sb_guid)) == 0);
	FZ_ASSERT(memcmp(back.owner, e->owner, sizeof(sb_guid)) == 0);
	FZ_ASSERT(back.len == e->len && memcmp(back.data, e->data, e->len) == 0);
	FZ_ASSERT(esl_next(out, need, &cursor, &back) == 0);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	struct esl_entry e;
	const uint8_t *tbs;
	size_t cursor = 0, tbs_len;
	volatile size_t sink = 0;
	int n, seen = 0, rc;

	n = esl_validate(data, size, NULL);
	esl_validate(data, size, &x509);
	while ((rc = esl_next(data, size, &cursor, &e)) == 1) {
		FZ_ASSERT(e.data >= data && e.len <= size && (size_t)(e.data - data) <= size - e.len);
		if (e.len)
			sink ^= e.data[0] ^ e.data[e.len - 1];
		if (der_x509_tbs(e.data, e.len, &tbs, &tbs_len) == 0) {
			FZ_ASSERT(tbs >= e.data && (size_t)(tbs - e.data) + tbs_len <= e.len);
			sink ^= tbs[tbs_len - 1];
		}
		/* The carrier names certificates by their subject CN (its console, its TPM events). */
		if (der_x509_subject_cn(e.data, e.len, &tbs, &tbs_len) == 0)
			FZ_ASSERT(tbs >= e.data && (size_t)(tbs - e.data) + tbs_len <= e.len);
		/* Only entries of a valid buffer meet their type's rules, which esl_validate() checks. */
		if (n >= 0)
			round_trip(&e);
		seen++;
	}
	/* A buffer that validates iterates to the end without error, entry for entry. */
	if (n >= 0)
		FZ_ASSERT(rc == 0 && seen == n);
	(void)sink;
	return 0;
}
