/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parts of a load: detect a UKI before verification, then settle kernel, initrd and command line after it (rules: uki.h, initrd-policy.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "exit-codes.h"
#include "lib/sb-error.h"
#include "load-parts.h"
#include "report.h"

int kx_parts_detect(const struct kx_opts *o, const struct vf_image *img, struct kx_load_parts *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	kx_initrd_none(&p->initrd);
	p->kernel = img->data;
	p->kernel_len = img->len;
	snprintf(p->kernel_what, sizeof(p->kernel_what), "%s", o->kernel);
	rc = uki_parse(img->data, img->len, &p->u);
	if (rc == SB_OK) {
		p->uki = true;
		vf_explain("image: %s is a UKI (a PE with a .linux section): its Authenticode signature "
			   "is verified, then its sections are loaded", o->kernel);
		return KX_EXIT_OK;
	}
	/* Not a PE at all, or a PE without .linux: a kernel image, verified as before. */
	if (rc == SB_E_NOT_FOUND || (rc <= SB_E_PE_DOS_TRUNCATED && rc >= SB_E_PE_SECTION_GAP))
		return KX_EXIT_OK;
	kx_error("%s: %s: uki: %s (lib/uki.h: the sections of a UKI must be single, apart in memory, "
		 "and within their raw data); nothing was loaded", o->kernel, sb_strerror(sb_error_class(rc)),
		 sb_strerror(rc));
	return vf_exit_from_verdict(rc);
}

unsigned kx_parts_verify_flags(const struct kx_load_parts *p)
{
	return p->uki ? VF_AUTHENTICODE_ONLY : 0;
}

/* An inner .linux without its own signature: kexec_file_load checks that one, not the UKI's. */
static void check_inner_signature(const struct kx_opts *o, const struct kx_load_parts *p,
				  enum vf_lockdown lock)
{
	struct pe_image inner;
	bool is_pe = pe_parse(p->kernel, p->kernel_len, PE_LAYOUT_FILE, &inner) == SB_OK;

	vf_explain("UKI: .linux %s", !is_pe ? "is no PE image (no Authenticode signature of its own)" :
		   inner.cert_size ? "carries its own Authenticode signature (kexec_file_load checks it)" :
		   "has no Authenticode signature of its own");
	if (o->syscall == KX_SYSCALL_LOAD || (is_pe && inner.cert_size))
		return;
	if (vf_locked_down(lock))
		kx_warn("%s: UKI: its .linux has no Authenticode signature of its own: kexec_file_load "
			"checks that one (not the UKI's), and under lockdown=%s it refuses an unsigned "
			"image", o->kernel, vf_lockdown_name(lock));
}

static int settle_uki(const struct kx_opts *o, const struct kx_config *cfg, const struct vf_verdict *v,
		      bool verified, enum vf_lockdown lock, struct kx_load_parts *p)
{
	struct kx_uki_cmdline cmd;
	char *built = NULL, verdict[600];
	bool cmdline_given = o->append || o->reuse_cmdline;
	int ret;

	p->kernel = p->u.part[UKI_LINUX].data;
	p->kernel_len = p->u.part[UKI_LINUX].len;
	snprintf(p->kernel_what, sizeof(p->kernel_what), "UKI .linux of %s", o->kernel);
	check_inner_signature(o, p, lock);
	snprintf(verdict, sizeof(verdict), "the UKI's signature did not verify (%s%s%s)",
		 v->code == SB_OK ? "not checked: --verify=off" : sb_strerror(v->code),
		 v->code == SB_OK ? "" : ": ", v->code == SB_OK ? "" : v->reason);
	ret = kx_uki_initrd(o, cfg, &p->u, verified, verdict, &p->initrd);
	if (ret != KX_EXIT_OK)
		return ret;
	if (cmdline_given) {
		built = kx_cmdline_build(o->reuse_cmdline, o->crash, o->append, NULL);
		if (!built)
			return KX_EXIT_FAILED;
	}
	ret = kx_uki_cmdline(o, cfg, &p->u, verified, built, &cmd);
	free(built);
	if (ret != KX_EXIT_OK)
		return ret;
	p->cmdline = cmd.text;
	ret = kx_initrd_enforce(o, cfg, &p->initrd);
	if (ret != KX_EXIT_OK)
		return ret;
	kx_uki_report(o->kernel, verified, &p->initrd, &cmd);
	return KX_EXIT_OK;
}

int kx_parts_settle(const struct kx_opts *o, const struct kx_config *cfg, const struct vf_image *img,
		    const struct vf_verdict *v, bool verified, enum vf_lockdown lock,
		    struct kx_load_parts *p)
{
	/* Bytes are needed for kexec_load segments, for a verification, for a strict comparison. */
	bool need_bytes = o->syscall == KX_SYSCALL_LOAD || cfg->initrd_signature == KX_INITRD_SIG_REQUIRED ||
			  (p->uki && cfg->uki_overrides == KX_UKI_STRICT);
	int ret;

	vf_explain("policy: initrd-signature = %s (from %s), uki-overrides = %s (from %s)",
		   cfg->initrd_signature == KX_INITRD_SIG_REQUIRED ? "required" : "off",
		   cfg->initrd_signature_from, cfg->uki_overrides == KX_UKI_STRICT ? "strict" : "replace",
		   cfg->uki_overrides_from);
	if (o->initrd) {
		ret = kx_initrd_open(o->initrd, need_bytes, &p->initrd);
		if (ret != KX_EXIT_OK)
			return ret;
	}
	if (p->uki)
		return settle_uki(o, cfg, v, verified, lock, p);
	(void)img;
	p->cmdline = kx_cmdline_build(o->reuse_cmdline, o->crash, o->append, NULL);
	if (!p->cmdline)
		return KX_EXIT_FAILED;
	return kx_initrd_enforce(o, cfg, &p->initrd);
}

void kx_parts_blobs(const struct kx_load_parts *p, struct kx_blob *kernel, struct kx_blob *initrd,
		    bool *has_initrd)
{
	kernel->path = p->kernel_what;
	kernel->fd = -1;            /* the verified bytes, through a sealed memfd */
	kernel->data = p->kernel;
	kernel->len = p->kernel_len;
	*has_initrd = p->initrd.present;
	initrd->path = p->initrd.what;
	/* Bytes when we read (and possibly verified) them, else the file's own descriptor. */
	initrd->fd = p->initrd.data ? -1 : p->initrd.fd;
	initrd->data = p->initrd.data;
	initrd->len = p->initrd.len;
}

void kx_parts_describe(const struct kx_blob *b, char *out, size_t len)
{
	snprintf(out, len, "%s %s", b->fd >= 0 ? "the descriptor of" : "a sealed memfd copy of", b->path);
}

void kx_parts_release(struct kx_load_parts *p)
{
	kx_initrd_release(&p->initrd);
	free(p->cmdline);
	p->cmdline = NULL;
}
