/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors for carrier files (db + MokListRT from efivarfs, or --trust) and kexec's revocation options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec/authenticode-verify.h"
#include "lib/efi-guid.h"
#include "lib/pe.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "kl.h"

void kl_kx_opts(const struct kl_opts *o, struct kx_opts *k)
{
	unsigned i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < o->ntrust; i++)
		k->trust[i] = o->trust[i];
	k->ntrust = o->ntrust;
	k->dbx_file = o->dbx_file;
	k->mokx_file = o->mokx_file;
	k->blacklist_file = o->blacklist_file;
	k->no_system_revocation = o->no_system_revocation;
	k->efivars_dir = o->efivars_dir;
	k->lockdown_file = o->lockdown_file;
}

/* Add every X.509 entry of a signature-list variable to the store; other types are skipped. */
static int add_esl_certs(struct kx_trust *t, const char *what, const uint8_t *buf, size_t len,
			 unsigned *added, struct kx_verdict *v)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	struct esl_entry e;
	size_t cursor = 0;
	int n, ret;

	n = esl_validate(buf, len, NULL);
	if (n < 0)
		return kx_fail(v, SB_E_MALFORMED, what, "not a valid signature list (%s)", sb_strerror(n));
	while ((ret = esl_next(buf, len, &cursor, &e)) == 1) {
		const unsigned char *p = e.data;
		X509 *c;
		char name[256];

		if (memcmp(e.type, &x509, sizeof(x509)) != 0)
			continue;   /* hashes in db allow one image each; not used for carriers (yet) */
		c = d2i_X509(NULL, &p, (long)e.len);
		if (!c) {
			kx_openssl_errors(what);
			kx_explain("anchors: %s: an X.509 entry OpenSSL cannot parse, skipped", what);
			continue;
		}
		kx_cert_name(c, name, sizeof(name));
		if (!X509_STORE_add_cert(t->store, c) || !sk_X509_push(t->files, c)) {
			X509_free(c);
			return kx_fail(v, SB_E_NOMEM, what, "cannot add an anchor");
		}
		kx_explain("anchor from %s: %s", what, name);
		(*added)++;
	}
	if (ret < 0)
		return kx_fail(v, SB_E_MALFORMED, what, "%s", sb_strerror(ret));
	return SB_OK;
}

/* db and MokListRT as the firmware (and shim) left them. */
static int efivars_anchors(const struct kl_opts *o, struct kx_trust *t, struct kx_verdict *v)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	uint32_t attrs;
	unsigned added = 0;
	int ret, setup, sb;

	/* In Setup Mode db is writable by anyone, from the OS too: it anchors nothing. */
	setup = kl_efivar_u8(o->efivars_dir, "SetupMode-" KL_GUID_GLOBAL);
	if (setup != 0)
		return kx_fail(v, SB_E_UNTRUSTED, "anchors", "SetupMode is %s: db is not protected by "
			       "PK/KEK, so it cannot anchor trust (use --trust)",
			       setup < 0 ? "unreadable" : "1");
	t->store = X509_STORE_new();
	t->files = sk_X509_new_null();
	if (!t->store || !t->files)
		return kx_fail(v, SB_E_NOMEM, "anchors", "out of memory");
	ret = kl_efivar_read(o->efivars_dir, "db-" KL_GUID_IMGSEC, &attrs, &buf, &len);
	if (ret == SB_OK) {
		ret = add_esl_certs(t, "db", buf, len, &added, v);
		free(buf);
		buf = NULL;
		if (ret != SB_OK)
			return ret;
	} else if (ret != SB_E_NOT_FOUND) {
		return kx_fail(v, SB_E_IO, "db", "cannot read db from efivarfs");
	}
	/*
	 * MokListRT counts only as shim (or a carrier) left it: volatile BS|RT, made before
	 * ExitBootServices by code the firmware verified, which needs Secure Boot on. A
	 * non-volatile one was written from an OS (NOTES.md) and anchors nothing.
	 */
	sb = kl_efivar_u8(o->efivars_dir, "SecureBoot-" KL_GUID_GLOBAL);
	ret = kl_efivar_read(o->efivars_dir, "MokListRT-" KL_GUID_SHIM, &attrs, &buf, &len);
	if (ret == SB_OK && attrs == (KL_ATTR_BS | KL_ATTR_RT) && sb == 1) {
		ret = add_esl_certs(t, "MokListRT", buf, len, &added, v);
		free(buf);
		if (ret != SB_OK)
			return ret;
	} else if (ret == SB_OK) {
		free(buf);
		fprintf(stderr, "key-loader: warning: MokListRT ignored as a trust anchor (%s)\n",
			sb != 1 ? "Secure Boot is off" : "attributes are not volatile BS|RT: made by an OS");
	} else if (ret != SB_E_NOT_FOUND) {
		return kx_fail(v, SB_E_IO, "MokListRT", "cannot read MokListRT from efivarfs");
	}
	/* db may hold only image hashes: kl_db_lists_image() still applies then. */
	kx_explain("anchors: %u certificate(s) from db and MokListRT", added);
	return SB_OK;
}

int kl_anchors_open(const struct kl_opts *o, struct kx_trust *t, struct kx_verdict *v)
{
	struct kx_opts k;
	int ret;

	if (o->ntrust > 0) {
		kl_kx_opts(o, &k);   /* k.keyring is NULL: with --trust no keyring is opened */
		return kx_trust_open(&k, t, v);
	}
	memset(t, 0, sizeof(*t));
	ret = efivars_anchors(o, t, v);
	if (ret != SB_OK)
		kx_trust_close(t);
	return ret;
}

bool kl_db_lists_image(const struct kl_opts *o, const uint8_t *data, size_t len)
{
	struct pe_image img;
	uint8_t *db = NULL, digest[EVP_MAX_MD_SIZE];
	size_t db_len = 0;
	unsigned digest_len = 0;
	uint32_t attrs;
	bool listed = false;
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	/* Only the firmware's db, and only outside Setup Mode (as for its certificates). */
	if (o->ntrust > 0 || kl_efivar_u8(o->efivars_dir, "SetupMode-" KL_GUID_GLOBAL) != 0)
		return false;
	if (pe_parse(data, len, PE_LAYOUT_FILE, &img) != SB_OK ||
	    kx_authenticode_digest(&img, EVP_sha256(), digest, &digest_len) != SB_OK || digest_len != 32)
		return false;
	if (kl_efivar_read(o->efivars_dir, "db-" KL_GUID_IMGSEC, &attrs, &db, &db_len) != SB_OK)
		return false;
	/* UEFI image verification: an image whose Authenticode SHA-256 is in db may run, signed or not. */
	listed = esl_validate(db, db_len, NULL) >= 0 && esl_hash_listed(db, db_len, digest);
	kx_hex(digest, 32, hex, sizeof(hex));
	kx_explain("db: image digest sha256:%s %s", hex, listed ? "listed" : "not listed");
	free(db);
	return listed;
}
