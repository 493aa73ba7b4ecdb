/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lib/der.c: TBSCertificate extraction on a real OpenSSL-made certificate, length forms, truncation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "gen-x509.h"
#include "der.h"
#include "sb-error.h"

static uint8_t *cert, *tbs;
static size_t cert_len, tbs_len;

static void test_tbs_real_cert(void)
{
	const uint8_t *got = NULL;
	size_t got_len = 0;

	T_EQ_INT(der_check_certificate(cert, cert_len), 0);
	T_EQ_INT(der_x509_tbs(cert, cert_len, &got, &got_len), 0);
	/* OpenSSL's re-encoded TBS of the same cert must be exactly the bytes we point at. */
	T_EQ_INT(got_len, tbs_len);
	if (got_len == tbs_len)
		T_EQ_MEM(got, tbs, tbs_len);
	T_CHECK(got > cert && got + got_len <= cert + cert_len);
}

static void test_truncation(void)
{
	const uint8_t *got;
	size_t n, got_len, accepted = 0;
	uint8_t *p;

	for (n = 0; n < cert_len; n++) {
		p = malloc(n ? n : 1);
		memcpy(p, cert, n);
		if (der_check_certificate(p, n) == 0 || der_x509_tbs(p, n, &got, &got_len) == 0)
			accepted++;
		free(p);
	}
	T_EQ_INT(accepted, 0);
	/* One byte too many: the outer SEQUENCE no longer spans the buffer. */
	p = malloc(cert_len + 1);
	memcpy(p, cert, cert_len);
	p[cert_len] = 0;
	T_EQ_INT(der_check_certificate(p, cert_len + 1), SB_E_DER);
	T_EQ_INT(der_x509_tbs(p, cert_len + 1, &got, &got_len), SB_E_DER);
	free(p);
}

struct tlv_case {
	const char *what;
	uint8_t bytes[8];
	size_t hdr_bytes;            /* bytes[] used */
	size_t total;                /* buffer length offered (content is zeros) */
	int expect;
	size_t hdr_len, content_len;
};

static const struct tlv_case tlv_cases[] = {
	{ "short form 0",              { 0x30, 0x00 }, 2, 2, 0, 2, 0 },
	{ "short form 127",            { 0x30, 0x7f }, 2, 129, 0, 2, 127 },
	{ "long form 1 octet (128)",   { 0x30, 0x81, 0x80 }, 3, 131, 0, 3, 128 },
	{ "long form 2 octets (256)",  { 0x30, 0x82, 0x01, 0x00 }, 4, 260, 0, 4, 256 },
	{ "long form 3 octets",        { 0x04, 0x83, 0x01, 0x00, 0x00 }, 5, 65541, 0, 5, 65536 },
	{ "long form 4 octets",        { 0x04, 0x84, 0x01, 0x00, 0x00, 0x00 }, 6, 16777222, 0, 6, 16777216 },
	{ "5 length octets",           { 0x30, 0x85, 0x01, 0, 0, 0, 0 }, 7, 64, SB_E_DER, 0, 0 },
	{ "indefinite length",         { 0x30, 0x80 }, 2, 64, SB_E_DER, 0, 0 },
	{ "long form for 5 bytes",     { 0x30, 0x81, 0x05 }, 3, 8, SB_E_DER, 0, 0 },
	{ "leading zero octet",        { 0x30, 0x82, 0x00, 0x90 }, 4, 0x94, SB_E_DER, 0, 0 },
	{ "length past buffer",        { 0x30, 0x81, 0x90 }, 3, 0x92, SB_E_DER, 0, 0 },
	{ "4-octet length ffffffff",   { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff }, 6, 64, SB_E_DER, 0, 0 },
	{ "length octets truncated",   { 0x30, 0x84, 0x01 }, 3, 3, SB_E_DER, 0, 0 },
	{ "high tag number form",      { 0x1f, 0x81, 0x01 }, 3, 64, SB_E_DER, 0, 0 },
	{ "one byte",                  { 0x30 }, 1, 1, SB_E_DER, 0, 0 },
};

static void test_tlv_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(tlv_cases) / sizeof(tlv_cases[0]); i++) {
		const struct tlv_case *c = &tlv_cases[i];
		uint8_t *buf = calloc(1, c->total), tag = 0xee;
		size_t hdr = 777, clen = 777;
		int rc;

		memcpy(buf, c->bytes, c->hdr_bytes);
		rc = der_read_tlv(buf, c->total, &tag, &hdr, &clen);
		t_result(rc == c->expect && (rc != 0 || (hdr == c->hdr_len && clen == c->content_len &&
							 tag == c->bytes[0])) &&
			 (rc == 0 || (tag == 0xee && hdr == 777 && clen == 777)),
			 "der_read_tlv: %s -> %s", c->what, rc ? "error" : "ok");
		free(buf);
	}
}

static void test_not_a_sequence(void)
{
	uint8_t buf[4] = { 0x31, 0x02, 0x30, 0x00 };   /* SET { SEQUENCE {} } */
	uint8_t inner_not_seq[4] = { 0x30, 0x02, 0x02, 0x00 };
	const uint8_t *t;
	size_t tl;

	T_EQ_INT(der_check_certificate(buf, sizeof(buf)), SB_E_DER);
	T_EQ_INT(der_x509_tbs(inner_not_seq, sizeof(inner_not_seq), &t, &tl), SB_E_DER);
	T_EQ_INT(der_check_certificate(NULL, 0), SB_E_DER);
}

