/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IMA v2 signatures (security.ima xattr or a detached PATH.sig) for images without Authenticode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "file-io.h"
#include "lib/byteorder.h"
#include "lib/sb-error.h"
#include "verify.h"

/*
 * struct signature_v2_hdr (security/integrity/integrity.h): u8 type = EVM_IMA_XATTR_DIGSIG
 * (0x03), u8 version = 2, u8 hash_algo (include/uapi/linux/hash_info.h), __be32 keyid (the
 * last 4 bytes of the signer's SKID), __be16 sig_size, then the PKCS#1 v1.5 signature over
 * the file's digest (security/integrity/digsig_asymmetric.c).
 */
#define IMA_HDR_SIZE 9
#define IMA_MAX_SIG  8192

static const EVP_MD *ima_hash(uint8_t algo)
{
	switch (algo) {
	case 4:  return EVP_sha256();   /* HASH_ALGO_SHA256 */
	case 5:  return EVP_sha384();   /* HASH_ALGO_SHA384 */
	case 6:  return EVP_sha512();   /* HASH_ALGO_SHA512 */
	default: return NULL;
	}
}

/* The signature from the xattr, else from PATH.sig; SB_E_UNSIGNED when neither exists. */
static int read_ima_sig(const char *path, uint8_t **out, size_t *out_len, const char **where)
{
	char sig_path[4096];
	uint8_t *buf;
	ssize_t n;
	size_t len;
	int ret;

	buf = malloc(IMA_MAX_SIG);
	if (!buf)
		return SB_E_NOMEM;
	n = getxattr(path, "security.ima", buf, IMA_MAX_SIG);
	/* 0x04 (IMA_XATTR_DIGEST_NG) is a plain hash, no signature. */
	if (n >= 1 && buf[0] == 0x03) {
		*out = buf;
		*out_len = (size_t)n;
		*where = "security.ima";
		return SB_OK;
	}
	free(buf);
	snprintf(sig_path, sizeof(sig_path), "%s.sig", path);
	ret = kx_read_file(sig_path, &buf, &len, IMA_MAX_SIG);
	if (ret == SB_E_NOT_FOUND)
		return SB_E_UNSIGNED;
	if (ret != SB_OK)
		return SB_E_IO;
	*out = buf;
	*out_len = len;
	*where = "detached .sig";
	return SB_OK;
}

/* A --trust certificate whose SKID ends in keyid, and whose key verifies the signature. */
static int verify_with_trust_files(struct kx_trust *t, const uint8_t keyid[4], const struct kx_signed *s,
				   X509 **signer, struct kx_verdict *v)
{
	int i, matched = 0;

	for (i = 0; t->files && i < sk_X509_num(t->files); i++) {
		X509 *c = sk_X509_value(t->files, i);
		const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(c);
		EVP_PKEY_CTX *ctx;
		int ok = 0, n;

		if (!skid || (n = ASN1_STRING_length(skid)) < 4 ||
		    memcmp(ASN1_STRING_get0_data(skid) + n - 4, keyid, 4) != 0)
			continue;
		matched++;
		ctx = EVP_PKEY_CTX_new(X509_get0_pubkey(c), NULL);
		if (ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, s->md) == 1)
			ok = EVP_PKEY_verify(ctx, s->sig, s->sig_len, s->digest, s->digest_len) == 1;
		EVP_PKEY_CTX_free(ctx);
		kx_openssl_errors("ima");
		if (ok) {
			*signer = c;
			return SB_OK;
		}
	}
	if (matched)
		return kx_fail(v, SB_E_REJECTED, "ima", "IMA signature does not verify with the trusted "
			       "certificate(s) of key id %02x%02x%02x%02x", keyid[0], keyid[1], keyid[2], keyid[3]);
	return SB_E_UNTRUSTED;
}

