/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A UKI's parts for a load: the command line and initrd by the override rule, and the report of what its signature covers (rules: uki.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit-codes.h"
#include "lib/sb-error.h"
#include "report.h"
#include "uki.h"

/* .cmdline as systemd-stub passes it; "" when the UKI has none. NULL on error (printed). */
static char *signed_cmdline(const char *path, const struct uki_image *u)
{
	const struct uki_part *c = &u->part[UKI_CMDLINE];
	char *out = malloc(c->len + 1);
	int rc;

	if (!out) {
		kx_error("%s: out of memory", path);
		return NULL;
	}
	rc = uki_cmdline_normalize(c->data, c->present ? c->len : 0, out, c->len + 1);
	if (rc != SB_OK) {
		/* uki_from_pe() checked the bytes already: this is a bug, not the image's fault. */
		kx_error("%s: UKI .cmdline: %s", path, sb_strerror(rc));
		free(out);
		return NULL;
	}
	return out;
}

/* The same normalisation for a command line built from options (what "differs" compares). */
static char *normalised(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);

	if (out && uki_cmdline_normalize((const uint8_t *)s, n, out, n + 1) != SB_OK) {
		free(out);
		out = NULL;
	}
	return out;
}

static const char *override_name(const struct kx_opts *o)
{
	if (o->reuse_cmdline)
		return o->append ? "--reuse-cmdline + --append" : "--reuse-cmdline";
	return o->append_adds ? "--append" : "--command-line";
}

int kx_uki_cmdline(const struct kx_opts *o, const struct kx_config *cfg, const struct uki_image *u,
		   bool verified, const char *built, struct kx_uki_cmdline *out)
{
	char *sig, *text = NULL, *norm = NULL;
	bool has = u->part[UKI_CMDLINE].present;
	int ret = KX_EXIT_FAILED;

	memset(out, 0, sizeof(*out));
	sig = signed_cmdline(o->kernel, u);
	if (!sig)
		return KX_EXIT_FAILED;
	if (!built) {
		out->text = sig;
		out->covered = verified;
		snprintf(out->what, sizeof(out->what), "%s", has ? ".cmdline" : "(none: the UKI has no .cmdline)");
		return KX_EXIT_OK;
	}
	/* --append adds to the signed line (kexec-tools has no UKI .cmdline to add to). */
	if (o->append_adds && !o->reuse_cmdline) {
		size_t n = strlen(sig) + strlen(built) + 2;

		text = malloc(n);
		if (!text)
			goto out;
		snprintf(text, n, "%s%s%s", sig, sig[0] && built[0] ? " " : "", built);
		snprintf(out->what, sizeof(out->what), "%s%s", has ? ".cmdline + " : "", "--append");
	} else {
		text = strdup(built);
		if (!text)
			goto out;
		snprintf(out->what, sizeof(out->what), "%s", override_name(o));
	}
	norm = normalised(text);
	if (!norm) {
		kx_error("%s: the command line given (%s) has bytes >= 0x80 or cannot be compared", o->kernel,
			 override_name(o));
		ret = KX_EXIT_USAGE;
		goto out;
	}
	if (strcmp(norm, sig) == 0 && (has || norm[0] == '\0')) {
		/* Equal to what is signed: the signed bytes are loaded, nothing is lost. */
		vf_explain("UKI: %s equals the signed .cmdline after systemd-stub's normalisation: "
			   "the signed command line is loaded", out->what);
		out->text = sig;
		out->covered = verified;
		snprintf(out->what, sizeof(out->what), "%s", has ? ".cmdline" : "(none)");
		sig = NULL;
		ret = KX_EXIT_OK;
		goto out;
	}
	if (cfg->uki_overrides == KX_UKI_STRICT) {
		kx_error("%s: unsigned: uki-overrides: the command line given (%s: \"%s\") differs from "
			 "the UKI's signed .cmdline (%s%s%s) and uki-overrides = strict (from %s): it would "
			 "be covered by no signature; nothing was loaded", o->kernel, override_name(o), norm,
			 has ? "\"" : "", has ? sig : "none", has ? "\"" : "", cfg->uki_overrides_from);
		ret = VF_EXIT_UNSIGNED;
		goto out;
	}
	out->text = text;
	text = NULL;
	out->covered = false;
	ret = KX_EXIT_OK;
out:
	free(sig);
	free(norm);
	free(text);
	return ret;
}

