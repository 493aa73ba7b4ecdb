/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IMA v2 signatures (security.ima or a detached PATH.sig) over a whole file. */
#ifndef VF_IMA_H
#define VF_IMA_H

#include <stdbool.h>

#include "verifier/anchors.h"
#include "verifier/report.h"
#include "verifier/revocation.h"
#include "verifier/verifier.h"

/*
 * Is there an IMA signature for img (security.ima of img->fd, else of img->path, else the file
 * img->path.sig)? SB_OK with *sig and *len (caller frees) and *where, SB_E_UNSIGNED when none,
 * SB_E_IO when one cannot be read.
 */
int vf_ima_read_signature(const struct vf_image *img, uint8_t **sig, size_t *len, const char **where);

/*
 * Verify the IMA v2 signature of img->data: header, hash algorithm (SHA-256/384/512), the file
 * digest against revocation (dbx/MokListXRT EFI_CERT_SHA-n lists and .blacklist bin:, in the
 * signature's algorithm, SHA-256 and every algorithm dbx lists), then the key by its 4-byte id
 * (the end of the signer's SKID): an anchor certificate, else "id:<keyid>" in the keyring; the
 * key or certificate must not be revoked and must meet the policy floor. SB_E_UNSIGNED when
 * there is no IMA signature; else SB_OK or an SB_E_* class, with *v filled.
 */
int vf_ima_verify(const struct vf_image *img, const struct vf_anchors *a,
		  const struct vf_revocation *r, struct vf_verdict *v);

#endif
