/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: signature-list validation, iteration and revocation lookups on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include "efi-guid.h"
#include "der.h"
#include "signature-list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	/* Any bytes may claim to be a certificate: use the input's own first entry as one. */
	struct esl_entry e;
	const uint8_t *tbs;
	size_t cursor = 0, tbs_len;
	volatile size_t sink = 0;
	uint8_t digest[32] = { 0 };

	esl_validate(data, size, NULL);
	esl_validate(data, size, &x509);
	while (esl_next(data, size, &cursor, &e) == 1) {
		if (e.len)
			sink ^= e.data[0] ^ e.data[e.len - 1];
		if (der_x509_tbs(e.data, e.len, &tbs, &tbs_len) == 0)
			sink ^= tbs[tbs_len - 1];
		esl_cert_revoked(data, size, e.data, e.len);
		esl_contains_x509(data, size, e.data, e.len);
		if (e.len == 32)
			esl_hash_listed(data, size, e.data);
	}
	esl_cert_revoked(data, size, data, size);
	esl_hash_listed(data, size, digest);
	(void)sink;
	return 0;
}
