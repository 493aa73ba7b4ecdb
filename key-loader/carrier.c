/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verify: a carrier file's Authenticode signature (kexec's verifier), then its .keylist certificates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec/file-io.h"
#include "kexec/verify.h"
#include "lib/pe.h"
#include "lib/sb-error.h"
#include "kl.h"

#define KL_MAX_CARRIER (64u << 20)

static int fail(const char *path, const struct kx_verdict *v)
{
	kl_error("%s: %s: %s", path, v->check, v->reason);
	return kl_exit_from_verdict(v->code);
}

/*
 * kexec names every OpenSSL anchor "--trust certificate"; with no --trust given the anchors came
 * from db/MokListRT, so say that.
 */
static void print_trusted(const struct kl_opts *o, const char *reason)
{
	const char *p = strstr(reason, "--trust certificate");

	if (o->ntrust > 0 || !p)
		printf("signature: OK, %s\n", reason);
	else
		printf("signature: OK, %.*sdb/MokListRT certificate%s\n", (int)(p - reason), reason,
		       p + strlen("--trust certificate"));
}

int kl_carrier_check(const struct kl_opts *o, const struct kx_revocation *r, uint8_t **file,
		     struct kl_certlist *certs)
{
	struct kx_verdict v = { 0 };
	struct kx_trust t;
	struct pe_image img;
	uint8_t *data = NULL;
	const uint8_t *keylist;
	size_t len = 0, keylist_len;
	int ret, rc;

	ret = kx_read_file(o->carrier, &data, &len, KL_MAX_CARRIER);
	if (ret != SB_OK) {
		kl_error("%s: cannot read: %s", o->carrier, strerror(errno));
		return KL_EXIT_FAILED;
	}
	printf("carrier: %s (%zu bytes)\n", o->carrier, len);
	ret = kl_anchors_open(o, &t, &v);
	if (ret != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	/* The signature first: nothing in an unverified file is looked at beyond what that needs. */
	ret = kx_verify_image(o->carrier, data, len, &t, r, &v);
	kx_trust_close(&t);
	/* kexec also accepts an IMA signature; firmware and shim verify only Authenticode. */
	if (ret == SB_OK && strcmp(v.check, "ima") == 0)
		ret = kx_fail(&v, SB_E_UNSIGNED, "signature", "no Authenticode signature (an IMA "
			      "signature does not count: the firmware would not start this carrier)");
	/* As the firmware does: no trusted signature, but the image hash is enrolled in db. */
	if ((ret == SB_E_UNSIGNED || ret == SB_E_UNTRUSTED) && kl_db_lists_image(o, data, len)) {
		printf("signature: none trusted, but the image's Authenticode SHA-256 is listed in db\n");
	} else if (ret != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	} else {
		print_trusted(o, v.reason);
	}
	/* kx_verify_image parsed it already; parse again for the section lookup. */
	ret = pe_parse(data, len, PE_LAYOUT_FILE, &img);
	if (ret == SB_OK)
		ret = pe_find_section(&img, ".keylist", &keylist, &keylist_len);
	if (ret != SB_OK) {
		kx_fail(&v, SB_E_MALFORMED, "keylist", "no .keylist section (%s): not a key carrier",
			sb_strerror(ret));
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	ret = kl_certlist_parse(keylist, keylist_len, r, certs, &v);
	if (ret != SB_OK) {
		rc = fail(o->carrier, &v);
		goto out_data;
	}
	printf("keylist: %u certificate(s), %u usable\n", certs->n, certs->usable);
	kl_certlist_print(certs);
	if (certs->usable == 0) {
		kl_error("%s: keylist: every certificate is revoked", o->carrier);
		kl_certlist_free(certs);
		rc = KL_EXIT_REVOKED;
		goto out_data;
	}
	/* The certificates point into the file: the caller frees it after them. */
	*file = data;
	return KL_EXIT_OK;
out_data:
	free(data);
	return rc;
}
