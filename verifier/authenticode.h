/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authenticode: verify one PKCS#7 SignedData entry of a PE image's certificate table (OpenSSL). */
#ifndef VF_AUTHENTICODE_H
#define VF_AUTHENTICODE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/pe.h"
#include "verifier/anchors.h"
#include "verifier/digest.h"
#include "verifier/report.h"
#include "verifier/revocation.h"

/*
 * Checks, in this order (each failure names its check):
 *  1. the blob is one DER SignedData (only zero padding to 8 bytes may follow it);
 *  2. its content is SpcIndirectDataContent (1.3.6.1.4.1.311.2.1.4) for a PE image
 *     (SpcPeImageData, 1.3.6.1.4.1.311.2.1.15), carrying a DigestInfo;
 *  3. that digest (SHA-256/384/512) equals the image's Authenticode digest, taken from `d` or
 *     added to it (one walk of the image per algorithm, whatever the number of entries);
 *  4. exactly one SignerInfo, with authenticated attributes whose contentType is
 *     SpcIndirectDataContent and whose messageDigest is the digest of the content octets;
 *  5. the signature over the DER SET OF authenticated attributes verifies with the signer
 *     certificate (found by issuer+serial among the embedded, then the anchor certificates);
 *  6. a chain to an anchor certificate (OpenSSL), else to a keyring key (KEYCTL_PKEY_VERIFY);
 *     nothing it stands on is revoked (vf_chain_revocation(), also on a partial chain: revoked
 *     beats untrusted), and it meets vf_chain_policy().
 * Returns SB_OK or the SB_E_* class with *v filled (on SB_OK: signer, anchor, anchor_kind).
 */
int vf_authenticode_entry(const struct pe_image *img, const uint8_t *blob, size_t len,
			  struct vf_digests *d, const struct vf_anchors *a,
			  const struct vf_revocation *r, struct vf_verdict *v);

#endif
