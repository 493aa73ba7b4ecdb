/* SPDX-License-Identifier: GPL-2.0-or-later */
/* X.509 helpers: names, the kernel's key identifiers, TBS digests, signature checks, certificate files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "lib/der.h"
#include "lib/sb-error.h"
#include "verifier/alloc-guard.h"
#include "verifier/report.h"
#include "verifier/x509.h"

void vf_hex(const uint8_t *in, size_t len, char *out, size_t outlen)
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

void vf_cert_name(X509 *cert, char *buf, size_t len)
{
	X509_NAME_oneline(X509_get_subject_name(cert), buf, (int)len);
}

int vf_cert_skid_hex(X509 *cert, char *buf, size_t len)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(cert);

	if (!skid || ASN1_STRING_length(skid) <= 0) {
		snprintf(buf, len, "(none)");
		return -1;
	}
	vf_hex(ASN1_STRING_get0_data(skid), (size_t)ASN1_STRING_length(skid), buf, len);
	return 0;
}

static int dup_octets(const ASN1_OCTET_STRING *s, uint8_t **out, size_t *len)
{
	int n = s ? ASN1_STRING_length(s) : 0;

	if (n <= 0)
		return SB_OK;
	*out = malloc((size_t)n);
	if (!*out)
		return SB_E_NOMEM;
	memcpy(*out, ASN1_STRING_get0_data(s), (size_t)n);
	*len = (size_t)n;
	return SB_OK;
}

/* The content octets of the DER element at der[0..len) (after its tag and length). */
static int der_content(const uint8_t *der, size_t len, const uint8_t **content, size_t *content_len)
{
	size_t hdr, clen;
	uint8_t tag;

	if (der_read_tlv(der, len, &tag, &hdr, &clen) != 0 || hdr > len || clen != len - hdr)
		return SB_E_MALFORMED;
	*content = der + hdr;
	*content_len = clen;
	return SB_OK;
}

int vf_x509_key_ids(X509 *cert, struct vf_key_ids *out)
{
	struct vf_key_ids ids = { 0 };
	unsigned char *ser = NULL, *iss = NULL;
	const uint8_t *ser_c, *iss_c;
	size_t ser_clen, iss_clen;
	int ser_len, iss_len, ret;

	ret = dup_octets(X509_get0_subject_key_id(cert), &ids.skid, &ids.skid_len);
	if (ret == SB_OK)
		ret = dup_octets(X509_get0_authority_key_id(cert), &ids.akid, &ids.akid_len);
	if (ret != SB_OK)
		goto fail;
	ret = SB_E_MALFORMED;
	ser_len = i2d_ASN1_INTEGER((ASN1_INTEGER *)X509_get0_serialNumber(cert), &ser);
	iss_len = i2d_X509_NAME(X509_get_issuer_name(cert), &iss);
	if (ser_len <= 0 || iss_len <= 0 ||
	    der_content(ser, (size_t)ser_len, &ser_c, &ser_clen) != SB_OK ||
	    der_content(iss, (size_t)iss_len, &iss_c, &iss_clen) != SB_OK)
		goto fail;
	ret = SB_E_NOMEM;
	ids.serial_issuer = malloc((ser_clen + iss_clen) ? ser_clen + iss_clen : 1);
	if (!ids.serial_issuer) {
		vf_alloc_failed();
		goto fail;
	}
	memcpy(ids.serial_issuer, ser_c, ser_clen);
	memcpy(ids.serial_issuer + ser_clen, iss_c, iss_clen);
	ids.serial_issuer_len = ser_clen + iss_clen;
	OPENSSL_free(ser);
	OPENSSL_free(iss);
	*out = ids;
	return SB_OK;
fail:
	OPENSSL_free(ser);
	OPENSSL_free(iss);
	vf_key_ids_free(&ids);
	return ret;
}

void vf_key_ids_free(struct vf_key_ids *ids)
{
	free(ids->skid);
	free(ids->serial_issuer);
	free(ids->akid);
	memset(ids, 0, sizeof(*ids));
}

