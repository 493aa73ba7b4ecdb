/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Revocation: dbx and MokListXRT (efivarfs or files) and the kernel's .blacklist keyring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>
#include <openssl/sha.h>

#include "file-io.h"
#include "lib/der.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "revocation.h"
#include "trust.h"

#define EFIVARS_DIR "/sys/firmware/efi/efivars"
#define DBX_VAR     "dbx-d719b2cb-3d3a-4596-a3bc-dad00e67656f"
#define MOKX_VAR    "MokListXRT-605dab50-e046-4300-abb6-3dd810dd8b23"

/*
 * Load one signature-list source. efivarfs files start with the 4-byte attributes
 * (Documentation/filesystems/efivarfs.rst); --dbx/--mokx files are bare lists.
 */
static int load_esl(const char *path, size_t skip, const char *what, uint8_t **out, size_t *out_len,
		    struct kx_verdict *v)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int n, ret;

	ret = kx_read_file(path, &buf, &len, 64u << 20);
	if (ret == SB_E_NOT_FOUND) {
		kx_explain("revocation: %s: %s not present", what, path);
		return SB_OK;
	}
	if (ret != SB_OK)
		return kx_fail(v, SB_E_IO, what, "%s: cannot read: %s", path, strerror(errno));
	if (len < skip) {
		free(buf);
		return kx_fail(v, SB_E_MALFORMED, what, "%s: shorter than its attribute header", path);
	}
	memmove(buf, buf + skip, len - skip);
	len -= skip;
	n = esl_validate(buf, len, NULL);
	if (n < 0) {
		free(buf);
		return kx_fail(v, SB_E_MALFORMED, what, "%s: not a valid EFI_SIGNATURE_LIST buffer (%s); "
			       "refusing, since what it revokes is unknown", path, sb_strerror(n));
	}
	kx_explain("revocation: %s: %s, %d entr%s", what, path, n, n == 1 ? "y" : "ies");
	*out = buf;
	*out_len = len;
	return SB_OK;
}

/* Find the kernel's .blacklist keyring in /proc/keys (it is not reachable by name from @u). */
static int32_t find_blacklist_keyring(void)
{
	FILE *f = fopen("/proc/keys", "r");
	char line[512];
	int32_t found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned id;

		if (strstr(line, " keyring ") && strstr(line, " .blacklist:") &&
		    sscanf(line, "%x", &id) == 1) {
			found = (int32_t)id;
			break;
		}
	}
	fclose(f);
	return found;
}

int kx_revocation_open(const struct kx_opts *o, struct kx_revocation *r, struct kx_verdict *v)
{
	const char *dir = o->efivars_dir ? o->efivars_dir : EFIVARS_DIR;
	char path[4096];
	uint8_t *text = NULL;
	size_t len;
	int ret;

	memset(r, 0, sizeof(*r));
	if (o->dbx_file && (ret = load_esl(o->dbx_file, 0, "dbx", &r->dbx, &r->dbx_len, v)) != SB_OK)
		goto fail;
	if (o->mokx_file && (ret = load_esl(o->mokx_file, 0, "MokListXRT", &r->mokx, &r->mokx_len, v)) != SB_OK)
		goto fail;
	if (o->blacklist_file) {
		ret = kx_read_file(o->blacklist_file, &text, &len, 16u << 20);
		if (ret != SB_OK) {
			ret = kx_fail(v, SB_E_IO, "blacklist", "%s: cannot read", o->blacklist_file);
			goto fail;
		}
		r->blacklist_text = (char *)text;   /* kx_read_file NUL-terminates */
		kx_explain("revocation: blacklist file %s", o->blacklist_file);
	}
	if (o->no_system_revocation) {
		kx_explain("revocation: system sources (efivarfs dbx/MokListXRT, .blacklist) not consulted");
		return SB_OK;
	}
	if (!o->dbx_file) {
		snprintf(path, sizeof(path), "%s/%s", dir, DBX_VAR);
		if ((ret = load_esl(path, 4, "dbx", &r->dbx, &r->dbx_len, v)) != SB_OK)
			goto fail;
	}
	if (!o->mokx_file) {
		snprintf(path, sizeof(path), "%s/%s", dir, MOKX_VAR);
		if ((ret = load_esl(path, 4, "MokListXRT", &r->mokx, &r->mokx_len, v)) != SB_OK)
			goto fail;
	}
	r->blacklist = find_blacklist_keyring();
	if (r->blacklist)
		kx_explain("revocation: kernel .blacklist keyring id %d", r->blacklist);
	else
		kx_explain("revocation: kernel .blacklist keyring not visible in /proc/keys");
	return SB_OK;
fail:
	kx_revocation_close(r);
	return ret;
}

