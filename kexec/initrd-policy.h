/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The initrd of a load: read once when its bytes are needed, and verified when initrd-signature = required. */
#ifndef KX_INITRD_POLICY_H
#define KX_INITRD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "config.h"

/*
 * The rule (kexec(8) "SIGNED INITRDS" says it to users):
 *  - initrd-signature = off (default): the initrd is not verified; --explain says so. A file
 *    is then passed to kexec_file_load(2) by its own descriptor (the kernel's IMA may appraise
 *    it, KEXEC_INITRAMFS_CHECK), unless its bytes are needed anyway (-c, a UKI's strict rule).
 *  - initrd-signature = required: the initrd loaded must be covered by a signature from a trusted
 *    key. A UKI's own .initrd is covered by the UKI's Authenticode signature when that verified;
 *    any initrd file (--initrd, for a UKI as well) must carry its own detached signature,
 *    checked by verifier/ vf_verify_file(): an IMA v2 signature (security.ima, or FILE.sig as
 *    `evmctl ima_sign --sigfile` writes it) and/or a detached PKCS#7 FILE.p7s
 *    (verifier/pkcs7-detached.h), with the trust, revocation and policy-floor rules of kernels.
 *    Missing or bad: refused with the verdict's exit code (11 unsigned, 12, 13, 14, 15), the
 *    message naming the initrd. The file is read once, through one descriptor (security.ima is
 *    read from it): the bytes verified are the bytes loaded, passed as bytes (a sealed memfd),
 *    never as the file, which could change after the check.
 */
struct kx_initrd {
	bool present;
	char what[600];             /* the file, or "UKI .initrd of FILE": for messages */
	const char *path;           /* the file; NULL for a UKI section */
	int fd;                     /* the file's descriptor (-1 when none) */
	const uint8_t *data;        /* its bytes, when read (or the UKI section's); NULL otherwise */
	size_t len;
	uint8_t *owned;             /* data, when we read it */
	bool covered;               /* a trusted signature covers exactly these bytes */
	char covered_by[480];       /* what covers them, or why nothing does (for --explain) */
};

/* No initrd. */
void kx_initrd_none(struct kx_initrd *ini);

/* --initrd FILE: opened, and read into memory when need_bytes. 0, or 255 with the error printed. */
int kx_initrd_open(const char *path, bool need_bytes, struct kx_initrd *ini);

/* Read an opened file's bytes (if not yet). 0 or 255 with the error printed. */
int kx_initrd_read(struct kx_initrd *ini);

/* A UKI's .initrd (bytes inside the verified UKI buffer); covered when the UKI verified. */
void kx_initrd_from_uki(const char *uki_path, const uint8_t *data, size_t len, bool uki_verified,
			const char *uki_verdict, struct kx_initrd *ini);

/*
 * Apply initrd-signature: required -> an initrd file is read (if not yet) and verified with the
 * options' anchors and revocation sources; a UKI section must be covered already. Says what was
 * decided (--explain), and "not verified" when off. 0, or the exit code with the refusal printed
 * ("FILE: initrd: VERDICT: check: reason; nothing was loaded").
 */
int kx_initrd_enforce(const struct kx_opts *o, const struct kx_config *cfg, struct kx_initrd *ini);

void kx_initrd_release(struct kx_initrd *ini);

#endif
