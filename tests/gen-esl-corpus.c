/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes the EFI_SIGNATURE_LIST corpus with its manifest: valid lists and one malformed buffer per check. */
/*
 * Usage: gen-esl-corpus OUTDIR. Writes OUTDIR/<name>.esl and OUTDIR/manifest, one line per
 * buffer: "<name>.esl <any|x509|sha256> <expected>", where the second field is the type
 * esl_validate() is asked to enforce and expected is "ok:<entries>" or sb_strerror() of the
 * exact code. Grows with every bug found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen-x509.h"
#include "efi-guid.h"
#include "byteorder.h"
#include "signature-list.h"

static uint8_t *cert;
static size_t cert_len;

struct buf {
	uint8_t data[8192];
	size_t len;
};

static const sb_guid g_x509 = SB_GUID_CERT_X509, g_sha256 = SB_GUID_CERT_SHA256,
		     g_x509_sha256 = SB_GUID_CERT_X509_SHA256, g_owner = SB_GUID_SBKEXEC,
		     g_sha1 = SB_GUID_CERT_SHA1, g_sha224 = SB_GUID_CERT_SHA224,
		     g_sha384 = SB_GUID_CERT_SHA384, g_sha512 = SB_GUID_CERT_SHA512,
		     g_x509_sha384 = SB_GUID_CERT_X509_SHA384, g_x509_sha512 = SB_GUID_CERT_X509_SHA512;

/* Append a list header + `count` entries of `data_len` filler bytes (owner GUID first). */
static size_t list(struct buf *b, const sb_guid *type, uint32_t hsize, uint32_t data_len, unsigned count)
{
	size_t start = b->len, i;
	uint32_t ssize = 16 + data_len, lsize = 28 + hsize + ssize * count;

	memcpy(b->data + b->len, type->b, 16);
	sb_put_le32(b->data + b->len + 16, lsize);
	sb_put_le32(b->data + b->len + 20, hsize);
	sb_put_le32(b->data + b->len + 24, ssize);
	b->len += 28;
	memset(b->data + b->len, 0xcc, hsize);
	b->len += hsize;
	while (count--) {
		memcpy(b->data + b->len, g_owner.b, 16);
		b->len += 16;
		for (i = 0; i < data_len; i++)
			b->data[b->len++] = (uint8_t)(i + count);
	}
	return start;
}

static size_t x509_list(struct buf *b)
{
	size_t start = b->len;
	long n = esl_build(&g_x509, &g_owner, cert, cert_len, b->data + b->len, sizeof(b->data) - b->len);

	if (n < 0)
		exit(99);
	b->len += (size_t)n;
	return start;
}

static void ok_x509(struct buf *b) { x509_list(b); }
static void ok_sha256_2(struct buf *b) { list(b, &g_sha256, 0, 32, 2); }
static void ok_x509_sha256(struct buf *b) { list(b, &g_x509_sha256, 0, 48, 1); }
static void ok_mixed(struct buf *b) { x509_list(b); list(b, &g_sha256, 0, 32, 3); x509_list(b); }
static void ok_empty(struct buf *b) { (void)b; }
static void ok_zero_entries(struct buf *b) { list(b, &g_sha256, 0, 32, 0); }
static void ok_header_bytes(struct buf *b) { list(b, &g_sha256, 12, 32, 1); }

static void truncated_header(struct buf *b) { list(b, &g_sha256, 0, 32, 1); b->len = 20; }
static void list_past_buffer(struct buf *b) { list(b, &g_sha256, 0, 32, 2); b->len -= 1; }
static void list_size_lt_header(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 16, 20); }
static void list_size_zero(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 16, 0); }
static void list_size_ffffffff(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 16, 0xffffffff); }
static void sig_size_15(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 24, 15); }
static void sig_size_zero(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 24, 0); }
static void not_multiple(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 2) + 24, 47); }
static void header_size_huge(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 20, 0xffffffff); }
static void header_size_past_list(struct buf *b) { sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 20, 49); }
static void header_size_overflow(struct buf *b)
{
	/* 28 + hsize wraps in 32 bits: must not be computed that way */
	sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 20, 0xffffffe4 + 20);
}
static void trailing_5(struct buf *b) { x509_list(b); memset(b->data + b->len, 0, 5); b->len += 5; }
static void trailing_28_zero(struct buf *b) { x509_list(b); memset(b->data + b->len, 0, 28); b->len += 28; }
static void wrong_type(struct buf *b) { list(b, &g_sha256, 0, 32, 1); }
static void wrong_type_second(struct buf *b) { x509_list(b); list(b, &g_sha256, 0, 32, 1); }
static void der_extra_byte(struct buf *b)
{
	size_t at = list(b, &g_x509, 0, (uint32_t)cert_len + 1, 1);

	memcpy(b->data + at + 28 + 16, cert, cert_len);
	b->data[at + 28 + 16 + cert_len] = 0;
}
static void der_short(struct buf *b)
{
	size_t at = list(b, &g_x509, 0, (uint32_t)cert_len - 1, 1);

	memcpy(b->data + at + 28 + 16, cert, cert_len - 1);
}
static void der_garbage(struct buf *b) { list(b, &g_x509, 0, 100, 1); }
static void sha256_size_33(struct buf *b) { list(b, &g_sha256, 0, 33, 1); }
static void x509_sha256_no_time(struct buf *b) { list(b, &g_x509_sha256, 0, 32, 1); }
static void bad_after_good(struct buf *b) { x509_list(b); sb_put_le32(b->data + list(b, &g_sha256, 0, 32, 1) + 24, 15); }
/* Every digest form (UEFI 2.10 §32.4.1): data digests of 20/28/48/64 bytes, TBS digests + EFI_TIME. */
static void ok_all_digests(struct buf *b)
{
	list(b, &g_sha1, 0, 20, 1); list(b, &g_sha224, 0, 28, 1); list(b, &g_sha384, 0, 48, 2);
	list(b, &g_sha512, 0, 64, 1); list(b, &g_x509_sha384, 0, 64, 1); list(b, &g_x509_sha512, 0, 80, 1);
}
static void sha1_size_32(struct buf *b) { list(b, &g_sha1, 0, 32, 1); }
static void sha224_size_32(struct buf *b) { list(b, &g_sha224, 0, 32, 1); }
static void sha384_size_32(struct buf *b) { list(b, &g_sha384, 0, 32, 1); }
static void sha512_size_48(struct buf *b) { list(b, &g_sha512, 0, 48, 1); }
static void x509_sha384_no_time(struct buf *b) { list(b, &g_x509_sha384, 0, 48, 1); }
static void x509_sha512_sha256_size(struct buf *b) { list(b, &g_x509_sha512, 0, 48, 1); }

