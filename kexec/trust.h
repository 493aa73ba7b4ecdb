/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors: certificates given with --trust (OpenSSL) and keys in a keyring (KEYCTL_PKEY_VERIFY). */
#ifndef KX_TRUST_H
#define KX_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cli.h"
#include "report.h"

struct kx_trust {
	X509_STORE *store;          /* --trust certificates; NULL when none were given */
	STACK_OF(X509) *files;      /* the same certificates, for issuer+serial lookups */
	int32_t keyring;            /* key_serial_t of the trusted keyring; 0 when not in use */
	char keyring_name[128];
	unsigned keyring_keys;      /* number of keys in it (0: no usable key) */
};

/*
 * What a signature covers, for one link of the chain: the digest of the signed bytes (the
 * authenticated attributes, or a child's TBSCertificate), its hash and the signature.
 */
struct kx_signed {
	const EVP_MD *md;
	uint8_t digest[EVP_MAX_MD_SIZE];
	unsigned digest_len;
	const uint8_t *sig;
	size_t sig_len;
};

/* The chain that was found: signer first; anchor says which trusted key ended it. */
struct kx_chain {
	STACK_OF(X509) *certs;
	char anchor[256];
};

/*
 * Load the anchors the options name: --trust files (every certificate in each PEM or DER file;
 * a file with none is an error) and the keyring (--keyring NAME, or "kexec" under the user
 * keyring when no --trust was given). A keyring that cannot be found is not an error here: it
 * just provides no key. Returns 0 or an SB_E_* code with *v filled.
 */
int kx_trust_open(const struct kx_opts *o, struct kx_trust *t, struct kx_verdict *v);
void kx_trust_close(struct kx_trust *t);
static inline bool kx_trust_has_keys(const struct kx_trust *t)
{
	return (t->files && sk_X509_num(t->files) > 0) || t->keyring_keys > 0;
}

/* Load certificates from a PEM (any number) or DER (one) file; NULL with a message on failure. */
STACK_OF(X509) *kx_load_certs(const char *path);

/*
 * Chain from `signer` through `embedded` to a --trust certificate (partial chains allowed: a
 * trusted leaf or intermediate is an anchor). Validity periods are not enforced, as in the
 * kernel's own PKCS#7 verification. SB_OK with *chain set, else SB_E_UNTRUSTED / SB_E_REJECTED.
 */
int kx_trust_file_chain(struct kx_trust *t, X509 *signer, STACK_OF(X509) *embedded,
			struct kx_chain *chain, struct kx_verdict *v);

/*
 * Chain from `signer` (whose key made `signed_aa`) to a key in the keyring: each holder is
 * looked up by SKID and issuer+serial ("ex:" ids), then its issuer by the AKID key id; the
 * final link is verified by the kernel with KEYCTL_PKEY_VERIFY; links below it with OpenSSL.
 */
int kx_keyring_chain(struct kx_trust *t, X509 *signer, STACK_OF(X509) *embedded,
		     const struct kx_signed *signed_aa, struct kx_chain *chain, struct kx_verdict *v);

/*
 * Verify `s` with the keyring key matching the kernel key description `desc` (e.g. "id:ac902171"
 * for an IMA key id). SB_OK with *key set, SB_E_UNTRUSTED when no such key, SB_E_REJECTED when
 * the signature does not verify.
 */
int kx_keyring_verify_desc(struct kx_trust *t, const char *desc, const struct kx_signed *s,
			   int32_t *key, struct kx_verdict *v);

/* Open the named keyring (numeric id, or a name searched under @u then @s). */
int kx_keyring_open(const char *name, struct kx_trust *t);

/* Helpers shared by the trust code. */
void kx_hex(const uint8_t *in, size_t len, char *out, size_t outlen);
void kx_cert_name(X509 *cert, char *buf, size_t len);
int kx_cert_skid_hex(X509 *cert, char *buf, size_t len);   /* 0 when it has a SKID */
int kx_cert_tbs_signed(X509 *cert, struct kx_signed *out);  /* digest of the TBS + signature */
void kx_chain_free(struct kx_chain *chain);

#endif
