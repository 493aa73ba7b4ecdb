/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors in a kernel keyring: key lookup by "ex:" id and KEYCTL_PKEY_VERIFY (libkeyutils). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>
#include <openssl/x509v3.h>

#include "lib/sb-error.h"
#include "trust.h"

#define KX_MAX_CHAIN 8

int kx_keyring_open(const char *name, struct kx_trust *t)
{
	key_serial_t id = -1;
	char *end;
	long n;

	snprintf(t->keyring_name, sizeof(t->keyring_name), "%s", name);
	n = strtol(name, &end, 0);
	if (*name && *end == '\0' && n > 0) {
		id = (key_serial_t)n;
	} else {
		/* DESIGN.md: the `kexec` keyring hangs off root's user keyring. */
		id = keyctl_search(KEY_SPEC_USER_KEYRING, "keyring", name, 0);
		if (id < 0)
			id = keyctl_search(KEY_SPEC_SESSION_KEYRING, "keyring", name, 0);
	}
	if (id < 0) {
		kx_explain("keyring '%s': not found (%s)", name, strerror(errno));
		return SB_E_NOT_FOUND;
	}
	/* KEYCTL_READ on a keyring returns its key serials, 4 bytes each. */
	n = keyctl_read(id, NULL, 0);
	if (n < 0) {
		kx_explain("keyring '%s' (%d): cannot list it (%s)", name, id, strerror(errno));
		return SB_E_IO;
	}
	t->keyring = id;
	t->keyring_keys = (unsigned)(n / 4);
	kx_explain("keyring '%s': id %d, %u key(s)", name, id, t->keyring_keys);
	return SB_OK;
}

/* keyctl_search for an asymmetric key with the exact id `bytes` (the kernel's "ex:" match). */
static key_serial_t find_by_id(struct kx_trust *t, const uint8_t *bytes, size_t len, const char *what)
{
	char desc[3 + 2 * 512 + 1];
	key_serial_t key;

	if (len == 0 || len > 512)
		return -1;
	memcpy(desc, "ex:", 3);
	kx_hex(bytes, len, desc + 3, sizeof(desc) - 3);
	key = keyctl_search(t->keyring, "asymmetric", desc, 0);
	kx_explain("  keyring lookup %s %s: %s", what, desc,
		   key >= 0 ? "found" : strerror(errno));
	return key;
}

/* The kernel's X.509 key ids (crypto/asymmetric_keys/x509_cert_parser.c): serial||issuer, SKID. */
static key_serial_t find_cert_key(struct kx_trust *t, X509 *cert)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(cert);
	const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
	unsigned char *ser_der = NULL, *iss_der = NULL, *id = NULL;
	int ser_len, iss_len;
	size_t hdr = 2;
	key_serial_t key = -1;

	if (skid && ASN1_STRING_length(skid) > 0)
		key = find_by_id(t, ASN1_STRING_get0_data(skid), (size_t)ASN1_STRING_length(skid), "SKID");
	if (key >= 0)
		return key;
	ser_len = i2d_ASN1_INTEGER((ASN1_INTEGER *)serial, &ser_der);
	iss_len = i2d_X509_NAME(X509_get_issuer_name(cert), &iss_der);
	if (ser_len < 2 || iss_len <= 0)
		goto out;
	/* The id uses the INTEGER's content octets; long-form length only past 127 bytes. */
	if (ser_der[1] & 0x80)
		hdr += ser_der[1] & 0x7f;
	if ((size_t)ser_len <= hdr)
		goto out;
	id = malloc((size_t)ser_len - hdr + (size_t)iss_len);
	if (!id)
		goto out;
	memcpy(id, ser_der + hdr, (size_t)ser_len - hdr);
	memcpy(id + ser_len - hdr, iss_der, (size_t)iss_len);
	key = find_by_id(t, id, (size_t)ser_len - hdr + (size_t)iss_len, "issuer+serial");
out:
	free(id);
	OPENSSL_free(ser_der);
	OPENSSL_free(iss_der);
	return key;
}

