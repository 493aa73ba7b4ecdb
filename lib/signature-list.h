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

#endif
