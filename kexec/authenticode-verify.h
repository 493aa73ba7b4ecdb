/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authenticode: verify one PKCS#7 SignedData entry of a PE image's certificate table. */
#ifndef KX_AUTHENTICODE_VERIFY_H
#define KX_AUTHENTICODE_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/pe.h"
#include "report.h"
#include "revocation.h"
#include "trust.h"

/*
 * Checks, in this order (each failure names its check):
 *  1. the blob is one DER SignedData (only zero padding to 8 bytes may follow it);
 *  2. its content is SpcIndirectDataContent (1.3.6.1.4.1.311.2.1.4) for a PE image
 *     (SpcPeImageData, 1.3.6.1.4.1.311.2.1.15), carrying a DigestInfo;
 *  3. that digest equals the image's Authenticode digest (`sha256`, computed once by the
 *     caller, when the signature uses SHA-256; else computed here with lib/'s walker);
 *  4. exactly one SignerInfo, with authenticated attributes whose contentType is
 *     SpcIndirectDataContent and whose messageDigest is the digest of the content octets;
 *  5. the signature over the DER SET OF authenticated attributes verifies with the signer
 *     certificate (found by issuer+serial among the embedded certificates);
 *  6. no certificate of the chain is revoked; the chain ends at a trusted key.
 * Returns SB_OK or the SB_E_* class with *v filled.
 */
int kx_authenticode_verify_entry(const struct pe_image *img, const uint8_t *blob, size_t len,
				 const uint8_t sha256[32], struct kx_trust *t,
				 const struct kx_revocation *r, struct kx_verdict *v);

/* Authenticode digest of img with an OpenSSL digest (lib/ decides the byte ranges). */
int kx_authenticode_digest(const struct pe_image *img, const EVP_MD *md, uint8_t *out,
			   unsigned *out_len);

#endif
