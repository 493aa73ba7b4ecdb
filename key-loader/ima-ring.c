/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IMA keyrings: which one this kernel appraises with, how it finds "_ima", and which certificates may be IMA keys. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <keyutils.h>
#include <openssl/x509v3.h>

#include "lib/sb-error.h"
#include "verifier/chain.h"
#include "verifier/keyring.h"
#include "kl.h"

/*
 * security/integrity/digsig.c: the kernel verifies IMA signatures (security.ima v2) with the
 * keys of keyring_name[INTEGRITY_KEYRING_IMA], which is "_ima" without
 * CONFIG_INTEGRITY_TRUSTED_KEYRING and ".ima" with it. ".ima" is made by the kernel at boot
 * (integrity_init_keyring()), owned by root, restricted to certificates signed by a builtin
 * (or, with CONFIG_IMA_KEYRINGS_PERMIT_SIGNED_BY_BUILTIN_OR_SECONDARY, a secondary) trusted key.
 * "_ima" is never made by the kernel: integrity_keyring_from_id() calls
 * request_key(&key_type_keyring, "_ima", NULL) at the first appraisal that needs it, which
 * searches the *appraised process's* thread, process and session keyrings (or, without a
 * session keyring, the user-session keyring, which links the user keyring), and keeps the
 * first keyring it finds for the rest of the boot; a failed lookup is not kept (each logs
 * "integrity: no _ima keyring: -126"). Whoever can add to it decides what the kernel runs.
 */
#define KL_KERNEL_IMA ".ima"
#define KL_USER_IMA   "_ima"

bool kl_ima_target(const char *name)
{
	return strcmp(name, KL_USER_IMA) == 0 || strcmp(name, KL_KERNEL_IMA) == 0;
}

int kl_ima_check_kernel(const char *name)
{
	int32_t kernel_ring;

	/* The kernel's keyrings are visible only in /proc/keys: without it we cannot tell. */
	if (access("/proc/keys", R_OK) != 0) {
		vf_error("cannot read /proc/keys (%s): cannot tell whether this kernel appraises with "
			 "'.ima' or '_ima'; refusing", strerror(errno));
		return VF_EXIT_FAILED;
	}
	kernel_ring = vf_keyring_find(KL_KERNEL_IMA);
	if (kernel_ring < 0) {
		vf_error("cannot read /proc/keys (%s): cannot tell whether this kernel appraises with "
			 "'.ima' or '_ima'; refusing", strerror(errno));
		return VF_EXIT_FAILED;
	}
	if (strcmp(name, KL_USER_IMA) == 0 && kernel_ring > 0) {
		vf_error("this kernel appraises IMA signatures with its own keyring '.ima' (id %d, "
			 "CONFIG_INTEGRITY_TRUSTED_KEYRING) and never reads '_ima'; use --keyring .ima, "
			 "which takes only certificates signed by a key in .builtin_trusted_keys (or "
			 ".secondary_trusted_keys, with CONFIG_IMA_KEYRINGS_PERMIT_SIGNED_BY_BUILTIN_OR_SECONDARY): "
			 "e.g. carry the IMA certificate's CA so that the kernel puts it into .machine "
			 "(make-carrier --machine-keyring)", kernel_ring);
		return VF_EXIT_FAILED;
	}
	if (strcmp(name, KL_KERNEL_IMA) == 0 && kernel_ring <= 0) {
		vf_error("this kernel has no '.ima' keyring (CONFIG_INTEGRITY_TRUSTED_KEYRING unset): it "
			 "appraises IMA signatures with '_ima'; use --keyring _ima");
		return VF_EXIT_FAILED;
	}
	return VF_EXIT_OK;
}

