/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which descriptor kexec_file_load(2) gets for the kernel, and what the kernel's EACCES then means (pass-fd.h). */
#include <stdio.h>
#include <string.h>

#include "pass-fd.h"

/* security.ima in words (security/integrity/integrity.h: evm_ima_xattr_type). */
static void describe_xattr(const struct kx_input *in, char *out, size_t len)
{
	const uint8_t *x = in->ima;

	if (!x)
		snprintf(out, len, "no security.ima");
	else if (x[0] == 0x03 && in->ima_len >= 9)
		snprintf(out, len, "security.ima: an IMA signature (v%u, key id %02x%02x%02x%02x)", x[1],
			 x[3], x[4], x[5], x[6]);
	else if (x[0] == 0x04 || x[0] == 0x01)
		snprintf(out, len, "security.ima: a plain hash, no signature");
	else
		snprintf(out, len, "security.ima of type 0x%02x", x[0]);
}

static const char *policy_words(const struct kx_ima_policy *p, char *buf, size_t len)
{
	if (p->state == KX_IMA_RULE)
		snprintf(buf, len, "IMA policy rule '%s'", p->rule);
	else
		snprintf(buf, len, "%s: %s", kx_ima_kexec_name(p->state), p->how);
	return buf;
}

void kx_pass_decide(struct kx_input *in, const char *ima_dir, struct kx_pass_decision *d)
{
	char xattr[96], pol[720];

	memset(d, 0, sizeof(*d));
	kx_ima_policy_probe(ima_dir, &d->ima);
	describe_xattr(in, xattr, sizeof(xattr));
	policy_words(&d->ima, pol, sizeof(pol));
	d->how = KX_PASS_MEMFD;
	if (!in->ima) {
		snprintf(d->why, sizeof(d->why), "a sealed memfd copy: the file has no security.ima, so "
			 "an IMA appraisal could not pass with the file either (%s)", pol);
		return;
	}
	if (d->ima.state == KX_IMA_ABSENT || d->ima.state == KX_IMA_NO_RULE) {
		snprintf(d->why, sizeof(d->why), "a sealed memfd copy: IMA does not appraise kexec "
			 "images here (%s), so its %s is not needed", pol, xattr);
		return;
	}
	if (!kx_input_guard(in)) {
		d->warned = true;
		snprintf(d->why, sizeof(d->why), "a sealed memfd copy, not the file's own descriptor "
			 "that IMA would need (%s; %s): %s", pol, xattr, in->why_unguarded);
		return;
	}
	d->how = KX_PASS_FILE;
	snprintf(d->why, sizeof(d->why), "the file's own descriptor, for IMA (%s; %s): owned by root, "
		 "not writable by others, local filesystem, read lease held from before the "
		 "verification read", pol, xattr);
}

void kx_pass_explain_eacces(const struct kx_input *in, const struct kx_pass_decision *d,
			    char *msg, size_t len)
{
	char xattr[96], pol[720];

	describe_xattr(in, xattr, sizeof(xattr));
	policy_words(&d->ima, pol, sizeof(pol));
	if (d->ima.state == KX_IMA_ABSENT || d->ima.state == KX_IMA_NO_RULE) {
		snprintf(msg, len, "not IMA (%s): another security module refused the image (see the "
			 "audit log)", pol);
	} else if (d->how == KX_PASS_FILE) {
		snprintf(msg, len, "the kernel's IMA appraisal refused the file (%s): kexec passed the "
			 "file's own descriptor and its %s does not satisfy IMA; the key must be in the "
			 "kernel's _ima (or .ima) keyring, or .platform for kexec images, and the kernel "
			 "log's audit line 'op=appraise_data cause=...' says what failed", pol, xattr);
	} else if (!in->ima) {
		snprintf(msg, len, "the kernel's IMA appraisal refused it (%s): the file has no "
			 "security.ima, which IMA requires of kexec images (kexec passed a sealed memfd "
			 "copy, with no security.ima either); sign it (evmctl ima_sign) and set the "
			 "signature as its security.ima", pol);
	} else {
		snprintf(msg, len, "the kernel's IMA appraisal refused the sealed memfd copy kexec "
			 "passed (%s; a memfd has no security.ima): the file's own descriptor, with its "
			 "%s, was not passed because %s", pol, xattr, in->why_unguarded);
	}
}
