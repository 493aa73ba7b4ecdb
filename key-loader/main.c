/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key-loader: verify key carriers and put their certificates into the keyring kexec verifies with. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sb-error.h"
#include "kl.h"

#define KL_VERSION "sbkexec key-loader 0.1"

/* verify and load share everything up to the keyring. */
static int carrier_command(const struct kl_opts *o, const struct kx_revocation *r)
{
	struct kl_certlist certs = { 0 };
	uint8_t *file = NULL;
	int rc;

	rc = kl_carrier_check(o, r, &file, &certs);
	if (rc != KL_EXIT_OK)
		return rc;
	if (o->cmd == KL_CMD_VERIFY)
		printf("verdict: OK (%u of %u certificate(s) usable)\n", certs.usable, certs.n);
	else
		rc = kl_ring_add_all(o, &certs);
	kl_certlist_free(&certs);
	free(file);
	return rc;
}

int main(int argc, char **argv)
{
	struct kl_opts o;
	struct kx_opts k;
	struct kx_revocation r;
	struct kx_verdict v = { 0 };
	int rc;

	rc = kl_parse_args(argc, argv, &o);
	if (rc != KL_EXIT_OK)
		return rc;
	if (o.help) {
		kl_usage();
		return KL_EXIT_OK;
	}
	if (o.version) {
		puts(KL_VERSION);
		return KL_EXIT_OK;
	}
	switch (o.cmd) {
	case KL_CMD_STATUS:
		return kl_status(&o);
	case KL_CMD_LIST:
		return kl_ring_list(&o);
	default:
		break;
	}
	/* Revocation data that exists but does not parse is an error: we cannot tell what it revokes. */
	kl_kx_opts(&o, &k);
	if (kx_revocation_open(&k, &r, &v) != SB_OK) {
		kl_error("%s: %s", v.check, v.reason);
		return kl_exit_from_verdict(v.code);
	}
	if (o.cmd == KL_CMD_IMPORT)
		rc = kl_import_firmware(&o, &r);
	else
		rc = carrier_command(&o, &r);
	kx_revocation_close(&r);
	return rc;
}
