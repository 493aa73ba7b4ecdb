/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: full Authenticode verification (PE, digests, PKCS#7, chain, revocation, policy) through the verifier's API. */
#include <stddef.h>
#include <stdint.h>
#include "lib/sb-error.h"
#include "verifier/verifier.h"
#include "fuzz-verifier.h"

/*
 * The verifier as kexec --trust uses it: two anchor certificates of the test PKI (the kexec CA
 * and the kernel-signing leaf), no keyring, revocation from files only (no_system): every
 * revocation form (fuzz-verifier.h). Seeds are images signed by the test PKI's keys
 * (tests/fuzz/gen-seeds.sh), so inputs reach OK, untrusted, rejected and revoked verdicts.
 */
static struct vf_ctx ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_verifier_open(&ctx, "fuzz-authenticode", "kexec-ca.crt", "kernel-signing.crt");
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