int kx_ima_verify(const char *path, const uint8_t *data, size_t len, struct kx_trust *t,
		  const struct kx_revocation *r, struct kx_verdict *v)
{
	uint8_t *sig = NULL;
	size_t sig_len = 0, size;
	const char *where = NULL;
	struct kx_signed s;
	X509 *signer = NULL;
	char id[16], hex[2 * EVP_MAX_MD_SIZE + 1], name[256];
	int32_t key = 0;
	int ret;

	ret = read_ima_sig(path, &sig, &sig_len, &where);
	if (ret == SB_E_UNSIGNED)
		return ret;
	if (ret != SB_OK)
		return kx_fail(v, ret, "ima", "cannot read the IMA signature of %s", path);
	kx_explain("IMA signature (%s): %zu bytes", where, sig_len);
	if (sig_len < IMA_HDR_SIZE || sig[0] != 0x03) {
		ret = kx_fail(v, SB_E_MALFORMED, "ima", "%s: not an IMA digital signature (type 0x03)", where);
		goto out;
	}
	if (sig[1] != 2) {
		ret = kx_fail(v, SB_E_UNSUPPORTED, "ima", "%s: IMA signature version %u (only 2)", where, sig[1]);
		goto out;
	}
	memset(&s, 0, sizeof(s));
	s.md = ima_hash(sig[2]);
	if (!s.md) {
		ret = kx_fail(v, SB_E_UNSUPPORTED, "ima", "%s: hash algorithm %u not accepted "
			      "(SHA-256/384/512 only)", where, sig[2]);
		goto out;
	}
	size = sb_get_be16(sig + 7);
	if (size == 0 || size != sig_len - IMA_HDR_SIZE) {
		ret = kx_fail(v, SB_E_MALFORMED, "ima", "%s: sig_size %zu but %zu signature bytes", where,
			      size, sig_len - IMA_HDR_SIZE);
		goto out;
	}
	s.sig = sig + IMA_HDR_SIZE;
	s.sig_len = size;
	if (!EVP_Digest(data, len, s.digest, &s.digest_len, s.md, NULL)) {
		ret = kx_fail(v, SB_E_NOMEM, "ima", "digest failed");
		goto out;
	}
	kx_hex(s.digest, s.digest_len, hex, sizeof(hex));
	snprintf(id, sizeof(id), "id:%02x%02x%02x%02x", sig[3], sig[4], sig[5], sig[6]);
	kx_explain("  file digest %s:%s, key %s", EVP_MD_get0_name(s.md), hex, id);
	/* The kernel's blacklist holds file hashes as bin: too (ima_check_blacklist). */
	if (s.md == EVP_sha256() && (ret = kx_revoked_image(r, s.digest, v)) != SB_OK)
		goto out;

	ret = verify_with_trust_files(t, sig + 3, &s, &signer, v);
	if (ret == SB_OK) {
		kx_cert_name(signer, name, sizeof(name));
		ret = kx_revoked_cert(r, signer, v);
		if (ret != SB_OK)
			goto out;
		snprintf(v->reason, sizeof(v->reason), "IMA signature (%s) by --trust certificate %.200s",
			 where, name);
	} else if (ret == SB_E_UNTRUSTED && t->keyring_keys == 0) {
		ret = kx_fail(v, SB_E_UNTRUSTED, "ima", "no trusted key with IMA key %s: no --trust "
			      "certificate has a SKID ending in it, and no keyring key is available", id);
		goto out;
	} else if (ret == SB_E_UNTRUSTED) {
		ret = kx_keyring_verify_desc(t, id, &s, &key, v);
		if (ret != SB_OK)
			goto out;
		snprintf(v->reason, sizeof(v->reason), "IMA signature (%s) verified by key %d of keyring '%s'",
			 where, key, t->keyring_name);
	} else {
		goto out;
	}
	v->code = SB_OK;
	snprintf(v->check, sizeof(v->check), "ima");
	kx_explain("  trusted: %s", v->reason);
out:
	free(sig);
	return ret;
}
