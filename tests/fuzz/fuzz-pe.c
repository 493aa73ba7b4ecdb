/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: pe_parse (both layouts), then everything downstream that trusts its result. */
#include <stddef.h>
#include <stdint.h>
#include "pe.h"
#include "authenticode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { ".keylist", ".sbat", ".text", ".chain", ".cmdline" };
	struct pe_image img;
	struct pe_section s;
	struct pe_cert c;
	const uint8_t *sec;
	volatile uint8_t sink = 0;
	uint8_t digest[32];
	size_t cursor = 0, len, i;
	unsigned n;

	if (pe_parse(data, size, PE_LAYOUT_FILE, &img) == 0) {
		authenticode_sha256(&img, digest);
		while (pe_cert_next(&img, &cursor, &c) == 1)
			if (c.len)
				sink ^= c.data[0] ^ c.data[c.len - 1];
		for (n = 0; n < img.nsections; n++)
			pe_section_get(&img, n, &s);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (pe_find_section(&img, names[i], &sec, &len) == 0 && len)
				sink ^= sec[0] ^ sec[len - 1];
	}
	if (pe_parse(data, size, PE_LAYOUT_MEMORY, &img) == 0) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (pe_find_section(&img, names[i], &sec, &len) == 0 && len)
				sink ^= sec[0] ^ sec[len - 1];
	}
	(void)sink;
	return 0;
}
