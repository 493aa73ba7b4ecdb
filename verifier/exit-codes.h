/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The exit codes kexec and key-loader share: kexec-tools' own (0, 1, 255) plus one per verification verdict. */
#ifndef VF_EXIT_CODES_H
#define VF_EXIT_CODES_H

/*
 * kexec-tools exits 0 on success, 1 on a usage error (and from die()), and 255 (its EFAILED, -1)
 * when a load/unload/exec fails. Scripts such as kdump-config and kdumpctl only test for
 * zero/non-zero, so the verification verdicts get their own codes in a range kexec-tools never
 * uses; the same verdict gives the same code from both programs. Listed in priority order:
 * when several apply, the higher one wins (revoked beats everything but malformed input).
 *
 * The codes a program adds for itself live with it and stay out of each other's way:
 *   2-9    kexec (kexec/exit-codes.h: 2 load path unsupported, 3 lockdown)
 *   16-19  key-loader (key-loader/kl.h: 16 no KeyCarrierRT, 17 KeyCarrierRT not from firmware,
 *          18 recorded certs the kernel did not get, 19 the TPM log disagrees)
 */
enum vf_exit {
	VF_EXIT_OK             = 0,
	VF_EXIT_USAGE          = 1,   /* bad options (kexec -S: "loaded") */
	VF_EXIT_MALFORMED      = 10,  /* the image, a signature blob or revocation data does not parse */
	VF_EXIT_UNSIGNED       = 11,  /* no signature */
	VF_EXIT_UNTRUSTED      = 12,  /* signed, but no trusted key for the signer, or a chain rule fails */
	VF_EXIT_REJECTED       = 13,  /* bad signature or digest mismatch */
	VF_EXIT_REVOKED        = 14,  /* image digest, a chain certificate or key, or the anchor is revoked */
	VF_EXIT_UNSUPPORTED    = 15,  /* an algorithm or key below the floor, or a variant not verified */
	VF_EXIT_KERNEL_REFUSED = 20,  /* the kernel refused (kexec_file_load signature, add_key) */
	VF_EXIT_FAILED         = 255, /* any other failure (I/O, system call, out of memory) */
};

/* Map an SB_E_* verdict (any fine code too) to its exit code. */
int vf_exit_from_verdict(int sb_err);

#endif
