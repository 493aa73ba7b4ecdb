/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: what the firmware enforces and published, the kernel's lockdown, and the keyring. */
#include <stdio.h>
#include <stdlib.h>

#include <keyutils.h>

#include "kexec/system-state.h"
#include "lib/keycarrier.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "kl.h"

static const char *onoff(int v)
{
	return v < 0 ? "unknown (variable absent)" : v == 1 ? "1" : "0";
}

/* A signature-list variable: attributes and entry count. */
static void show_esl_var(const struct kl_opts *o, const char *label, const char *var)
{
	uint8_t *data = NULL;
	size_t len = 0;
	uint32_t attrs;
	int ret, n;

	ret = kl_efivar_read(o->efivars_dir, var, &attrs, &data, &len);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s absent\n", label);
		return;
	}
	if (ret != SB_OK) {
		printf("%-14s unreadable (%s)\n", label, sb_strerror(ret));
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

	ret = kl_efivar_read(o->efivars_dir, "KeyCarrierRT-" KL_GUID_SBKEXEC, &attrs, &data, &len);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s absent (no key carrier ran this boot)\n", "KeyCarrierRT");
		return;
	}
	if (ret != SB_OK) {
		printf("%-14s unreadable (%s)\n", "KeyCarrierRT", sb_strerror(ret));
		return;
	}
	ret = keycarrier_parse(data, len, &lists, &lists_len, &carriers);
	if (ret < 0)
		printf("%-14s MALFORMED, attributes 0x%08x\n", "KeyCarrierRT", attrs);
	else
		printf("%-14s %u carrier(s), %d certificate(s), attributes 0x%08x%s\n", "KeyCarrierRT",
		       carriers, ret, attrs, attrs == (KL_ATTR_BS | KL_ATTR_RT) ? " (volatile BS|RT)" :
		       " (NOT volatile BS|RT: import-firmware refuses it)");
	free(data);
}

int kl_status(const struct kl_opts *o)
{
	const char *name = o->keyring ? o->keyring : "kexec";
	int32_t ring;
	long n;

	printf("%-14s %s\n", "SecureBoot", onoff(kl_efivar_u8(o->efivars_dir, "SecureBoot-" KL_GUID_GLOBAL)));
	printf("%-14s %s\n", "SetupMode", onoff(kl_efivar_u8(o->efivars_dir, "SetupMode-" KL_GUID_GLOBAL)));
	printf("%-14s %s\n", "lockdown", kx_lockdown_name(kx_lockdown_mode(o->lockdown_file)));
	show_keycarrier(o);
	show_esl_var(o, "MokListRT", "MokListRT-" KL_GUID_SHIM);
	show_esl_var(o, "MokListXRT", "MokListXRT-" KL_GUID_SHIM);
	show_esl_var(o, "db", "db-" KL_GUID_IMGSEC);
	show_esl_var(o, "dbx", "dbx-" KL_GUID_IMGSEC);
	ring = kl_ring_find(name);
	if (ring <= 0) {
		printf("%-14s '%s' not found\n", "keyring", name);
		return KL_EXIT_OK;
	}
	n = keyctl_read(ring, NULL, 0);
	if (n < 0)
		printf("%-14s '%s' (id %d), cannot read it\n", "keyring", name, ring);
	else
		printf("%-14s '%s' (id %d), %ld key(s)\n", "keyring", name, ring, n / 4);
	return n < 0 ? KL_EXIT_OK : kl_ring_list(o);
}
