/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which descriptor kexec_file_load(2) gets for the kernel: the file's own (IMA can appraise it) or a sealed memfd copy; and what the kernel's EACCES then means. */
#ifndef KX_PASS_FD_H
#define KX_PASS_FD_H

#include <stdbool.h>
#include <stddef.h>

#include "ima-policy.h"
#include "input.h"

/*
 * The rule (NOTES.md, "kexec_file_load under IMA appraisal"):
 *  - the sealed memfd, a copy of the private bytes we verified, whenever IMA cannot need the
 *    file: the file has no security.ima (an appraisal of it would fail too: IMA reads the
 *    signature from the file's xattr), or the readable IMA policy has no appraise rule that can
 *    match a kexec image. Nothing can change a sealed memfd; it is the stricter form;
 *  - the file's own descriptor when the file has security.ima and an IMA policy may appraise it
 *    (a rule says so, or the policy cannot be read, as on Debian 12's 6.1), and only when
 *    kx_input_guard() holds: root-owned, not group/other-writable, local filesystem, read lease
 *    granted before the verification read; the lease and inode are checked again before and after
 *    the call (kx_input_unchanged());
 *  - when the guard fails, the memfd after all, with a warning naming the reason: the kernel then
 *    refuses it if IMA appraises kexec images (EACCES, explained by kx_pass_explain_eacces()),
 *    which fails closed.
 */
enum kx_pass {
	KX_PASS_MEMFD,
	KX_PASS_FILE,
};

struct kx_pass_decision {
	enum kx_pass how;
	char why[1280];             /* the reason, for --explain, --dry-run and messages */
	bool warned;                /* the file wanted its descriptor passed but the guard refused */
	struct kx_ima_policy ima;
};

/* Decide for the opened (not yet read) input; takes the guard (lease) when the file's
   descriptor is chosen. ima_dir: NULL for /sys/kernel/security/ima. */
void kx_pass_decide(struct kx_input *in, const char *ima_dir, struct kx_pass_decision *d);

/*
 * kexec_file_load answered EACCES: write into msg what refused it, in words (IMA appraisal of
 * the file or of the memfd copy, and why that copy was passed; or another LSM).
 */
void kx_pass_explain_eacces(const struct kx_input *in, const struct kx_pass_decision *d,
			    char *msg, size_t len);

#endif
