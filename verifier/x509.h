/* SPDX-License-Identifier: GPL-2.0-or-later */
/* X.509 helpers: names, the key identifiers the kernel indexes keys by, TBS digests, one signature check. */
#ifndef VF_X509_H
#define VF_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Lower-case hex of in[0..len) into out (always NUL-terminated, truncated to fit). */
void vf_hex(const uint8_t *in, size_t len, char *out, size_t outlen);
void vf_cert_name(X509 *cert, char *buf, size_t len);
int vf_cert_skid_hex(X509 *cert, char *buf, size_t len);   /* 0 when it has a SKID, else "(none)" */
/*
 * The hex id the kernel ends a certificate's key description with, "<subject>: <id>"
 * (crypto/asymmetric_keys/x509_public_key.c x509_key_preparse(): the raw SKID, or the raw serial
 * when there is none; lower-case, bin2hex()). SB_OK, SB_E_MALFORMED, or SB_E_BUFFER_SMALL when
 * the whole id does not fit in buf (never cut: a cut id could match another key).
 */
int vf_cert_kernel_desc_id(X509 *cert, char *buf, size_t len);

/*
 * The identifiers an X.509 key gets in the kernel (crypto/asymmetric_keys/x509_public_key.c
 * x509_key_preparse(): kids->id[0] = cert->id, kids->id[1] = cert->skid), which "ex:<hex>"
 * keyring searches match exactly (asymmetric_type.c):
 *  - skid: the subjectKeyIdentifier's octets (absent: len 0);
 *  - serial_issuer: asymmetric_key_generate_id(raw_serial, raw_issuer), i.e. the serial
 *    INTEGER's content octets followed by the issuer Name's content octets. Both are what the
 *    ASN.1 decoder hands x509_note_serial() / x509_note_issuer() (x509_cert_parser.c): the value
 *    after the tag and length, as x509_note_tbs_certificate()'s "value - hdrlen" shows. The
 *    issuer's SEQUENCE header is therefore not part of the id.
 * akid is the authorityKeyIdentifier keyid, which the kernel looks the issuer's key up by
 * (sig->auth_ids[1]). Buffers are the caller's to free with vf_key_ids_free().
 */
struct vf_key_ids {
	uint8_t *skid, *serial_issuer, *akid;
	size_t skid_len, serial_issuer_len, akid_len;
};
int vf_x509_key_ids(X509 *cert, struct vf_key_ids *ids);   /* SB_OK, or SB_E_MALFORMED / SB_E_NOMEM */
void vf_key_ids_free(struct vf_key_ids *ids);

/*
 * One signature and what it covers: the digest of the signed bytes (authenticated attributes,
 * a child's TBSCertificate, a file), the hash that made it, and the signature bytes.
 */
struct vf_signed {
	const EVP_MD *md;
	uint8_t digest[EVP_MAX_MD_SIZE];
	unsigned digest_len;
	const uint8_t *sig;
	size_t sig_len;
};

/* Does `key` verify s (PKCS#1 v1.5 / ECDSA over s->digest)? OpenSSL errors go to the debug trace. */
bool vf_signed_verifies(EVP_PKEY *key, const struct vf_signed *s);

/* The certificate's own signature: digest of its TBSCertificate bytes with the signature's hash.
   SB_OK, SB_E_UNSUPPORTED (unknown or parameterised algorithm such as RSA-PSS), SB_E_MALFORMED. */
int vf_cert_tbs_signed(X509 *cert, struct vf_signed *out);

/* Digest of the TBSCertificate bytes with md (for "tbs:" / EFI_CERT_X509_SHA* lookups). */
int vf_cert_tbs_digest(X509 *cert, const EVP_MD *md, uint8_t *out, unsigned *out_len);

/* Same SubjectPublicKeyInfo (algorithm and key), compared as DER. */
bool vf_same_public_key(X509 *a, X509 *b);

/* Load certificates from a PEM (any number) or DER (one) file; NULL with a message on failure. */
STACK_OF(X509) *vf_load_cert_file(const char *path);

#endif