void kx_revocation_close(struct kx_revocation *r)
{
	free(r->dbx);
	free(r->mokx);
	free(r->blacklist_text);
	memset(r, 0, sizeof(*r));
}

/* Is "<prefix>:<hex digest>" in the .blacklist keyring or the --blacklist file? */
static bool blacklisted(const struct kx_revocation *r, const char *prefix, const uint8_t digest[32],
			const char **where)
{
	char desc[4 + 64 + 1];
	const char *p;

	snprintf(desc, sizeof(desc), "%s:", prefix);
	kx_hex(digest, 32, desc + 4, sizeof(desc) - 4);
	if (r->blacklist_text) {
		for (p = r->blacklist_text; (p = strstr(p, desc)) != NULL; p++) {
			char end = p[strlen(desc)];

			if ((p == r->blacklist_text || p[-1] == '\n') && (end == '\n' || end == '\0' || end == '\r')) {
				*where = "blacklist file";
				return true;
			}
		}
	}
	if (r->blacklist > 0) {
		if (keyctl_search(r->blacklist, "blacklist", desc, 0) >= 0) {
			*where = "kernel .blacklist keyring";
			return true;
		}
		if (errno != ENOKEY)
			kx_explain("revocation: .blacklist search for %s failed: %s", desc, strerror(errno));
	}
	return false;
}

int kx_revoked_image(const struct kx_revocation *r, const uint8_t digest[32], struct kx_verdict *v)
{
	char hex[65];
	const char *where;

	kx_hex(digest, 32, hex, sizeof(hex));
	if (r->dbx && esl_hash_listed(r->dbx, r->dbx_len, digest))
		return kx_fail(v, SB_E_REVOKED, "revocation", "image digest sha256:%s is listed in dbx", hex);
	if (r->mokx && esl_hash_listed(r->mokx, r->mokx_len, digest))
		return kx_fail(v, SB_E_REVOKED, "revocation", "image digest sha256:%s is listed in MokListXRT", hex);
	/* The kernel does not check bin: hashes of kexec images itself (DESIGN.md); we do. */
	if (blacklisted(r, "bin", digest, &where))
		return kx_fail(v, SB_E_REVOKED, "revocation", "image digest bin:%s is in the %s", hex, where);
	kx_explain("revocation: image digest not listed in dbx, MokListXRT or .blacklist");
	return SB_OK;
}

static const char *revocation_form(enum esl_revocation how)
{
	switch (how) {
	case ESL_REVOKED_X509:        return "the certificate itself";
	case ESL_REVOKED_X509_SHA256: return "SHA-256 of its TBSCertificate";
	case ESL_REVOKED_SHA256:      return "SHA-256 of the certificate";
	default:                      return "?";
	}
}

int kx_revoked_cert(const struct kx_revocation *r, X509 *cert, struct kx_verdict *v)
{
	unsigned char *der = NULL;
	const uint8_t *tbs;
	size_t tbs_len;
	uint8_t tbs_hash[32];
	enum esl_revocation how;
	const char *where;
	char name[256];
	int len, ret = SB_OK;

	kx_cert_name(cert, name, sizeof(name));
	len = i2d_X509(cert, &der);
	if (len <= 0 || der_x509_tbs(der, (size_t)len, &tbs, &tbs_len) != 0) {
		ret = kx_fail(v, SB_E_MALFORMED, "revocation", "%s: cannot encode the certificate", name);
		goto out;
	}
	SHA256(tbs, tbs_len, tbs_hash);
	if (r->dbx && (how = esl_cert_revoked(r->dbx, r->dbx_len, der, (size_t)len)) != ESL_NOT_REVOKED) {
		ret = kx_fail(v, SB_E_REVOKED, "revocation", "certificate %s is revoked by dbx (%s)",
			      name, revocation_form(how));
		goto out;
	}
	if (r->mokx && (how = esl_cert_revoked(r->mokx, r->mokx_len, der, (size_t)len)) != ESL_NOT_REVOKED) {
		ret = kx_fail(v, SB_E_REVOKED, "revocation", "certificate %s is revoked by MokListXRT (%s)",
			      name, revocation_form(how));
		goto out;
	}
	if (blacklisted(r, "tbs", tbs_hash, &where)) {
		ret = kx_fail(v, SB_E_REVOKED, "revocation", "certificate %s: its tbs: hash is in the %s",
			      name, where);
		goto out;
	}
	kx_explain("  revocation: %s not revoked", name);
out:
	OPENSSL_free(der);
	return ret;
}
