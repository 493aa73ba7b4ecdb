/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI_SIGNATURE_LIST parsing and building (UEFI 2.10 §32.4.1), and revocation lookups in them. */
#ifndef SB_SIGNATURE_LIST_H
#define SB_SIGNATURE_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "efi-guid.h"

/*
 * EFI_SIGNATURE_LIST { EFI_GUID SignatureType; u32 SignatureListSize; u32 SignatureHeaderSize;
 * u32 SignatureSize; u8 SignatureHeader[SignatureHeaderSize];
 * EFI_SIGNATURE_DATA Signatures[...] } and EFI_SIGNATURE_DATA { EFI_GUID SignatureOwner;
 * u8 SignatureData[SignatureSize - 16]; }. A buffer (a variable, a .keylist) holds lists back
 * to back.
 */
#define ESL_HEADER_SIZE 28
#define ESL_OWNER_SIZE  16

struct esl_entry {
	const sb_guid *type;        /* points into the buffer */
	const sb_guid *owner;
	const uint8_t *data;        /* SignatureData */
	size_t len;
};

/*
 * Validate the whole buffer (every list header, every size, no trailing bytes) before anything
 * is trusted. With type != NULL every list must be of that type (else SB_E_ESL_TYPE).
 * For X.509 lists each entry's DER outer SEQUENCE must span the data exactly (SB_E_DER).
 * Returns the number of entries (>= 0) or a negative code.
 */
int esl_validate(const uint8_t *buf, size_t len, const sb_guid *type);

/*
 * Iterate a buffer that esl_validate() accepted: *cursor starts at 0; returns 1 with *out set,
 * 0 at the end, negative on malformed input (it re-checks, so it is safe on any buffer).
 */
int esl_next(const uint8_t *buf, size_t len, size_t *cursor, struct esl_entry *out);

/* Size of one list holding one entry of `data_len` bytes. */
size_t esl_list_size(size_t data_len);

/*
 * Write one list with one entry into out[0..out_len). Returns bytes written, or
 * SB_E_BUFFER_SMALL (out untouched) when out_len < esl_list_size(data_len).
 */
long esl_build(const sb_guid *type, const sb_guid *owner, const void *data, size_t data_len,
	       uint8_t *out, size_t out_len);

/* True when buf holds an X.509 entry whose data equals cert exactly. */
bool esl_contains_x509(const uint8_t *buf, size_t len, const uint8_t *cert, size_t cert_len);

enum esl_revocation {
	ESL_NOT_REVOKED = 0,
	ESL_REVOKED_X509,           /* the certificate itself is listed */
	ESL_REVOKED_X509_SHA256,    /* SHA-256 of its TBSCertificate is listed (dbx "tbs:") */
	ESL_REVOKED_SHA256,         /* SHA-256 of the whole DER is listed */
};

/*
 * Is cert revoked by a dbx / MokListXRT style buffer? Malformed lists are skipped entry by
 * entry as far as they parse (never crash); the return says which form matched.
 */
enum esl_revocation esl_cert_revoked(const uint8_t *dbx, size_t dbx_len,
				     const uint8_t *cert, size_t cert_len);

/* Is a SHA-256 digest (e.g. an image hash) listed as EFI_CERT_SHA256? */
bool esl_hash_listed(const uint8_t *dbx, size_t dbx_len, const uint8_t digest[32]);

/*
 * Every digest form UEFI 2.10 §32.4.1 defines, by algorithm: EFI_CERT_SHA1/224/256/384/512
 * list a digest of the data itself (an image's Authenticode digest), EFI_CERT_X509_SHA256/384/512
 * the digest of a certificate's TBSCertificate followed by an EFI_TIME (TimeOfRevocation).
 * lib/ computes only SHA-256 itself: callers hash with what they have and ask here.
 */
enum esl_alg { ESL_ALG_SHA1, ESL_ALG_SHA224, ESL_ALG_SHA256, ESL_ALG_SHA384, ESL_ALG_SHA512, ESL_ALG_COUNT };
#define ESL_ALG_BIT(a) (1u << (a))

/* Digest size of alg in bytes (20, 28, 32, 48, 64); 0 for anything else. */
size_t esl_alg_size(enum esl_alg alg);

/* Bit mask (ESL_ALG_BIT) of the algorithms whose EFI_CERT_SHA* / EFI_CERT_X509_SHA* lists the buffer holds. */
unsigned esl_digest_algs(const uint8_t *buf, size_t len);
unsigned esl_tbs_algs(const uint8_t *buf, size_t len);

/* Is digest (esl_alg_size(alg) bytes) listed as EFI_CERT_SHA<alg>? */
bool esl_digest_listed(const uint8_t *buf, size_t len, enum esl_alg alg, const uint8_t *digest);

/* Is a TBSCertificate digest listed as EFI_CERT_X509_SHA<alg> (SHA-256/384/512 only)? */
bool esl_tbs_listed(const uint8_t *buf, size_t len, enum esl_alg alg, const uint8_t *digest);

#endif
