/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's refusal of a kexec_file_load(2), in words: signature, lockdown, IMA appraisal, writers. */
#include <errno.h>
#include <string.h>

#include "exit-codes.h"
#include "file-load.h"
#include "load-report.h"
#include "report.h"
#include "verifier/keyring.h"

#define OURS_ACCEPTED "; our userspace verification accepted it: the key we trust is not one the kernel trusts"
/* kexec_file_load gets a UKI's inner .linux only: its own signature is what the kernel checks. */
#define UKI_INNER "; it checked the UKI's inner .linux, whose own signature is what counts there " \
	"(the UKI's signature, which kexec verified, it never sees)"

/*
 * Can IMA stand in for a PE signature under lockdown? kernel/kexec_file.c
 * kimage_validate_signature() asks ima_appraise_signature(), which include/linux/ima.h makes
 * "false" unless CONFIG_INTEGRITY_TRUSTED_KEYRING: with it the kernel has a trusted ".ima"
 * keyring, which root sees in /proc/keys; without it (Debian 12's 6.1) it has none.
 */
static bool kernel_has_trusted_ima_keyring(void)
{
	return vf_keyring_find(".ima") > 0;
}

/* Without a PE signature the kernel can only go by IMA (kernel/kexec_file.c,
   kimage_validate_signature(); security/integrity/ima/ima_policy.c, ima_appraise_signature()). */
static const char *ima_only_hint(const struct kx_load_facts *f, int err)
{
	if (f->form != VF_FORM_IMA)
		return "";
	if (err == ENODATA)
		return ". The image has no PE signature, only the IMA signature kexec verified, and "
		       "this kernel enforces PE signatures for kexec (Secure Boot with the IMA "
		       "architecture policy sets that, as does CONFIG_KEXEC_SIG_FORCE; dmesg: \"Enforced "
		       "kernel signature verification failed (-61)\"): here an IMA signature does not "
		       "replace one";
	if (!kernel_has_trusted_ima_keyring())
		return ". The image has no PE signature, only the IMA signature kexec verified, and this "
		       "kernel has no trusted .ima keyring (CONFIG_INTEGRITY_TRUSTED_KEYRING unset), "
		       "without which ima_appraise_signature() is always false: under lockdown it "
		       "refuses every image without a PE signature, whatever the IMA policy";
	return ". The image has no PE signature, only the IMA signature kexec verified: a locked-down "
	       "kernel accepts that only when its IMA policy appraises KEXEC_KERNEL_CHECK with "
	       "appraise_type=imasig (and it does not enforce PE signatures)";
}

void kx_warn_ima_only(const struct kx_load_facts *f)
{
	if (f->form == VF_FORM_IMA && vf_locked_down(f->lock) && !kernel_has_trusted_ima_keyring())
		kx_warn("%s: it has no PE signature, only an IMA one, and this kernel is locked down "
			"(lockdown=%s) with no trusted .ima keyring (CONFIG_INTEGRITY_TRUSTED_KEYRING "
			"unset): kexec_file_load will refuse it whatever the IMA policy", f->o->kernel,
			vf_lockdown_name(f->lock));
}

int kx_report_file_load_error(const struct kx_load_facts *f, int err)
{
	const char *k = f->what ? f->what : f->o->kernel;
	char why[2048];

	if (kx_file_load_signature_refused(err)) {
		kx_error("%s: kexec_file_load: the kernel refused the image signature: %s (%s). "
			 "The kernel checks it against .builtin_trusted_keys, .secondary_trusted_keys "
			 "and .platform%s%s", k, strerror(err),
			 err == ENOKEY ? "ENOKEY: no key it trusts signed it" :
			 err == EKEYREJECTED ? "EKEYREJECTED: the signature does not verify" :
			 err == ENODATA ? "ENODATA: it requires a signature" : "malformed signature",
			 f->uki ? UKI_INNER : f->verified && f->form != VF_FORM_IMA ? OURS_ACCEPTED
				", or the kernel checked another signature entry" : "", ima_only_hint(f, err));
		return VF_EXIT_KERNEL_REFUSED;
	}
	if (err == EACCES) {
		/* ima_appraise_measurement(): -EACCES when appraisal fails under enforcement; an LSM's
		   kernel_read_file hook answers the same. */
		kx_pass_explain_eacces(f->in, f->pass, why, sizeof(why));
		kx_error("%s: kexec_file_load: %s: %s; nothing was loaded", k, strerror(err), why);
		return VF_EXIT_KERNEL_REFUSED;
	}
	if (err == ETXTBSY && f->pass->how == KX_PASS_FILE) {
		/* fs/kernel_read_file.c: deny_write_access() fails while a writer has the file open. */
		kx_error("%s: kexec_file_load: %s: another process opened the file for writing while it "
			 "was being loaded (the kernel refuses to read a file open for writing); nothing "
			 "was loaded", k, strerror(err));
		return KX_EXIT_CHANGED;
	}
	if (err == EPERM && vf_locked_down(f->lock)) {
		/* kernel/kexec_file.c kimage_validate_signature(): a failed signature check
		   becomes -EPERM when the kernel is locked down and not in enforcing mode. */
		kx_error("%s: kexec_file_load: the kernel refused the image: %s. Under lockdown=%s "
			 "it loads only images whose signature it verifies against "
			 ".builtin_trusted_keys, .secondary_trusted_keys and .platform (dmesg: "
			 "\"kexec of unsigned images is restricted\")%s%s", k, strerror(err),
			 vf_lockdown_name(f->lock), f->uki ? UKI_INNER :
			 f->verified && f->form != VF_FORM_IMA ? OURS_ACCEPTED : "", ima_only_hint(f, err));
		return VF_EXIT_KERNEL_REFUSED;
	}
	if (err == EPERM)
		kx_error("%s: kexec_file_load: %s (needs CAP_SYS_BOOT; kexec may be disabled by "
			 "kernel.kexec_load_disabled, or refused by lockdown=%s)", k, strerror(err),
			 vf_lockdown_name(f->lock));
	else if (err == EBUSY)
		kx_error("%s: kexec_file_load: %s (a kexec is in progress?)", k, strerror(err));
	else if (err == ENOMEM && f->o->crash)
		kx_error("%s: kexec_file_load: %s (crash kernel and initrd larger than the "
			 "crashkernel= reservation?)", k, strerror(err));
	else
		kx_error("%s: kexec_file_load failed: %s", k, strerror(err));
	return KX_EXIT_FAILED;
}
