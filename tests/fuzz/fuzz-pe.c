/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: pe_parse (both layouts), then everything downstream that trusts its result (sections, Authenticode digest). */
#include <stddef.h>
#include <stdint.h>
#include "pe.h"
#include "authenticode.h"
#include "sha256.h"
#include "fuzz-util.h"

static void count(void *ctx, const void *data, size_t len)
{
	size_t *total = ctx;

	(void)data;
	*total += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { ".keylist", ".sbat", ".text", ".chain", ".cmdline", ".options" };
	static struct pe_section sorted[PE_MAX_SECTIONS];
	struct pe_image img;
	struct pe_section s;
	struct pe_cert c;
	const uint8_t *sec;
	volatile uint8_t sink = 0;
	uint8_t digest[32];
	size_t cursor = 0, len, i, padded = 0, unpadded = 0;
	unsigned n, nsorted;

	if (pe_parse(data, size, PE_LAYOUT_FILE, &img) == 0) {
		FZ_ASSERT(img.signed_end <= size);
		FZ_ASSERT(authenticode_sha256(&img, digest) == 0);
		/* Both walks stay inside the signed bytes; the padded one adds at most 7 zero bytes. */
		FZ_ASSERT(authenticode_walk(&img, count, &padded) == 0);
		FZ_ASSERT(authenticode_walk_unpadded(&img, count, &unpadded) == 0);
		FZ_ASSERT(padded == unpadded + authenticode_padding(&img) && padded - unpadded < 8);
		while (pe_cert_next(&img, &cursor, &c) == 1)
			if (c.len)
				sink ^= c.data[0] ^ c.data[c.len - 1];
		for (n = 0; n < img.nsections; n++)
			FZ_ASSERT(pe_section_get(&img, n, &s) == 0);
		FZ_ASSERT(pe_sections_by_file_offset(&img, sorted, &nsorted) == 0 && nsorted <= img.nsections);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (pe_find_section(&img, names[i], &sec, &len) == 0 && len) {
				FZ_ASSERT(sec >= data && len <= size && (size_t)(sec - data) <= size - len);
				sink ^= sec[0] ^ sec[len - 1];
			}
	}
	if (pe_parse(data, size, PE_LAYOUT_MEMORY, &img) == 0) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (pe_find_section(&img, names[i], &sec, &len) == 0 && len) {
				FZ_ASSERT(sec >= data && len <= size && (size_t)(sec - data) <= size - len);
				sink ^= sec[0] ^ sec[len - 1];
			}
	}
	(void)sink;
	return 0;
}
