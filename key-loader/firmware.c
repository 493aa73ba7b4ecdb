/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import-firmware: the certs key carriers recorded in KeyCarrierRT this boot, into the keyring. */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/keycarrier.h"
#include "lib/sb-error.h"
#include "verifier/efivars.h"
#include "kl.h"

#define KEYCARRIER_VAR VF_EFIVAR("KeyCarrierRT", SB_GUID_SBKEXEC_STR)
#define SECUREBOOT_VAR VF_EFIVAR("SecureBoot", SB_GUID_GLOBAL_VARIABLE_STR)

int kl_import_firmware(const struct kl_opts *o, const struct vf_revocation *r)
{
	struct kl_certlist certs = { 0 };
	struct vf_verdict v = { 0 };
	const uint8_t *lists;
	size_t len = 0, lists_len;
	uint8_t *data = NULL;
	uint32_t attrs, carriers;
	int ret, rc, sb;

	/* Without Secure Boot the carrier was not verified: whatever ran could have written it. */
	sb = vf_efivar_u8(o->efivars_dir, SECUREBOOT_VAR);
	if (sb == VF_EFIVAR_UNREADABLE) {
		vf_error("SecureBoot: cannot read it from efivarfs: %s", strerror(errno));
		return VF_EXIT_FAILED;
	}
	if (sb != 1) {
		vf_error("Secure Boot is %s: KeyCarrierRT was not written by verified code; refusing",
			 sb < 0 ? "unknown (no SecureBoot variable)" : "off");
		return KL_EXIT_NOT_FIRMWARE;
	}
	ret = vf_efivar_read(o->efivars_dir, KEYCARRIER_VAR, &attrs, &data, &len);
	if (ret == SB_E_NOT_FOUND) {
		vf_error("no KeyCarrierRT: no key carrier ran this boot (or it published nothing)");
		return KL_EXIT_NO_RECORD;
	}
	if (ret != SB_OK) {
		vf_error("KeyCarrierRT: cannot read it (%s)", sb_strerror(ret));
		return ret == SB_E_MALFORMED ? VF_EXIT_MALFORMED : VF_EXIT_FAILED;
	}
	/*
	 * Only a volatile BS|RT variable is proof: volatile variables can be created and written
	 * only before ExitBootServices (UEFI 2.10 §8.2 SetVariable), i.e. by the firmware-verified
	 * boot chain. An OS can create only NV|BS|RT variables, which also survive a reboot into
	 * a boot where no carrier runs: anything but exactly 0x06 may have been planted.
	 */
	if (attrs != (VF_EFI_ATTR_BS | VF_EFI_ATTR_RT)) {
		vf_error("KeyCarrierRT has attributes 0x%08x, not volatile BS|RT (0x00000006): not made "
			 "by a carrier before ExitBootServices (an OS can create only non-volatile "
			 "variables); refusing", attrs);
		rc = KL_EXIT_NOT_FIRMWARE;
		goto out;
	}
	ret = keycarrier_parse(data, len, &lists, &lists_len, &carriers);
	if (ret < 0) {
		vf_error("KeyCarrierRT: malformed record (%s)", sb_strerror(ret));
		rc = VF_EXIT_MALFORMED;
		goto out;
	}
	printf("KeyCarrierRT: %u carrier(s), %d certificate(s), attributes 0x%08x\n", carriers, ret, attrs);
	if (ret == 0) {
		printf("import-firmware: nothing to import\n");
		rc = VF_EXIT_OK;
		goto out;
	}
	/* The carrier checked revocation at boot; dbx/MokListXRT may have changed since. */
	ret = kl_certlist_parse(lists, lists_len, r, &certs, &v);
	if (ret != SB_OK) {
		vf_error("KeyCarrierRT: %s: %s", v.check, v.reason);
		rc = vf_exit_from_verdict(ret);
		goto out;
	}
	kl_certlist_print(&certs);
	if (certs.usable == 0) {
		vf_error("KeyCarrierRT: every certificate is revoked");
		rc = VF_EXIT_REVOKED;
		goto out_certs;
	}
	rc = kl_ring_add_all(o, &certs);
out_certs:
	kl_certlist_free(&certs);
out:
	free(data);
	return rc;
}
