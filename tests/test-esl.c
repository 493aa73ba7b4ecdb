/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI signature lists: the generated corpus with exact codes, build/parse round trips, and dbx revocation in all three forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "test-util.h"
#include "gen-x509.h"
#include "efi-guid.h"
#include "sha256.h"
#include "sb-error.h"
#include "signature-list.h"

static const sb_guid g_x509 = SB_GUID_CERT_X509, g_sha256 = SB_GUID_CERT_SHA256,
		     g_x509_sha256 = SB_GUID_CERT_X509_SHA256, g_owner = SB_GUID_SBKEXEC,
		     g_other = SB_GUID_SHIM_LOCK;

static uint8_t *cert, *tbs, *cert2;
static size_t cert_len, tbs_len, cert2_len;

static int corpus_case(const char *dir, const char *file, const char *type, const char *expect)
{
	char path[4400], got[64];
	const sb_guid *t = NULL;
	uint8_t *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf = tu_read_file(path, &len);
	if (!buf) {
		printf("#   cannot read %s\n", path);
		return 0;
	}
	if (strcmp(type, "x509") == 0)
		t = &g_x509;
	else if (strcmp(type, "sha256") == 0)
		t = &g_sha256;
	rc = esl_validate(buf, len, t);
	if (rc >= 0)
		snprintf(got, sizeof(got), "ok:%d", rc);
	else
		snprintf(got, sizeof(got), "%s", sb_strerror(rc));
	if (strcmp(got, expect) != 0)
		printf("#   %s: esl_validate() = %d (%s), expected %s\n", file, rc, got, expect);
	free(buf);
	return strcmp(got, expect) == 0;
}

static void run_corpus(void)
{
	char dir[4096], path[4200], line[512], file[256], type[32], expect[64];
	int negatives = 0;
	FILE *m;

	snprintf(dir, sizeof(dir), "%s/tests/esl-corpus", tu_build_dir());
	snprintf(path, sizeof(path), "%s/manifest", dir);
	m = fopen(path, "r");
	t_result(m != NULL, "esl corpus manifest %s exists", path);
	if (!m)
		return;
	while (fgets(line, sizeof(line), m)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%255s %31s %63s", file, type, expect) != 3) {
			t_result(0, "manifest line parses: %s", line);
			continue;
		}
		t_result(corpus_case(dir, file, type, expect), "esl corpus %s (type %s) -> %s", file, type, expect);
		if (strncmp(expect, "ok:", 3) != 0)
			negatives++;
	}
	fclose(m);
	t_result(negatives >= 15, "esl corpus has %d malformed buffers", negatives);
}

/* esl_build's size, for a build the test needs to succeed (a failure here is a broken fixture). */
static size_t built(long n)
{
	if (n < 0) {
		fprintf(stderr, "esl_build failed: %ld\n", n);
		abort();
	}
	return (size_t)n;
}

static void test_build_roundtrip(void)
{
	uint8_t out[4096];
	struct esl_entry e;
	size_t cursor = 0;
	size_t len;
	long n;

	T_EQ_INT(esl_list_size(cert_len), 28 + 16 + cert_len);
	n = esl_build(&g_x509, &g_owner, cert, cert_len, out, sizeof(out));
	T_EQ_INT(n, (long)esl_list_size(cert_len));
	len = built(n);
	T_EQ_INT(esl_validate(out, len, &g_x509), 1);
	T_EQ_INT(esl_validate(out, len, NULL), 1);
	T_EQ_INT(esl_next(out, len, &cursor, &e), 1);
	T_EQ_MEM(e.type->b, g_x509.b, 16);
	T_EQ_MEM(e.owner->b, g_owner.b, 16);
	T_EQ_INT(e.len, cert_len);
	T_EQ_MEM(e.data, cert, cert_len);
	T_EQ_INT(esl_next(out, len, &cursor, &e), 0);
	T_CHECK(esl_contains_x509(out, len, cert, cert_len));
	T_CHECK(!esl_contains_x509(out, len, cert2, cert2_len));
	T_CHECK(!esl_contains_x509(out, len, cert, cert_len - 1));
}

static void test_build_small_buffer(void)
{
	uint8_t out[4096];
	size_t need = esl_list_size(cert_len);

	memset(out, 0x77, sizeof(out));
	T_EQ_INT(esl_build(&g_x509, &g_owner, cert, cert_len, out, need - 1), SB_E_BUFFER_SMALL);
	T_EQ_INT(out[0], 0x77);
	T_EQ_INT(esl_build(&g_x509, &g_owner, cert, cert_len, out, need), (long)need);
	T_EQ_INT(esl_list_size((size_t)-1), 0);
}

