/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chains to a key in a kernel keyring: lookup by the kernel's key ids, KEYCTL_PKEY_VERIFY for the last link. */
#include <stdio.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "lib/sb-error.h"
#include "verifier/chain.h"

/* The embedded certificate that issued `child`: subject == issuer and, if known, SKID == AKID. */
static X509 *find_issuer(X509 *child, STACK_OF(X509) *embedded)
{
	const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(child);
	int i;

	for (i = 0; embedded && i < sk_X509_num(embedded); i++) {
		X509 *c = sk_X509_value(embedded, i);
		const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(c);

		if (c == child || X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(child)) != 0)
			continue;
		if (akid && (!skid || ASN1_OCTET_STRING_cmp(akid, skid) != 0))
			continue;
		return c;
	}
	return NULL;
}

static int push(STACK_OF(X509) *certs, X509 *c, struct vf_verdict *v)
{
	if (!X509_up_ref(c))
		return vf_fail(v, SB_E_NOMEM, "keyring", "out of memory");
	if (!sk_X509_push(certs, c)) {
		X509_free(c);
		return vf_fail(v, SB_E_NOMEM, "keyring", "out of memory");
	}
	return SB_OK;
}

/* Let keyring key `key` verify what `thing` holds; the chain then ends there. */
static int anchor_at(const struct vf_anchors *a, int32_t key, const struct vf_signed *thing,
		     struct vf_chain *chain, struct vf_verdict *v)
{
	int ret;

	ret = vf_keyring_key_info(key, &chain->key_info);
	if (ret != SB_OK)
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "key %d: its algorithm and size cannot be "
			       "read (/proc/keys, KEYCTL_PKEY_QUERY), so it cannot be checked", key);
	vf_explain("  keyring key %d: %s, %u bits", key, chain->key_info.algo, chain->key_info.bits);
	ret = vf_keyring_pkey_verify(key, &chain->key_info, thing, v);
	if (ret != SB_OK)
		return ret;
	chain->key = key;
	snprintf(chain->anchor, sizeof(chain->anchor), "keyring '%s' (id %d), key %d",
		 a->keyring_name, a->keyring, key);
	return SB_OK;
}

int vf_chain_to_keyring(const struct vf_anchors *a, X509 *signer, STACK_OF(X509) *embedded,
			const struct vf_signed *signed_attrs, struct vf_chain *chain, struct vf_verdict *v)
{
	struct vf_signed thing = *signed_attrs;
	X509 *holder = signer, *issuer;
	struct vf_key_ids ids;
	int32_t key;
	char name[256], skid[130];
	int depth, ret;

	memset(chain, 0, sizeof(*chain));
	if (a->keyring <= 0 || a->keyring_keys == 0)
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "keyring '%s' not found or empty",
			       a->keyring_name[0] ? a->keyring_name : "kexec");
	chain->certs = sk_X509_new_null();
	if (!chain->certs)
		return vf_fail(v, SB_E_NOMEM, "keyring", "out of memory");
	ret = push(chain->certs, signer, v);
	if (ret != SB_OK)
		return ret;
	for (depth = 0; depth < VF_MAX_CHAIN; depth++) {
		vf_cert_name(holder, name, sizeof(name));
		/* The holder's own key in the keyring: it must verify what the holder signed. The
		   holder's certificate is then the anchor's, as far as the kernel can tell. */
		key = vf_keyring_find_cert(a->keyring, holder);
		if (key >= 0) {
			ret = anchor_at(a, key, &thing, chain, v);
			if (ret == SB_OK) {
				chain->anchor_is_cert = true;
				chain->key_is_signer = depth == 0;
			}
			return ret;
		}
		/*
		 * Its issuer: an embedded certificate whose key verifies the holder's signature
		 * comes first, so that the anchor's certificate is in the chain whenever the image
		 * carries it (its revocation forms and CA rules are then checked too).
		 */
		issuer = find_issuer(holder, embedded);
		if (issuer && X509_verify(holder, X509_get0_pubkey(issuer)) == 1) {
			vf_explain("  link: %s issued by embedded certificate (signature good)", name);
			ret = vf_cert_tbs_signed(holder, &thing);
			if (ret != SB_OK)
				return vf_fail(v, ret, "chain", "%s: its signature algorithm is not one we "
					       "verify (SHA-256/384/512 with RSA PKCS#1 v1.5 or ECDSA)", name);
			holder = issuer;
			ret = push(chain->certs, issuer, v);
			if (ret != SB_OK)
				return ret;
			continue;
		}
		vf_openssl_errors("chain");
		/* Else its issuer's key, by the AKID key id: it must verify the holder's TBS. */
		if (vf_x509_key_ids(holder, &ids) != SB_OK)
			return vf_fail(v, SB_E_MALFORMED, "chain", "%s: its key identifiers do not parse", name);
		key = ids.akid_len ? vf_keyring_search_id(a->keyring, ids.akid, ids.akid_len, "AKID") : -1;
		vf_key_ids_free(&ids);
		if (key >= 0) {
			ret = vf_cert_tbs_signed(holder, &thing);
			if (ret != SB_OK)
				return vf_fail(v, ret, "chain", "%s: its signature algorithm is not one we "
					       "verify (SHA-256/384/512 with RSA PKCS#1 v1.5 or ECDSA)", name);
			return anchor_at(a, key, &thing, chain, v);
		}
		if (issuer)
			return vf_fail(v, SB_E_REJECTED, "chain", "%s: signature by its embedded issuer "
				       "does not verify", name);
		vf_cert_skid_hex(holder, skid, sizeof(skid));
		return vf_fail(v, SB_E_UNTRUSTED, "keyring",
			       "no key in keyring '%s' for %s (SKID %s) or its issuer, "
			       "and no embedded certificate issued it", a->keyring_name, name, skid);
	}
	return vf_fail(v, SB_E_UNTRUSTED, "chain", "chain longer than %d certificates", VF_MAX_CHAIN);
}
