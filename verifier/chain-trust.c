/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One PKCS#7 signer's way to trust, shared by Authenticode and detached signatures: its certificate, its chain, its revocation. */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1t.h>
#include <openssl/objects.h>

#include "lib/sb-error.h"
#include "verifier/chain.h"
#include "verifier/digest.h"

const EVP_MD *vf_md_sha2_of_obj(const ASN1_OBJECT *obj)
{
	switch (OBJ_obj2nid(obj)) {
	case NID_sha256: return EVP_sha256();
	case NID_sha384: return EVP_sha384();
	case NID_sha512: return EVP_sha512();
	default:         return NULL;
	}
}

bool vf_obj_is(const ASN1_OBJECT *obj, const uint8_t *der_oid, size_t der_len)
{
	unsigned char *enc = NULL;
	int len = i2d_ASN1_OBJECT(obj, &enc);
	bool same = len == (int)der_len && memcmp(enc, der_oid, der_len) == 0;

	OPENSSL_free(enc);
	return same;
}

int vf_pkcs7_signed_attrs(PKCS7_SIGNER_INFO *si, const EVP_MD *md, const uint8_t *type_oid,
			  size_t type_oid_len, const char *type_name, const uint8_t *want,
			  unsigned want_len, struct vf_signed *out, struct vf_verdict *v)
{
	ASN1_TYPE *ctype, *mdigest;
	unsigned char *abuf = NULL;
	int alen, ret;

	if (!si->auth_attr || sk_X509_ATTRIBUTE_num(si->auth_attr) == 0)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no authenticated attributes");
	ctype = PKCS7_get_signed_attribute(si, NID_pkcs9_contentType);
	if (!ctype || ctype->type != V_ASN1_OBJECT)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no contentType attribute");
	if (!vf_obj_is(ctype->value.object, type_oid, type_oid_len))
		return vf_fail(v, SB_E_REJECTED, "signer-info", "contentType attribute is not %s", type_name);
	mdigest = PKCS7_get_signed_attribute(si, NID_pkcs9_messageDigest);
	if (!mdigest || mdigest->type != V_ASN1_OCTET_STRING)
		return vf_fail(v, SB_E_MALFORMED, "signer-info", "no messageDigest attribute");
	if ((unsigned)ASN1_STRING_length(mdigest->value.octet_string) != want_len ||
	    memcmp(ASN1_STRING_get0_data(mdigest->value.octet_string), want, want_len) != 0)
		return vf_fail(v, SB_E_REJECTED, "message-digest",
			       "messageDigest attribute does not match the %s", type_name);
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

X509 *vf_pkcs7_signer_cert(PKCS7_SIGNED *sd, PKCS7_SIGNER_INFO *si, const struct vf_anchors *a,
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

int vf_chain_trust(X509 *signer, STACK_OF(X509) *embedded, const struct vf_signed *signed_attrs,
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
	ret = vf_chain_to_keyring(a, signer, embedded, signed_attrs, chain, v);
	if (vf_chain_revocation(r, a, chain, &rv) != SB_OK) {
		*v = rv;
		return rv.code;
	}
	return ret;
}

int vf_pkcs7_signer_trust(PKCS7_SIGNED *sd, PKCS7_SIGNER_INFO *si, const struct vf_signed *s,
			  const char *over_what, const char *msg_prefix, const char *reason_prefix,
			  const char *check, enum vf_form form, const struct vf_anchors *a,
			  const struct vf_revocation *r, struct vf_verdict *v)
{
	struct vf_chain chain = { 0 };
	const char *signer_where;
	X509 *signer;
	char name[256], skid[130];
	int ret;

	signer = vf_pkcs7_signer_cert(sd, si, a, &signer_where);
	if (!signer)
		return vf_fail(v, SB_E_UNTRUSTED, "signer", "%ssigner certificate is neither embedded nor "
			       "among the trusted certificates", msg_prefix);
	vf_cert_name(signer, name, sizeof(name));
	vf_cert_skid_hex(signer, skid, sizeof(skid));
	vf_explain("  signer: %s (SKID %s, %s)", name, skid, signer_where);
	if (!vf_signed_verifies(X509_get0_pubkey(signer), s))
		return vf_fail(v, SB_E_REJECTED, "signature", "%ssignature by %s %s does not verify",
			       msg_prefix, name, over_what);
	vf_explain("  signature %s verifies with the signer's key", over_what);

	/* The chain to a trusted key, nothing in it revoked, and the policy floor. */
	ret = vf_chain_trust(signer, sd->cert, s, a, r, &chain, v);
	if (ret == SB_OK)
		ret = vf_chain_policy(&chain, v);
	if (ret == SB_OK) {
		vf_explain("  trusted: chain ends at %s", chain.anchor);
		memset(v, 0, sizeof(*v));
		snprintf(v->check, sizeof(v->check), "%s", check);
		snprintf(v->reason, sizeof(v->reason), "%.80ssigned by %.160s, trusted via %.180s",
			 reason_prefix, name, chain.anchor);
		snprintf(v->signer, sizeof(v->signer), "%s", name);
		snprintf(v->anchor, sizeof(v->anchor), "%s", chain.anchor);
		v->anchor_kind = chain.key ? VF_ANCHOR_KEYRING : VF_ANCHOR_CERT;
		v->form = form;
	}
	vf_chain_free(&chain);
	return ret;
}
