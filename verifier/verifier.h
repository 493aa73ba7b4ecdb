/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verifier's API: configure anchors and revocation, then get one verdict per image (verifier/README.md). */
#ifndef VF_VERIFIER_H
#define VF_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/pe.h"
#include "verifier/anchors.h"
#include "verifier/digest.h"
#include "verifier/report.h"
#include "verifier/revocation.h"

/*
 * Everything the verifier is told; the callers fill it from their own options. Zero means:
 * no anchor at all, and revocation from the live system (efivarfs dbx/MokListXRT, .blacklist).
 */
struct vf_config {
	struct vf_anchor_sources anchors;
	struct vf_revocation_sources revocation;
};

/* Anchors and revocation data, loaded once and used for every image. */
struct vf_ctx {
	struct vf_anchors anchors;
	struct vf_revocation revocation;
};

/*
 * Load the anchors (trust files, keyring) and read the revocation sources. SB_OK, or an SB_E_*
 * code with *v filled (an unreadable trust file: SB_E_IO; revocation data that exists but does
 * not parse: SB_E_MALFORMED) and ctx closed. Callers may add anchor certificates afterwards
 * (vf_anchors_add_esl(&ctx->anchors, ...)).
 */
int vf_open(struct vf_ctx *ctx, const struct vf_config *cfg, struct vf_verdict *v);
void vf_close(struct vf_ctx *ctx);

/* The image: its bytes, where they came from (messages, PATH.sig) and, for IMA, an open fd. */
struct vf_image {
	const char *path;
	int fd;                     /* >= 0: security.ima is read from this descriptor (fgetxattr) */
	const uint8_t *data;
	size_t len;
	/* Optional: Authenticode digests (and plain file digests, for IMA) the caller computed
	   over exactly these bytes, e.g. in a thread while vf_open() ran; each is taken only when
	   vf_digests_of() / vf_file_digests_of() says so, else ignored. */
	const struct vf_digests *digests, *file_digests;
};

enum vf_verify_flags {
	/* Only Authenticode counts (images the firmware or shim start: carriers, UKIs); an IMA
	   signature is then reported as no signature. */
	VF_AUTHENTICODE_ONLY = 1u << 0,
};

/*
 * One verdict for the whole image, in this order (verifier/README.md, "What it decides"):
 *  1. the PE parses (else malformed);
 *  2. its Authenticode digests (SHA-256, each algorithm dbx/MokListXRT list; for an unsigned file
 *     of a length not a multiple of 8 also the firmware's unpadded one) are not revoked;
 *  3. no certificate table: the IMA signature decides (unless VF_AUTHENTICODE_ONLY), else unsigned;
 *  4. every certificate-table entry is verified (vf_authenticode_entry()); a malformed or revoked
 *     entry decides at once; else the image is trusted when any entry is (as UEFI does with db),
 *     and otherwise the most telling failure is reported: rejected > unsupported > untrusted.
 * Facts in *v (struct vf_verdict, report.h): form, entries, trusted_entry (kexec warns when it is not 0: the
 * kernel's kexec_file_load checks only the first entry), anchor, signer, the SHA-256 digests.
 * Returns v->code.
 */
int vf_verify_image(struct vf_ctx *ctx, const struct vf_image *img, unsigned flags, struct vf_verdict *v);

/* The same for an image the caller parsed already (PE_LAYOUT_FILE over img->data). */
int vf_verify_pe(struct vf_ctx *ctx, const struct vf_image *img, const struct pe_image *pe,
		 unsigned flags, struct vf_verdict *v);

/*
 * One verdict for a plain file that is no PE image (an initrd), by its detached signatures:
 *  1. its digests (SHA-256 and every algorithm dbx/MokListXRT list) are not revoked (dbx,
 *     MokListXRT EFI_CERT_SHA*, .blacklist bin:), whoever signed it;
 *  2. an IMA v2 signature (security.ima of img->fd, else of img->path, else img->path.sig) is
 *     verified when present (vf_ima_verify());
 *  3. a detached PKCS#7 img->path.p7s is verified when present (vf_pkcs7_detached_verify(),
 *     verifier/pkcs7-detached.h: the same chain, revocation and policy floor as Authenticode).
 * Every signature present must verify (a bad one is never outvoted by a good one); none at all
 * is unsigned. Returns v->code.
 */
int vf_verify_file(struct vf_ctx *ctx, const struct vf_image *img, struct vf_verdict *v);

#endif