/*
 * A self-signed EC certificate whose subject holds the given (type, value, set) entries, as
 * X509_NAME_add_entry_by_txt takes them (set 1: same RDN as the previous entry), version v.
 */
struct name_part { const char *type, *value; int set; };

static uint8_t *cert_with_subject(const struct name_part *parts, size_t n, long version,
				  size_t *len)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	uint8_t *der = NULL, *p;
	int l;

	X509_set_version(x, version);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	for (size_t i = 0; i < n; i++)
		X509_NAME_add_entry_by_txt(name, parts[i].type, MBSTRING_UTF8,
					   (const unsigned char *)parts[i].value, -1, -1, parts[i].set);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	X509_sign(x, key, EVP_sha256());
	l = i2d_X509(x, NULL);
	if (l > 0 && (der = malloc((size_t)l))) {
		p = der;
		i2d_X509(x, &p);
		*len = (size_t)l;
	}
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(key);
	return der;
}

/* The subject commonName: where it sits in the name, absent, and broken certificates. */
static void test_subject_cn_table(void)
{
	static const struct name_part first[] = { { "CN", "sbkexec CN first", 0 }, { "O", "org", 0 } };
	static const struct name_part after_o[] = { { "O", "org", 0 }, { "OU", "unit", 0 },
						    { "CN", "after O and OU", 0 } };
	static const struct name_part multi[] = { { "O", "org", 0 }, { "CN", "in a multi-valued RDN", 1 } };
	static const struct name_part none[] = { { "O", "no common name here", 0 } };
	static const struct name_part two[] = { { "CN", "first CN", 0 }, { "CN", "second CN", 0 } };
	static const struct name_part utf8[] = { { "CN", "caf\xc3\xa9", 0 } };
	struct {
		const char *what;
		const struct name_part *parts;
		size_t n;
		long version;
		int expect;
		const char *cn;
	} cases[] = {
		{ "CN is the first RDN", first, 2, 2, 0, "sbkexec CN first" },
		{ "CN after O and OU", after_o, 3, 2, 0, "after O and OU" },
		{ "CN inside a multi-valued RDN (second member)", multi, 2, 2, 0, "in a multi-valued RDN" },
		{ "no CN: not found", none, 1, 2, SB_E_NOT_FOUND, NULL },
		{ "two CNs: the first one", two, 2, 2, 0, "first CN" },
		{ "v1 certificate (no [0] version field)", first, 2, 0, 0, "sbkexec CN first" },
		{ "UTF-8 CN returned as bytes", utf8, 1, 2, 0, "caf\xc3\xa9" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = 0, cn_len = 777;
		const uint8_t *cn = (const uint8_t *)"untouched";
		uint8_t *der = cert_with_subject(cases[i].parts, cases[i].n, cases[i].version, &len);
		int rc = der ? der_x509_subject_cn(der, len, &cn, &cn_len) : -999;
		int ok = rc == cases[i].expect;

		if (ok && rc == 0)
			ok = cn_len == strlen(cases[i].cn) && memcmp(cn, cases[i].cn, cn_len) == 0 &&
			     cn > der && cn + cn_len <= der + len;
		if (ok && rc != 0)
			ok = cn_len == 777;  /* outputs untouched */
		t_result(ok, "der_x509_subject_cn: %s", cases[i].what);
		free(der);
	}
}

/* Every truncation and every single-byte corruption: an error or a CN inside the buffer. */
static void test_subject_cn_hostile(void)
{
	const uint8_t *cn;
	size_t cn_len, n, bad = 0;
	uint8_t *p;

	for (n = 0; n < cert_len; n++) {
		p = malloc(n ? n : 1);
		memcpy(p, cert, n);
		if (der_x509_subject_cn(p, n, &cn, &cn_len) == 0)
			bad++;
		free(p);
	}
	T_EQ_INT(bad, 0);
	p = malloc(cert_len);
	for (n = 0; n < cert_len; n++) {
		memcpy(p, cert, cert_len);
		p[n] ^= 0xff;
		if (der_x509_subject_cn(p, cert_len, &cn, &cn_len) == 0 &&
		    (cn < p || cn_len > cert_len || cn + cn_len > p + cert_len))
			bad++;
	}
	free(p);
	T_EQ_INT(bad, 0);
	T_EQ_INT(der_x509_subject_cn(NULL, 0, &cn, &cn_len), SB_E_DER);
}

int main(void)
{
	cert = gen_x509("sbkexec der test", &cert_len, &tbs, &tbs_len);
	t_result(cert != NULL, "OpenSSL made a test certificate");
	if (!cert)
		return t_done();
	t_run("der_x509_tbs on a real certificate equals OpenSSL's TBS", test_tbs_real_cert);
	t_run("every truncation and one extra byte rejected", test_truncation);
	test_tlv_table();
	t_run("outer/inner tags must be SEQUENCE", test_not_a_sequence);
	test_subject_cn_table();
	t_run("der_x509_subject_cn: truncations fail, corruptions stay inside the buffer",
	      test_subject_cn_hostile);
	free(cert);
	free(tbs);
	return t_done();
}
