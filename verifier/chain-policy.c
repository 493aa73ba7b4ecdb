/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The policy floor every chain meets, whichever anchor ended it: CA rules, algorithms, key sizes, signer usage. */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/x509v3.h>

#include "lib/sb-error.h"
#include "verifier/chain.h"
#include "verifier/revocation.h"

#define VF_MIN_RSA_BITS 2048

/* EC keys: the NIST curves UEFI and the kernel verify (crypto/ecdsa.c), 256 bits and up. */
static bool ec_curve_ok(const char *curve)
{
	return strcmp(curve, "prime256v1") == 0 || strcmp(curve, "P-256") == 0 ||
	       strcmp(curve, "secp384r1") == 0 || strcmp(curve, "P-384") == 0 ||
	       strcmp(curve, "secp521r1") == 0 || strcmp(curve, "P-521") == 0;
}

int vf_key_floor(EVP_PKEY *key, const char *whose, struct vf_verdict *v)
{
	char curve[64] = "";

	if (!key)
		return vf_fail(v, SB_E_MALFORMED, "policy", "%s: no usable public key", whose);
	if (EVP_PKEY_is_a(key, "RSA")) {
		if (EVP_PKEY_get_bits(key) < VF_MIN_RSA_BITS)
			return vf_fail(v, SB_E_UNSUPPORTED, "policy", "%s: RSA key of %d bits (at least %d "
				       "required)", whose, EVP_PKEY_get_bits(key), VF_MIN_RSA_BITS);
		return SB_OK;
	}
	if (EVP_PKEY_is_a(key, "EC")) {
		if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof(curve), NULL) ||
		    !ec_curve_ok(curve))
			return vf_fail(v, SB_E_UNSUPPORTED, "policy", "%s: EC key on curve %s (P-256, P-384 "
				       "or P-521 required)", whose, curve[0] ? curve : "(unnamed)");
		return SB_OK;
	}
	return vf_fail(v, SB_E_UNSUPPORTED, "policy", "%s: %s key (RSA or EC required)", whose,
		       EVP_PKEY_get0_type_name(key));
}

int vf_keyring_key_floor(int32_t key, const struct vf_key_info *k, struct vf_verdict *v)
{
	if (strcmp(k->algo, "rsa") == 0) {
		if (k->bits < VF_MIN_RSA_BITS)
			return vf_fail(v, SB_E_UNSUPPORTED, "policy", "keyring key %d: RSA key of %u bits "
				       "(at least %d required)", key, k->bits, VF_MIN_RSA_BITS);
		return SB_OK;
	}
	if (strcmp(k->algo, "ecdsa-nist-p256") == 0 || strcmp(k->algo, "ecdsa-nist-p384") == 0 ||
	    strcmp(k->algo, "ecdsa-nist-p521") == 0)
		return SB_OK;
	return vf_fail(v, SB_E_UNSUPPORTED, "policy", "keyring key %d: %s key (RSA >= %d bits or EC "
		       "P-256/P-384/P-521 required)", key, k->algo[0] ? k->algo : "unknown",
		       VF_MIN_RSA_BITS);
}

/* A certificate signature checked while building the chain: SHA-2, PKCS#1 v1.5 or ECDSA. */
static int sig_floor(X509 *cert, const char *name, struct vf_verdict *v)
{
	int nid = X509_get_signature_nid(cert), md = NID_undef, pk = NID_undef;

	if (!OBJ_find_sigid_algs(nid, &md, &pk))
		md = pk = NID_undef;
	if ((md == NID_sha256 || md == NID_sha384 || md == NID_sha512) &&
	    (pk == NID_rsaEncryption || pk == NID_X9_62_id_ecPublicKey))
		return SB_OK;
	return vf_fail(v, SB_E_UNSUPPORTED, "policy", "%s: certificate signed with %s (SHA-256/384/512 "
		       "with RSA or ECDSA required; no MD5 or SHA-1)", name, OBJ_nid2ln(nid));
}

