/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors given as certificate files (--trust): loading, and chain building with OpenSSL. */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "lib/der.h"
#include "lib/sb-error.h"
#include "trust.h"

void kx_hex(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (outlen == 0)
		return;
	for (i = 0; i < len && 2 * i + 2 < outlen; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * i] = '\0';
}

void kx_cert_name(X509 *cert, char *buf, size_t len)
{
	X509_NAME_oneline(X509_get_subject_name(cert), buf, (int)len);
}

int kx_cert_skid_hex(X509 *cert, char *buf, size_t len)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(cert);

	if (!skid || ASN1_STRING_length(skid) <= 0) {
		snprintf(buf, len, "(none)");
		return -1;
	}
	kx_hex(ASN1_STRING_get0_data(skid), (size_t)ASN1_STRING_length(skid), buf, len);
	return 0;
}

/* Digest of the certificate's TBSCertificate with its signature hash, and its signature. */
int kx_cert_tbs_signed(X509 *cert, struct kx_signed *out)
{
	const ASN1_BIT_STRING *sig;
	const X509_ALGOR *alg;
	unsigned char *der = NULL;
	const uint8_t *tbs;
	size_t tbs_len;
	int der_len, md_nid, pk_nid, ret = SB_E_MALFORMED;
	struct kx_signed s;

	memset(&s, 0, sizeof(s));
	der_len = i2d_X509(cert, &der);
	if (der_len <= 0)
		goto out;
	/* The TBS bytes as encoded in the certificate (lib/der.c finds them in the DER). */
	if (der_x509_tbs(der, (size_t)der_len, &tbs, &tbs_len) != 0)
		goto out;
	if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid) || md_nid == NID_undef)
		goto out;
	s.md = EVP_get_digestbynid(md_nid);
	if (!s.md) {
		ret = SB_E_UNSUPPORTED;
		goto out;
	}
	if (!EVP_Digest(tbs, tbs_len, s.digest, &s.digest_len, s.md, NULL))
		goto out;
	X509_get0_signature(&sig, &alg, cert);
	s.sig = ASN1_STRING_get0_data(sig);
	s.sig_len = (size_t)ASN1_STRING_length(sig);
	*out = s;
	ret = SB_OK;
out:
	OPENSSL_free(der);
	return ret;
}

void kx_chain_free(struct kx_chain *chain)
{
	if (chain->certs)
		sk_X509_pop_free(chain->certs, X509_free);
	chain->certs = NULL;
}

STACK_OF(X509) *kx_load_certs(const char *path)
{
	STACK_OF(X509) *certs = NULL;
	BIO *bio = NULL;
	X509 *x;

	certs = sk_X509_new_null();
	if (!certs)
		goto fail;
	bio = BIO_new_file(path, "rb");
	if (!bio) {
		fprintf(stderr, "kexec: %s: cannot open trust file\n", path);
		goto fail;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(certs, x)) {
			X509_free(x);
			goto fail;
		}
	}
	ERR_clear_error();
	if (sk_X509_num(certs) == 0) {
		/* Not PEM: one DER certificate. */
		if (BIO_reset(bio) != 0 && BIO_seek(bio, 0) != 0)
			goto fail;
		x = d2i_X509_bio(bio, NULL);
		if (x && !sk_X509_push(certs, x)) {
			X509_free(x);
			goto fail;
		}
	}
	if (sk_X509_num(certs) == 0) {
		fprintf(stderr, "kexec: %s: no X.509 certificate in it (PEM or DER expected)\n", path);
		goto fail;
	}
	BIO_free(bio);
	return certs;
fail:
	ERR_clear_error();
	BIO_free(bio);
	if (certs)
		sk_X509_pop_free(certs, X509_free);
	return NULL;
}

/* Which X509_V_ERR_* mean "no trusted key" and which mean "a signature in the chain is bad". */
static int classify_store_error(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		return SB_E_REJECTED;
	default:
		return SB_E_UNTRUSTED;
	}
}

int kx_trust_file_chain(struct kx_trust *t, X509 *signer, STACK_OF(X509) *embedded,
			struct kx_chain *chain, struct kx_verdict *v)
{
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *found = NULL;
	X509 *anchor;
	char name[256];
	int ret, err;

	if (!t->store)
		return kx_fail(v, SB_E_UNTRUSTED, "trust", "no --trust certificate given");
	ctx = X509_STORE_CTX_new();
	if (!ctx || !X509_STORE_CTX_init(ctx, t->store, signer, embedded)) {
		ret = kx_fail(v, SB_E_NOMEM, "trust", "cannot set up certificate verification");
		goto out;
	}
	/*
	 * Partial chains: a trusted leaf or intermediate is an anchor, as a key in a keyring is.
	 * No time check: the kernel's PKCS#7 code ignores validity periods, and a crash kernel
	 * must load on machines whose clock is wrong.
	 */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
	if (X509_verify_cert(ctx) != 1) {
		err = X509_STORE_CTX_get_error(ctx);
		kx_cert_name(X509_STORE_CTX_get_current_cert(ctx) ? X509_STORE_CTX_get_current_cert(ctx)
				: signer, name, sizeof(name));
		ret = kx_fail(v, classify_store_error(err), "chain",
			      "%s: %s (no --trust certificate anchors it)", name,
			      X509_verify_cert_error_string(err));
		kx_openssl_errors("chain");
		goto out;
	}
	found = X509_STORE_CTX_get1_chain(ctx);
	if (!found) {
		ret = kx_fail(v, SB_E_NOMEM, "chain", "cannot copy the verified chain");
		goto out;
	}
	anchor = sk_X509_value(found, sk_X509_num(found) - 1);
	kx_cert_name(anchor, name, sizeof(name));
	snprintf(chain->anchor, sizeof(chain->anchor), "--trust certificate %.200s", name);
	chain->certs = found;
	ret = SB_OK;
out:
	X509_STORE_CTX_free(ctx);
	return ret;
}
