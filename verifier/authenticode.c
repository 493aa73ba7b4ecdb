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

/* Only SHA-2: SHA-1 Authenticode is refused as unsupported rather than trusted. */
static const EVP_MD *digest_by_obj(const ASN1_OBJECT *obj)
{
	switch (OBJ_obj2nid(obj)) {
	case NID_sha256: return EVP_sha256();
	case NID_sha384: return EVP_sha384();
	case NID_sha512: return EVP_sha512();
	default:         return NULL;
	}
}

static bool obj_is(const ASN1_OBJECT *obj, const uint8_t *der_oid, size_t der_len)
{
	unsigned char *enc = NULL;
	int len = i2d_ASN1_OBJECT(obj, &enc);
	bool same = len == (int)der_len && memcmp(enc, der_oid, der_len) == 0;

	OPENSSL_free(enc);
	return same;
}

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

/* Find the signer certificate: embedded first, then among the anchor certificates. */
static X509 *find_signer(PKCS7_SIGNED *sd, PKCS7_SIGNER_INFO *si, const struct vf_anchors *a,
			 const char **where)
{
	X509 *x = NULL;

	if (sd->cert)
		x = X509_find_by_issuer_and_serial(sd->cert, si->issuer_and_serial->issuer,
						   si->issuer_and_serial->serial);
	*where = "embedded";
	if (!x && a->certs) {
		x = X509_find_by_issuer_and_serial(a->certs, si->issuer_and_serial->issuer,
						   si->issuer_and_serial->serial);
		*where = "a --trust file";
	}
	return x;
}

/* Check the authenticated attributes and hash their DER SET OF encoding for the signature. */
static int check_signed_attrs(PKCS7_SIGNER_INFO *si, const EVP_MD *md, const uint8_t *content,
			      size_t content_len, struct vf_signed *out, struct vf_verdict *v)
{
	ASN1_TYPE *ctype, *mdigest;
	uint8_t want[EVP_MAX_MD_SIZE];
	unsigned want_len;
	unsigned char *abuf = NULL;
	int alen, ret;

	if (!si->auth_attr || sk_X509_ATTRIBUTE_num(si->auth_attr) == 0)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no authenticated attributes");
	ctype = PKCS7_get_signed_attribute(si, NID_pkcs9_contentType);
	if (!ctype || ctype->type != V_ASN1_OBJECT)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no contentType attribute");
	if (!obj_is(ctype->value.object, oid_spc_indirect, sizeof(oid_spc_indirect)))
		return vf_fail(v, SB_E_REJECTED, "signer-info", "contentType attribute is not SpcIndirectDataContent");
	mdigest = PKCS7_get_signed_attribute(si, NID_pkcs9_messageDigest);
	if (!mdigest || mdigest->type != V_ASN1_OCTET_STRING)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no messageDigest attribute");
	if (!EVP_Digest(content, content_len, want, &want_len, md, NULL))
		return vf_fail(v, SB_E_NOMEM, "signer-info", "digest failed");
	if ((unsigned)ASN1_STRING_length(mdigest->value.octet_string) != want_len ||
	    memcmp(ASN1_STRING_get0_data(mdigest->value.octet_string), want, want_len) != 0)
		return vf_fail(v, SB_E_REJECTED, "message-digest",
			       "messageDigest attribute does not match the SpcIndirectDataContent");
	vf_explain("  messageDigest attribute matches the signed content");
	/* What is signed is the attributes re-tagged as a SET OF (RFC 2315 §9.3). */
	alen = ASN1_item_i2d((ASN1_VALUE *)si->auth_attr, &abuf, ASN1_ITEM_rptr(PKCS7_ATTR_VERIFY));
	if (alen <= 0)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "cannot encode the authenticated attributes");
	out->md = md;
	ret = EVP_Digest(abuf, (size_t)alen, out->digest, &out->digest_len, md, NULL);
	OPENSSL_free(abuf);
	if (!ret)
		return vf_fail(v, SB_E_NOMEM, "signer-info", "digest failed");
	out->sig = ASN1_STRING_get0_data(si->enc_digest);
	out->sig_len = (size_t)ASN1_STRING_length(si->enc_digest);
	return SB_OK;
}

/*
 * Step 6: the chain, to an anchor certificate first, then to the keyring. Whatever was built,
 * even a partial chain, is checked for revocation before its verdict counts.
 */
