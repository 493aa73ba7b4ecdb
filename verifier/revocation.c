/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Revocation: dbx and MokListXRT (efivarfs or files) and the kernel's .blacklist keyring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "lib/efi-guid.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "verifier/efivars.h"
#include "verifier/file-io.h"
#include "verifier/keyring.h"
#include "verifier/revocation.h"

#define DBX_VAR  VF_EFIVAR("dbx", SB_GUID_IMAGE_SECURITY_STR)
#define MOKX_VAR VF_EFIVAR("MokListXRT", SB_GUID_SHIM_LOCK_STR)

/* The X.509 entries of a validated signature-list buffer, parsed (each must parse). */
static int parse_certs(const uint8_t *buf, size_t len, const char *what, STACK_OF(X509) **out,
		       struct vf_verdict *v)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	STACK_OF(X509) *certs = sk_X509_new_null();
	struct esl_entry e;
	size_t cursor = 0;

	if (!certs)
		return vf_fail(v, SB_E_NOMEM, what, "out of memory");
	while (esl_next(buf, len, &cursor, &e) == 1) {
		const unsigned char *p = e.data;
		X509 *c;

		if (memcmp(e.type, &x509, sizeof(x509)) != 0)
			continue;
		c = d2i_X509(NULL, &p, (long)e.len);
		if (!c || p != e.data + e.len || !sk_X509_push(certs, c)) {
			X509_free(c);
			sk_X509_pop_free(certs, X509_free);
			vf_openssl_errors(what);
			return vf_fail(v, SB_E_MALFORMED, what, "an X.509 entry does not parse; refusing, "
				       "since what it revokes is unknown");
		}
	}
	*out = certs;
	return SB_OK;
}

/*
 * Load one signature-list source. efivarfs files start with the 4-byte attributes
 * (verifier/efivars.c); --dbx/--mokx files are bare lists.
 */
static int load_esl(const struct vf_revocation_sources *src, const char *file, const char *var,
		    const char *what, uint8_t **out, size_t *out_len, STACK_OF(X509) **certs,
		    struct vf_verdict *v)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	uint32_t attrs;
	char path[4096];
	int n, ret;

	if (file) {
		snprintf(path, sizeof(path), "%s", file);
		ret = vf_read_file(file, &buf, &len, 64u << 20);
	} else {
		snprintf(path, sizeof(path), "%s/%s", src->efivars_dir ? src->efivars_dir : VF_EFIVARS_DIR, var);
		ret = vf_efivar_read(src->efivars_dir, var, &attrs, &buf, &len);
	}
	if (ret == SB_E_NOT_FOUND) {
		vf_explain("revocation: %s: %s not present", what, path);
		return SB_OK;
	}
	if (ret == SB_E_MALFORMED)
		return vf_fail(v, SB_E_MALFORMED, what, "%s: shorter than its attribute header", path);
	if (ret != SB_OK)
		return vf_fail(v, SB_E_IO, what, "%s: cannot read: %s", path, strerror(errno));
	n = esl_validate(buf, len, NULL);
	if (n < 0) {
		free(buf);
		return vf_fail(v, SB_E_MALFORMED, what, "%s: not a valid EFI_SIGNATURE_LIST buffer (%s); "
			       "refusing, since what it revokes is unknown", path, sb_strerror(n));
	}
	ret = parse_certs(buf, len, what, certs, v);
	if (ret != SB_OK) {
		free(buf);
		return ret;
	}
	vf_explain("revocation: %s: %s, %d entr%s (%d X.509)", what, path, n, n == 1 ? "y" : "ies",
		   sk_X509_num(*certs));
	*out = buf;
	*out_len = len;
	return SB_OK;
}

int vf_revocation_open(struct vf_revocation *r, const struct vf_revocation_sources *src,
		       struct vf_verdict *v)
{
	uint8_t *text = NULL;
	size_t len;
	int ret;

