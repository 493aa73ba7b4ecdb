/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: /proc/iomem parsing and everything kexec -c derives from it (RAM, crash region, exclusions, e820, holes). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "kexec/x86_64/crashdump.h"
#include "kexec/x86_64/e820.h"
#include "kexec/x86_64/memory-ranges.h"
#include "fuzz-util.h"

/* Every range of a map lies inside [start, end] order-wise. */
static void check_map(const struct mem_map *m)
{
	size_t i;

	FZ_ASSERT(m->n <= m->cap && m->n <= MR_MAX_RANGES);
	for (i = 0; i < m->n; i++)
		FZ_ASSERT(m->r[i].start <= m->r[i].end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_map iomem = { 0 }, ram = { 0 }, crash = { 0 }, excl = { 0 }, e820 = { 0 }, ce820 = { 0 };
	size_t bad = 0, i;
	uint64_t addr;

	/* The exact bytes: the parser must stay within len, not rely on a terminator. */
	if (mr_parse_iomem((const char *)data, size, &iomem, &bad) != 0) {
		FZ_ASSERT(bad >= 1);
		return 0;
	}
	check_map(&iomem);
	mr_sort(&iomem);
	for (i = 1; i < iomem.n; i++)
		FZ_ASSERT(iomem.r[i - 1].start <= iomem.r[i].start);
	if (mr_select(&iomem, MR_RAM, 0, &ram) == 0)
		check_map(&ram);
	mr_select(&iomem, MR_CRASH, 8, &crash);
	if (crash_exclusions(&iomem, &excl) == 0) {
		check_map(&excl);
		for (i = 0; i < excl.n; i++)
			if (mr_exclude(&ram, excl.r[i].start, excl.r[i].end) != 0)
				break;
		check_map(&ram);
	}
	if (e820_from_map(&iomem, &e820) == 0)
		check_map(&e820);
	if (e820_for_crash(&iomem, &excl, &ce820) == 0)
		check_map(&ce820);
	/* Hole finding in the crash region, as the crash kernel's pieces are placed. */
	for (i = 0; i < 2; i++) {
		if (mr_find_hole(crash.n ? &crash : &iomem, &excl, 0x200000, 0x200000, 0x1000000,
				 (uint64_t)-1, i, &addr) == 0)
			FZ_ASSERT((addr & 0x1fffff) == 0 && addr >= 0x1000000);
	}
	mr_free(&iomem);
	mr_free(&ram);
	mr_free(&crash);
	mr_free(&excl);
	mr_free(&e820);
	mr_free(&ce820);
	return 0;
}
