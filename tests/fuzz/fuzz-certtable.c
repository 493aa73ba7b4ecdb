/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the certificate-table walk, with the input as the table of a fixed valid PE image (so every byte is a WIN_CERTIFICATE field). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "authenticode.h"
#include "byteorder.h"
#include "gen-pe-image.h"
#include "pe.h"
#include "fuzz-util.h"

/*
 * Layout: the synthetic base image of tests/gen-pe-image.c (unsigned, 0xa00 bytes, 8-aligned),
 * then the input as the certificate table; the first input byte picks how the directory entry
 * describes it (exact, one byte short, one long, 8 short, or an offset inside the sections),
 * so the table checks of lib/pe.c are reached from both sides.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gen_pe base;
	uint8_t *buf;
	struct pe_image img;
	struct pe_cert c;
	uint32_t off, dirsize;
	uint8_t digest[32], mode;
	size_t cursor = 0, total, seen = 0;
	int rc;

	if (!base.buf)
		gen_pe_base(&base);
	mode = fz_u8(&data, &size);
	total = base.len + size;
	/* Exactly `total` bytes, so ASan sees any read past the end of the file. */
	buf = malloc(total);
	if (!buf)
		fz_die("out of memory");
	memcpy(buf, base.buf, base.len);
	memcpy(buf + base.len, data, size);
	off = (uint32_t)base.len;
	dirsize = (uint32_t)size;
	switch (mode % 5) {
	case 1: dirsize -= 1; break;
	case 2: dirsize += 1; break;
	case 3: dirsize -= 8; break;
	case 4: off -= 8; dirsize += 8; break;
	default: break;
	}
	sb_put_le32(buf + GEN_CERTDIR, off);
	sb_put_le32(buf + GEN_CERTDIR + 4, dirsize);
	rc = pe_parse(buf, total, PE_LAYOUT_FILE, &img);
	if (rc != 0 || img.cert_size == 0)
		goto out;
	FZ_ASSERT(authenticode_sha256(&img, digest) == 0);
	/* Every entry pe_parse() accepted lies inside the table, in order, and the walk ends cleanly. */
	while ((rc = pe_cert_next(&img, &cursor, &c)) == 1) {
		FZ_ASSERT(c.revision == 0x0200 && c.type == 0x0002);
		FZ_ASSERT(c.data >= buf + img.cert_offset + 8);
		FZ_ASSERT((size_t)(c.data - buf) + c.len <= (size_t)img.cert_offset + img.cert_size);
		seen++;
	}
	FZ_ASSERT(rc == 0 && seen > 0);
	FZ_ASSERT(img.signed_end == img.cert_offset && (size_t)img.cert_offset + img.cert_size == total);
out:
	free(buf);
	return 0;
}
