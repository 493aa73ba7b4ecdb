/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI_SIGNATURE_LIST validation, iteration, building and dbx-style revocation lookups. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "byteorder.h"
#include "sb-string.h"
#include "sb-error.h"
#include "efi-guid.h"
#include "der.h"
#include "sha256.h"
#include "signature-list.h"

/* UEFI 2.10 §32.4.1: offsets inside EFI_SIGNATURE_LIST */
#define ESL_LIST_SIZE   16
#define ESL_HDR_SIZE    20
#define ESL_SIG_SIZE    24

/* SignatureData sizes fixed by the type (UEFI 2.10 §32.4.1, EFI_CERT_X509_SHA256 is
   { EFI_SHA256_HASH ToBeSignedHash; EFI_TIME TimeOfRevocation; }, and so on). */
#define SHA256_LEN           32
#define EFI_TIME_LEN         16
#define X509_SHA256_DATA_LEN (SHA256_LEN + EFI_TIME_LEN)

static const sb_guid guid_x509 = SB_GUID_CERT_X509;
static const sb_guid guid_sha256 = SB_GUID_CERT_SHA256;
static const sb_guid guid_x509_sha256 = SB_GUID_CERT_X509_SHA256;

/* The digest forms by algorithm: data digest type, TBS digest type (none below SHA-256), size. */
static const struct {
	sb_guid data, tbs;
	uint8_t size;
	bool has_tbs;
} digest_forms[ESL_ALG_COUNT] = {
	[ESL_ALG_SHA1]   = { SB_GUID_CERT_SHA1,   {{ 0 }},                  20, false },
	[ESL_ALG_SHA224] = { SB_GUID_CERT_SHA224, {{ 0 }},                  28, false },
	[ESL_ALG_SHA256] = { SB_GUID_CERT_SHA256, SB_GUID_CERT_X509_SHA256, 32, true },
	[ESL_ALG_SHA384] = { SB_GUID_CERT_SHA384, SB_GUID_CERT_X509_SHA384, 48, true },
	[ESL_ALG_SHA512] = { SB_GUID_CERT_SHA512, SB_GUID_CERT_X509_SHA512, 64, true },
};

struct esl_list {
	size_t off;                 /* of the list header in the buffer */
	size_t end;                 /* off + SignatureListSize */
	size_t first;               /* offset of the first EFI_SIGNATURE_DATA */
	uint32_t sig_size;
};