static int trust(X509 *signer, STACK_OF(X509) *embedded, const struct vf_signed *aa,
		 const struct vf_anchors *a, const struct vf_revocation *r, struct vf_chain *chain,
		 struct vf_verdict *v)
{
	struct vf_verdict rv = { 0 };
	int ret = SB_E_UNTRUSTED;

	if (!a->store && a->keyring_keys == 0) {
		/* No chain can be built: the signer alone is checked (revoked beats untrusted). */
		ret = vf_revoked_cert(r, signer, VF_CERT_IN_CHAIN, v);
		if (ret != SB_OK)
			return ret;
		return vf_fail(v, SB_E_UNTRUSTED, "trust", "no trusted key: keyring '%s' %s and no --trust "
			       "certificate given", a->keyring_name[0] ? a->keyring_name : "kexec",
			       a->keyring ? "is empty" : "not found");
	}
	if (a->store) {
		ret = vf_chain_to_cert(a, signer, embedded, chain, v);
		if (vf_chain_revocation(r, a, chain, &rv) != SB_OK) {
			*v = rv;
			return rv.code;
		}
		if (ret != SB_E_UNTRUSTED || a->keyring_keys == 0)
			return ret;
		vf_chain_free(chain);
	}
	ret = vf_chain_to_keyring(a, signer, embedded, aa, chain, v);
	if (vf_chain_revocation(r, a, chain, &rv) != SB_OK) {
		*v = rv;
		return rv.code;
	}
	return ret;
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
	struct vf_chain chain = { 0 };
	X509 *signer;
	const char *signer_where;
	char name[256], skid[130], hex[2 * EVP_MAX_MD_SIZE + 1];
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
	if (!obj_is(sd->contents->type, oid_spc_indirect, sizeof(oid_spc_indirect))) {
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
	md = digest_by_obj(di_alg->algorithm);
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
	si_md = digest_by_obj(si->digest_alg->algorithm);
	if (!si_md) {
		ret = vf_fail(v, SB_E_UNSUPPORTED, "signer-info", "signer digest algorithm not SHA-256/384/512");
		goto out;
	}
	ret = check_signed_attrs(si, si_md, content, content_len, &aa, v);
	if (ret != SB_OK)
		goto out;
	if (si->unauth_attr && sk_X509_ATTRIBUTE_num(si->unauth_attr) > 0)
		vf_explain("  note: unauthenticated attributes (timestamps, nested signatures) are ignored");

	/* 5. The signer certificate and its signature over the attributes. */
	signer = find_signer(sd, si, a, &signer_where);
	if (!signer) {
		ret = vf_fail(v, SB_E_UNTRUSTED, "signer", "signer certificate is neither embedded nor "
			      "among the trusted certificates");
		goto out;
	}
	vf_cert_name(signer, name, sizeof(name));
	vf_cert_skid_hex(signer, skid, sizeof(skid));
	vf_explain("  signer: %s (SKID %s, %s)", name, skid, signer_where);
	if (!vf_signed_verifies(X509_get0_pubkey(signer), &aa)) {
		ret = vf_fail(v, SB_E_REJECTED, "signature", "signature by %s over the authenticated "
			      "attributes does not verify", name);
		goto out;
	}
	vf_explain("  signature over the authenticated attributes verifies with the signer's key");

	/* 6. The chain to a trusted key, nothing in it revoked, and the policy floor. */
	ret = trust(signer, sd->cert, &aa, a, r, &chain, v);
	if (ret != SB_OK)
		goto out;
	ret = vf_chain_policy(&chain, v);
	if (ret != SB_OK)
		goto out;
	vf_explain("  trusted: chain ends at %s", chain.anchor);
	memset(v, 0, sizeof(*v));
	snprintf(v->check, sizeof(v->check), "authenticode");
	snprintf(v->reason, sizeof(v->reason), "signed by %.180s, trusted via %.200s", name, chain.anchor);
	snprintf(v->signer, sizeof(v->signer), "%s", name);
	snprintf(v->anchor, sizeof(v->anchor), "%s", chain.anchor);
	v->anchor_kind = chain.key ? VF_ANCHOR_KEYRING : VF_ANCHOR_CERT;
	v->form = VF_FORM_AUTHENTICODE;
	ret = SB_OK;
out:
	vf_chain_free(&chain);
	X509_SIG_free(di);
	PKCS7_free(p7);
	return ret;
}
