/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verifier's configuration for key-loader, and the firmware's anchors: db + MokListRT from efivarfs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/efi-guid.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "verifier/efivars.h"
#include "verifier/x509.h"
#include "kl.h"

#define SETUPMODE_VAR  VF_EFIVAR("SetupMode", SB_GUID_GLOBAL_VARIABLE_STR)
#define SECUREBOOT_VAR VF_EFIVAR("SecureBoot", SB_GUID_GLOBAL_VARIABLE_STR)
#define DB_VAR         VF_EFIVAR("db", SB_GUID_IMAGE_SECURITY_STR)
#define MOKLIST_VAR    VF_EFIVAR("MokListRT", SB_GUID_SHIM_LOCK_STR)

/* Anchors in messages: "trusted via db/MokListRT certificate <subject>". */
#define FIRMWARE_LABEL "db/MokListRT certificate"

void kl_verifier_config(const struct kl_opts *o, struct vf_config *c)
{
	unsigned i;

	memset(c, 0, sizeof(*c));
	/* A carrier is checked against --trust files or the firmware's anchors, never a keyring. */
	if (o->cmd == KL_CMD_VERIFY || o->cmd == KL_CMD_LOAD) {
		for (i = 0; i < o->ntrust; i++)
			c->anchors.trust_files[i] = o->trust[i];
		c->anchors.ntrust = o->ntrust;
	}
	c->revocation.dbx_file = o->dbx_file;
	c->revocation.mokx_file = o->mokx_file;
	c->revocation.blacklist_file = o->blacklist_file;
	c->revocation.no_system = o->no_system_revocation;
	c->revocation.efivars_dir = o->efivars_dir;
}

int kl_firmware_anchors(const struct kl_opts *o, struct vf_ctx *ctx, struct vf_verdict *v)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	uint32_t attrs;
	unsigned added = 0;
	int ret, setup, sb;

	/* In Setup Mode db is writable by anyone, from the OS too: it anchors nothing. */
	setup = vf_efivar_u8(o->efivars_dir, SETUPMODE_VAR);
	if (setup == VF_EFIVAR_UNREADABLE)
		return vf_fail(v, SB_E_IO, "anchors", "SetupMode: cannot read it from efivarfs");
	if (setup != 0)
		return vf_fail(v, SB_E_UNTRUSTED, "anchors", "SetupMode is %s: db is not protected by "
			       "PK/KEK, so it cannot anchor trust (use --trust)",
			       setup < 0 ? "unreadable" : "1");
	/* Certificate anchors are in use even when db holds none (the chain check says so). */
	ret = vf_anchors_use_certs(&ctx->anchors, v);
	if (ret != SB_OK)
		return ret;
	ret = vf_efivar_read(o->efivars_dir, DB_VAR, &attrs, &buf, &len);
	if (ret == SB_OK) {
		ret = vf_anchors_add_esl(&ctx->anchors, "db", FIRMWARE_LABEL, buf, len, &added, v);
		free(buf);
		buf = NULL;
		if (ret != SB_OK)
			return ret;
	} else if (ret != SB_E_NOT_FOUND) {
		return vf_fail(v, SB_E_IO, "db", "cannot read db from efivarfs");
	}
	/*
	 * MokListRT counts only as shim (or a carrier) left it: volatile BS|RT, made before
	 * ExitBootServices by code the firmware verified, which needs Secure Boot on. A
	 * non-volatile one was written from an OS (NOTES.md) and anchors nothing.
	 */
	sb = vf_efivar_u8(o->efivars_dir, SECUREBOOT_VAR);
	if (sb == VF_EFIVAR_UNREADABLE)
		return vf_fail(v, SB_E_IO, "anchors", "SecureBoot: cannot read it from efivarfs");
	ret = vf_efivar_read(o->efivars_dir, MOKLIST_VAR, &attrs, &buf, &len);
	if (ret == SB_OK && attrs == (VF_EFI_ATTR_BS | VF_EFI_ATTR_RT) && sb == 1) {
		ret = vf_anchors_add_esl(&ctx->anchors, "MokListRT", FIRMWARE_LABEL, buf, len, &added, v);
		free(buf);
		if (ret != SB_OK)
			return ret;
	} else if (ret == SB_OK) {
		free(buf);
		vf_warn("MokListRT ignored as a trust anchor (%s)",
			sb != 1 ? "Secure Boot is off" : "attributes are not volatile BS|RT: made by an OS");
	} else if (ret != SB_E_NOT_FOUND) {
		return vf_fail(v, SB_E_IO, "MokListRT", "cannot read MokListRT from efivarfs");
	}
	/* db may hold only image hashes: kl_db_lists_image() still applies then. */
	vf_explain("anchors: %u certificate(s) from db and MokListRT", added);
	return SB_OK;
}

int kl_db_lists_image(const struct kl_opts *o, const struct vf_verdict *v)
{
	uint8_t *db = NULL;
	size_t db_len = 0;
	uint32_t attrs;
	bool listed = false;
	char hex[65];
	int setup, ret;

	/* Only the firmware's db, and only outside Setup Mode (as for its certificates). */
	if (o->ntrust > 0 || !v->have_digest)
		return 0;
	setup = vf_efivar_u8(o->efivars_dir, SETUPMODE_VAR);
	if (setup == VF_EFIVAR_UNREADABLE)
		return SB_E_IO;
	if (setup != 0)
		return 0;
	ret = vf_efivar_read(o->efivars_dir, DB_VAR, &attrs, &db, &db_len);
	if (ret == SB_E_NOT_FOUND)
		return 0;
	if (ret != SB_OK)
		return SB_E_IO;
	/*
	 * UEFI image verification: an image whose Authenticode SHA-256 is in db may run, signed or
	 * not. The digest is the firmware's: for an unsigned file of a length not a multiple of 8,
	 * EDK2 hashes no padding (lib/authenticode.h), so the padded digest signing tools (and
	 * efitools' hash-to-efi-sig-list) compute would admit nothing the firmware admits.
	 */
	listed = esl_validate(db, db_len, NULL) >= 0 && esl_hash_listed(db, db_len, v->sha256_firmware);
	vf_hex(v->sha256_firmware, 32, hex, sizeof(hex));
	vf_explain("db: image digest sha256:%s %s", hex, listed ? "listed" : "not listed");
	free(db);
	return listed ? 1 : 0;
}