	memset(r, 0, sizeof(*r));
	if (src->dbx_file || !src->no_system) {
		ret = load_esl(src, src->dbx_file, DBX_VAR, "dbx", &r->dbx, &r->dbx_len, &r->dbx_certs, v);
		if (ret != SB_OK)
			goto fail;
	}
	if (src->mokx_file || !src->no_system) {
		ret = load_esl(src, src->mokx_file, MOKX_VAR, "MokListXRT", &r->mokx, &r->mokx_len,
			       &r->mokx_certs, v);
		if (ret != SB_OK)
			goto fail;
	}
	if (src->blacklist_file) {
		ret = vf_read_file(src->blacklist_file, &text, &len, 16u << 20);
		if (ret != SB_OK) {
			ret = vf_fail(v, SB_E_IO, "blacklist", "%s: cannot read", src->blacklist_file);
			goto fail;
		}
		r->blacklist_text = (char *)text;   /* vf_read_file NUL-terminates */
		vf_explain("revocation: blacklist file %s", src->blacklist_file);
	}
	if (src->no_system) {
		vf_explain("revocation: system sources (efivarfs dbx/MokListXRT, .blacklist) not consulted");
		return SB_OK;
	}
	r->blacklist = vf_keyring_find(".blacklist");
	if (r->blacklist < 0) {
		ret = vf_fail(v, SB_E_IO, "blacklist", "/proc/keys: cannot read it to find the kernel's "
			      ".blacklist keyring: %s", strerror(errno));
		goto fail;
	}
	if (r->blacklist)
		vf_explain("revocation: kernel .blacklist keyring id %d", r->blacklist);
	else
		vf_explain("revocation: kernel .blacklist keyring not visible in /proc/keys");
	return SB_OK;
fail:
	vf_revocation_close(r);
	return ret;
}

void vf_revocation_close(struct vf_revocation *r)
{
	free(r->dbx);
	free(r->mokx);
	if (r->dbx_certs)
		sk_X509_pop_free(r->dbx_certs, X509_free);
	if (r->mokx_certs)
		sk_X509_pop_free(r->mokx_certs, X509_free);
	free(r->blacklist_text);
	memset(r, 0, sizeof(*r));
}

unsigned vf_revocation_digest_algs(const struct vf_revocation *r)
{
	return ESL_ALG_BIT(ESL_ALG_SHA256) | esl_digest_algs(r->dbx, r->dbx_len) |
	       esl_digest_algs(r->mokx, r->mokx_len);
}

/* Is "<prefix>:<hex digest>" in the --blacklist file or the .blacklist keyring? */
static bool blacklisted(const struct vf_revocation *r, const char *prefix, const uint8_t *digest,
			size_t len, const char **where)
{
	char desc[4 + 2 * EVP_MAX_MD_SIZE + 1];
	const char *p;
	size_t dlen;

	snprintf(desc, sizeof(desc), "%s:", prefix);
	vf_hex(digest, len, desc + 4, sizeof(desc) - 4);
	dlen = strlen(desc);
	for (p = r->blacklist_text; p && (p = strstr(p, desc)) != NULL; p++) {
		char end = p[dlen];

		if ((p == r->blacklist_text || p[-1] == '\n') && (end == '\n' || end == '\0' || end == '\r')) {
			*where = "blacklist file";
			return true;
		}
	}
	if (r->blacklist > 0 && vf_keyring_search_desc(r->blacklist, "blacklist", desc) >= 0) {
		*where = "kernel .blacklist keyring";
		return true;
	}
	return false;
}

int vf_revoked_digests(const struct vf_revocation *r, const struct vf_digests *d, const char *what,
		       struct vf_verdict *v)
{
	static const char *const lists[2] = { "dbx", "MokListXRT" };
	const uint8_t *bufs[2] = { r->dbx, r->mokx };
	size_t lens[2] = { r->dbx_len, r->mokx_len };
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	const char *where;
	unsigned a, variant, i;

