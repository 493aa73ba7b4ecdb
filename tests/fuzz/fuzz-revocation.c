/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: dbx / MokListXRT revocation lookups on an arbitrary list, in lib/ (every digest algorithm and form) and in the verifier (OpenSSL, by key). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "efi-guid.h"
#include "lib/sb-error.h"
#include "signature-list.h"
#include "verifier/anchors.h"
#include "verifier/revocation.h"
#include "test-util.h"
#include "fuzz-util.h"

/*
 * The input is the list. lib/: every EFI_CERT_SHA* digest of the input's own entries must be
 * found again (esl_digest_listed / esl_tbs_listed, the algorithm masks agree), X.509 entries
 * are revoked as themselves. Verifier: the input as a --dbx file (vf_revocation_open reads and
 * parses it, OpenSSL parses its X.509 entries), then the test PKI's certificates and a digest
 * set are looked up, in both scopes; and as a db that anchors certificates (key-loader's path).
 */
#define NCERTS 3
static X509 *certs[NCERTS];
static char list_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[NCERTS] = { "kexec-ca.der", "kernel-signing.der", "revoked.der" };
	unsigned i;

	(void)argc, (void)argv;
	vf_report_init("fuzz-revocation");
	for (i = 0; i < NCERTS; i++) {
		size_t len = 0;
		uint8_t *der = tu_read_file(fz_cert(names[i]), &len);
		const unsigned char *p = der;

		if (!der || !(certs[i] = d2i_X509(NULL, &p, (long)len)))
			fz_die("cannot read the test PKI (make certs; SBK_FUZZ_CERTS)");
		free(der);
	}
	snprintf(list_path, sizeof(list_path), "%s/list.esl", fz_scratch());
	return 0;
}

static const struct { sb_guid type; enum esl_alg alg; bool tbs; } forms[] = {
	{ SB_GUID_CERT_SHA1, ESL_ALG_SHA1, false },
	{ SB_GUID_CERT_SHA224, ESL_ALG_SHA224, false },
	{ SB_GUID_CERT_SHA256, ESL_ALG_SHA256, false },
	{ SB_GUID_CERT_SHA384, ESL_ALG_SHA384, false },
	{ SB_GUID_CERT_SHA512, ESL_ALG_SHA512, false },
	{ SB_GUID_CERT_X509_SHA256, ESL_ALG_SHA256, true },
	{ SB_GUID_CERT_X509_SHA384, ESL_ALG_SHA384, true },
	{ SB_GUID_CERT_X509_SHA512, ESL_ALG_SHA512, true },
};

static void lib_lookups(const uint8_t *data, size_t size)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	unsigned digest_algs, tbs_algs, i;
	struct esl_entry e;
	size_t cursor = 0;
	uint8_t zero[64] = { 0 };

	digest_algs = esl_digest_algs(data, size);
	tbs_algs = esl_tbs_algs(data, size);
	for (i = 0; i < ESL_ALG_COUNT; i++) {
		esl_digest_listed(data, size, (enum esl_alg)i, zero);
		esl_tbs_listed(data, size, (enum esl_alg)i, zero);
	}
	esl_hash_listed(data, size, zero);
	if (esl_validate(data, size, NULL) < 0)
		return;
	while (esl_next(data, size, &cursor, &e) == 1) {
		if (memcmp(e.type, &x509, sizeof(x509)) == 0) {
			FZ_ASSERT(esl_contains_x509(data, size, e.data, e.len));
			FZ_ASSERT(esl_cert_revoked(data, size, e.data, e.len) != ESL_NOT_REVOKED);
			continue;
		}
		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			size_t dsize = esl_alg_size(forms[i].alg);

			if (memcmp(e.type, &forms[i].type, sizeof(sb_guid)) != 0)
				continue;
			/* An entry of the right size is found; the masks name its algorithm. */
			if (!forms[i].tbs && e.len == dsize) {
				FZ_ASSERT(esl_digest_listed(data, size, forms[i].alg, e.data));
				FZ_ASSERT(digest_algs & ESL_ALG_BIT(forms[i].alg));
				if (forms[i].alg == ESL_ALG_SHA256)
					FZ_ASSERT(esl_hash_listed(data, size, e.data));
			}
			if (forms[i].tbs && e.len == dsize + 16) {
				FZ_ASSERT(esl_tbs_listed(data, size, forms[i].alg, e.data));
				FZ_ASSERT(tbs_algs & ESL_ALG_BIT(forms[i].alg));
			}
		}
	}
}

static void verifier_lookups(const uint8_t *data, size_t size)
{
	struct vf_revocation_sources src = { .dbx_file = list_path, .no_system = true };
	struct vf_revocation r;
	struct vf_anchors a;
	struct vf_anchor_sources none = { .ntrust = 0 };
	struct vf_digests d = { 0 };
	struct vf_verdict v = { 0 };
	unsigned i, added = 0;
	int rc;

	fz_write(list_path, data, size);
	rc = vf_revocation_open(&r, &src, &v);
	if (rc == SB_OK) {
		for (i = 0; i < NCERTS; i++) {
			memset(&v, 0, sizeof(v));
			rc = vf_revoked_cert(&r, certs[i], VF_CERT_IN_CHAIN, &v);
			FZ_ASSERT(rc == SB_OK || rc == SB_E_REVOKED);
			memset(&v, 0, sizeof(v));
			rc = vf_revoked_cert(&r, certs[i], VF_CERT_ALONE, &v);
			FZ_ASSERT(rc == SB_OK || rc == SB_E_REVOKED);
		}
		/* Every algorithm the list names, with digests taken from the input itself. */
		d.algs = vf_revocation_digest_algs(&r);
		for (i = 0; i < ESL_ALG_COUNT; i++) {
			size_t n = esl_alg_size((enum esl_alg)i);

			memcpy(d.d[i], size >= n ? data + size - n : data, size >= n ? n : size);
			memcpy(d.fw[i], data, size >= n ? n : size);
		}
		d.padded = size & 1;
		memset(&v, 0, sizeof(v));
		rc = vf_revoked_digests(&r, &d, "image digest", &v);
		FZ_ASSERT(rc == SB_OK || rc == SB_E_REVOKED);
		vf_revocation_close(&r);
	} else {
		FZ_ASSERT(rc == SB_E_MALFORMED && v.reason[0]);
	}
	/* The same bytes as db: key-loader's firmware anchors. */
	memset(&v, 0, sizeof(v));
	if (vf_anchors_open(&a, &none, &v) == SB_OK) {
		rc = vf_anchors_add_esl(&a, "db", "db/MokListRT certificate", data, size, &added, &v);
		FZ_ASSERT(rc == SB_OK || rc == SB_E_MALFORMED);
		for (i = 0; rc == SB_OK && i < NCERTS; i++)
			vf_anchors_label(&a, certs[i]);
		vf_anchors_close(&a);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lib_lookups(data, size);
	verifier_lookups(data, size);
	return 0;
}
