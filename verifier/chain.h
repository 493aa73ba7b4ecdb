/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chains from a signer to an anchor, in both anchor modes, and the rules every chain must meet. */
#ifndef VF_CHAIN_H
#define VF_CHAIN_H

#include <stdbool.h>

#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "verifier/anchors.h"
#include "verifier/keyring.h"
#include "verifier/report.h"
#include "verifier/revocation.h"
#include "verifier/x509.h"

#define VF_MAX_CHAIN 8

/*
 * The chain found: certs[0] is the signer, certs[i + 1] issued certs[i]. With a certificate
 * anchor the last certificate is that anchor (its own signature is not checked). With a keyring
 * anchor `key` is the keyring key that verified the last link: either the signed attributes
 * (the signer's own key is in the keyring: key_is_signer) or the last certificate's TBS (the key
 * of its issuer, whose certificate is not at hand).
 */
struct vf_chain {
	STACK_OF(X509) *certs;
	bool anchor_is_cert;
	int32_t key;                /* keyring anchor: its serial; 0 otherwise */
	bool key_is_signer;
	struct vf_key_info key_info;
	char anchor[256];           /* "--trust certificate /CN=...", "keyring 'kexec' (id N), key M" */
};

/* Chain from signer through the embedded certificates to an anchor certificate (OpenSSL).
   SB_OK with *chain set, else SB_E_UNTRUSTED / SB_E_REJECTED (*chain holds the partial chain). */
int vf_chain_to_cert(const struct vf_anchors *a, X509 *signer, STACK_OF(X509) *embedded,
		     struct vf_chain *chain, struct vf_verdict *v);

/* Chain from signer (whose key made `signed_attrs`) to a key in the anchor keyring: each
   holder's own key is looked up by its ids, then its issuer's by the AKID; the final link is
   verified by the kernel with KEYCTL_PKEY_VERIFY, links below it with OpenSSL. */
int vf_chain_to_keyring(const struct vf_anchors *a, X509 *signer, STACK_OF(X509) *embedded,
			const struct vf_signed *signed_attrs, struct vf_chain *chain, struct vf_verdict *v);

/*
 * Revocation of everything the chain stands on: every certificate (vf_revoked_cert(): its
 * bytes, TBS digests and its key, or a revoked key that signed it) and a keyring anchor
 * (vf_revoked_keyring_key()). Also used on a partial chain, since revoked beats untrusted.
 */
int vf_chain_revocation(const struct vf_revocation *r, const struct vf_anchors *a,
			const struct vf_chain *chain, struct vf_verdict *v);

/*
 * The rules a chain must meet whichever anchor ended it (verifier/README.md, "Policy floor"):
 *  - every issuer certificate is a CA: basicConstraints CA:TRUE, keyCertSign when keyUsage is
 *    present, its pathLenConstraint not exceeded (SB_E_UNTRUSTED);
 *  - every certificate signature checked while building it is SHA-256/384/512 with RSA PKCS#1
 *    v1.5 or ECDSA, and every key used is RSA >= 2048 bits or EC P-256/P-384/P-521, the
 *    keyring key included (SB_E_UNSUPPORTED);
 *  - the signer may sign code (vf_signer_policy()).
 */
int vf_chain_policy(const struct vf_chain *chain, struct vf_verdict *v);

/* The signer certificate: extendedKeyUsage, when present, includes codeSigning; keyUsage, when
   present, includes digitalSignature; its key meets the floor. SB_OK / SB_E_UNTRUSTED / SB_E_UNSUPPORTED. */
int vf_signer_policy(X509 *signer, struct vf_verdict *v);

/* The key floor alone (RSA >= 2048, EC P-256/P-384/P-521), for a certificate's key... */
int vf_key_floor(EVP_PKEY *key, const char *whose, struct vf_verdict *v);
/* ...and for a keyring key, by what userspace can learn of it (struct vf_key_info). */
int vf_keyring_key_floor(int32_t key, const struct vf_key_info *info, struct vf_verdict *v);

void vf_chain_free(struct vf_chain *chain);

/*
 * Shared by every PKCS#7 form (Authenticode entries, detached signatures of files), chain-trust.c:
 *  - vf_obj_is(): the object, DER-encoded (tag, length, content), equals der_oid;
 *  - vf_md_sha2_of_obj(): the digest algorithm of an AlgorithmIdentifier, SHA-256/384/512 only
 *    (NULL otherwise: SHA-1 and others are refused as unsupported, never trusted);
 *  - vf_pkcs7_signer_cert(): the SignerInfo's certificate by issuer and serial number, among
 *    the embedded certificates first, then the anchor certificates (*where says which);
 *  - vf_chain_trust(): the chain from that signer, whose key made `signed_attrs`, to an anchor
 *    certificate (OpenSSL), else to a keyring key (KEYCTL_PKEY_VERIFY); whatever was built,
 *    even a partial chain, is checked for revocation before its verdict counts (revoked beats
 *    untrusted). The policy floor (vf_chain_policy()) is the caller's next step;
 *  - vf_pkcs7_signed_attrs(): the SignerInfo's authenticated attributes: present, contentType
 *    equal to type_oid (DER, named type_name in messages), messageDigest equal to want; *out
 *    gets what the signer's key signed (the digest of their DER SET OF) and the signature;
 *  - vf_pkcs7_signer_trust(): once a form knows what its signer signed (`s`): the signer
 *    certificate, its signature over `s` (else rejected: "signature by SIGNER <over_what> does
 *    not verify"), vf_chain_trust(), vf_chain_policy(). On SB_OK *v is the verdict (check,
 *    form, signer, anchor, reason "<reason_prefix>signed by SIGNER, trusted via ANCHOR");
 *    failures start with msg_prefix (e.g. the signature file's name).
 */
bool vf_obj_is(const ASN1_OBJECT *obj, const uint8_t *der_oid, size_t der_len);
const EVP_MD *vf_md_sha2_of_obj(const ASN1_OBJECT *obj);
X509 *vf_pkcs7_signer_cert(PKCS7_SIGNED *sd, PKCS7_SIGNER_INFO *si, const struct vf_anchors *a,
			   const char **where);
int vf_pkcs7_signed_attrs(PKCS7_SIGNER_INFO *si, const EVP_MD *md, const uint8_t *type_oid,
			  size_t type_oid_len, const char *type_name, const uint8_t *want,
			  unsigned want_len, struct vf_signed *out, struct vf_verdict *v);
int vf_pkcs7_signer_trust(PKCS7_SIGNED *sd, PKCS7_SIGNER_INFO *si, const struct vf_signed *s,
			  const char *over_what, const char *msg_prefix, const char *reason_prefix,
			  const char *check, enum vf_form form, const struct vf_anchors *a,
			  const struct vf_revocation *r, struct vf_verdict *v);
int vf_chain_trust(X509 *signer, STACK_OF(X509) *embedded, const struct vf_signed *signed_attrs,
		   const struct vf_anchors *a, const struct vf_revocation *r, struct vf_chain *chain,
		   struct vf_verdict *v);

#endif