static inline bool guid_eq(const sb_guid *a, const sb_guid *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/*
 * Check the list header at buf[off]: the header itself in the buffer, SignatureListSize
 * covering the header and inside the buffer, SignatureSize able to hold the owner GUID,
 * SignatureHeaderSize inside the list, and the rest an exact multiple of SignatureSize.
 * Same rules as the kernel's efi_parse_signature_list() (security/integrity/platform_certs).
 */
static int list_at(const uint8_t *buf, size_t len, size_t off, struct esl_list *l)
{
	uint32_t lsize, hsize, ssize;

	if (off > len || ESL_HEADER_SIZE > len - off)
		return SB_E_ESL_TRUNCATED;
	lsize = sb_get_le32(buf + off + ESL_LIST_SIZE);
	hsize = sb_get_le32(buf + off + ESL_HDR_SIZE);
	ssize = sb_get_le32(buf + off + ESL_SIG_SIZE);
	if (lsize < ESL_HEADER_SIZE)
		return SB_E_ESL_SIZE;
	if (lsize > len - off)
		return SB_E_ESL_TRUNCATED;
	if (ssize < ESL_OWNER_SIZE)
		return SB_E_ESL_SIZE;
	if (hsize > lsize - ESL_HEADER_SIZE)
		return SB_E_ESL_SIZE;
	if ((lsize - ESL_HEADER_SIZE - hsize) % ssize)
		return SB_E_ESL_SIZE;
	l->off = off;
	l->end = off + lsize;
	l->first = off + ESL_HEADER_SIZE + hsize;
	l->sig_size = ssize;
	return 0;
}

int esl_next(const uint8_t *buf, size_t len, size_t *cursor, struct esl_entry *out)
{
	struct esl_list l;
	size_t off = 0, pos;
	int err;

	if (!cursor || !out || (!buf && len))
		return SB_E_MALFORMED;
	pos = *cursor;
	/* The cursor is the offset of the next entry; find its list by walking from the start
	   (a handful of lists: simplicity over speed, and any cursor value is safe). */
	while (off < len) {
		err = list_at(buf, len, off, &l);
		if (err)
			return err;
		if (pos < l.first)
			pos = l.first;
		if (pos < l.end) {
			if ((pos - l.first) % l.sig_size)
				return SB_E_MALFORMED;   /* cursor not at an entry: misuse */
			out->type = (const sb_guid *)(buf + l.off);
			out->owner = (const sb_guid *)(buf + pos);
			out->data = buf + pos + ESL_OWNER_SIZE;
			out->len = l.sig_size - ESL_OWNER_SIZE;
			*cursor = pos + l.sig_size;
			return 1;
		}
		off = l.end;
	}
	return 0;
}

/* Per-type rules on top of the generic ones: fixed sizes for digests, exact DER for certs. */
static int check_entry(const struct esl_entry *e)
{
	unsigned a;

	for (a = 0; a < ESL_ALG_COUNT; a++) {
		if (guid_eq(e->type, &digest_forms[a].data) && e->len != digest_forms[a].size)
			return SB_E_ESL_SIZE;
		if (digest_forms[a].has_tbs && guid_eq(e->type, &digest_forms[a].tbs) &&
		    e->len != (size_t)digest_forms[a].size + EFI_TIME_LEN)
			return SB_E_ESL_SIZE;
	}
	if (guid_eq(e->type, &guid_x509) && der_check_certificate(e->data, e->len))
		return SB_E_DER;
	return 0;
}

int esl_validate(const uint8_t *buf, size_t len, const sb_guid *type)
{
	struct esl_list l;
	struct esl_entry e;
	size_t off = 0, cursor = 0;
	int count = 0, err, rc;

	if (!buf && len)
		return SB_E_MALFORMED;
	/* First every list header and the exact end of the buffer (no trailing bytes)... */
	while (off < len) {
		err = list_at(buf, len, off, &l);
		if (err)
			return err;
		if (type && !guid_eq((const sb_guid *)(buf + off), type))
			return SB_E_ESL_TYPE;
		off = l.end;
	}
	/* ...then every entry. */
	while ((rc = esl_next(buf, len, &cursor, &e)) == 1) {
		err = check_entry(&e);
		if (err)
			return err;
		if (count == 0x7fffffff)
			return SB_E_ESL_SIZE;
		count++;
	}
	return rc < 0 ? rc : count;
}

size_t esl_list_size(size_t data_len)
{
	if (data_len > (size_t)-1 - ESL_HEADER_SIZE - ESL_OWNER_SIZE)
		return 0;
	return ESL_HEADER_SIZE + ESL_OWNER_SIZE + data_len;
}

long esl_build(const sb_guid *type, const sb_guid *owner, const void *data, size_t data_len,
	       uint8_t *out, size_t out_len)
{
	size_t total = esl_list_size(data_len);

	if (!type || !owner || (!data && data_len) || !out)
		return SB_E_MALFORMED;
	/* SignatureListSize is a u32 and the return value a long. */
	if (total == 0 || total > 0x7fffffff)
		return SB_E_ESL_SIZE;
	if (out_len < total)
		return SB_E_BUFFER_SMALL;
	memcpy(out, type->b, sizeof(type->b));
	sb_put_le32(out + ESL_LIST_SIZE, (uint32_t)total);
	sb_put_le32(out + ESL_HDR_SIZE, 0);
	sb_put_le32(out + ESL_SIG_SIZE, (uint32_t)(ESL_OWNER_SIZE + data_len));
	memcpy(out + ESL_HEADER_SIZE, owner->b, sizeof(owner->b));
	if (data_len)
		memcpy(out + ESL_HEADER_SIZE + ESL_OWNER_SIZE, data, data_len);
	return (long)total;
}

bool esl_contains_x509(const uint8_t *buf, size_t len, const uint8_t *cert, size_t cert_len)
{
	struct esl_entry e;
	size_t cursor = 0;

	if (!cert)
		return false;
	while (esl_next(buf, len, &cursor, &e) == 1) {
		if (guid_eq(e.type, &guid_x509) && e.len == cert_len &&
		    memcmp(e.data, cert, cert_len) == 0)
			return true;
	}
	return false;
}

/*
 * The three forms a dbx (or MokListXRT) can revoke a certificate in, as the kernel reads
 * them (security/integrity/platform_certs/keyring_handler.c): the DER itself (X509),
 * "tbs:" the SHA-256 of its TBSCertificate (X509_SHA256), and the SHA-256 of the whole DER
 * (SHA256, which is also how image hashes are listed). Entries are scanned as far as the
 * buffer parses; an entry of the wrong size for its type never matches.
 */
enum esl_revocation esl_cert_revoked(const uint8_t *dbx, size_t dbx_len,
				     const uint8_t *cert, size_t cert_len)
{
	uint8_t cert_hash[SHA256_LEN], tbs_hash[SHA256_LEN];
	const uint8_t *tbs;
	size_t tbs_len, cursor = 0;
	bool have_tbs = false;
	struct esl_entry e;

	if (!cert || !dbx)
		return ESL_NOT_REVOKED;
	sha256(cert, cert_len, cert_hash);
	if (der_x509_tbs(cert, cert_len, &tbs, &tbs_len) == 0) {
		sha256(tbs, tbs_len, tbs_hash);
		have_tbs = true;
	}
	while (esl_next(dbx, dbx_len, &cursor, &e) == 1) {
		if (guid_eq(e.type, &guid_x509)) {
			if (e.len == cert_len && memcmp(e.data, cert, cert_len) == 0)
				return ESL_REVOKED_X509;
		} else if (guid_eq(e.type, &guid_x509_sha256)) {
			if (have_tbs && e.len == X509_SHA256_DATA_LEN &&
			    memcmp(e.data, tbs_hash, SHA256_LEN) == 0)
				return ESL_REVOKED_X509_SHA256;
		} else if (guid_eq(e.type, &guid_sha256)) {
			if (e.len == SHA256_LEN && memcmp(e.data, cert_hash, SHA256_LEN) == 0)
				return ESL_REVOKED_SHA256;
		}
	}
	return ESL_NOT_REVOKED;
}

bool esl_hash_listed(const uint8_t *dbx, size_t dbx_len, const uint8_t digest[32])
{
	return esl_digest_listed(dbx, dbx_len, ESL_ALG_SHA256, digest);
}

size_t esl_alg_size(enum esl_alg alg)
{
	return (unsigned)alg < ESL_ALG_COUNT ? digest_forms[alg].size : 0;
}

/* Bit mask of the algorithms whose data (tbs = false) or TBS (tbs = true) digest lists buf holds. */
static unsigned algs_listed(const uint8_t *buf, size_t len, bool tbs)
{
	struct esl_entry e;
	size_t cursor = 0;
	unsigned a, mask = 0;

	if (!buf)
		return 0;
	while (esl_next(buf, len, &cursor, &e) == 1) {
		for (a = 0; a < ESL_ALG_COUNT; a++) {
			if (tbs ? digest_forms[a].has_tbs && guid_eq(e.type, &digest_forms[a].tbs)
				: guid_eq(e.type, &digest_forms[a].data))
				mask |= ESL_ALG_BIT(a);
		}
	}
	return mask;
}

unsigned esl_digest_algs(const uint8_t *buf, size_t len)
{
	return algs_listed(buf, len, false);
}

unsigned esl_tbs_algs(const uint8_t *buf, size_t len)
{
	return algs_listed(buf, len, true);
}

/* Is `digest` the leading bytes of an entry of `type` whose data is exactly data_len long? */
static bool digest_in(const uint8_t *buf, size_t len, const sb_guid *type, size_t data_len,
		      const uint8_t *digest, size_t digest_len)
{
	struct esl_entry e;
	size_t cursor = 0;

	if (!buf || !digest)
		return false;
	while (esl_next(buf, len, &cursor, &e) == 1) {
		if (guid_eq(e.type, type) && e.len == data_len && memcmp(e.data, digest, digest_len) == 0)
			return true;
	}
	return false;
}

bool esl_digest_listed(const uint8_t *buf, size_t len, enum esl_alg alg, const uint8_t *digest)
{
	if ((unsigned)alg >= ESL_ALG_COUNT)
		return false;
	return digest_in(buf, len, &digest_forms[alg].data, digest_forms[alg].size, digest,
			 digest_forms[alg].size);
}

bool esl_tbs_listed(const uint8_t *buf, size_t len, enum esl_alg alg, const uint8_t *digest)
{
	if ((unsigned)alg >= ESL_ALG_COUNT || !digest_forms[alg].has_tbs)
		return false;
	return digest_in(buf, len, &digest_forms[alg].tbs, (size_t)digest_forms[alg].size + EFI_TIME_LEN,
			 digest, digest_forms[alg].size);
}
