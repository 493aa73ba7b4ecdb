/* SPDX-License-Identifier: GPL-2.0-or-later */
/* KeyCarrierRT as import-firmware and status take it: made by the firmware-verified boot chain, parsed, its certificates listed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/keycarrier.h"
#include "lib/sb-error.h"
#include "verifier/efivars.h"
#include "kl.h"

#define KEYCARRIER_VAR VF_EFIVAR("KeyCarrierRT", SB_GUID_SBKEXEC_STR)
#define SECUREBOOT_VAR VF_EFIVAR("SecureBoot", SB_GUID_GLOBAL_VARIABLE_STR)

int kl_record_load(const struct kl_opts *o, const struct vf_revocation *r, struct kl_record *rec,
		   char *why, size_t why_len)
{
	struct kl_record k = { 0 };
	struct vf_verdict v = { 0 };
	const uint8_t *lists;
	size_t lists_len;
	int ret, rc, sb;

	/* Without Secure Boot the carrier was not verified: whatever ran could have written it. */
	sb = vf_efivar_u8(o->efivars_dir, SECUREBOOT_VAR);
	if (sb == VF_EFIVAR_UNREADABLE) {
		/* Not "off": the variable is there, and an I/O error says nothing about its value. */
		snprintf(why, why_len, "SecureBoot: cannot read it from efivarfs: %s", strerror(errno));
		return VF_EXIT_FAILED;
	}
	if (sb != 1) {
		snprintf(why, why_len, "Secure Boot is %s: KeyCarrierRT was not written by verified code",
			 sb < 0 ? "unknown (no SecureBoot variable)" : "off");
		return KL_EXIT_NOT_FIRMWARE;
	}
	ret = vf_efivar_read(o->efivars_dir, KEYCARRIER_VAR, &k.attrs, &k.data, &k.len);
	if (ret == SB_E_NOT_FOUND) {
		snprintf(why, why_len, "no KeyCarrierRT: no key carrier ran this boot (or it published nothing)");
		return KL_EXIT_NO_RECORD;
	}
	if (ret != SB_OK) {
		snprintf(why, why_len, "KeyCarrierRT: cannot read it (%s)", sb_strerror(ret));
		return ret == SB_E_MALFORMED ? VF_EXIT_MALFORMED : VF_EXIT_FAILED;
	}
	/*
	 * Only a volatile BS|RT variable is proof: volatile variables can be created and written
	 * only before ExitBootServices (UEFI 2.10 §8.2 SetVariable), i.e. by the firmware-verified
	 * boot chain. An OS can create only NV|BS|RT variables, which also survive a reboot into
	 * a boot where no carrier runs: anything but exactly 0x06 may have been planted.
	 */
	if (k.attrs != (VF_EFI_ATTR_BS | VF_EFI_ATTR_RT)) {
		snprintf(why, why_len, "KeyCarrierRT has attributes 0x%08x, not volatile BS|RT (0x00000006): "
			 "not made by a carrier before ExitBootServices (an OS can create only non-volatile "
			 "variables)", k.attrs);
		rc = KL_EXIT_NOT_FIRMWARE;
		goto fail;
	}
	ret = keycarrier_parse(k.data, k.len, &lists, &lists_len, &k.carriers);
	if (ret < 0) {
		snprintf(why, why_len, "KeyCarrierRT: malformed record (%s)", sb_strerror(ret));
		rc = VF_EXIT_MALFORMED;
		goto fail;
	}
	if (ret > 0) {
		/* The carrier checked revocation at boot; dbx/MokListXRT may have changed since. */
		ret = kl_certlist_parse(lists, lists_len, r, &k.certs, &v);
		if (ret != SB_OK) {
			snprintf(why, why_len, "KeyCarrierRT: %s: %s", v.check, v.reason);
			rc = vf_exit_from_verdict(ret);
			goto fail;
		}
	}
	*rec = k;
	return VF_EXIT_OK;
fail:
	free(k.data);
	return rc;
}

void kl_record_free(struct kl_record *rec)
{
	kl_certlist_free(&rec->certs);
	free(rec->data);
	memset(rec, 0, sizeof(*rec));
}
