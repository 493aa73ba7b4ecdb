/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authenticode image digest of a parsed PE image: which byte ranges are hashed, in which order. */
#ifndef SB_AUTHENTICODE_H
#define SB_AUTHENTICODE_H

#include <stddef.h>
#include <stdint.h>
#include "pe.h"

/*
 * Authenticode PE specification, "Calculating the PE Image Hash": the headers up to
 * SizeOfHeaders minus CheckSum and the certificate-table directory entry, then the sections
 * in order of PointerToRawData (SizeOfRawData 0 skipped), then any data after the last
 * section up to the certificate table. The walker hands each range to `update`, so the same
 * code serves lib/sha256.c (EFI, purgatory) and OpenSSL EVP (userspace: SHA-1/256/384/512).
 * "Any data after the last section" starts at SizeOfHeaders + the sum of the hashed sections'
 * SizeOfRawData, as in the spec, the kernel (verify_pefile.c) and sbsign. An unsigned file
 * whose size is not a multiple of 8 is hashed as if zero-padded to 8, because sbsign and
 * osslsigncode pad it so before appending the (quadword-aligned) certificate table: the digest
 * of an unsigned file is then the one its signature will carry. tests/test-authenticode.sh
 * checks all of this against Debian's signed kernel, osslsigncode and sbsign.
 */
typedef void (*authenticode_update_fn)(void *ctx, const void *data, size_t len);

/* img must have been parsed with PE_LAYOUT_FILE. */
int authenticode_walk(const struct pe_image *img, authenticode_update_fn update, void *ctx);

/*
 * The same without the padding of step 4: the digest the firmware computes for an unsigned
 * file (EDK2 DxeImageVerificationLib HashPeImage() hashes "FileSize - CertDirectory->Size"
 * bytes, no padding), which differs from authenticode_walk()'s when the length is not a
 * multiple of 8. For a signed file both are the same.
 */
int authenticode_walk_unpadded(const struct pe_image *img, authenticode_update_fn update, void *ctx);

/* How many zero bytes (0-7) authenticode_walk() appends after authenticode_walk_unpadded()'s. */
size_t authenticode_padding(const struct pe_image *img);

/* SHA-256 Authenticode digest with lib/sha256.c. */
int authenticode_sha256(const struct pe_image *img, uint8_t out[32]);

#endif