bool kl_ima_key_fit(X509 *cert, char *why, size_t len)
{
	struct vf_verdict v = { 0 };
	uint32_t flags = X509_get_extension_flags(cert);
	uint32_t ku = X509_get_key_usage(cert);

	/*
	 * The kernel's rule for keys in .ima (crypto/asymmetric_keys/restrict.c
	 * restrict_link_by_digsig(), Linux 6.4+): keyUsage present with digitalSignature, no
	 * keyCertSign, not a CA. Applied to "_ima" too, which the kernel leaves unrestricted: an
	 * IMA key signs files, and a CA carried for kexec's chains must not become one.
	 */
	if (flags & EXFLAG_CA) {
		snprintf(why, len, "a CA (basicConstraints CA:TRUE): an IMA key signs files, not certificates");
		return false;
	}
	if (!(flags & EXFLAG_KUSAGE) || !(ku & KU_DIGITAL_SIGNATURE)) {
		snprintf(why, len, "%s", (flags & EXFLAG_KUSAGE) ? "keyUsage without digitalSignature" :
			 "no keyUsage extension (an IMA key needs digitalSignature)");
		return false;
	}
	if (ku & KU_KEY_CERT_SIGN) {
		snprintf(why, len, "keyUsage keyCertSign (a certificate signer, not an IMA key)");
		return false;
	}
	/* The signer rules kexec applies to every signer (extendedKeyUsage, key floor). */
	if (vf_signer_policy(cert, &v) != SB_OK) {
		snprintf(why, len, "%s", v.reason);
		return false;
	}
	return true;
}

int32_t kl_ima_lookup(void)
{
	/* request_key(2) without callout info: the search the kernel makes, with our credentials. */
	key_serial_t id = request_key("keyring", KL_USER_IMA, NULL, 0);

	return id > 0 ? id : 0;
}

void kl_ima_report_lookup(int32_t ring, bool caller_reached)
{
	int32_t found = kl_ima_lookup();

	if (found != ring) {
		vf_warn("keyring '%s' (id %d) is not what request_key finds from this process (%s)",
			KL_USER_IMA, ring, found > 0 ? "another '_ima'" : "none");
		return;
	}
	if (caller_reached) {
		printf("keyring: '%s' (id %d) is what request_key finds from this process's keyrings, as "
		       "the kernel will for an appraised process whose session reaches root's user keyring\n",
		       KL_USER_IMA, ring);
		return;
	}
	vf_warn("keyring '%s' (id %d) is under root's user keyring, which the session key-loader was "
		"started in does not link (systemd's default KeyringMode=private): the kernel looks "
		"'_ima' up from the appraised process's keyrings and keeps the first one it finds, so "
		"appraisals in processes like that fail ('integrity: no _ima keyring: -126') until one "
		"that reaches it has been appraised (key-loader(8), IMA KEYRINGS)", KL_USER_IMA, ring);
}

void kl_ima_refusal_hint(const char *name)
{
	if (strcmp(name, KL_KERNEL_IMA) == 0)
		vf_error("'.ima' takes only certificates signed by a key in .builtin_trusted_keys (or "
			 ".secondary_trusted_keys, with CONFIG_IMA_KEYRINGS_PERMIT_SIGNED_BY_BUILTIN_OR_SECONDARY): "
			 "publish the certificate's CA so that the kernel puts it into .machine "
			 "(make-carrier --machine-keyring), or add the CA to .secondary_trusted_keys first");
}

void kl_ima_status(void)
{
	int32_t kernel_ring = vf_keyring_find(KL_KERNEL_IMA), found = kl_ima_lookup(), ring;

	if (kernel_ring > 0) {
		printf("%-14s '.ima' (id %d, %ld key(s)): the kernel's, CONFIG_INTEGRITY_TRUSTED_KEYRING\n",
		       "IMA keyring", kernel_ring, vf_keyring_count(kernel_ring));
		return;
	}
	ring = found > 0 ? found : vf_keyring_find(KL_USER_IMA);
	if (ring <= 0)
		printf("%-14s '_ima' absent (the kernel logs \"no _ima keyring\" at each signature appraisal)\n",
		       "IMA keyring");
	else
		printf("%-14s '_ima' (id %d, %ld key(s))%s\n", "IMA keyring", ring, vf_keyring_count(ring),
		       found > 0 ? ", found by request_key from this process" :
		       ", under the user keyring but not found by request_key from this process");
}
