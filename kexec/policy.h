/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --verify=required|auto|off: whether a verdict lets the load go ahead. */
#ifndef KX_POLICY_H
#define KX_POLICY_H

#include <stdbool.h>

#include "cli.h"
#include "verifier/report.h"

struct vf_config;

struct kx_policy {
	enum kx_verify_policy mode;
	bool enforcing;             /* the verdict must be OK */
	char why[160];              /* what made it enforcing (or not), for --explain */
};

/*
 * Resolve --verify against the system: `auto` is enforcing with -c (kexec_load: no kernel
 * check behind ours), when Secure Boot is on or the kernel is locked down (or either cannot be
 * read on an EFI system: fail closed).
 */
void kx_policy_resolve(const struct kx_opts *o, struct kx_policy *p);

/*
 * Given the verdict, 0 to go ahead or the exit code that refuses. In non-enforcing `auto`,
 * an unsigned image, or a signed one when no trusted key exists at all, goes ahead with a
 * warning; anything else that is not OK (bad signature, revoked, malformed, an untrusted
 * signer while keys exist) refuses.
 */
int kx_policy_decide(const struct kx_policy *p, const char *path, const struct vf_verdict *v,
		     bool keys_available);

/* The verifier's configuration from kexec's options: --trust files, the keyring (--keyring, or
   "kexec" when no --trust is given), --dbx/--mokx/--blacklist, --no-system-revocation, --efivars. */
void kx_verifier_config(const struct kx_opts *o, struct vf_config *c);

#endif