	for (a = 0; a < ESL_ALG_COUNT; a++) {
		size_t size = esl_alg_size(a);

		if (!(d->algs & ESL_ALG_BIT(a)))
			continue;
		/* The signing tools' digest, then the firmware's when it differs (no padding). */
		for (variant = 0; variant < (d->padded ? 2u : 1u); variant++) {
			const uint8_t *dg = variant ? d->fw[a] : d->d[a];
			const char *how = variant ? " (as the firmware computes it: no padding to 8 bytes)" : "";

			vf_hex(dg, size, hex, sizeof(hex));
			for (i = 0; i < 2; i++)
				if (bufs[i] && esl_digest_listed(bufs[i], lens[i], a, dg))
					return vf_fail(v, SB_E_REVOKED, "revocation", "%s %s:%s%s is listed in %s",
						       what, vf_alg_name(a), hex, how, lists[i]);
			/* The kernel does not check bin: hashes of kexec images itself (DESIGN.md); we do. */
			if (blacklisted(r, "bin", dg, size, &where))
				return vf_fail(v, SB_E_REVOKED, "revocation", "%s bin:%s%s is in the %s",
					       what, hex, how, where);
		}
	}
	vf_explain("revocation: %s not listed in dbx, MokListXRT or .blacklist", what);
	return SB_OK;
}

/* Revoked by the key of one of the listed certificates: same public key, or signed by it. */
static bool revoked_by_key(STACK_OF(X509) *revoked, X509 *cert, bool signed_by, char *why, size_t why_len)
{
	char name[256];
	int i;

	for (i = 0; revoked && i < sk_X509_num(revoked); i++) {
		X509 *rc = sk_X509_value(revoked, i);

		vf_cert_name(rc, name, sizeof(name));
		if (vf_same_public_key(cert, rc)) {
			snprintf(why, why_len, "its public key is that of the revoked certificate %.200s", name);
			return true;
		}
		if (signed_by && X509_verify(cert, X509_get0_pubkey(rc)) == 1) {
			snprintf(why, why_len, "it is signed by the key of the revoked certificate %.200s", name);
			return true;
		}
		vf_openssl_errors("revocation");
	}
	return false;
}

/* One dbx-style list: the certificate itself, a TBS digest, the DER's SHA-256, or its key. */
static bool cert_listed(const uint8_t *buf, size_t len, STACK_OF(X509) *revoked, X509 *cert,
			bool signed_by, const uint8_t *der, size_t der_len,
			const uint8_t tbs[ESL_ALG_COUNT][EVP_MAX_MD_SIZE], char *why, size_t why_len)
{
	static const char *const tbs_form[ESL_ALG_COUNT] = {
		[ESL_ALG_SHA256] = "SHA-256 of its TBSCertificate",
		[ESL_ALG_SHA384] = "SHA-384 of its TBSCertificate",
		[ESL_ALG_SHA512] = "SHA-512 of its TBSCertificate",
	};
	uint8_t whole[EVP_MAX_MD_SIZE];
	unsigned a, n;

	if (!buf)
		return false;
	if (esl_contains_x509(buf, len, der, der_len)) {
		snprintf(why, why_len, "the certificate itself");
		return true;
	}
	for (a = ESL_ALG_SHA256; a <= ESL_ALG_SHA512; a++) {
		if (esl_tbs_listed(buf, len, a, tbs[a])) {
			snprintf(why, why_len, "%s", tbs_form[a]);
			return true;
		}
	}
	/* An EFI_CERT_SHA256 entry equal to the digest of the whole certificate. */
	if (EVP_Digest(der, der_len, whole, &n, EVP_sha256(), NULL) &&
	    esl_digest_listed(buf, len, ESL_ALG_SHA256, whole)) {
		snprintf(why, why_len, "SHA-256 of the certificate");
		return true;
	}
	return revoked_by_key(revoked, cert, signed_by, why, why_len);
}

int vf_revoked_cert(const struct vf_revocation *r, X509 *cert, enum vf_cert_scope scope,
		    struct vf_verdict *v)
{
	bool signed_by = scope == VF_CERT_IN_CHAIN;
	uint8_t tbs[ESL_ALG_COUNT][EVP_MAX_MD_SIZE];
	unsigned char *der = NULL;
	char name[256], why[320], hex[2 * EVP_MAX_MD_SIZE + 1];
	const char *where;
	unsigned a, n;
	int len, ret = SB_OK;

