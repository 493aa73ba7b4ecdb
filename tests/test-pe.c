/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PE parser API and Authenticode walker on synthetic images: lookups, cert iteration, truncation, digest oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "test.h"
#include "gen-pe-image.h"
#include "pe.h"
#include "authenticode.h"
#include "sb-error.h"

/* Copy into an exactly-sized allocation so ASan catches any read past the image. */
static uint8_t *exact_copy(const struct gen_pe *g)
{
	uint8_t *p = malloc(g->len ? g->len : 1);

	if (!p)
		abort();
	memcpy(p, g->buf, g->len);
	return p;
}

/*
 * Independent oracle: osslsigncode's linear rule (everything from 0 to the certificate table,
 * minus CheckSum and the certificate directory entry, zero-padded to 8 when unsigned), which
 * equals the Authenticode section-sorted rule for contiguous images such as these.
 */
static void linear_digest(const uint8_t *p, size_t len, uint8_t out[32])
{
	static const uint8_t zeros[8];
	uint32_t cert_off = gen_get32(p + GEN_CERTDIR);
	size_t end = cert_off ? cert_off : len;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int n;

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, p, GEN_CHECKSUM);
	EVP_DigestUpdate(md, p + GEN_CHECKSUM + 4, GEN_CERTDIR - GEN_CHECKSUM - 4);
	EVP_DigestUpdate(md, p + GEN_CERTDIR + 8, end - GEN_CERTDIR - 8);
	if (!cert_off && len % 8)
		EVP_DigestUpdate(md, zeros, 8 - len % 8);
	EVP_DigestFinal_ex(md, out, &n);
	EVP_MD_CTX_free(md);
}

static void check_digest(struct gen_pe *g)
{
	uint8_t *p = exact_copy(g), ours[32], want[32];
	struct pe_image img;

	T_EQ_INT(pe_parse(p, g->len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, ours), 0);
	linear_digest(p, g->len, want);
	T_EQ_MEM(ours, want, 32);
	free(p);
}

static void test_digest_unsigned(void)
{
	struct gen_pe g;

	gen_pe_base(&g);
	check_digest(&g);
	gen_pe_free(&g);
}

static void test_digest_signed(void)
{
	struct gen_pe g;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, /* pad= */ 1, /* align= */ 1);
	check_digest(&g);
	gen_pe_free(&g);
}

static void test_digest_trailing_padded(void)
{
	struct gen_pe g;

	gen_pe_base(&g);
	gen_pe_append(&g, "abc", 3);   /* unsigned, length % 8 == 3: hashed zero-padded */
	check_digest(&g);
	gen_pe_free(&g);
}

/* Signing must not change the digest: the same bytes before and after adding the table. */
static void test_digest_sign_invariant(void)
{
	struct gen_pe g;
	struct pe_image img;
	uint8_t d1[32], d2[32], *p;

	gen_pe_base(&g);
	gen_pe_append(&g, "abcde", 5);
	p = exact_copy(&g);
	T_EQ_INT(pe_parse(p, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, d1), 0);
	free(p);
	gen_pe_add_cert(&g, 123, /* pad= */ 1, /* align= */ 1);
	gen_put32(g.buf + GEN_CHECKSUM, 0xdeadbeef);
	p = exact_copy(&g);
	T_EQ_INT(pe_parse(p, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, d2), 0);
	T_EQ_MEM(d1, d2, 32);
	free(p);
	gen_pe_free(&g);
}

/* A byte inside a section changes the digest; a byte of CheckSum does not. */
static void test_digest_sensitivity(void)
{
	struct gen_pe g;
	struct pe_image img;
	uint8_t d0[32], d1[32], d2[32];

	gen_pe_base(&g);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, d0), 0);
	g.buf[GEN_HEADERS + 0x250] ^= 1;
	T_EQ_INT(authenticode_sha256(&img, d1), 0);
	T_CHECK(memcmp(d0, d1, 32) != 0);
	g.buf[GEN_HEADERS + 0x250] ^= 1;
	g.buf[GEN_CHECKSUM + 2] ^= 0xff;
	T_EQ_INT(authenticode_sha256(&img, d2), 0);
	T_EQ_MEM(d0, d2, 32);
	gen_pe_free(&g);
}

