/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verify: a carrier file's Authenticode signature (the verifier), then its .keylist certificates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pe.h"
#include "lib/sb-error.h"
#include "verifier/file-io.h"
#include "kl.h"

#define KL_MAX_CARRIER (64u << 20)

static int fail(const char *path, const struct vf_verdict *v)
{
	vf_error("%s: %s: %s", path, v->check, v->reason);
	return vf_exit_from_verdict(v->code);
}

int kl_carrier_check(const struct kl_opts *o, struct vf_ctx *ctx, uint8_t **file,
		     struct kl_certlist *certs)
{
	struct vf_verdict v = { 0 };
	struct vf_image img = { .path = o->carrier, .fd = -1 };
	struct pe_image pe;
	uint8_t *data = NULL;
	const uint8_t *keylist;
	size_t len = 0, keylist_len;
	int ret, rc, listed;

	ret = vf_read_file(o->carrier, &data, &len, KL_MAX_CARRIER);
	if (ret != SB_OK) {
		vf_error("%s: cannot read: %s", o->carrier, strerror(errno));
		return VF_EXIT_FAILED;
	}
	printf("carrier: %s (%zu bytes)\n", o->carrier, len);
	if (o->ntrust == 0 && kl_firmware_anchors(o, ctx, &v) != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	/* The signature first: nothing in an unverified file is looked at beyond what that needs.
	   Firmware and shim start only Authenticode-signed images, so only that counts. */
	img.data = data;
	img.len = len;
	ret = pe_parse(data, len, PE_LAYOUT_FILE, &pe);
	if (ret != SB_OK) {
		vf_fail(&v, SB_E_MALFORMED, "pe", "not a valid PE/COFF image: %s", sb_strerror(ret));
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	ret = vf_verify_pe(ctx, &img, &pe, VF_AUTHENTICODE_ONLY, &v);
	/* As the firmware does: no trusted signature, but the image hash is enrolled in db. */
	listed = (ret == SB_E_UNSIGNED || ret == SB_E_UNTRUSTED) ? kl_db_lists_image(o, &v) : 0;
	if (listed < 0) {
		vf_error("%s: db: cannot read it (or SetupMode) from efivarfs: %s", o->carrier, strerror(errno));
		rc = VF_EXIT_FAILED;
		goto out_data;
	}
	if (listed) {
		printf("signature: none trusted, but the image's Authenticode SHA-256 is listed in db\n");
	} else if (ret != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	} else {
		printf("signature: OK, %s\n", v.reason);
	}
	ret = pe_find_section(&pe, ".keylist", &keylist, &keylist_len);
	if (ret != SB_OK) {
		vf_fail(&v, SB_E_MALFORMED, "keylist", "no .keylist section (%s): not a key carrier",
			sb_strerror(ret));
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	ret = kl_certlist_parse(keylist, keylist_len, &ctx->revocation, certs, &v);
	if (ret != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	printf("keylist: %u certificate(s), %u usable\n", certs->n, certs->usable);
	kl_certlist_print(certs);
	if (certs->usable == 0) {
		vf_error("%s: keylist: every certificate is revoked", o->carrier);
		kl_certlist_free(certs);
		rc = VF_EXIT_REVOKED;
		goto out_data;
	}
	/* The certificates point into the file: the caller frees it after them. */
	*file = data;
	return VF_EXIT_OK;
out_data:
	free(data);
	return rc;
}