	vf_cert_name(cert, name, sizeof(name));
	len = i2d_X509(cert, &der);
	if (len <= 0) {
		ret = vf_fail(v, SB_E_MALFORMED, "revocation", "%s: cannot encode the certificate", name);
		goto out;
	}
	for (a = ESL_ALG_SHA256; a <= ESL_ALG_SHA512; a++) {
		if (vf_cert_tbs_digest(cert, vf_alg_md(a), tbs[a], &n) != SB_OK) {
			ret = vf_fail(v, SB_E_MALFORMED, "revocation", "%s: cannot find its TBSCertificate", name);
			goto out;
		}
	}
	if (cert_listed(r->dbx, r->dbx_len, r->dbx_certs, cert, signed_by, der, (size_t)len, tbs, why,
			sizeof(why))) {
		ret = vf_fail(v, SB_E_REVOKED, "revocation", "certificate %s is revoked by dbx (%s)", name, why);
		goto out;
	}
	if (cert_listed(r->mokx, r->mokx_len, r->mokx_certs, cert, signed_by, der, (size_t)len, tbs, why,
			sizeof(why))) {
		ret = vf_fail(v, SB_E_REVOKED, "revocation", "certificate %s is revoked by MokListXRT (%s)",
			      name, why);
		goto out;
	}
	/* The kernel names a TBS hash by the certificate's own signature hash; we try all three. */
	for (a = ESL_ALG_SHA256; a <= ESL_ALG_SHA512; a++) {
		if (blacklisted(r, "tbs", tbs[a], esl_alg_size(a), &where)) {
			vf_hex(tbs[a], esl_alg_size(a), hex, sizeof(hex));
			ret = vf_fail(v, SB_E_REVOKED, "revocation", "certificate %s: its tbs: hash is in the "
				      "%s (tbs:%s, %s)", name, where, hex, vf_alg_name(a));
			goto out;
		}
	}
	vf_explain("  revocation: %s not revoked", name);
	/* "Not revoked" after a failed allocation (a skipped digest, an unverified signature) is a guess. */
	ret = vf_alloc_check(v, ret);
out:
	OPENSSL_free(der);
	return ret;
}

int vf_revoked_signature(const struct vf_revocation *r, const struct vf_signed *s, const char *what,
			 struct vf_verdict *v)
{
	STACK_OF(X509) *lists[2] = { r->dbx_certs, r->mokx_certs };
	static const char *const names[2] = { "dbx", "MokListXRT" };
	char name[256];
	int i, j;

	for (i = 0; i < 2; i++) {
		for (j = 0; lists[i] && j < sk_X509_num(lists[i]); j++) {
			X509 *rc = sk_X509_value(lists[i], j);

			if (!vf_signed_verifies(X509_get0_pubkey(rc), s))
				continue;
			vf_cert_name(rc, name, sizeof(name));
			return vf_fail(v, SB_E_REVOKED, "revocation", "%s was made by the key of %s, which "
				       "%s revokes", what, name, names[i]);
		}
	}
	return SB_OK;
}

int vf_revoked_keyring_key(const struct vf_revocation *r, int32_t ring, int32_t key,
			   struct vf_verdict *v)
{
	STACK_OF(X509) *lists[2] = { r->dbx_certs, r->mokx_certs };
	static const char *const names[2] = { "dbx", "MokListXRT" };
	struct vf_key_ids ids;
	char name[256];
	int i, j;

	for (i = 0; i < 2; i++) {
		for (j = 0; lists[i] && j < sk_X509_num(lists[i]); j++) {
			X509 *rc = sk_X509_value(lists[i], j);
			bool same;

			if (vf_x509_key_ids(rc, &ids) != SB_OK)
				return vf_fail(v, SB_E_MALFORMED, "revocation", "a %s certificate has no usable "
					       "identifiers", names[i]);
			same = (ids.skid_len &&
				vf_keyring_search_id(ring, ids.skid, ids.skid_len, "of a revoked cert (SKID)") == key) ||
			       vf_keyring_search_id(ring, ids.serial_issuer, ids.serial_issuer_len,
						    "of a revoked cert (serial+issuer)") == key;
			vf_key_ids_free(&ids);
			if (same) {
				vf_cert_name(rc, name, sizeof(name));
				return vf_fail(v, SB_E_REVOKED, "revocation", "keyring key %d is the key of "
					       "certificate %s, which %s revokes (same key identifier)", key,
					       name, names[i]);
			}
		}
	}
	vf_explain("  revocation: keyring key %d is no key listed in dbx or MokListXRT", key);
	return SB_OK;
}
