/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal DER reader (ITU-T X.690 §8.1, §10.1): one TLV at a time, every length checked. */
#include <stddef.h>
#include <stdint.h>
#include "sb-error.h"
#include "sb-string.h"
#include "der.h"

#define DER_SEQUENCE 0x30
#define DER_SET      0x31
#define DER_OID      0x06
#define DER_CONTEXT0 0xa0  /* [0] EXPLICIT, constructed: the TBSCertificate version */

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

/* Advance p and rem past one TLV; its tag and content are returned. */
static int der_next(const uint8_t **p, size_t *rem, uint8_t *tag, const uint8_t **content,
		    size_t *content_len)
{
	size_t hl, cl;

	if (der_read_tlv(*p, *rem, tag, &hl, &cl))
		return SB_E_DER;
	*content = *p + hl;
	*content_len = cl;
	*p += hl + cl;
	*rem -= hl + cl;
	return 0;
}

int der_x509_subject_cn(const uint8_t *cert, size_t len, const uint8_t **cn, size_t *cn_len)
{
	static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };
	const uint8_t *tbs, *p, *c;
	size_t tbs_len, rem, cl;
	uint8_t tag;
	int field;

	if (der_x509_tbs(cert, len, &tbs, &tbs_len))
		return SB_E_DER;
	/* Into the TBSCertificate SEQUENCE. */
	p = tbs;
	rem = tbs_len;
	if (der_next(&p, &rem, &tag, &c, &cl))
		return SB_E_DER;
	p = c;
	rem = cl;
	/* version (optional, [0]), serialNumber, signature, issuer, validity. */
	for (field = 0; field < 5; field++) {
		if (der_next(&p, &rem, &tag, &c, &cl))
			return SB_E_DER;
		if (field == 0 && tag != DER_CONTEXT0)
			field++;  /* no explicit version: that TLV was the serialNumber */
	}
	/* subject: SEQUENCE OF RelativeDistinguishedName. */
	if (der_next(&p, &rem, &tag, &c, &cl) || tag != DER_SEQUENCE)
		return SB_E_DER;
	p = c;
	rem = cl;
	while (rem) {
		const uint8_t *set, *atv;
		size_t set_rem, atv_rem;

		/* RDN: SET OF AttributeTypeAndValue; every member is looked at. */
		if (der_next(&p, &rem, &tag, &set, &set_rem) || tag != DER_SET)
			return SB_E_DER;
		while (set_rem) {
			const uint8_t *oid, *val;
			size_t oid_len, val_len;
			uint8_t vtag;

			if (der_next(&set, &set_rem, &tag, &atv, &atv_rem) || tag != DER_SEQUENCE)
				return SB_E_DER;
			if (der_next(&atv, &atv_rem, &tag, &oid, &oid_len) || tag != DER_OID ||
			    der_next(&atv, &atv_rem, &vtag, &val, &val_len))
				return SB_E_DER;
			if (oid_len == sizeof(oid_cn) && memcmp(oid, oid_cn, sizeof(oid_cn)) == 0) {
				*cn = val;
				*cn_len = val_len;
				return 0;
			}
		}
	}
	return SB_E_NOT_FOUND;
}
