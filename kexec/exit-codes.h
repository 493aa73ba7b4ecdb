/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exit codes of the kexec binary: kexec-tools' own (0, 1, 255) plus one per verification verdict. */
#ifndef KX_EXIT_CODES_H
#define KX_EXIT_CODES_H

/*
 * kexec-tools exits 0 on success, 1 on a usage error (and from die()), and 255 (its EFAILED, -1)
 * when a load/unload/exec fails; `-S` exits 1 when loaded, 0 when not. Scripts such as
 * kdump-config and kdumpctl only test for zero/non-zero, so the verification verdicts get their
 * own codes in a range kexec-tools never uses. Listed in priority order: when several apply,
 * the higher one wins (revoked beats everything).
 */
enum kx_exit {
	KX_EXIT_OK            = 0,
	KX_EXIT_USAGE         = 1,   /* bad options; also `-S`: "loaded" */
	KX_EXIT_LOAD_UNSUPPORTED = 2, /* -c: not a bzImage the kexec_load path loads, or no room for its segments */
	KX_EXIT_LOCKDOWN      = 3,   /* the kernel is locked down and the request needs kexec_load(2) */
	KX_EXIT_MALFORMED     = 10,  /* the image is not a well-formed PE/COFF file / signature blob */
	KX_EXIT_UNSIGNED      = 11,  /* no signature */
	KX_EXIT_UNTRUSTED     = 12,  /* signed, but no trusted key for the signer (no key) */
	KX_EXIT_REJECTED      = 13,  /* bad signature or digest mismatch */
	KX_EXIT_REVOKED       = 14,  /* image hash or a chain certificate is revoked */
	KX_EXIT_UNSUPPORTED   = 15,  /* a signature variant we do not verify (e.g. SHA-1) */
	KX_EXIT_KERNEL_REFUSED = 20, /* kexec_file_load(2) refused the signature (ENOKEY, EKEYREJECTED...) */
	KX_EXIT_FAILED        = 255, /* any other failure (I/O, syscall, nothing loaded) */
};

/* Map an SB_E_* verdict to its exit code. */
int kx_exit_from_verdict(int sb_err);

#endif
