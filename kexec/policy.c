/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --verify=required|auto|off: whether a verdict lets the load go ahead. */
#include <stdio.h>
#include <unistd.h>

#include "exit-codes.h"
#include "lib/sb-error.h"
#include "policy.h"
#include "system-state.h"

void kx_policy_resolve(const struct kx_opts *o, struct kx_policy *p)
{
	enum kx_lockdown lock = kx_lockdown_mode(o->lockdown_file);
	bool sb = kx_secure_boot_enabled(o->efivars_dir);
	bool efi = o->efivars_dir ? true : access("/sys/firmware/efi", F_OK) == 0;

	p->mode = o->verify;
	switch (o->verify) {
	case KX_VERIFY_REQUIRED:
		p->enforcing = true;
		snprintf(p->why, sizeof(p->why), "--verify=required");
		break;
	case KX_VERIFY_OFF:
		p->enforcing = false;
		snprintf(p->why, sizeof(p->why), "--verify=off: no userspace verification");
		break;
	case KX_VERIFY_AUTO:
		if (o->syscall == KX_SYSCALL_LOAD) {
			/* kexec_load(2): the kernel checks nothing, the purgatory only that the
			   segments arrived intact, so our verdict is the only check. */
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto with -c (kexec_load: nothing else checks "
				 "the image) => required");
		} else if (sb || lock == KX_LOCKDOWN_INTEGRITY || lock == KX_LOCKDOWN_CONFIDENTIALITY) {
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: Secure Boot %s, lockdown %s => required",
				 sb ? "on" : "off", kx_lockdown_name(lock));
		} else if (lock == KX_LOCKDOWN_UNKNOWN && efi && !sb) {
			/* Cannot tell whether the kernel enforces anything: fail closed. */
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: EFI system, lockdown state unreadable "
				 "=> required");
		} else {
			p->enforcing = false;
			snprintf(p->why, sizeof(p->why), "auto: Secure Boot off, lockdown %s => verify "
				 "what can be verified", kx_lockdown_name(lock));
		}
		break;
	}
	kx_explain("policy: %s", p->why);
}

int kx_policy_decide(const struct kx_policy *p, const char *path, const struct kx_verdict *v,
		     bool keys_available)
{
	if (p->mode == KX_VERIFY_OFF || v->code == SB_OK)
		return KX_EXIT_OK;
	if (!p->enforcing) {
		if (v->code == SB_E_UNSIGNED) {
			kx_warn("%s: unsigned image accepted for loading without verification (%s)", path, p->why);
			return KX_EXIT_OK;
		}
		if (v->code == SB_E_UNTRUSTED && !keys_available) {
			kx_warn("%s: signature not checked against any key: no trusted key is "
				"available (%s)", path, v->reason);
			return KX_EXIT_OK;
		}
	}
	return kx_exit_from_verdict(v->code);
}
