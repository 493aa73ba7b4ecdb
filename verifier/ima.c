/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IMA v2 signatures (security.ima xattr or a detached PATH.sig) for images without Authenticode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "lib/byteorder.h"
#include "lib/sb-error.h"
#include "verifier/alloc-guard.h"
#include "verifier/chain.h"
#include "verifier/file-io.h"
#include "verifier/ima.h"
#include "verifier/keyring.h"

/*
 * struct signature_v2_hdr (security/integrity/integrity.h): u8 type = EVM_IMA_XATTR_DIGSIG
 * (0x03), u8 version = 2, u8 hash_algo (include/uapi/linux/hash_info.h), __be32 keyid (the
 * last 4 bytes of the signer's SKID), __be16 sig_size, then the PKCS#1 v1.5 signature over
 * the file's digest (security/integrity/digsig_asymmetric.c).
 */
#define IMA_HDR_SIZE 9
#define IMA_MAX_SIG  8192

static int ima_alg(uint8_t algo)
{
	switch (algo) {
	case 4:  return ESL_ALG_SHA256;   /* HASH_ALGO_SHA256 */
	case 5:  return ESL_ALG_SHA384;   /* HASH_ALGO_SHA384 */
	case 6:  return ESL_ALG_SHA512;   /* HASH_ALGO_SHA512 */
	default: return -1;
	}
}

int vf_ima_read_signature(const struct vf_image *img, uint8_t **out, size_t *out_len, const char **where)
{
	char sig_path[4096];
	uint8_t *buf;
	ssize_t n;
	size_t len;
	int ret;

	buf = malloc(IMA_MAX_SIG);
	if (!buf) {
		vf_alloc_failed();
		return SB_E_NOMEM;
	}
	n = img->fd >= 0 ? fgetxattr(img->fd, "security.ima", buf, IMA_MAX_SIG)
			 : getxattr(img->path, "security.ima", buf, IMA_MAX_SIG);
	/* 0x04 (IMA_XATTR_DIGEST_NG) is a plain hash, no signature. */
	if (n >= 1 && buf[0] == 0x03) {
		*out = buf;
		*out_len = (size_t)n;
		*where = "security.ima";
		return SB_OK;
	}
	free(buf);
	snprintf(sig_path, sizeof(sig_path), "%s.sig", img->path);
	ret = vf_read_file(sig_path, &buf, &len, IMA_MAX_SIG);
	if (ret == SB_E_NOT_FOUND)
		return SB_E_UNSIGNED;
	if (ret != SB_OK)
		return SB_E_IO;
	*out = buf;
	*out_len = len;
	*where = "detached .sig";
	return SB_OK;
}

/* An anchor certificate whose SKID ends in keyid, and whose key verifies the signature. */
static int verify_with_certs(const struct vf_anchors *a, const uint8_t keyid[4], const struct vf_signed *s,
			     X509 **signer, const char **label, struct vf_verdict *v)
{
	int i, matched = 0;

	for (i = 0; a->certs && i < sk_X509_num(a->certs); i++) {
		X509 *c = sk_X509_value(a->certs, i);
		const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(c);
		int n;

		if (!skid || (n = ASN1_STRING_length(skid)) < 4 ||
		    memcmp(ASN1_STRING_get0_data(skid) + n - 4, keyid, 4) != 0)
			continue;
		matched++;
		if (vf_signed_verifies(X509_get0_pubkey(c), s)) {
			*signer = c;
			*label = a->labels[i];
			return SB_OK;
		}
	}
	if (matched)
		return vf_fail(v, SB_E_REJECTED, "ima", "IMA signature does not verify with the trusted "
			       "certificate(s) of key id %02x%02x%02x%02x", keyid[0], keyid[1], keyid[2], keyid[3]);
	return SB_E_UNTRUSTED;
}

/* The keyring key "id:<keyid>": KEYCTL_PKEY_VERIFY, revocation, then the floor. */
static int verify_with_keyring(const struct vf_anchors *a, const struct vf_revocation *r, const char *id,
			       const struct vf_signed *s, int32_t *key, struct vf_verdict *v)
{
	struct vf_key_info info;
	int32_t k;
	int ret;

	if (a->keyring <= 0 || a->keyring_keys == 0)
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "keyring '%s' not found or empty",
			       a->keyring_name[0] ? a->keyring_name : "kexec");
	k = vf_keyring_search_desc(a->keyring, "asymmetric", id);
	vf_explain("  keyring lookup %s: %s", id, k >= 0 ? "found" : "not found");
	if (k < 0)
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "no key %s in keyring '%s'", id, a->keyring_name);
	if (vf_keyring_key_info(k, &info) != SB_OK)
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "key %d: its algorithm and size cannot be "
			       "read (/proc/keys, KEYCTL_PKEY_QUERY), so it cannot be checked", k);
	ret = vf_keyring_pkey_verify(k, &info, s, v);
	if (ret != SB_OK)
		return ret;
	/* Revoked beats the floor: the key itself, then a revoked key that made the signature. */
	ret = vf_revoked_keyring_key(r, a->keyring, k, v);
	if (ret == SB_OK)
		ret = vf_revoked_signature(r, s, "the IMA signature", v);
	if (ret == SB_OK)
		ret = vf_keyring_key_floor(k, &info, v);
	if (ret == SB_OK)
		*key = k;
	return ret;
}

