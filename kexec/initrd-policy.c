/* SPDX-License-Identifier: GPL-2.0-or-later */
/* initrd-signature: an initrd file is read once and its detached signatures verified, or a UKI's .initrd is covered by the UKI (rule: initrd-policy.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit-codes.h"
#include "file-io.h"
#include "initrd-policy.h"
#include "lib/sb-error.h"
#include "policy.h"
#include "report.h"
#include "verifier/verifier.h"

#define KX_MAX_INITRD (1024u << 20)

void kx_initrd_none(struct kx_initrd *ini)
{
	memset(ini, 0, sizeof(*ini));
	ini->fd = -1;
}

int kx_initrd_open(const char *path, bool need_bytes, struct kx_initrd *ini)
{
	kx_initrd_none(ini);
	ini->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (ini->fd < 0) {
		kx_error("Cannot open `%s': %s", path, strerror(errno));   /* kexec-tools' words */
		return KX_EXIT_FAILED;
	}
	ini->present = true;
	ini->path = path;
	snprintf(ini->what, sizeof(ini->what), "%s", path);
	snprintf(ini->covered_by, sizeof(ini->covered_by), "not verified");
	return need_bytes ? kx_initrd_read(ini) : KX_EXIT_OK;
}

int kx_initrd_read(struct kx_initrd *ini)
{
	if (ini->data || !ini->path)
		return KX_EXIT_OK;
	if (vf_read_fd(ini->fd, &ini->owned, &ini->len, KX_MAX_INITRD) != SB_OK) {
		kx_error("%s: cannot read initrd: %s", ini->path, strerror(errno));
		return KX_EXIT_FAILED;
	}
	ini->data = ini->owned;
	return KX_EXIT_OK;
}

void kx_initrd_from_uki(const char *uki_path, const uint8_t *data, size_t len, bool uki_verified,
			const char *uki_verdict, struct kx_initrd *ini)
{
	kx_initrd_none(ini);
	ini->present = true;
	snprintf(ini->what, sizeof(ini->what), "UKI .initrd of %s", uki_path);
	ini->data = data;
	ini->len = len;
	ini->covered = uki_verified;
	snprintf(ini->covered_by, sizeof(ini->covered_by), "%s", uki_verified ?
		 "the UKI's Authenticode signature" : uki_verdict);
}

/* The verifier's verdict on an initrd file's own detached signatures. */
static int verify_file(const struct kx_opts *o, struct kx_initrd *ini)
{
	struct vf_config cfg;
	struct vf_ctx ctx;
	struct vf_verdict v;
	struct vf_image img = { .fd = -1 };
	int ret;

	ret = kx_initrd_read(ini);
	if (ret != KX_EXIT_OK)
		return ret;
	kx_verifier_config(o, &cfg);
	if (vf_open(&ctx, &cfg, &v) != SB_OK) {
		kx_error("%s: initrd: %s: %s", ini->what, v.check, v.reason);
		return v.code == SB_E_MALFORMED ? VF_EXIT_MALFORMED : KX_EXIT_FAILED;
	}
	img.path = ini->path;
	img.fd = ini->fd;
	img.data = ini->data;
	img.len = ini->len;
	vf_verify_file(&ctx, &img, &v);
	vf_close(&ctx);
	if (v.code != SB_OK) {
		kx_error("%s: initrd: %s: %s: %s; nothing was loaded (initrd-signature = required)",
			 ini->what, sb_strerror(v.code), v.check, v.reason);
		return vf_exit_from_verdict(v.code);
	}
	ini->covered = true;
	snprintf(ini->covered_by, sizeof(ini->covered_by), "%s", v.reason);
	/* One line for the loader's log, as for the kernel. */
	printf("kexec: %s: initrd verified: %s\n", ini->what, v.reason);
	(void)fflush(stdout);
	return KX_EXIT_OK;
}

int kx_initrd_enforce(const struct kx_opts *o, const struct kx_config *cfg, struct kx_initrd *ini)
{
	if (!ini->present) {
		vf_explain("initrd: none");
		return KX_EXIT_OK;
	}
	if (cfg->initrd_signature == KX_INITRD_SIG_OFF) {
		if (ini->covered)
			vf_explain("initrd: %s: covered by %s", ini->what, ini->covered_by);
		else
			vf_explain("initrd: %s: NOT verified (initrd-signature = off, from %s)", ini->what,
				   cfg->initrd_signature_from);
		return KX_EXIT_OK;
	}
	vf_explain("initrd: %s: a trusted signature is required (initrd-signature = required, from %s)",
		   ini->what, cfg->initrd_signature_from);
	if (ini->covered) {
		vf_explain("initrd: covered by %s", ini->covered_by);
		return KX_EXIT_OK;
	}
	if (!ini->path) {
		/* A UKI's .initrd whose UKI did not verify: nothing else could cover it. */
		kx_error("%s: initrd: unsigned: not covered by a verified signature (%s); nothing was "
			 "loaded (initrd-signature = required)", ini->what, ini->covered_by);
		return VF_EXIT_UNSIGNED;
	}
	return verify_file(o, ini);
}

void kx_initrd_release(struct kx_initrd *ini)
{
	free(ini->owned);
	if (ini->fd >= 0)
		close(ini->fd);
	kx_initrd_none(ini);
}
