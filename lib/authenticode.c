/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Authenticode image digest: walks the byte ranges of a parsed PE file in the order the spec hashes them. */
#include <stddef.h>
#include <stdint.h>
#include "sb-string.h"
#include "sb-error.h"
#include "sha256.h"
#include "authenticode.h"

/*
 * "Windows Authenticode Portable Executable Signature Format", "Calculating the PE Image
 * Hash", steps 3-15, which is also what the kernel (crypto/asymmetric_keys/verify_pefile.c,
 * pefile_digest_pe) and sbsign (src/image.c) compute:
 *   1. the headers up to SizeOfHeaders, without CheckSum and the certificate directory entry;
 *   2. every section with SizeOfRawData != 0, in order of PointerToRawData;
 *   3. SUM_OF_BYTES_HASHED = SizeOfHeaders + the sections' SizeOfRawData; if the file goes on,
 *      the bytes from offset SUM_OF_BYTES_HASHED up to the certificate table (or the end of
 *      an unsigned file) are hashed as well. The offset is the *sum*, not the end of the last
 *      section, exactly as the spec and the kernel do it; for the usual contiguous layout
 *      both are the same;
 *   4. an unsigned file whose length is not a multiple of 8 is hashed as if zero-padded to 8:
 *      sbsign and osslsigncode pad the file before appending the certificate table (which
 *      must be quadword aligned), so this is the digest a signature over it will carry. A
 *      signed file needs no padding: pe_parse() made sure the table is 8-byte aligned.
 * osslsigncode hashes the file linearly instead of by section; the two agree because
 * pe_parse() refuses images whose sections are not back to back from SizeOfHeaders
 * (SB_E_PE_SECTION_GAP), the only case where they (and the kernel) would differ.
 */
int authenticode_walk_unpadded(const struct pe_image *img, authenticode_update_fn update, void *ctx)
{
	struct pe_section secs[PE_MAX_SECTIONS];
	uint64_t hashed;
	size_t skip_end;
	unsigned i, n;
	int err;

	if (!img || !update || img->layout != PE_LAYOUT_FILE || img->nsections > PE_MAX_SECTIONS)
		return SB_E_UNSUPPORTED;
	/* Invariants pe_parse() established; re-checked so a hand-made struct cannot overrun. */
	if (img->size_of_headers > img->size || img->signed_end > img->size ||
	    img->checksum_offset + 4 > img->size_of_headers ||
	    (img->certdir_offset && (img->certdir_offset < img->checksum_offset + 4 ||
				     img->certdir_offset + 8 > img->size_of_headers)))
		return SB_E_MALFORMED;

	/* 1. Headers. */
	update(ctx, img->data, img->checksum_offset);
	if (img->certdir_offset) {
		update(ctx, img->data + img->checksum_offset + 4,
		       img->certdir_offset - (img->checksum_offset + 4));
		skip_end = img->certdir_offset + 8;
	} else {
		skip_end = img->checksum_offset + 4;
	}
	update(ctx, img->data + skip_end, img->size_of_headers - skip_end);
	hashed = img->size_of_headers;

	/* 2. Sections sorted by PointerToRawData. */
	err = pe_sections_by_file_offset(img, secs, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		if ((uint64_t)secs[i].raw_offset + secs[i].raw_size > img->signed_end)
			return SB_E_PE_SECTION_RAW;
	}
	for (i = 0; i < n; i++) {
		update(ctx, img->data + secs[i].raw_offset, secs[i].raw_size);
		hashed += secs[i].raw_size;
	}

	/* 3. Trailing data up to the certificate table. */
	if (hashed < img->signed_end)
		update(ctx, img->data + hashed, img->signed_end - hashed);
	return 0;
}

size_t authenticode_padding(const struct pe_image *img)
{
	return img && img->cert_size == 0 && img->signed_end % 8 ? 8 - img->signed_end % 8 : 0;
}

int authenticode_walk(const struct pe_image *img, authenticode_update_fn update, void *ctx)
{
	static const uint8_t zeros[8];
	size_t pad;
	int err;

	err = authenticode_walk_unpadded(img, update, ctx);
	if (err)
		return err;
	/* 4. Padding of an unsigned file to the quadword boundary its signature will start at. */
	pad = authenticode_padding(img);
	if (pad)
		update(ctx, zeros, pad);
	return 0;
}

static void sha256_update_cb(void *ctx, const void *data, size_t len)
{
	sha256_update(ctx, data, len);
}

int authenticode_sha256(const struct pe_image *img, uint8_t out[32])
{
	struct sha256_ctx ctx;
	int err;

	sha256_init(&ctx);
	err = authenticode_walk(img, sha256_update_cb, &ctx);
	if (err) {
		memset(&ctx, 0, sizeof(ctx));
		return err;
	}
	sha256_final(&ctx, out);
	return 0;
}
