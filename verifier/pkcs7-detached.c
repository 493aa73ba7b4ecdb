/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Detached PKCS#7 over a file: parse the one SignedData, check what its signer signed, then the shared chain rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include "lib/der.h"
#include "lib/sb-error.h"
#include "verifier/chain.h"
#include "verifier/file-io.h"
#include "verifier/pkcs7-detached.h"

#define P7S_MAX (64u << 10)

/* id-data, 1.2.840.113549.1.7.1 (RFC 5652 §4), as a DER OID. */
static const uint8_t oid_pkcs7_data[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };

int vf_pkcs7_detached_read(const char *path, uint8_t **sig, size_t *len)
{
	char p7s[4096];
	int ret;

	if (vf_path(p7s, sizeof(p7s), "%s.p7s", path) != 0)
		return SB_E_IO;
	ret = vf_read_file(p7s, sig, len, P7S_MAX);
	if (ret == SB_E_NOT_FOUND)
		return SB_E_UNSIGNED;
	return ret == SB_OK ? SB_OK : SB_E_IO;
}

/* The blob as PKCS#7, or why not: a CMS signer by subjectKeyIdentifier parses only as CMS. */
static int parse(const uint8_t *sig, size_t sig_len, const char *where, PKCS7 **out, struct vf_verdict *v)
{
	const uint8_t *p = sig;
	size_t hdr, clen;
	uint8_t tag;
	CMS_ContentInfo *cms;
	PKCS7 *p7;

	if (der_read_tlv(sig, sig_len, &tag, &hdr, &clen) != 0 || tag != 0x30 || hdr > sig_len ||
	    clen != sig_len - hdr)
		return vf_fail(v, SB_E_MALFORMED, "pkcs7", "%s: not one DER SEQUENCE filling the file "
			       "(%zu bytes; PEM, truncated or trailing data?)", where, sig_len);
	p7 = d2i_PKCS7(NULL, &p, (long)sig_len);
	if (p7 && p == sig + sig_len) {
		*out = p7;
		return SB_OK;
	}
	PKCS7_free(p7);
	p = sig;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)sig_len);
	vf_openssl_errors("pkcs7");
	if (cms) {
		CMS_ContentInfo_free(cms);
		return vf_fail(v, SB_E_UNSUPPORTED, "pkcs7", "%s: a CMS signature whose signer is named "
			       "by subjectKeyIdentifier (openssl cms -keyid); only signers named by "
			       "issuer and serial number are verified", where);
	}
	return vf_fail(v, SB_E_MALFORMED, "pkcs7", "%s: not a PKCS#7 structure", where);
}

int vf_pkcs7_detached_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t sig_len,
			     const char *where, struct vf_digests *d, const struct vf_anchors *a,
			     const struct vf_revocation *r, struct vf_verdict *v)
{
	PKCS7 *p7 = NULL;
	PKCS7_SIGNED *sd;
	PKCS7_SIGNER_INFO *si;
	struct vf_signed s;
	const EVP_MD *md;
	char name[256], hex[2 * EVP_MAX_MD_SIZE + 1], prefix[4200], reason[128];
	int ret, alg;

	memset(v, 0, sizeof(*v));
	vf_explain("detached PKCS#7 signature %s: %zu bytes", where, sig_len);
	ret = parse(sig, sig_len, where, &p7, v);
	if (ret != SB_OK)
		return ret;
	if (!p7)            /* parse() sets it whenever it succeeds; never a success without it */
		return vf_fail(v, SB_E_MALFORMED, "pkcs7", "%s: no PKCS#7 parsed", where);
	if (!PKCS7_type_is_signed(p7) || !p7->d.sign || !p7->d.sign->contents) {
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "%s: not PKCS#7 SignedData", where);
		goto out;
	}
	sd = p7->d.sign;
	if (!vf_obj_is(sd->contents->type, oid_pkcs7_data, sizeof(oid_pkcs7_data))) {
		ret = vf_fail(v, SB_E_MALFORMED, "pkcs7", "%s: content type is not id-data", where);
		goto out;
	}
	if (sd->contents->d.data) {
		ret = vf_fail(v, SB_E_UNSUPPORTED, "pkcs7", "%s: the signature carries its content "
			      "(openssl cms -nodetach); only detached signatures are verified", where);
		goto out;
	}
	if (!sd->signer_info || sk_PKCS7_SIGNER_INFO_num(sd->signer_info) != 1) {
		ret = vf_fail(v, SB_E_MALFORMED, "signer-info", "%s: %d SignerInfos (one is required)", where,
			      sd->signer_info ? sk_PKCS7_SIGNER_INFO_num(sd->signer_info) : 0);
		goto out;
	}
	si = sk_PKCS7_SIGNER_INFO_value(sd->signer_info, 0);
	md = vf_md_sha2_of_obj(si->digest_alg->algorithm);
	if (!md) {
		OBJ_obj2txt(name, sizeof(name), si->digest_alg->algorithm, 0);
		ret = vf_fail(v, SB_E_UNSUPPORTED, "signer-info", "%s: digest algorithm %s not accepted "
			      "(SHA-256/384/512 only)", where, name);
		goto out;
	}
	alg = vf_alg_of_md(md);
	ret = vf_file_digests(data, len, ESL_ALG_BIT(alg), d);
	if (ret != SB_OK) {
		vf_fail(v, ret, "file-digest", "cannot compute the file digest (%s)", sb_strerror(ret));
		goto out;
	}
	vf_hex(d->d[alg], esl_alg_size(alg), hex, sizeof(hex));
	vf_explain("  file digest %s:%s", EVP_MD_get0_name(md), hex);

	/* What the signer's key signed: the attributes (which name the file digest), or the digest. */
	memset(&s, 0, sizeof(s));
	if (si->auth_attr && sk_X509_ATTRIBUTE_num(si->auth_attr) > 0) {
		ret = vf_pkcs7_signed_attrs(si, md, oid_pkcs7_data, sizeof(oid_pkcs7_data),
					    "id-data (the file)", d->d[alg], (unsigned)esl_alg_size(alg), &s, v);
		if (ret != SB_OK)
			goto out;
	} else {
		vf_explain("  no authenticated attributes: the signature is over the file digest");
		s.md = md;
		s.digest_len = (unsigned)esl_alg_size(alg);
		memcpy(s.digest, d->d[alg], s.digest_len);
		s.sig = ASN1_STRING_get0_data(si->enc_digest);
		s.sig_len = (size_t)ASN1_STRING_length(si->enc_digest);
	}
	if (si->unauth_attr && sk_X509_ATTRIBUTE_num(si->unauth_attr) > 0)
		vf_explain("  note: unauthenticated attributes (timestamps) are ignored");

	snprintf(prefix, sizeof(prefix), "%s: ", where);
	snprintf(reason, sizeof(reason), "detached PKCS#7 (%.60s) ", where);
	ret = vf_pkcs7_signer_trust(sd, si, &s, "over the file (modified after signing?)", prefix, reason,
				    "pkcs7", VF_FORM_PKCS7_DETACHED, a, r, v);
out:
	PKCS7_free(p7);
	return ret;
}
