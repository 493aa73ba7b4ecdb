/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image verification: one verdict for a kernel image from its Authenticode (or IMA) signatures. */
#ifndef KX_VERIFY_H
#define KX_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "revocation.h"
#include "trust.h"

/*
 * Verdict over the whole image, in priority order:
 *  malformed (the PE or any signature entry does not parse) > revoked (image digest, or a chain
 *  certificate of any entry) > OK (at least one entry verifies to a trusted key) > rejected >
 *  unsupported > untrusted; an image with no certificate table and no IMA signature is unsigned.
 * Any entry may establish trust, as UEFI does with db; the kernel's kexec_file_load checks only
 * the first entry (crypto/asymmetric_keys/verify_pefile.c), so a warning says when the trusted
 * entry is not the first.
 */
int kx_verify_image(const char *path, const uint8_t *data, size_t len, struct kx_trust *t,
		    const struct kx_revocation *r, struct kx_verdict *v);

/*
 * IMA v2 signature (security.ima, else PATH.sig) over the whole file, for images without
 * Authenticode (ima.c): key by id (last 4 SKID bytes) among --trust certificates, else
 * "id:<keyid>" in the keyring. SB_E_UNSIGNED when there is none.
 */
int kx_ima_verify(const char *path, const uint8_t *data, size_t len, struct kx_trust *t,
		  const struct kx_revocation *r, struct kx_verdict *v);

#endif