/* Sections listed out of file order are hashed in PointerToRawData order. */
static void test_digest_sorted(void)
{
	struct gen_pe g;
	struct pe_image img;
	uint8_t d0[32], d1[32], tmp[40];

	gen_pe_base(&g);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, d0), 0);
	memcpy(tmp, g.buf + GEN_SECTION(0), 40);
	memcpy(g.buf + GEN_SECTION(0), g.buf + GEN_SECTION(2), 40);
	memcpy(g.buf + GEN_SECTION(2), tmp, 40);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(authenticode_sha256(&img, d1), 0);
	/* Only the section table bytes (part of the headers) differ, so the digests differ... */
	T_CHECK(memcmp(d0, d1, 32) != 0);
	/* ...but the ranges walked are the same: compare against the linear oracle. */
	linear_digest(g.buf, g.len, d0);
	T_EQ_MEM(d0, d1, 32);
	gen_pe_free(&g);
}

static void test_fields(void)
{
	struct gen_pe g;
	struct pe_image img;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, /* pad= */ 1, /* align= */ 1);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(img.machine, 0x8664);
	T_EQ_INT(img.nsections, GEN_NSECTIONS);
	T_EQ_INT(img.size_of_headers, GEN_HEADERS);
	T_EQ_INT(img.size_of_image, GEN_SIZE_OF_IMAGE);
	T_EQ_INT(img.section_alignment, GEN_SECT_ALIGN);
	T_EQ_INT(img.file_alignment, GEN_FILE_ALIGN);
	T_EQ_INT(img.entry_point, 0x1000);
	T_EQ_INT(img.subsystem, 10);
	T_EQ_INT(img.checksum_offset, GEN_CHECKSUM);
	T_EQ_INT(img.certdir_offset, GEN_CERTDIR);
	T_EQ_INT(img.section_table_offset, GEN_SECTAB);
	T_EQ_INT(img.cert_offset, GEN_FILE_SIZE);
	T_EQ_INT(img.cert_size, 312);
	T_EQ_INT(img.signed_end, GEN_FILE_SIZE);
	gen_pe_free(&g);
}

static void test_find_section(void)
{
	struct gen_pe g;
	struct pe_image img;
	struct pe_section s;
	const uint8_t *data;
	size_t len;

	gen_pe_base(&g);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(pe_find_section(&img, ".keylist", &data, &len), 0);
	T_CHECK(data == g.buf + GEN_HEADERS + 2 * GEN_FILE_ALIGN);
	T_EQ_INT(len, 0x123);                          /* min(VirtualSize, SizeOfRawData) */
	T_EQ_INT(pe_find_section(&img, ".bss", &data, &len), 0);
	T_EQ_INT(len, 0);
	T_EQ_INT(pe_find_section(&img, ".sbat", &data, &len), SB_E_NOT_FOUND);
	T_EQ_INT(pe_find_section(&img, ".keylis", &data, &len), SB_E_NOT_FOUND);   /* no prefix match */
	T_EQ_INT(pe_find_section(&img, ".keylist2", &data, &len), SB_E_NOT_FOUND); /* > 8 chars */
	T_EQ_INT(pe_section_get(&img, 1, &s), 0);
	T_CHECK(strcmp(s.name, ".data") == 0);
	T_EQ_INT(s.virtual_address, 0x2000);
	T_EQ_INT(pe_section_get(&img, GEN_NSECTIONS, &s), SB_E_MALFORMED);
	/* A duplicated name is ambiguous: refuse rather than pick one. */
	memcpy(g.buf + GEN_SECTION(1), ".keylist", 8);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(pe_find_section(&img, ".keylist", &data, &len), SB_E_MALFORMED);
	gen_pe_free(&g);
}

static void test_memory_layout(void)
{
	struct gen_pe g;
	struct pe_image img;
	const uint8_t *data, *file_data;
	uint8_t expect[0x123];
	size_t len;

	gen_pe_base(&g);
	memcpy(expect, g.buf + GEN_HEADERS + 2 * GEN_FILE_ALIGN, sizeof(expect));
	gen_pe_to_memory(&g);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_MEMORY, &img), 0);
	T_EQ_INT(pe_find_section(&img, ".keylist", &data, &len), 0);
	T_CHECK(data == g.buf + 0x3000);
	T_EQ_INT(len, 0x123);
	T_EQ_MEM(data, expect, sizeof(expect));
	T_EQ_INT(img.cert_size, 0);
	/* Memory images have no certificate table and cannot be Authenticode-hashed. */
	{
		uint8_t d[32];

		T_EQ_INT(authenticode_sha256(&img, d), SB_E_UNSUPPORTED);
	}
	(void)file_data;
	gen_pe_free(&g);
}

