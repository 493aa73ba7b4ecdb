/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the UKI section parse (lib/uki.c uki_parse) and the command-line rule systemd-stub applies to .cmdline (uki_cmdline_normalize). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sb-error.h"
#include "uki.h"
#include "fuzz-util.h"

/* [start, end) of a part as loaded: VirtualSize, SizeOfRawData when that is 0 (lib/uki.h). */
static void mem_range(const struct uki_part *p, uint64_t *start, uint64_t *end)
{
	*start = p->virtual_address;
	*end = *start + (p->virtual_size ? p->virtual_size : p->raw_size);
}

/* The normalised line: no control character, no leading or trailing space, and a fixed point. */
static void normalize(const uint8_t *in, size_t len)
{
	char *out = malloc(len + 1), *again = malloc(len + 1);
	size_t n, i;
	int rc;

	if (!out || !again)
		fz_die("out of memory");
	if (len > 0)
		FZ_ASSERT(uki_cmdline_normalize(in, len, out, len) == SB_E_BUFFER_SMALL);
	rc = uki_cmdline_normalize(in, len, out, len + 1);
	if (rc == 0) {
		n = strlen(out);
		FZ_ASSERT(n <= len);
		FZ_ASSERT(n == 0 || (out[0] != ' ' && out[n - 1] != ' '));
		for (i = 0; i < n; i++)
			FZ_ASSERT((unsigned char)out[i] >= 0x20 && (unsigned char)out[i] < 0x7f);
		FZ_ASSERT(uki_cmdline_normalize((const uint8_t *)out, n, again, n + 1) == 0);
		FZ_ASSERT(strcmp(out, again) == 0);
	} else {
		FZ_ASSERT(rc == SB_E_UKI_CMDLINE);
	}
	free(again);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uki_image u;
	uint64_t s1, e1, s2, e2;
	unsigned i, j;
	int rc;

	/* Any bytes as a .cmdline. */
	normalize(data, size < 4096 ? size : 4096);
	rc = uki_parse(data, size, &u);
	if (rc != 0)
		return 0;
	FZ_ASSERT(u.part[UKI_LINUX].present && u.part[UKI_LINUX].len > 0);
	FZ_ASSERT(!u.part[UKI_PROFILE].present && !u.part[UKI_UCODE].present);
	for (i = 0; i < UKI_NSECTIONS; i++) {
		const struct uki_part *p = &u.part[i];

		if (!p->present)
			continue;
		/* The bytes are the file's, inside it; the entry is that section. */
		FZ_ASSERT(p->data >= data && p->len <= size && (size_t)(p->data - data) <= size - p->len);
		FZ_ASSERT(p->index < u.pe.nsections && uki_section_of(&u, p->index) == (enum uki_section)i);
		FZ_ASSERT(uki_section_name((enum uki_section)i) && uki_section_role((enum uki_section)i));
		if (uki_section_loaded((enum uki_section)i))
			FZ_ASSERT(p->len == p->virtual_size && p->virtual_size <= p->raw_size);
		/* No two UKI sections share loaded memory (SB_E_UKI_OVERLAP otherwise). */
		mem_range(p, &s1, &e1);
		for (j = i + 1; j < UKI_NSECTIONS; j++) {
			if (!u.part[j].present)
				continue;
			mem_range(&u.part[j], &s2, &e2);
			FZ_ASSERT(e1 <= s2 || e2 <= s1 || s1 == e1 || s2 == e2);
		}
	}
	if (u.part[UKI_CMDLINE].present)
		normalize(u.part[UKI_CMDLINE].data, u.part[UKI_CMDLINE].len);
	return 0;
}
