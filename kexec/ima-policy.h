/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What kexec can know about the kernel's IMA policy for kexec images (KEXEC_KERNEL_CHECK). */
#ifndef KX_IMA_POLICY_H
#define KX_IMA_POLICY_H

#include <stdbool.h>

/*
 * Whether IMA may appraise a kexec kernel image (security/integrity/ima/ima_policy.c:
 * ima_match_policy() for func KEXEC_KERNEL_CHECK). The policy is readable only with
 * CONFIG_IMA_READ_POLICY; on kernels without it and without CONFIG_IMA_WRITE_POLICY (Debian
 * 12's 6.1) the policy file disappears once a custom policy was written (ima_release_policy()),
 * and before that it can only be written. So most of the time the answer is "unknown".
 */
enum kx_ima_kexec {
	KX_IMA_ABSENT,     /* securityfs is mounted and has no ima/: no IMA in this kernel */
	KX_IMA_NO_RULE,    /* the policy is readable and no appraise rule can match a kexec image */
	KX_IMA_RULE,       /* the policy is readable and an appraise rule can (rule[] holds it) */
	KX_IMA_UNKNOWN,    /* IMA is there (or securityfs is not mounted), its rules cannot be read */
};

struct kx_ima_policy {
	enum kx_ima_kexec state;
	bool custom;       /* a custom policy was written (the policy file is gone) */
	bool imasig;       /* KX_IMA_RULE: the first such rule has appraise_type=imasig */
	char rule[256];    /* KX_IMA_RULE: that rule */
	char how[400];      /* how this was found, for --explain and messages */
};

/*
 * Look at DIR/policy (DIR: NULL for /sys/kernel/security/ima). Only an appraise rule whose
 * func= is KEXEC_KERNEL_CHECK, or which names no func= (it matches every hook), counts; their
 * other conditions (fowner=, fsmagic=, ...) are not evaluated, which can only say "may
 * appraise" where the kernel would not.
 */
void kx_ima_policy_probe(const char *dir, struct kx_ima_policy *p);

/* "no IMA", "no appraise rule for kexec images", "...", one phrase for messages. */
const char *kx_ima_kexec_name(enum kx_ima_kexec s);

#endif
