/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authenticode: verify one PKCS#7 SignedData entry of a PE image's certificate table (OpenSSL). */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "lib/der.h"
#include "lib/sb-error.h"
#include "verifier/authenticode.h"
#include "verifier/chain.h"

/* Authenticode PE spec: SPC_INDIRECT_DATA_OBJID and SPC_PE_IMAGE_DATAOBJ, as DER OIDs. */
static const uint8_t oid_spc_indirect[] = { 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x04 };
static const uint8_t oid_spc_pe_image[] = { 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x0f };

/*
 * SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue,
 * messageDigest DigestInfo }; its `data` must be SpcPeImageData. Returns the DigestInfo.
 * `seq` is the whole SEQUENCE (tag and length included).
 */
static int parse_indirect(const uint8_t *seq, size_t seq_len, X509_SIG **digest_info,
			  const uint8_t **content, size_t *content_len, struct vf_verdict *v)
{
	size_t hdr, clen, ehdr, elen, off, ohdr, olen;
	const uint8_t *p, *c;
	uint8_t tag;
	X509_SIG *di;

	if (der_read_tlv(seq, seq_len, &tag, &hdr, &clen) != 0 || tag != 0x30 || hdr + clen != seq_len)
		return vf_fail(v, SB_E_MALFORMED, "spc-indirect-data", "content is not one DER SEQUENCE");
	c = seq + hdr;
	/* data: SEQUENCE { type OBJECT IDENTIFIER, value ANY OPTIONAL } */
	if (der_read_tlv(c, clen, &tag, &ehdr, &elen) != 0 || tag != 0x30)
		return vf_fail(v, SB_E_MALFORMED, "spc-indirect-data", "no SpcAttributeTypeAndOptionalValue");
	if (der_read_tlv(c + ehdr, elen, &tag, &ohdr, &olen) != 0 || tag != 0x06 ||
	    ohdr + olen != sizeof(oid_spc_pe_image) ||
	    memcmp(c + ehdr, oid_spc_pe_image, sizeof(oid_spc_pe_image)) != 0)
		return vf_fail(v, SB_E_MALFORMED, "spc-indirect-data", "data type is not SpcPeImageData "
			       "(1.3.6.1.4.1.311.2.1.15)");
	off = ehdr + elen;
	/* messageDigest: DigestInfo, and nothing after it. */
	if (off > clen || der_read_tlv(c + off, clen - off, &tag, &ehdr, &elen) != 0 || tag != 0x30 ||
	    ehdr + elen != clen - off)
		return vf_fail(v, SB_E_MALFORMED, "spc-indirect-data", "DigestInfo missing or followed by data");
	p = c + off;
	di = d2i_X509_SIG(NULL, &p, (long)(ehdr + elen));
	if (!di || p != c + clen) {
		X509_SIG_free(di);
		return vf_fail(v, SB_E_MALFORMED, "spc-indirect-data", "DigestInfo does not parse");
	}
	*digest_info = di;
	/*
	 * PKCS#7 §9.3 / Authenticode: the messageDigest attribute covers the content octets of
	 * the SEQUENCE, without its tag and length (as the kernel's pkcs7_digest() hashes them).
	 */
	*content = c;
	*content_len = clen;
	return SB_OK;
}

/* Authenticode's attributes: contentType SpcIndirectDataContent, messageDigest of its content octets. */
static int check_signed_attrs(PKCS7_SIGNER_INFO *si, const EVP_MD *md, const uint8_t *content,
			      size_t content_len, struct vf_signed *out, struct vf_verdict *v)
{
	uint8_t want[EVP_MAX_MD_SIZE];
	unsigned want_len;

	if (!EVP_Digest(content, content_len, want, &want_len, md, NULL))
		return vf_fail(v, SB_E_NOMEM, "signer-info", "digest failed");
	return vf_pkcs7_signed_attrs(si, md, oid_spc_indirect, sizeof(oid_spc_indirect),
				     "SpcIndirectDataContent", want, want_len, out, v);
}