int kx_uki_initrd(const struct kx_opts *o, const struct kx_config *cfg, const struct uki_image *u,
		  bool verified, const char *verdict, struct kx_initrd *ini)
{
	const struct uki_part *s = &u->part[UKI_INITRD];
	char what[sizeof(ini->what)];
	int ret;

	if (!ini->present) {
		/* No override: the UKI's own, if it has one. */
		if (s->present && s->len)
			kx_initrd_from_uki(o->kernel, s->data, s->len, verified, verdict, ini);
		return KX_EXIT_OK;
	}
	if (cfg->uki_overrides != KX_UKI_STRICT)
		return KX_EXIT_OK;
	ret = kx_initrd_read(ini);
	if (ret != KX_EXIT_OK)
		return ret;
	if (!s->present || s->len != ini->len || memcmp(s->data, ini->data, ini->len) != 0) {
		kx_error("%s: unsigned: uki-overrides: --initrd %s (%zu bytes) differs from the UKI's signed "
			 ".initrd (%s) and uki-overrides = strict (from %s): it would be covered by no "
			 "signature; nothing was loaded", o->kernel, ini->what, ini->len,
			 s->present ? "its bytes differ" : "the UKI has none", cfg->uki_overrides_from);
		return VF_EXIT_UNSIGNED;
	}
	snprintf(what, sizeof(what), "%s", ini->what);
	vf_explain("UKI: --initrd %s equals the signed .initrd byte for byte: the signed bytes are loaded", what);
	kx_initrd_release(ini);
	kx_initrd_from_uki(o->kernel, s->data, s->len, verified, verdict, ini);
	return KX_EXIT_OK;
}

void kx_uki_explain(const char *path, const struct uki_image *u, const struct vf_verdict *v,
		    bool verified)
{
	struct pe_section s;
	enum uki_section k;
	unsigned i;

	if (!vf_explain_on)
		return;
	vf_explain("UKI: %s is a unified kernel image (it has a .linux section; lib/uki.h): %u sections",
		   path, u->pe.nsections);
	for (i = 0; i < u->pe.nsections; i++) {
		if (pe_section_get(&u->pe, i, &s) != SB_OK)
			continue;
		k = uki_section_of(u, i);
		vf_explain("  section %2u %-8s VA 0x%08x %9u bytes (raw %9u at 0x%08x): %s%s", i, s.name,
			   s.virtual_address, s.virtual_size, s.raw_size, s.raw_offset, uki_section_role(k),
			   k == UKI_LINUX ? " -> loaded as the kernel" :
			   k == UKI_INITRD ? " -> the initrd, unless --initrd replaces it" :
			   k == UKI_CMDLINE ? " -> the command line, unless an option replaces it" :
			   k < UKI_NSECTIONS ? " (not loaded)" : " (systemd-stub; not loaded)");
	}
	if (u->part[UKI_UNAME].present) {
		char uname[65];
		size_t n = u->part[UKI_UNAME].len < sizeof(uname) - 1 ? u->part[UKI_UNAME].len : sizeof(uname) - 1;

		for (i = 0; i < n; i++) {
			uint8_t c = u->part[UKI_UNAME].data[i];

			uname[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		}
		uname[n] = '\0';
		vf_explain("  .uname: %s", uname);
	}
	if (verified)
		vf_explain("UKI: the headers and all %u sections (every byte up to the certificate table) are "
			   "covered by the one Authenticode signature verified above: %s", u->pe.nsections,
			   v->reason);
	else
		vf_explain("UKI: its signature did not verify (%s: %s): no section is covered", sb_strerror(v->code),
			   v->reason[0] ? v->reason : "not checked");
}

void kx_uki_report(const char *path, bool verified, const struct kx_initrd *ini,
		   const struct kx_uki_cmdline *cmd)
{
	bool initrd_ours = ini->present && !ini->path;
	char lost[400] = "";

	vf_explain("UKI: loading kernel = .linux (%s), initrd = %s (%s), command line = %s (%s): \"%s\"",
		   verified ? "covered" : "NOT covered", ini->present ? ini->what : "none",
		   !ini->present ? "-" : initrd_ours ? (verified ? "covered" : "NOT covered") :
		   "NOT covered by the UKI's signature", cmd->what,
		   cmd->covered ? "covered" : "NOT covered", cmd->text);
	if (!verified)
		return;
	/* The override rule's one warning line: what the UKI's signature no longer covers. */
	if (ini->present && ini->path)
		snprintf(lost, sizeof(lost), "--initrd replaces .initrd");
	if (!cmd->covered)
		snprintf(lost + strlen(lost), sizeof(lost) - strlen(lost), "%s%s %s .cmdline",
			 lost[0] ? ", " : "", cmd->what, strstr(cmd->what, "+ --append") ? "extends" : "replaces");
	if (lost[0])
		kx_warn("%s: UKI: %s: its signature does not cover the %s loaded (uki-overrides = replace)",
			path, lost, ini->present && ini->path && !cmd->covered ? "initrd and command line" :
			ini->present && ini->path ? "initrd" : "command line");
	else
		vf_explain("UKI: kernel, initrd and command line are all covered by the one signature");
}
