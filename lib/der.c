/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal DER reader (ITU-T X.690 §8.1, §10.1): one TLV at a time, every length checked. */
#include <stddef.h>
#include <stdint.h>
#include "sb-error.h"
#include "der.h"

#define DER_SEQUENCE 0x30

/*
 * Only low tag numbers (one identifier octet: tag number < 31) are accepted; that covers
 * every tag of an X.509 certificate's outer structure. Lengths: short form (< 0x80) or
 * long form with 1..4 octets, minimal (X.690 §10.1: DER forbids the indefinite form and
 * leading zero octets, and short form is mandatory below 128).
 */
int der_read_tlv(const uint8_t *buf, size_t len, uint8_t *tag, size_t *hdr_len, size_t *content_len)
{
	size_t hdr, n, i;
	uint64_t clen;

	if (!buf || len < 2)
		return SB_E_DER;
	if ((buf[0] & 0x1f) == 0x1f)
		return SB_E_DER;
	if (buf[1] < 0x80) {
		clen = buf[1];
		hdr = 2;
	} else {
		n = buf[1] & 0x7f;
		if (n == 0 || n > 4 || n > len - 2)
			return SB_E_DER;
		if (buf[2] == 0)
			return SB_E_DER;             /* not minimal */
		clen = 0;
		for (i = 0; i < n; i++)
			clen = clen << 8 | buf[2 + i];
		if (clen < 0x80)
			return SB_E_DER;             /* long form where short form was required */
		hdr = 2 + n;
	}
	if (clen > len - hdr)
		return SB_E_DER;
	*tag = buf[0];
	*hdr_len = hdr;
	*content_len = (size_t)clen;
	return 0;
}

int der_check_certificate(const uint8_t *cert, size_t len)
{
	uint8_t tag;
	size_t hdr, clen;

	if (der_read_tlv(cert, len, &tag, &hdr, &clen))
		return SB_E_DER;
	if (tag != DER_SEQUENCE || hdr + clen != len)
		return SB_E_DER;
	return 0;
}

/* Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, ... } (RFC 5280 §4.1) */
int der_x509_tbs(const uint8_t *cert, size_t len, const uint8_t **tbs, size_t *tbs_len)
{
	uint8_t tag;
	size_t hdr, clen, thdr, tclen;
	int err;

	err = der_check_certificate(cert, len);
	if (err)
		return err;
	der_read_tlv(cert, len, &tag, &hdr, &clen);
	if (der_read_tlv(cert + hdr, clen, &tag, &thdr, &tclen))
		return SB_E_DER;
	if (tag != DER_SEQUENCE)
		return SB_E_DER;
	*tbs = cert + hdr;
	*tbs_len = thdr + tclen;
	return 0;
}