/* Let the kernel check `s` with keyring key `key`. */
static int pkey_verify(key_serial_t key, const struct kx_signed *s, struct kx_verdict *v)
{
	char info[64];

	/* The kernel's hash names (crypto/hash_info.c), not OpenSSL's "SHA2-256". */
	switch (EVP_MD_get_type(s->md)) {
	case NID_sha256: snprintf(info, sizeof(info), "enc=pkcs1 hash=sha256"); break;
	case NID_sha384: snprintf(info, sizeof(info), "enc=pkcs1 hash=sha384"); break;
	case NID_sha512: snprintf(info, sizeof(info), "enc=pkcs1 hash=sha512"); break;
	default:
		return kx_fail(v, SB_E_UNSUPPORTED, "keyring", "hash %s not supported for KEYCTL_PKEY_VERIFY",
			       EVP_MD_get0_name(s->md));
	}
	if (keyctl_pkey_verify(key, info, s->digest, s->digest_len, s->sig, s->sig_len) != 0) {
		if (errno == EKEYREJECTED || errno == EBADMSG)
			return kx_fail(v, SB_E_REJECTED, "keyring",
				       "KEYCTL_PKEY_VERIFY with key %d: signature does not verify (%s)",
				       key, strerror(errno));
		/* EACCES, EOPNOTSUPP...: the key cannot be used, so nothing is trusted. */
		return kx_fail(v, SB_E_UNTRUSTED, "keyring", "KEYCTL_PKEY_VERIFY with key %d failed: %s",
			       key, strerror(errno));
	}
	kx_explain("  KEYCTL_PKEY_VERIFY(key %d, \"%s\"): good signature", key, info);
	return SB_OK;
}

int kx_keyring_verify_desc(struct kx_trust *t, const char *desc, const struct kx_signed *s,
			   int32_t *key, struct kx_verdict *v)
{
	key_serial_t k;
	int ret;

	if (t->keyring <= 0 || t->keyring_keys == 0)
		return kx_fail(v, SB_E_UNTRUSTED, "keyring", "keyring '%s' not found or empty",
			       t->keyring_name[0] ? t->keyring_name : "kexec");
	k = keyctl_search(t->keyring, "asymmetric", desc, 0);
	kx_explain("  keyring lookup %s: %s", desc, k >= 0 ? "found" : strerror(errno));
	if (k < 0)
		return kx_fail(v, SB_E_UNTRUSTED, "keyring", "no key %s in keyring '%s'", desc,
			       t->keyring_name);
	ret = pkey_verify(k, s, v);
	if (ret == SB_OK)
		*key = k;
	return ret;
}

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

