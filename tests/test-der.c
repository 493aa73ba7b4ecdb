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
	free(cert);
	free(tbs);
	return t_done();
}
