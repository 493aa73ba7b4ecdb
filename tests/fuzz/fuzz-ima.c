/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: IMA v2 signature parse and verification (vf_ima_verify) against the test PKI, with revocation. */
#include <stddef.h>
#include <stdint.h>
#include "lib/sb-error.h"
#include "verifier/ima.h"
#include "verifier/verifier.h"
#include "fuzz-verifier.h"

/*
 * Input: u16 little-endian signature length, the signature (what security.ima or a detached
 * PATH.sig holds), then the file's bytes. The signature is written as the file's detached .sig
 * in the scratch directory (the verifier reads it as it would beside a kernel); the file's
 * bytes are passed in memory, as kexec passes what it read. Anchors: the kernel-signing leaf
 * (IMA signatures name their key by SKID) and the kexec CA; revocation as fuzz-authenticode.
 */
static struct vf_ctx ctx;
static char image_path[512], sig_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_verifier_open(&ctx, "fuzz-ima", "kernel-signing.crt", "kexec-ca.crt");
	/* The image itself is never written: getxattr() of it fails, and the .sig is read. */
	snprintf(image_path, sizeof(image_path), "%s/image", fz_scratch());
	snprintf(sig_path, sizeof(sig_path), "%s/image.sig", fz_scratch());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sig;
	size_t sig_len = fz_chunk(&data, &size, 16384, &sig);
	struct vf_image img = { .path = image_path, .fd = -1, .data = data, .len = size };
	struct vf_verdict v = { 0 };
	int rc;

	fz_write(sig_path, sig, sig_len);
	rc = vf_ima_verify(&img, &ctx.anchors, &ctx.revocation, &v);
	switch (rc) {
	case SB_OK:
		FZ_ASSERT(v.code == SB_OK && v.form == VF_FORM_IMA && v.anchor_kind == VF_ANCHOR_CERT);
		break;
	case SB_E_UNSIGNED:
		break;
	case SB_E_MALFORMED: case SB_E_UNTRUSTED: case SB_E_REJECTED: case SB_E_REVOKED:
	case SB_E_UNSUPPORTED:
		FZ_ASSERT(v.code == rc && v.check[0] && v.reason[0]);
		break;
	case SB_E_IO:
		/* A .sig longer than the verifier reads (8 KiB) cannot be read whole. */
		FZ_ASSERT(sig_len > 8192);
		break;
	default:
		FZ_ASSERT(!"unexpected verdict code");
	}
	return 0;
}