int vf_ima_verify(const struct vf_image *img, const struct vf_anchors *a,
		  const struct vf_revocation *r, struct vf_verdict *v)
{
	uint8_t *sig = NULL;
	size_t sig_len = 0, size;
	const char *where = NULL, *label = NULL;
	struct vf_signed s;
	struct vf_digests d = { 0 };
	X509 *signer = NULL;
	char id[16], hex[2 * EVP_MAX_MD_SIZE + 1], name[256];
	int32_t key = 0;
	int ret, alg;

	ret = vf_ima_read_signature(img, &sig, &sig_len, &where);
	if (ret == SB_E_UNSIGNED)
		return ret;
	if (ret != SB_OK)
		return vf_fail(v, ret, "ima", "cannot read the IMA signature of %s", img->path);
	vf_explain("IMA signature (%s): %zu bytes", where, sig_len);
	if (sig_len < IMA_HDR_SIZE || sig[0] != 0x03) {
		ret = vf_fail(v, SB_E_MALFORMED, "ima", "%s: not an IMA digital signature (type 0x03)", where);
		goto out;
	}
	if (sig[1] != 2) {
		ret = vf_fail(v, SB_E_UNSUPPORTED, "ima", "%s: IMA signature version %u (only 2)", where, sig[1]);
		goto out;
	}
	alg = ima_alg(sig[2]);
	if (alg < 0) {
		ret = vf_fail(v, SB_E_UNSUPPORTED, "ima", "%s: hash algorithm %u not accepted "
			      "(SHA-256/384/512 only)", where, sig[2]);
		goto out;
	}
	size = sb_get_be16(sig + 7);
	if (size == 0 || size != sig_len - IMA_HDR_SIZE) {
		ret = vf_fail(v, SB_E_MALFORMED, "ima", "%s: sig_size %zu but %zu signature bytes", where,
			      size, sig_len - IMA_HDR_SIZE);
		goto out;
	}
	/* One pass over the file: the signature's hash, SHA-256 and whatever dbx lists (less what
	   the caller hashed already). */
	if (img->file_digests && vf_file_digests_of(img->file_digests, img->data, img->len))
		d = *img->file_digests;
	ret = vf_file_digests(img->data, img->len, ESL_ALG_BIT(alg) | vf_revocation_digest_algs(r), &d);
	if (ret != SB_OK) {
		ret = vf_fail(v, ret, "ima", "digest failed");
		goto out;
	}
	memset(&s, 0, sizeof(s));
	s.md = vf_alg_md(alg);
	s.digest_len = (unsigned)esl_alg_size(alg);
	memcpy(s.digest, d.d[alg], s.digest_len);
	s.sig = sig + IMA_HDR_SIZE;
	s.sig_len = size;
	vf_hex(s.digest, s.digest_len, hex, sizeof(hex));
	snprintf(id, sizeof(id), "id:%02x%02x%02x%02x", sig[3], sig[4], sig[5], sig[6]);
	vf_explain("  file digest %s:%s, key %s", EVP_MD_get0_name(s.md), hex, id);
	/* The kernel's blacklist holds file hashes as bin: too (ima_check_blacklist). */
	ret = vf_revoked_digests(r, &d, "file digest", v);
	if (ret != SB_OK)
		goto out;

	ret = verify_with_certs(a, sig + 3, &s, &signer, &label, v);
	if (ret == SB_OK) {
		vf_cert_name(signer, name, sizeof(name));
		ret = vf_revoked_cert(r, signer, VF_CERT_IN_CHAIN, v);
		if (ret == SB_OK)
			ret = vf_signer_policy(signer, v);
		if (ret != SB_OK)
			goto out;
		snprintf(v->reason, sizeof(v->reason), "IMA signature (%s) by %s %.200s", where, label, name);
		snprintf(v->anchor, sizeof(v->anchor), "%s %.200s", label, name);
		snprintf(v->signer, sizeof(v->signer), "%s", name);
		v->anchor_kind = VF_ANCHOR_CERT;
	} else if (ret == SB_E_UNTRUSTED && a->keyring_keys == 0) {
		ret = vf_fail(v, SB_E_UNTRUSTED, "ima", "no trusted key with IMA key %s: no --trust "
			      "certificate has a SKID ending in it, and no keyring key is available", id);
		goto out;
	} else if (ret == SB_E_UNTRUSTED) {
		ret = verify_with_keyring(a, r, id, &s, &key, v);
		if (ret != SB_OK)
			goto out;
		snprintf(v->reason, sizeof(v->reason), "IMA signature (%s) verified by key %d of keyring '%s'",
			 where, key, a->keyring_name);
		snprintf(v->anchor, sizeof(v->anchor), "keyring '%s' (id %d), key %d", a->keyring_name,
			 a->keyring, key);
		snprintf(v->signer, sizeof(v->signer), "IMA key %s", id);
		v->anchor_kind = VF_ANCHOR_KEYRING;
	} else {
		goto out;
	}
	v->code = SB_OK;
	v->form = VF_FORM_IMA;
	snprintf(v->check, sizeof(v->check), "ima");
	vf_explain("  trusted: %s", v->reason);
out:
	free(sig);
	return ret;
}