/* RFC 5280 §4.2.1.9/4.2.1.3: an issuer is a CA; `below` intermediate CAs sit under it. */
static int ca_rules(X509 *cert, const char *name, int below, struct vf_verdict *v)
{
	uint32_t flags = X509_get_extension_flags(cert);
	long pathlen;

	if (!(flags & EXFLAG_BCONS) || !(flags & EXFLAG_CA))
		return vf_fail(v, SB_E_UNTRUSTED, "policy", "%s issues a certificate of the chain but is "
			       "not a CA (basicConstraints CA:TRUE required)", name);
	if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(cert) & KU_KEY_CERT_SIGN))
		return vf_fail(v, SB_E_UNTRUSTED, "policy", "%s issues a certificate of the chain but its "
			       "keyUsage lacks keyCertSign", name);
	pathlen = X509_get_pathlen(cert);
	if (pathlen >= 0 && below > pathlen)
		return vf_fail(v, SB_E_UNTRUSTED, "policy", "%s: pathLenConstraint %ld, but %d CA "
			       "certificate(s) below it", name, pathlen, below);
	return SB_OK;
}

int vf_signer_policy(X509 *signer, struct vf_verdict *v)
{
	uint32_t flags = X509_get_extension_flags(signer);
	char name[256];

	vf_cert_name(signer, name, sizeof(name));
	if ((flags & EXFLAG_XKUSAGE) && !(X509_get_extended_key_usage(signer) & XKU_CODE_SIGN))
		return vf_fail(v, SB_E_UNTRUSTED, "policy", "signer %s: extendedKeyUsage without "
			       "codeSigning", name);
	if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(signer) & KU_DIGITAL_SIGNATURE))
		return vf_fail(v, SB_E_UNTRUSTED, "policy", "signer %s: keyUsage without "
			       "digitalSignature", name);
	return vf_key_floor(X509_get0_pubkey(signer), name, v);
}

int vf_chain_policy(const struct vf_chain *chain, struct vf_verdict *v)
{
	int n = sk_X509_num(chain->certs), i, below = 0, ret;
	char name[256];

	/* Algorithms and keys first (unsupported ranks above untrusted), then the CA rules. */
	for (i = 0; i < n; i++) {
		X509 *c = sk_X509_value(chain->certs, i);
		bool last = i == n - 1;

		vf_cert_name(c, name, sizeof(name));
		ret = vf_key_floor(X509_get0_pubkey(c), name, v);
		if (ret != SB_OK)
			return ret;
		/* Checked while building: by its issuer in the chain, or by the keyring key. An
		   anchor certificate's own (self-)signature is not. */
		if ((!last || !chain->anchor_is_cert) && (ret = sig_floor(c, name, v)) != SB_OK)
			return ret;
	}
	if (chain->key && (ret = vf_keyring_key_floor(chain->key, &chain->key_info, v)) != SB_OK)
		return ret;
	ret = vf_signer_policy(sk_X509_value(chain->certs, 0), v);
	if (ret != SB_OK)
		return ret;
	for (i = 1; i < n; i++) {
		X509 *c = sk_X509_value(chain->certs, i);

		vf_cert_name(c, name, sizeof(name));
		ret = ca_rules(c, name, below, v);
		if (ret != SB_OK)
			return ret;
		/* Self-issued certificates do not count against a path length (RFC 5280 §6.1.4). */
		if (X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(c)) != 0)
			below++;
	}
	return SB_OK;
}

int vf_chain_revocation(const struct vf_revocation *r, const struct vf_anchors *a,
			const struct vf_chain *chain, struct vf_verdict *v)
{
	int i, ret;

	for (i = 0; chain->certs && i < sk_X509_num(chain->certs); i++) {
		X509 *c = sk_X509_value(chain->certs, i);
		char name[256], skid[130];

		vf_cert_name(c, name, sizeof(name));
		vf_cert_skid_hex(c, skid, sizeof(skid));
		vf_explain("  chain[%d]: %s (SKID %s)", i, name, skid);
		ret = vf_revoked_cert(r, c, VF_CERT_IN_CHAIN, v);
		if (ret != SB_OK)
			return ret;
	}
	if (chain->key > 0)
		return vf_revoked_keyring_key(r, a->keyring, chain->key, v);
	return SB_OK;
}

void vf_chain_free(struct vf_chain *chain)
{
	if (chain->certs)
		sk_X509_pop_free(chain->certs, X509_free);
	chain->certs = NULL;
}
