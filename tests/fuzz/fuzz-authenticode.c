/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: full Authenticode verification (PE, digests, PKCS#7, chain, revocation, policy) through the verifier's API. */
#include <stddef.h>
#include <stdint.h>
#include "lib/sb-error.h"
#include "verifier/verifier.h"
#include "fuzz-revocation-lists.h"

/*
 * The verifier as kexec --trust uses it: two anchor certificates of the test PKI (the kexec CA
 * and the kernel-signing leaf), no keyring, revocation from files only (no_system): every
 * revocation form (fuzz-revocation-lists.h). Seeds are images signed by the test PKI's keys
 * (tests/fuzz/gen-seeds.sh), so inputs reach OK, untrusted, rejected and revoked verdicts.
 */
static struct vf_ctx ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char dbx[512], mokx[512], blacklist[512];
	struct vf_config cfg = { 0 };
	struct vf_verdict v = { 0 };

	(void)argc, (void)argv;
	vf_report_init("fuzz-authenticode");
	fz_revocation_files(dbx, mokx, blacklist);
	cfg.anchors.trust_files[0] = fz_cert("kexec-ca.crt");
	cfg.anchors.trust_files[1] = fz_cert("kernel-signing.crt");
	cfg.anchors.ntrust = 2;
	cfg.revocation.dbx_file = dbx;
	cfg.revocation.mokx_file = mokx;
	cfg.revocation.blacklist_file = blacklist;
	cfg.revocation.no_system = true;
	if (vf_open(&ctx, &cfg, &v) != SB_OK) {
		fprintf(stderr, "fuzz-authenticode: vf_open: %s: %s\n", v.check, v.reason);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vf_image img = { .path = "fuzz-input", .fd = -1, .data = data, .len = size };
	struct vf_verdict v = { 0 };
	int rc;

	/* Only Authenticode: IMA has its own target (and would look for fuzz-input.sig). */
	rc = vf_verify_image(&ctx, &img, VF_AUTHENTICODE_ONLY, &v);
	FZ_ASSERT(rc == v.code);
	switch (rc) {
	case SB_OK:
		FZ_ASSERT(v.form == VF_FORM_AUTHENTICODE && v.anchor_kind == VF_ANCHOR_CERT);
		FZ_ASSERT(v.trusted_entry < v.entries && v.have_digest);
		break;
	case SB_E_MALFORMED: case SB_E_UNSIGNED: case SB_E_UNTRUSTED: case SB_E_REJECTED:
	case SB_E_REVOKED: case SB_E_UNSUPPORTED:
		FZ_ASSERT(v.check[0] && v.reason[0]);
		break;
	default:
		/* SB_E_NOMEM / SB_E_IO cannot come from bytes in memory. */
		FZ_ASSERT(!"unexpected verdict code");
	}
	return 0;
}