static void test_cert_iteration(void)
{
	struct gen_pe g;
	struct pe_image img;
	struct pe_cert c;
	size_t cursor = 0;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, /* pad= */ 1, /* align= */ 1);
	gen_pe_add_cert(&g, 77, /* pad= */ 0, /* align= */ 1);     /* last entry unpadded */
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(pe_cert_next(&img, &cursor, &c), 1);
	T_EQ_INT(c.revision, 0x0200);
	T_EQ_INT(c.type, 2);
	T_EQ_INT(c.len, 300);
	T_CHECK(c.data == g.buf + GEN_FILE_SIZE + 8);
	T_EQ_INT(c.data[0], 0x30);
	T_EQ_INT(pe_cert_next(&img, &cursor, &c), 1);
	T_EQ_INT(c.len, 77);
	T_CHECK(c.data == g.buf + GEN_FILE_SIZE + 312 + 8);
	T_EQ_INT(pe_cert_next(&img, &cursor, &c), 0);
	T_EQ_INT(pe_cert_next(&img, &cursor, &c), 0);
	gen_pe_free(&g);

	/* Unsigned: no entries at all. */
	gen_pe_base(&g);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &img), 0);
	cursor = 0;
	T_EQ_INT(pe_cert_next(&img, &cursor, &c), 0);
	gen_pe_free(&g);
}

/* Every strict prefix of a signed image must be refused (the table must end the file), and
   every prefix of any image must be handled without reading past it (ASan watches). */
static void test_truncation_sweep(void)
{
	struct gen_pe g;
	struct pe_image img;
	size_t n, accepted = 0;
	uint8_t *p;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, /* pad= */ 1, /* align= */ 1);
	for (n = 0; n < g.len; n++) {
		p = malloc(n ? n : 1);
		memcpy(p, g.buf, n);
		if (pe_parse(p, n, PE_LAYOUT_FILE, &img) == 0)
			accepted++;
		free(p);
	}
	T_EQ_INT(accepted, 0);
	gen_pe_free(&g);
}

/* pe_parse() leaves *img untouched on failure and rejects NULL input. */
static void test_untouched_on_failure(void)
{
	struct pe_image img, before;
	uint8_t junk[64] = { 'M', 'Z' };

	memset(&img, 0x5a, sizeof(img));
	before = img;
	T_EQ_INT(pe_parse(junk, sizeof(junk), PE_LAYOUT_FILE, &img), SB_E_PE_SIGNATURE);
	T_EQ_MEM(&img, &before, sizeof(img));
	T_EQ_INT(pe_parse(NULL, 0, PE_LAYOUT_FILE, &img), SB_E_MALFORMED);
	T_EQ_MEM(&img, &before, sizeof(img));
}

static void test_strerror(void)
{
	int codes[] = { SB_OK, SB_E_MALFORMED, SB_E_NOT_FOUND, SB_E_PE_DOS_TRUNCATED, SB_E_PE_CERT_TYPE,
			SB_E_ESL_TRUNCATED, SB_E_DER };
	size_t i, j;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		for (j = i + 1; j < sizeof(codes) / sizeof(codes[0]); j++)
			T_CHECK(strcmp(sb_strerror(codes[i]), sb_strerror(codes[j])) != 0);
	T_CHECK(strcmp(sb_strerror(SB_E_PE_LFANEW), "pe-lfanew") == 0);
	T_CHECK(strcmp(sb_strerror(12345), "unknown-error") == 0);
	T_EQ_INT(sb_error_class(SB_E_PE_CERT_ENTRY), SB_E_MALFORMED);
	T_EQ_INT(sb_error_class(SB_E_REVOKED), SB_E_REVOKED);
}

int main(void)
{
	t_run("authenticode digest of an unsigned image equals the linear oracle", test_digest_unsigned);
	t_run("authenticode digest of a signed image equals the linear oracle", test_digest_signed);
	t_run("unsigned image with odd trailing data is hashed zero-padded to 8", test_digest_trailing_padded);
	t_run("adding a certificate table and CheckSum keeps the digest", test_digest_sign_invariant);
	t_run("digest covers section bytes, skips CheckSum", test_digest_sensitivity);
	t_run("sections hashed in PointerToRawData order", test_digest_sorted);
	t_run("pe_parse fills every field", test_fields);
	t_run("pe_find_section / pe_section_get", test_find_section);
	t_run("memory layout sections by VirtualAddress", test_memory_layout);
	t_run("pe_cert_next walks padded and unpadded entries", test_cert_iteration);
	t_run("no strict prefix of a signed image parses", test_truncation_sweep);
	t_run("pe_parse leaves output untouched on failure", test_untouched_on_failure);
	t_run("sb_strerror names are distinct and stable", test_strerror);
	return t_done();
}