int kx_keyring_chain(struct kx_trust *t, X509 *signer, STACK_OF(X509) *embedded,
		     const struct kx_signed *signed_aa, struct kx_chain *chain, struct kx_verdict *v)
{
	STACK_OF(X509) *certs = NULL;
	struct kx_signed thing = *signed_aa, tbs;
	X509 *holder = signer, *issuer;
	const ASN1_OCTET_STRING *akid;
	key_serial_t key;
	char name[256];
	int depth, ret;

	if (t->keyring <= 0 || t->keyring_keys == 0)
		return kx_fail(v, SB_E_UNTRUSTED, "keyring", "keyring '%s' not found or empty",
			       t->keyring_name[0] ? t->keyring_name : "kexec");
	certs = sk_X509_new_null();
	if (!certs || !X509_up_ref(signer) || !sk_X509_push(certs, signer)) {
		ret = kx_fail(v, SB_E_NOMEM, "keyring", "out of memory");
		goto fail;
	}
	for (depth = 0; depth < KX_MAX_CHAIN; depth++) {
		kx_cert_name(holder, name, sizeof(name));
		/* The holder's own key in the keyring: it must verify what the holder signed. */
		key = find_cert_key(t, holder);
		if (key < 0 && (akid = X509_get0_authority_key_id(holder)) != NULL &&
		    ASN1_STRING_length(akid) > 0) {
			/* Its issuer's key, by the AKID key id: it must verify the holder's TBS. */
			key = find_by_id(t, ASN1_STRING_get0_data(akid), (size_t)ASN1_STRING_length(akid),
					 "AKID");
			if (key >= 0) {
				ret = kx_cert_tbs_signed(holder, &thing);
				if (ret != SB_OK) {
					kx_fail(v, ret, "chain", "%s: cannot hash its TBSCertificate", name);
					goto fail;
				}
			}
		}
		if (key >= 0) {
			ret = pkey_verify(key, &thing, v);
			if (ret != SB_OK)
				goto fail;
			snprintf(chain->anchor, sizeof(chain->anchor), "keyring '%s' (id %d), key %d",
				 t->keyring_name, t->keyring, key);
			chain->certs = certs;
			return SB_OK;
		}
		issuer = find_issuer(holder, embedded);
		if (!issuer) {
			char skid[130];

			kx_cert_skid_hex(holder, skid, sizeof(skid));
			ret = kx_fail(v, SB_E_UNTRUSTED, "keyring",
				      "no key in keyring '%s' for %s (SKID %s) or its issuer, "
				      "and no embedded certificate issued it", t->keyring_name, name, skid);
			goto fail;
		}
		if (X509_verify(holder, X509_get0_pubkey(issuer)) != 1) {
			kx_openssl_errors("chain");
			ret = kx_fail(v, SB_E_REJECTED, "chain", "%s: signature by its embedded issuer "
				      "does not verify", name);
			goto fail;
		}
		kx_explain("  link: %s issued by embedded certificate (signature good)", name);
		ret = kx_cert_tbs_signed(holder, &tbs);
		if (ret != SB_OK) {
			kx_fail(v, ret, "chain", "%s: cannot hash its TBSCertificate", name);
			goto fail;
		}
		thing = tbs;
		holder = issuer;
		if (!X509_up_ref(issuer) || !sk_X509_push(certs, issuer)) {
			X509_free(issuer);
			ret = kx_fail(v, SB_E_NOMEM, "keyring", "out of memory");
			goto fail;
		}
	}
	ret = kx_fail(v, SB_E_UNTRUSTED, "chain", "chain longer than %d certificates", KX_MAX_CHAIN);
fail:
	if (certs)
		sk_X509_pop_free(certs, X509_free);
	return ret;
}

int kx_trust_open(const struct kx_opts *o, struct kx_trust *t, struct kx_verdict *v)
{
	unsigned i;
	int ret;

	memset(t, 0, sizeof(*t));
	if (o->ntrust > 0) {
		t->store = X509_STORE_new();
		t->files = sk_X509_new_null();
		if (!t->store || !t->files) {
			ret = kx_fail(v, SB_E_NOMEM, "trust", "out of memory");
			goto fail;
		}
	}
	for (i = 0; i < o->ntrust; i++) {
		STACK_OF(X509) *certs = kx_load_certs(o->trust[i]);
		int j;

		if (!certs) {
			ret = kx_fail(v, SB_E_IO, "trust", "%s: cannot load trusted certificates", o->trust[i]);
			goto fail;
		}
		for (j = 0; j < sk_X509_num(certs); j++) {
			X509 *c = sk_X509_value(certs, j);
			char name[256];

			kx_cert_name(c, name, sizeof(name));
			kx_explain("trusted certificate from %s: %s", o->trust[i], name);
			if (!X509_STORE_add_cert(t->store, c) || !X509_up_ref(c) || !sk_X509_push(t->files, c)) {
				sk_X509_pop_free(certs, X509_free);
				ret = kx_fail(v, SB_E_NOMEM, "trust", "cannot add %s", o->trust[i]);
				goto fail;
			}
		}
		sk_X509_pop_free(certs, X509_free);
	}
	/* The keyring is the default anchor; with --trust it is used only when named. */
	if (o->keyring || o->ntrust == 0)
		kx_keyring_open(o->keyring ? o->keyring : "kexec", t);
	return SB_OK;
fail:
	kx_trust_close(t);
	return ret;
}

void kx_trust_close(struct kx_trust *t)
{
	X509_STORE_free(t->store);
	if (t->files)
		sk_X509_pop_free(t->files, X509_free);
	memset(t, 0, sizeof(*t));
}
