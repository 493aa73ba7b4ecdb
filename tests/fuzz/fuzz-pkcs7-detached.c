/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: detached PKCS#7 signatures over a file (verifier/pkcs7-detached.c, what a signed initrd carries), against the test PKI with revocation. */
#include <stddef.h>
#include <stdint.h>
#include "lib/sb-error.h"
#include "verifier/digest.h"
#include "verifier/pkcs7-detached.h"
#include "verifier/verifier.h"
#include "fuzz-verifier.h"

/*
 * Input: u16 little-endian signature length, the .p7s, then the file's bytes. Anchors: the
 * kexec CA and the kernel-signing leaf; revocation files in every form (fuzz-verifier.h).
 * Seeds: openssl cms signatures (with and without attributes, SHA-256/384, untrusted and
 * revoked signers, a keyid signer, an attached one) of a small file (tests/fuzz/gen-seeds.sh).
 */
static struct vf_ctx ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_verifier_open(&ctx, "fuzz-pkcs7-detached", "kexec-ca.crt", "kernel-signing.crt");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sig;
	size_t sig_len = fz_chunk(&data, &size, 65535, &sig);
	struct vf_digests d = { 0 };
	struct vf_verdict v = { 0 };
	int rc;

	FZ_ASSERT(vf_file_digests(data, size, ESL_ALG_BIT(ESL_ALG_SHA256), &d) == SB_OK);
	rc = vf_pkcs7_detached_verify(data, size, sig, sig_len, "fuzz.p7s", &d, &ctx.anchors,
				      &ctx.revocation, &v);
	switch (rc) {
	case SB_OK:
		FZ_ASSERT(v.code == SB_OK && v.anchor_kind == VF_ANCHOR_CERT && v.signer[0]);
		break;
	case SB_E_MALFORMED: case SB_E_UNSIGNED: case SB_E_UNTRUSTED: case SB_E_REJECTED:
	case SB_E_REVOKED: case SB_E_UNSUPPORTED:
		FZ_ASSERT(v.code == rc && v.check[0] && v.reason[0]);
		break;
	default:
		FZ_ASSERT(!"unexpected verdict code");
	}
	return 0;
}
