/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --verify=required|auto|off: whether a verdict lets the load go ahead; the verifier's configuration. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exit-codes.h"
#include "lib/sb-error.h"
#include "policy.h"
#include "verifier/system-state.h"
#include "verifier/verifier.h"

void kx_policy_resolve(const struct kx_opts *o, struct kx_policy *p)
{
	enum vf_lockdown lock = vf_lockdown_mode(o->lockdown_file);
	int sb_state = vf_secure_boot_state(o->efivars_dir);
	bool sb = sb_state == 1;
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
		} else if (sb_state < 0) {
			/* The variable is there but could not be read: it may say "on". */
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: the SecureBoot variable cannot be read "
				 "=> required");
		} else if (sb || vf_locked_down(lock)) {
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: Secure Boot %s, lockdown %s => required",
				 sb ? "on" : "off", vf_lockdown_name(lock));
		} else if (lock == VF_LOCKDOWN_UNREADABLE) {
			/* The lockdown file is there, but reading it failed: it may say integrity. */
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: lockdown state cannot be read => required");
		} else if (lock == VF_LOCKDOWN_UNKNOWN && efi && !sb) {
			/* Cannot tell whether the kernel enforces anything: fail closed. */
			p->enforcing = true;
			snprintf(p->why, sizeof(p->why), "auto: EFI system, lockdown state unreadable "
				 "=> required");
		} else {
			p->enforcing = false;
			snprintf(p->why, sizeof(p->why), "auto: Secure Boot off, lockdown %s => verify "
				 "what can be verified", vf_lockdown_name(lock));
		}
		break;
	}
	vf_explain("policy: %s", p->why);
}

int kx_policy_decide(const struct kx_policy *p, const char *path, const struct vf_verdict *v,
		     bool keys_available)
{
	if (p->mode == KX_VERIFY_OFF || v->code == SB_OK)
		return KX_EXIT_OK;
	if (!p->enforcing) {
		if (v->code == SB_E_UNSIGNED) {
			vf_warn("%s: unsigned image accepted for loading without verification (%s)", path, p->why);
			return KX_EXIT_OK;
		}
		if (v->code == SB_E_UNTRUSTED && !keys_available) {
			vf_warn("%s: signature not checked against any key: no trusted key is "
				"available (%s)", path, v->reason);
			return KX_EXIT_OK;
		}
	}
	return vf_exit_from_verdict(v->code);
}

_Static_assert(KX_MAX_TRUST <= VF_MAX_TRUST, "every --trust file must reach the verifier");

void kx_verifier_config(const struct kx_opts *o, struct vf_config *c)
{
	unsigned i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < o->ntrust && i < VF_MAX_TRUST; i++)
		c->anchors.trust_files[i] = o->trust[i];
	c->anchors.ntrust = i;
	/* The keyring is the default anchor; with --trust it is used only when named. */
	if (o->keyring || o->ntrust == 0)
		c->anchors.keyring = o->keyring ? o->keyring : "kexec";
	c->revocation.dbx_file = o->dbx_file;
	c->revocation.mokx_file = o->mokx_file;
	c->revocation.blacklist_file = o->blacklist_file;
	c->revocation.no_system = o->no_system_revocation;
	c->revocation.efivars_dir = o->efivars_dir;
}