bool vf_signed_verifies(EVP_PKEY *key, const struct vf_signed *s)
{
	EVP_PKEY_CTX *ctx = key ? EVP_PKEY_CTX_new(key, NULL) : NULL;
	bool ok = false;

	if (ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, s->md) == 1)
		ok = EVP_PKEY_verify(ctx, s->sig, s->sig_len, s->digest, s->digest_len) == 1;
	EVP_PKEY_CTX_free(ctx);
	vf_openssl_errors("signature");
	return ok;
}

/* The TBSCertificate bytes as encoded in the certificate (lib/der.c finds them in the DER). */
static int tbs_bytes(X509 *cert, unsigned char **der, const uint8_t **tbs, size_t *tbs_len)
{
	int der_len = i2d_X509(cert, der);

	if (der_len <= 0)
		return SB_E_MALFORMED;
	if (der_x509_tbs(*der, (size_t)der_len, tbs, tbs_len) != 0)
		return SB_E_MALFORMED;
	return SB_OK;
}

int vf_cert_tbs_digest(X509 *cert, const EVP_MD *md, uint8_t *out, unsigned *out_len)
{
	unsigned char *der = NULL;
	const uint8_t *tbs;
	size_t tbs_len;
	int ret;

	ret = tbs_bytes(cert, &der, &tbs, &tbs_len);
	if (ret == SB_OK && !EVP_Digest(tbs, tbs_len, out, out_len, md, NULL))
		ret = SB_E_NOMEM;
	OPENSSL_free(der);
	return ret;
}

int vf_cert_tbs_signed(X509 *cert, struct vf_signed *out)
{
	const ASN1_BIT_STRING *sig;
	const X509_ALGOR *alg;
	struct vf_signed s;
	int md_nid, pk_nid, ret;

	memset(&s, 0, sizeof(s));
	/* RSA-PSS and other parameterised algorithms have no plain digest NID: not verified. */
	if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid) || md_nid == NID_undef)
		return SB_E_UNSUPPORTED;
	s.md = EVP_get_digestbynid(md_nid);
	if (!s.md)
		return SB_E_UNSUPPORTED;
	ret = vf_cert_tbs_digest(cert, s.md, s.digest, &s.digest_len);
	if (ret != SB_OK)
		return ret;
	X509_get0_signature(&sig, &alg, cert);
	s.sig = ASN1_STRING_get0_data(sig);
	s.sig_len = (size_t)ASN1_STRING_length(sig);
	*out = s;
	return SB_OK;
}

bool vf_same_public_key(X509 *a, X509 *b)
{
	unsigned char *da = NULL, *db = NULL;
	int la = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(a), &da);
	int lb = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(b), &db);
	bool same = la > 0 && la == lb && memcmp(da, db, (size_t)la) == 0;

	OPENSSL_free(da);
	OPENSSL_free(db);
	return same;
}

STACK_OF(X509) *vf_load_cert_file(const char *path)
{
	STACK_OF(X509) *certs = NULL;
	BIO *bio = NULL;
	X509 *x;

	certs = sk_X509_new_null();
	if (!certs)
		goto fail;
	bio = BIO_new_file(path, "rb");
	if (!bio) {
		vf_error("%s: cannot open trust file", path);
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
		vf_error("%s: no X.509 certificate in it (PEM or DER expected)", path);
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

int vf_cert_kernel_desc_id(X509 *cert, char *buf, size_t len)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(cert);
	unsigned char *ser = NULL;
	const uint8_t *id;
	size_t id_len;
	int n, ret = SB_E_MALFORMED;

	if (skid && ASN1_STRING_length(skid) > 0) {
		id = ASN1_STRING_get0_data(skid);
		id_len = (size_t)ASN1_STRING_length(skid);
	} else {
		n = i2d_ASN1_INTEGER((ASN1_INTEGER *)X509_get0_serialNumber(cert), &ser);
		if (n <= 0 || der_content(ser, (size_t)n, &id, &id_len) != SB_OK)
			goto out;
	}
	/* A cut id would match other keys' descriptions: the whole id fits, or nothing. */
	ret = SB_E_BUFFER_SMALL;
	if (id_len == 0 || 2 * id_len + 1 > len)
		goto out;
	vf_hex(id, id_len, buf, len);
	ret = SB_OK;
out:
	OPENSSL_free(ser);
	return ret;
}