int vf_authenticode_entry(const struct pe_image *img, const uint8_t *blob, size_t len,
			  struct vf_digests *d, const struct vf_anchors *a,
			  const struct vf_revocation *r, struct vf_verdict *v)
{
	PKCS7 *p7 = NULL;
	PKCS7_SIGNED *sd;
	PKCS7_SIGNER_INFO *si;
	ASN1_TYPE *other;
	X509_SIG *di = NULL;
	const X509_ALGOR *di_alg;
	const ASN1_OCTET_STRING *di_digest;
	const EVP_MD *md, *si_md;
	const uint8_t *p, *content = NULL, *image_digest;
	size_t hdr, clen, total, content_len = 0, i, image_digest_len;
	uint8_t tag;
	struct vf_signed aa;
	char name[256], hex[2 * EVP_MAX_MD_SIZE + 1];
	int ret, alg;

	/* 1. One DER object; sbsign/pesign pad the entry to 8 bytes with zeros. */
	if (der_read_tlv(blob, len, &tag, &hdr, &clen) != 0 || tag != 0x30 ||
	    hdr > len || clen > len - hdr)
		return vf_fail(v, SB_E_MALFORMED, "pkcs7", "signature blob is not a complete DER SEQUENCE "
			       "(%zu bytes; truncated?)", len);
	total = hdr + clen;
	if (len - total >= 8)
		return vf_fail(v, SB_E_MALFORMED, "pkcs7", "%zu bytes follow the signature", len - total);
	for (i = total; i < len; i++)
		if (blob[i] != 0)
			return vf_fail(v, SB_E_MALFORMED, "pkcs7", "non-zero padding after the signature");
	p = blob;
	p7 = d2i_PKCS7(NULL, &p, (long)total);
	if (!p7 || p != blob + total) {
		vf_openssl_errors("pkcs7");
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "not a PKCS#7 structure");
		goto out;
	}
	if (!PKCS7_type_is_signed(p7) || !p7->d.sign || !p7->d.sign->contents) {
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "not PKCS#7 SignedData");
		goto out;
	}
	sd = p7->d.sign;

	/* 2. SpcIndirectDataContent. */
	if (!vf_obj_is(sd->contents->type, oid_spc_indirect, sizeof(oid_spc_indirect))) {
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "content type is not SpcIndirectDataContent");
		goto out;
	}
	other = sd->contents->d.other;
	if (!other || other->type != V_ASN1_SEQUENCE) {
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "SpcIndirectDataContent is not a SEQUENCE");
		goto out;
	}
	ret = parse_indirect(ASN1_STRING_get0_data(other->value.sequence),
			     (size_t)ASN1_STRING_length(other->value.sequence), &di, &content,
			     &content_len, v);
	if (ret != SB_OK)
		goto out;

	/* 3. The signed image digest against ours. */
	X509_SIG_get0(di, &di_alg, &di_digest);
	md = vf_md_sha2_of_obj(di_alg->algorithm);
	if (!md) {
		OBJ_obj2txt(name, sizeof(name), di_alg->algorithm, 0);
		ret = vf_fail(v, SB_E_UNSUPPORTED, "image-digest", "digest algorithm %s not accepted "
			      "(SHA-256/384/512 only)", name);
		goto out;
	}
	/* The whole-image hash is the expensive part: computed once per algorithm, kept in d. */
	alg = vf_alg_of_md(md);
	ret = vf_authenticode_digests(img, ESL_ALG_BIT(alg), d);
	if (ret != SB_OK) {
		vf_fail(v, ret, "image-digest", "cannot compute the Authenticode digest (%s)", sb_strerror(ret));
		goto out;
	}
	image_digest = d->d[alg];
	image_digest_len = esl_alg_size(alg);
	vf_hex(image_digest, image_digest_len, hex, sizeof(hex));
	if ((size_t)ASN1_STRING_length(di_digest) != image_digest_len ||
	    memcmp(ASN1_STRING_get0_data(di_digest), image_digest, image_digest_len) != 0) {
		char want[2 * EVP_MAX_MD_SIZE + 1];

		vf_hex(ASN1_STRING_get0_data(di_digest), (size_t)ASN1_STRING_length(di_digest), want, sizeof(want));
		ret = vf_fail(v, SB_E_REJECTED, "image-digest", "image digest %s:%s differs from the "
			      "signed digest %s (image modified after signing)", EVP_MD_get0_name(md), hex, want);
		goto out;
	}
	vf_explain("  signed digest %s:%s matches the image", EVP_MD_get0_name(md), hex);

	/* 4. Exactly one signer, with the attributes Authenticode requires. */
	if (!sd->signer_info || sk_PKCS7_SIGNER_INFO_num(sd->signer_info) != 1) {
		ret = vf_fail(v, SB_E_MALFORMED, "signer-info", "%d SignerInfos (Authenticode requires one)",
			      sd->signer_info ? sk_PKCS7_SIGNER_INFO_num(sd->signer_info) : 0);
		goto out;
	}
	si = sk_PKCS7_SIGNER_INFO_value(sd->signer_info, 0);
	si_md = vf_md_sha2_of_obj(si->digest_alg->algorithm);
	if (!si_md) {
		ret = vf_fail(v, SB_E_UNSUPPORTED, "signer-info", "signer digest algorithm not SHA-256/384/512");
		goto out;
	}
	ret = check_signed_attrs(si, si_md, content, content_len, &aa, v);
	if (ret != SB_OK)
		goto out;
	if (si->unauth_attr && sk_X509_ATTRIBUTE_num(si->unauth_attr) > 0)
		vf_explain("  note: unauthenticated attributes (timestamps, nested signatures) are ignored");

	/* 5-6. The signer certificate and its signature over the attributes; the chain to a
	   trusted key, nothing in it revoked, and the policy floor. */
	ret = vf_pkcs7_signer_trust(sd, si, &aa, "over the authenticated attributes", "", "",
				    "authenticode", VF_FORM_AUTHENTICODE, a, r, v);
out:
	X509_SIG_free(di);
	PKCS7_free(p7);
	return ret;
}
