/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: what the firmware enforces and published and what the kernel got of it (crosscheck.c, tpm-log.c), the kernel's lockdown, the IMA keyring, and the keyring. */
#include <stdio.h>
#include <stdlib.h>

#include <keyutils.h>

#include "lib/keycarrier.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "verifier/efivars.h"
#include "verifier/keyring.h"
#include "verifier/system-state.h"
#include "kl.h"

/* Something was there but could not be read: status says so on its line and exits 255. */
static bool unreadable;

static const char *onoff(int v)
{
	if (v == VF_EFIVAR_UNREADABLE)
		unreadable = true;
	return v == VF_EFIVAR_UNREADABLE ? "unreadable (I/O error)" : v < 0 ? "unknown (variable absent)" :
	       v == 1 ? "1" : "0";
}

/* A signature-list variable: attributes and entry count. */
static void show_esl_var(const struct kl_opts *o, const char *label, const char *var)
{
	uint8_t *data = NULL;
	size_t len = 0;
	uint32_t attrs;
	int ret, n;

	ret = vf_efivar_read(o->efivars_dir, var, &attrs, &data, &len);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s absent\n", label);
		return;
	}
	if (ret != SB_OK) {
		printf("%-14s unreadable (%s)\n", label, sb_strerror(ret));
		unreadable = true;
		return;
	}
	n = esl_validate(data, len, NULL);
	if (n < 0)
		printf("%-14s MALFORMED (%s), attributes 0x%08x\n", label, sb_strerror(n), attrs);
	else
		printf("%-14s %d entr%s, attributes 0x%08x\n", label, n, n == 1 ? "y" : "ies", attrs);
	free(data);
}

static void show_keycarrier(const struct kl_opts *o)
{
	const uint8_t *lists;
	uint8_t *data = NULL;
	size_t len = 0, lists_len;
	uint32_t attrs, carriers;
	int ret;

	ret = vf_efivar_read(o->efivars_dir, VF_EFIVAR("KeyCarrierRT", SB_GUID_SBKEXEC_STR), &attrs, &data, &len);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s absent (no key carrier ran this boot)\n", "KeyCarrierRT");
		return;
	}
	if (ret != SB_OK) {
		printf("%-14s unreadable (%s)\n", "KeyCarrierRT", sb_strerror(ret));
		unreadable = true;
		return;
	}
	ret = keycarrier_parse(data, len, &lists, &lists_len, &carriers);
	if (ret < 0)
		printf("%-14s MALFORMED, attributes 0x%08x\n", "KeyCarrierRT", attrs);
	else
		printf("%-14s %u carrier(s), %d certificate(s), attributes 0x%08x%s\n", "KeyCarrierRT",
		       carriers, ret, attrs, attrs == (VF_EFI_ATTR_BS | VF_EFI_ATTR_RT) ? " (volatile BS|RT)" :
		       " (NOT volatile BS|RT: import-firmware refuses it)");
	free(data);
}

int kl_status(const struct kl_opts *o)
{
	const char *name = o->keyring ? o->keyring : "kexec";
	enum vf_lockdown lock = vf_lockdown_mode(o->lockdown_file);
	int32_t ring;
	long n;
	int findings;

	printf("%-14s %s\n", "SecureBoot", onoff(vf_efivar_u8(o->efivars_dir, VF_EFIVAR("SecureBoot", SB_GUID_GLOBAL_VARIABLE_STR))));
	printf("%-14s %s\n", "SetupMode", onoff(vf_efivar_u8(o->efivars_dir, VF_EFIVAR("SetupMode", SB_GUID_GLOBAL_VARIABLE_STR))));
	printf("%-14s %s\n", "lockdown", vf_lockdown_name(lock));
	unreadable |= lock == VF_LOCKDOWN_UNREADABLE;
	show_keycarrier(o);
	findings = kl_status_checks(o);
	show_esl_var(o, "MokListRT", VF_EFIVAR("MokListRT", SB_GUID_SHIM_LOCK_STR));
	show_esl_var(o, "MokListXRT", VF_EFIVAR("MokListXRT", SB_GUID_SHIM_LOCK_STR));
	show_esl_var(o, "db", VF_EFIVAR("db", SB_GUID_IMAGE_SECURITY_STR));
	show_esl_var(o, "dbx", VF_EFIVAR("dbx", SB_GUID_IMAGE_SECURITY_STR));
	kl_ima_status();
	ring = vf_keyring_find(name);
	if (ring < 0) {
		printf("%-14s '%s' cannot be looked up (/proc/keys unreadable)\n", "keyring", name);
		unreadable = true;
	} else if (ring == 0) {
		printf("%-14s '%s' not found\n", "keyring", name);
	} else {
		n = keyctl_read(ring, NULL, 0);
		if (n < 0)
			printf("%-14s '%s' (id %d), cannot read it\n", "keyring", name, ring);
		else
			printf("%-14s '%s' (id %d), %ld key(s)\n", "keyring", name, ring, n / 4);
		if (n >= 0 && kl_ring_list(o) != VF_EXIT_OK && findings == VF_EXIT_OK)
			findings = VF_EXIT_FAILED;
	}
	if (unreadable || findings == VF_EXIT_FAILED) {
		vf_error("status: some of the state above could not be read (I/O error)");
		return VF_EXIT_FAILED;
	}
	return findings;
}