/* Several lists back to back iterate in order, across list boundaries. */
static void test_multi_list_iteration(void)
{
	uint8_t buf[8192], h[32];
	struct esl_entry e;
	size_t len = 0, cursor = 0;
	int count = 0;

	len += built(esl_build(&g_x509, &g_owner, cert, cert_len, buf + len, sizeof(buf) - len));
	sha256("x", 1, h);
	len += built(esl_build(&g_sha256, &g_other, h, 32, buf + len, sizeof(buf) - len));
	len += built(esl_build(&g_x509, &g_owner, cert2, cert2_len, buf + len, sizeof(buf) - len));
	T_EQ_INT(esl_validate(buf, len, NULL), 3);
	T_EQ_INT(esl_validate(buf, len, &g_x509), SB_E_ESL_TYPE);
	while (esl_next(buf, len, &cursor, &e) == 1) {
		count++;
		if (count == 2) {
			T_EQ_MEM(e.type->b, g_sha256.b, 16);
			T_EQ_MEM(e.owner->b, g_other.b, 16);
			T_EQ_MEM(e.data, h, 32);
		}
		if (count == 3)
			T_EQ_MEM(e.data, cert2, cert2_len);
	}
	T_EQ_INT(count, 3);
	T_CHECK(esl_contains_x509(buf, len, cert2, cert2_len));
	/* A cursor that does not point at an entry is misuse, reported, never followed. */
	cursor = 28 + 3;
	T_EQ_INT(esl_next(buf, len, &cursor, &e), SB_E_MALFORMED);
}

static size_t dbx_entry(uint8_t *out, size_t cap, const sb_guid *type, const void *data, size_t len)
{
	long n = esl_build(type, &g_owner, data, len, out, cap);

	return n > 0 ? (size_t)n : 0;
}

static void test_revocation_forms(void)
{
	uint8_t dbx[8192], h[48] = { 0 }, other[32];
	size_t len;

	/* Not revoked by an unrelated dbx. */
	sha256("unrelated", 9, other);
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, other, 32);
	len += dbx_entry(dbx + len, sizeof(dbx) - len, &g_x509, cert2, cert2_len);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_NOT_REVOKED);
	T_CHECK(!esl_hash_listed(dbx, len, h));

	/* 1. The certificate itself. */
	len = dbx_entry(dbx, sizeof(dbx), &g_x509, cert, cert_len);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_REVOKED_X509);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert2, cert2_len), ESL_NOT_REVOKED);

	/* 2. tbs: SHA-256 of the TBSCertificate (+ EFI_TIME), as the kernel's "tbs:" entries. */
	sha256(tbs, tbs_len, h);
	memset(h + 32, 0, 16);
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, other, 32);
	len += dbx_entry(dbx + len, sizeof(dbx) - len, &g_x509_sha256, h, 48);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_REVOKED_X509_SHA256);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert2, cert2_len), ESL_NOT_REVOKED);
	/* The hash of the *whole* cert in an X509_SHA256 list is not a match. */
	sha256(cert, cert_len, h);
	len = dbx_entry(dbx, sizeof(dbx), &g_x509_sha256, h, 48);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_NOT_REVOKED);

	/* 3. SHA-256 of the whole DER as EFI_CERT_SHA256. */
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, h, 32);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_REVOKED_SHA256);
	T_CHECK(esl_hash_listed(dbx, len, h));
	/* ...but the TBS hash as EFI_CERT_SHA256 is not "the cert". */
	sha256(tbs, tbs_len, h);
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, h, 32);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_NOT_REVOKED);
}

/* A malformed tail does not hide revocations before it, and never crashes. */
static void test_revocation_malformed(void)
{
	uint8_t dbx[8192], h[32];
	size_t len, n;

	sha256(cert, cert_len, h);
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, h, 32);
	memset(dbx + len, 0xff, 40);                   /* garbage list header after it */
	T_EQ_INT(esl_cert_revoked(dbx, len + 40, cert, cert_len), ESL_REVOKED_SHA256);
	T_CHECK(esl_hash_listed(dbx, len + 40, h));
	T_CHECK(esl_validate(dbx, len + 40, NULL) < 0);
	/* Every truncation: no crash, no false positive. */
	len = dbx_entry(dbx, sizeof(dbx), &g_x509, cert, cert_len);
	for (n = 0; n < len; n++) {
		uint8_t *p = malloc(n ? n : 1);

		memcpy(p, dbx, n);
		if (esl_cert_revoked(p, n, cert, cert_len) != ESL_NOT_REVOKED) {
			printf("#   truncated dbx of %zu bytes matched\n", n);
			t_case_failed = 1;
		}
		free(p);
	}
	/* Entries of the right type but wrong size never match. */
	len = dbx_entry(dbx, sizeof(dbx), &g_sha256, h, 31);
	T_EQ_INT(esl_cert_revoked(dbx, len, cert, cert_len), ESL_NOT_REVOKED);
	T_EQ_INT(esl_cert_revoked(NULL, 0, cert, cert_len), ESL_NOT_REVOKED);
}