struct esl_case {
	const char *name, *type, *expect;
	void (*make)(struct buf *b);
};

static const struct esl_case cases[] = {
	{ "ok-x509",                 "x509",   "ok:1",          ok_x509 },
	{ "ok-sha256-two",           "sha256", "ok:2",          ok_sha256_2 },
	{ "ok-x509-sha256",          "any",    "ok:1",          ok_x509_sha256 },
	{ "ok-mixed",                "any",    "ok:5",          ok_mixed },
	{ "ok-empty",                "x509",   "ok:0",          ok_empty },
	{ "ok-zero-entries",         "any",    "ok:0",          ok_zero_entries },
	{ "ok-signature-header",     "sha256", "ok:1",          ok_header_bytes },
	{ "truncated-header",        "any",    "esl-truncated", truncated_header },
	{ "list-past-buffer",        "any",    "esl-truncated", list_past_buffer },
	{ "list-size-lt-header",     "any",    "esl-size",      list_size_lt_header },
	{ "list-size-zero",          "any",    "esl-size",      list_size_zero },
	{ "list-size-ffffffff",      "any",    "esl-truncated", list_size_ffffffff },
	{ "signature-size-15",       "any",    "esl-size",      sig_size_15 },
	{ "signature-size-zero",     "any",    "esl-size",      sig_size_zero },
	{ "list-not-multiple",       "any",    "esl-size",      not_multiple },
	{ "header-size-ffffffff",    "any",    "esl-size",      header_size_huge },
	{ "header-size-past-list",   "any",    "esl-size",      header_size_past_list },
	{ "header-size-wraps",       "any",    "esl-size",      header_size_overflow },
	{ "trailing-5-bytes",        "any",    "esl-truncated", trailing_5 },
	{ "trailing-28-zero-bytes",  "any",    "esl-size",      trailing_28_zero },
	{ "wrong-type",              "x509",   "esl-type",      wrong_type },
	{ "wrong-type-second-list",  "x509",   "esl-type",      wrong_type_second },
	{ "der-one-extra-byte",      "x509",   "der",           der_extra_byte },
	{ "der-one-byte-short",      "x509",   "der",           der_short },
	{ "der-garbage",             "any",    "der",           der_garbage },
	{ "sha256-size-33",          "sha256", "esl-size",      sha256_size_33 },
	{ "x509-sha256-without-time", "any",   "esl-size",      x509_sha256_no_time },
	{ "bad-list-after-good",     "any",    "esl-size",      bad_after_good },
	{ "ok-every-digest-form",    "any",    "ok:7",          ok_all_digests },
	{ "sha1-size-32",            "any",    "esl-size",      sha1_size_32 },
	{ "sha224-size-32",          "any",    "esl-size",      sha224_size_32 },
	{ "sha384-size-32",          "any",    "esl-size",      sha384_size_32 },
	{ "sha512-size-48",          "any",    "esl-size",      sha512_size_48 },
	{ "x509-sha384-without-time", "any",   "esl-size",      x509_sha384_no_time },
	{ "x509-sha512-of-sha256-size", "any", "esl-size",      x509_sha512_sha256_size },
};

int main(int argc, char **argv)
{
	static struct buf b;
	char path[4096];
	FILE *manifest, *f;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	cert = gen_x509("sbkexec esl corpus", &cert_len, NULL, NULL);
	if (!cert || cert_len > 2048) {
		fprintf(stderr, "cannot make a test certificate\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/manifest", argv[1]);
	manifest = fopen(path, "w");
	if (!manifest) {
		perror(path);
		return 1;
	}
	fprintf(manifest, "# generated by tests/gen-esl-corpus.c: <file> <type enforced> <expected>\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&b, 0, sizeof(b));
		cases[i].make(&b);
		snprintf(path, sizeof(path), "%s/%s.esl", argv[1], cases[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		fprintf(manifest, "%s.esl %s %s\n", cases[i].name, cases[i].type, cases[i].expect);
	}
	free(cert);
	return fclose(manifest) == 0 ? 0 : 1;
}
