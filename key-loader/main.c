/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key-loader: verify key carriers and put their certificates into the keyring kexec verifies with. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sb-error.h"
#include "verifier/alloc-guard.h"
#include "kl.h"

#define KL_VERSION "sbkexec key-loader 0.1"

/* verify and load share everything up to the keyring. */
static int carrier_command(const struct kl_opts *o, struct vf_ctx *ctx)
{
	struct kl_certlist certs = { 0 };
	uint8_t *file = NULL;
	int rc;

	rc = kl_carrier_check(o, ctx, &file, &certs);
	if (rc != VF_EXIT_OK)
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
	struct vf_config cfg;
	struct vf_ctx ctx;
	struct vf_verdict v = { 0 };
	int rc;

	vf_report_init("key-loader");
	if (vf_crypto_init() != SB_OK) {
		vf_error("out of memory: OpenSSL cannot be initialised");
		return VF_EXIT_FAILED;
	}
	rc = kl_parse_args(argc, argv, &o);
	if (rc != VF_EXIT_OK)
		return rc;
	if (o.help) {
		kl_usage();
		return VF_EXIT_OK;
	}
	if (o.version) {
		puts(KL_VERSION);
		return VF_EXIT_OK;
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
	kl_verifier_config(&o, &cfg);
	if (vf_open(&ctx, &cfg, &v) != SB_OK) {
		vf_error("%s: %s", v.check, v.reason);
		return vf_exit_from_verdict(v.code);
	}
	if (o.cmd == KL_CMD_IMPORT)
		rc = kl_import_firmware(&o, &ctx.revocation);
	else
		rc = carrier_command(&o, &ctx);
	vf_close(&ctx);
	return rc;
}
