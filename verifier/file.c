/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verdict for a plain file such as an initrd: its digests against revocation, then every detached signature it has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb-error.h"
#include "verifier/ima.h"
#include "verifier/pkcs7-detached.h"
#include "verifier/verifier.h"

int vf_verify_file(struct vf_ctx *ctx, const struct vf_image *img, struct vf_verdict *v)
{
	struct vf_digests d = { 0 };
	struct vf_verdict ima = { 0 };
	uint8_t *p7s = NULL;
	size_t p7s_len = 0;
	char where[4096];
	int ret, ima_ret;

	memset(v, 0, sizeof(*v));
	vf_explain("file: %s (%zu bytes)", img->path, img->len);
	ret = vf_file_digests(img->data, img->len, vf_revocation_digest_algs(&ctx->revocation), &d);
	if (ret != SB_OK)
		return vf_fail(v, ret, "file-digest", "cannot compute the file digest (%s)", sb_strerror(ret));
	/* A revoked file stays revoked whoever signed it. */
	ret = vf_revoked_digests(&ctx->revocation, &d, "file digest", v);
	if (ret != SB_OK)
		return ret;

	/* Every signature the file has must verify; one is enough to be trusted. */
	ima_ret = vf_ima_verify(img, &ctx->anchors, &ctx->revocation, &ima);
	if (ima_ret != SB_E_UNSIGNED && ima_ret != SB_OK) {
		*v = ima;
		return v->code = ima_ret;
	}
	ret = vf_pkcs7_detached_read(img->path, &p7s, &p7s_len);
	if (ret == SB_E_IO)
		return vf_fail(v, SB_E_IO, "pkcs7", "%s.p7s exists but cannot be read", img->path);
	if (ret == SB_OK) {
		snprintf(where, sizeof(where), "%s.p7s", img->path);
		ret = vf_pkcs7_detached_verify(img->data, img->len, p7s, p7s_len, where, &d,
					       &ctx->anchors, &ctx->revocation, v);
		free(p7s);
		if (ret != SB_OK)
			return v->code = ret;
		if (ima_ret == SB_OK)
			vf_explain("  also IMA-signed: %s", ima.reason);
		vf_explain("verdict: OK (detached PKCS#7)");
		return SB_OK;
	}
	if (ima_ret == SB_OK) {
		*v = ima;
		vf_explain("verdict: OK (IMA)");
		return SB_OK;
	}
	return vf_fail(v, SB_E_UNSIGNED, "signature", "no signature: no IMA signature (security.ima, "
		       "%s.sig) and no detached PKCS#7 (%s.p7s)", img->path, img->path);
}
