/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal DER reader (ITU-T X.690) for the few X.509 facts freestanding code needs. */
#ifndef SB_DER_H
#define SB_DER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read one TLV at buf[0..len): returns 0 and sets *tag, *hdr_len (tag+length bytes) and
 * *content_len, or SB_E_DER. Definite lengths only (DER), at most 4 length octets, all
 * checked against len.
 */
int der_read_tlv(const uint8_t *buf, size_t len, uint8_t *tag, size_t *hdr_len, size_t *content_len);

/* An X.509 certificate's outer SEQUENCE must span exactly len bytes. */
int der_check_certificate(const uint8_t *cert, size_t len);

/* Locate the TBSCertificate (first element, with its header) inside a certificate. */
int der_x509_tbs(const uint8_t *cert, size_t len, const uint8_t **tbs, size_t *tbs_len);

/*
 * The value bytes of the first commonName (OID 2.5.4.3) attribute of a certificate's subject,
 * for messages and logs: *cn points into cert (not NUL-terminated, any string type, printable
 * or not: callers sanitise before printing). Returns 0, SB_E_NOT_FOUND when the subject has
 * no commonName, or SB_E_DER when the structure up to the subject does not parse (outputs
 * untouched then). RFC 5280 §4.1: TBSCertificate = [0] version?, serialNumber, signature,
 * issuer, validity, subject, ...; Name = SEQUENCE OF RDN (SET OF SEQUENCE { OID, value }).
 */
int der_x509_subject_cn(const uint8_t *cert, size_t len, const uint8_t **cn, size_t *cn_len);

#endif