/* Digest lookups by algorithm (esl_digest_listed / esl_tbs_listed / esl_*_algs). */
static void test_digest_forms(void)
{
	static const sb_guid g384 = SB_GUID_CERT_SHA384, g512 = SB_GUID_CERT_SHA512,
			     g1 = SB_GUID_CERT_SHA1, gx384 = SB_GUID_CERT_X509_SHA384;
	uint8_t dbx[8192], d[64], e[64 + 16];
	size_t len;
	unsigned i;

	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(i * 7 + 1);
	memcpy(e, d, 48);
	memset(e + 48, 0, 16);
	len = dbx_entry(dbx, sizeof(dbx), &g384, d, 48);
	len += dbx_entry(dbx + len, sizeof(dbx) - len, &g1, d, 20);
	len += dbx_entry(dbx + len, sizeof(dbx) - len, &gx384, e, 64);
	T_CHECK(esl_validate(dbx, len, NULL) == 3);
	T_EQ_INT(esl_digest_algs(dbx, len), ESL_ALG_BIT(ESL_ALG_SHA384) | ESL_ALG_BIT(ESL_ALG_SHA1));
	T_EQ_INT(esl_tbs_algs(dbx, len), ESL_ALG_BIT(ESL_ALG_SHA384));
	T_CHECK(esl_digest_listed(dbx, len, ESL_ALG_SHA384, d));
	T_CHECK(esl_digest_listed(dbx, len, ESL_ALG_SHA1, d));
	/* The same leading bytes in another algorithm's list are no match. */
	T_CHECK(!esl_digest_listed(dbx, len, ESL_ALG_SHA256, d));
	T_CHECK(!esl_digest_listed(dbx, len, ESL_ALG_SHA512, d));
	T_CHECK(!esl_hash_listed(dbx, len, d));
	/* A TBS digest matches only in the X509_SHA* list, and only its own algorithm. */
	T_CHECK(esl_tbs_listed(dbx, len, ESL_ALG_SHA384, d));
	T_CHECK(!esl_tbs_listed(dbx, len, ESL_ALG_SHA512, d));
	T_CHECK(!esl_tbs_listed(dbx, len, ESL_ALG_SHA1, d));
	d[47] ^= 1;
	T_CHECK(!esl_digest_listed(dbx, len, ESL_ALG_SHA384, d));
	T_CHECK(!esl_tbs_listed(dbx, len, ESL_ALG_SHA384, d));
	d[47] ^= 1;
	/* Right type, wrong size: never a match. */
	len = dbx_entry(dbx, sizeof(dbx), &g512, d, 48);
	T_CHECK(!esl_digest_listed(dbx, len, ESL_ALG_SHA512, d));
	T_EQ_INT(esl_alg_size(ESL_ALG_SHA224), 28);
	T_EQ_INT(esl_alg_size(ESL_ALG_COUNT), 0);
	T_CHECK(!esl_digest_listed(NULL, 0, ESL_ALG_SHA384, d));
}

/* The GUID strings (efivarfs names) say the same as the binary GUIDs. */
static void test_guid_strings(void)
{
	static const struct { sb_guid g; const char *s; } pairs[] = {
		{ SB_GUID_GLOBAL_VARIABLE, SB_GUID_GLOBAL_VARIABLE_STR },
		{ SB_GUID_IMAGE_SECURITY, SB_GUID_IMAGE_SECURITY_STR },
		{ SB_GUID_SHIM_LOCK, SB_GUID_SHIM_LOCK_STR },
		{ SB_GUID_SBKEXEC, SB_GUID_SBKEXEC_STR },
	};
	unsigned i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const uint8_t *b = pairs[i].g.b;
		char text[40];

		/* EFI_GUID on disk: d1, d2, d3 little-endian, then 8 bytes (UEFI 2.10 Appendix A). */
		snprintf(text, sizeof(text), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12],
			 b[13], b[14], b[15]);
		if (strcmp(text, pairs[i].s) != 0) {
			printf("#   %s is %s in binary\n", pairs[i].s, text);
			t_case_failed = 1;
		}
	}
}

int main(void)
{
	cert = gen_x509("sbkexec esl test", &cert_len, &tbs, &tbs_len);
	cert2 = gen_x509("sbkexec esl other", &cert2_len, NULL, NULL);
	t_result(cert && cert2, "OpenSSL made two test certificates");
	if (!cert || !cert2)
		return t_done();
	run_corpus();
	t_run("esl_build / esl_validate / esl_next round trip", test_build_roundtrip);
	t_run("esl_build refuses a small buffer and leaves it untouched", test_build_small_buffer);
	t_run("iteration across several lists, type filter, cursor misuse", test_multi_list_iteration);
	t_run("esl_cert_revoked: X509, X509_SHA256 (tbs) and SHA256 forms", test_revocation_forms);
	t_run("revocation lookups on malformed and truncated dbx", test_revocation_malformed);
	t_run("every digest form: lookups by algorithm, data vs TBS lists, sizes", test_digest_forms);
	t_run("GUID strings (efivarfs names) match the binary GUIDs", test_guid_strings);
	free(cert);
	free(tbs);
	free(cert2);
	return t_done();
}
