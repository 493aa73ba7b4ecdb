/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image verification: parse the PE once, check its digests against revocation, then each certificate-table entry. */
#include <stdlib.h>
#include <string.h>

#include "lib/sb-error.h"
#include "verifier/authenticode.h"
#include "verifier/ima.h"
#include "verifier/verifier.h"

int vf_open(struct vf_ctx *ctx, const struct vf_config *cfg, struct vf_verdict *v)
{
	int ret;

	memset(ctx, 0, sizeof(*ctx));
	ret = vf_anchors_open(&ctx->anchors, &cfg->anchors, v);
	if (ret != SB_OK)
		return ret;
	ret = vf_revocation_open(&ctx->revocation, &cfg->revocation, v);
	/* A revocation list read with an allocation failure on the way may be incomplete. */
	ret = vf_alloc_check(v, ret);
	if (ret != SB_OK)
		vf_close(ctx);
	return ret;
}

void vf_close(struct vf_ctx *ctx)
{
	vf_revocation_close(&ctx->revocation);
	vf_anchors_close(&ctx->anchors);
}

/* Rank of an entry's failure when no entry succeeded: the most telling one is reported. */
static int rank(int code)
{
	switch (code) {
	case SB_E_MALFORMED:   return 6;
	case SB_E_REVOKED:     return 5;
	case SB_E_REJECTED:    return 4;
	case SB_E_UNSUPPORTED: return 3;
	case SB_E_UNTRUSTED:   return 2;
	default:               return 1;
	}
}

/* The facts every verdict on this image carries, whatever decided it. */
static int finish(struct vf_verdict *v, const struct vf_digests *d, unsigned entries)
{
	v->entries = entries;
	if (d->algs & ESL_ALG_BIT(ESL_ALG_SHA256)) {
		memcpy(v->sha256, d->d[ESL_ALG_SHA256], 32);
		memcpy(v->sha256_firmware, d->fw[ESL_ALG_SHA256], 32);
		v->have_digest = true;
	}
	return v->code;
}

/* No certificate table: IMA, unless only Authenticode counts. */
static int unsigned_pe(struct vf_ctx *ctx, const struct vf_image *img, unsigned flags, struct vf_verdict *v)
{
	uint8_t *sig = NULL;
	size_t len;
	const char *where;
	int ret;

	if (flags & VF_AUTHENTICODE_ONLY) {
		ret = vf_ima_read_signature(img, &sig, &len, &where);
		free(sig);
		if (ret == SB_OK)
			return vf_fail(v, SB_E_UNSIGNED, "signature", "no Authenticode signature (an IMA "
				       "signature does not count: firmware and shim verify only Authenticode)");
		return vf_fail(v, SB_E_UNSIGNED, "signature", "no Authenticode signature (empty certificate "
			       "table)");
	}
	ret = vf_ima_verify(img, &ctx->anchors, &ctx->revocation, v);
	if (ret == SB_OK)
		vf_explain("verdict: OK (IMA)");
	if (ret != SB_E_UNSIGNED)
		return ret;
	return vf_fail(v, SB_E_UNSIGNED, "signature", "no Authenticode signature (empty certificate "
		       "table) and no IMA signature");
}

static int verify_pe(struct vf_ctx *ctx, const struct vf_image *img, const struct pe_image *pe,
		     unsigned flags, struct vf_verdict *v)
{
	struct vf_digests d = { 0 };
	struct vf_verdict worst = { 0 }, first_good = { 0 }, one;
	unsigned n = 0, good = 0, first_good_index = 0;
	struct pe_cert cert;
	size_t cursor = 0;
	char hex[65];
	int ret;

	memset(v, 0, sizeof(*v));
	if (img->digests && vf_digests_of(img->digests, pe))
		d = *img->digests;
	vf_explain("  PE32+: %u sections, certificate table %u bytes at %u", pe->nsections,
		   pe->cert_size, pe->cert_offset);
	/* One walk of the image for SHA-256 and every algorithm the revocation lists use. */
	ret = vf_authenticode_digests(pe, vf_revocation_digest_algs(&ctx->revocation), &d);
	if (ret != SB_OK)
		return vf_fail(v, ret == SB_E_NOMEM ? ret : SB_E_MALFORMED, "pe", "Authenticode digest failed: %s",
			       sb_strerror(ret));
	vf_hex(d.d[ESL_ALG_SHA256], 32, hex, sizeof(hex));
	vf_explain("  Authenticode digest sha256:%s", hex);
	if (d.padded) {
		vf_hex(d.fw[ESL_ALG_SHA256], 32, hex, sizeof(hex));
		vf_explain("  unsigned, length not a multiple of 8: the firmware's digest (no padding) "
			   "is sha256:%s", hex);
	}

	/* A revoked image stays revoked whoever signed it. */
	ret = vf_revoked_digests(&ctx->revocation, &d, "image digest", v);
	if (ret != SB_OK)
		return finish(v, &d, 0);

	if (pe->cert_size == 0) {
		unsigned_pe(ctx, img, flags, v);
		return finish(v, &d, 0);
	}
	while ((ret = pe_cert_next(pe, &cursor, &cert)) == 1) {
		memset(&one, 0, sizeof(one));
		vf_explain("signature entry %u: %zu bytes", n, cert.len);
		ret = vf_authenticode_entry(pe, cert.data, cert.len, &d, &ctx->anchors, &ctx->revocation, &one);
		/* Malformed and revoked decide at once, and so does a check that could not complete. */
		if (ret == SB_E_MALFORMED || ret == SB_E_REVOKED || ret == SB_E_NOMEM || ret == SB_E_IO) {
			*v = one;
			return finish(v, &d, n + 1);
		}
		if (ret == SB_OK && good++ == 0) {
			first_good = one;
			first_good_index = n;
		} else if (ret != SB_OK && (worst.code == 0 || rank(ret) > rank(worst.code))) {
			worst = one;
		}
		n++;
	}
	if (ret < 0) {
		vf_fail(v, SB_E_MALFORMED, "pe", "certificate table: %s", sb_strerror(ret));
		return finish(v, &d, n);
	}
	if (n > 1)
		vf_explain("note: %u signature entries; the kernel's kexec_file_load checks only the first", n);
	if (good > 0) {
		vf_explain("verdict: OK (%u of %u signature entries trusted)", good, n);
		*v = first_good;
		v->trusted_entry = first_good_index;
		return finish(v, &d, n);
	}
	if (n == 0) {
		vf_fail(v, SB_E_UNSIGNED, "signature", "certificate table has no entry");
		return finish(v, &d, 0);
	}
	*v = worst;
	return finish(v, &d, n);
}

int vf_verify_pe(struct vf_ctx *ctx, const struct vf_image *img, const struct pe_image *pe,
		 unsigned flags, struct vf_verdict *v)
{
	/* A verdict reached after a failed allocation is not one (verifier/alloc-guard.h). */
	return vf_alloc_check(v, verify_pe(ctx, img, pe, flags, v));
}

int vf_verify_image(struct vf_ctx *ctx, const struct vf_image *img, unsigned flags, struct vf_verdict *v)
{
	struct pe_image pe;
	int ret;

	memset(v, 0, sizeof(*v));
	vf_explain("image: %s (%zu bytes)", img->path, img->len);
	ret = pe_parse(img->data, img->len, PE_LAYOUT_FILE, &pe);
	if (ret != SB_OK)
		return vf_fail(v, SB_E_MALFORMED, "pe", "not a valid PE/COFF image: %s", sb_strerror(ret));
	return vf_verify_pe(ctx, img, &pe, flags, v);
}
