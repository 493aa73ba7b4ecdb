/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/iomem and /sys/firmware/memmap parsing on recorded QEMU+OVMF samples, range arithmetic, hole finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "x86-64-samples.h"
#include "../kexec/x86_64/memory-ranges.h"

#define S_1G    "q35-ovmf-1g-crash256m"
#define S_5G    "q35-ovmf-5g-crash-high"
#define S_MANY  "q35-ovmf-1g-many-ranges"

static size_t count(const struct mem_map *m, uint32_t type, int depth)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == type && (depth < 0 || m->r[i].depth == depth))
			n++;
	return n;
}

/* Oracle independent of the parser: lines of the raw text that start (no indent) with a digit
   and contain " : <name>" at their end. */
static size_t raw_count(const char *sample, const char *suffix, int top_level_only)
{
	size_t len, n = 0, sl = strlen(suffix);
	char *text = sample_read(sample, "iomem", &len), *line, *save = NULL;

	if (!text)
		return 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(line);

		if (top_level_only && line[0] == ' ')
			continue;
		if (ll > sl && strcmp(line + ll - sl, suffix) == 0)
			n++;
	}
	free(text);
	return n;
}

static const struct mem_range *find_type(const struct mem_map *m, uint32_t type, size_t nth)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == type && nth-- == 0)
			return &m->r[i];
	return NULL;
}

static void test_iomem_1g(void)
{
	struct mem_map m = { 0 };
	const struct mem_range *crash, *code;

	T_EQ_INT(sample_iomem(S_1G, &m), 0);
	T_EQ_INT(count(&m, MR_RAM, 0), raw_count(S_1G, " : System RAM", 1));
	T_EQ_INT(count(&m, MR_ACPI, -1), raw_count(S_1G, " : ACPI Tables", 0));
	T_EQ_INT(count(&m, MR_NVS, -1), raw_count(S_1G, " : ACPI Non-volatile Storage", 0));
	T_EQ_INT(count(&m, MR_CRASH, -1), 1);
	crash = find_type(&m, MR_CRASH, 0);
	T_CHECK(crash && crash->start == 0x2b000000 && crash->end == 0x3affffff && crash->depth == 1);
	code = find_type(&m, MR_KERNEL, 0);
	T_CHECK(code && code->start == 0x1b200000 && code->depth == 1);
	/* "Reserved" nested in "PCI MMCONFIG" (depth 1) and "pnp 00:05" below it (depth 2). */
	T_EQ_INT(count(&m, MR_RESERVED, 1), 1);
	T_CHECK(m.r[m.n - 1].start == 0x100000000ULL && m.r[m.n - 1].type == MR_OTHER);
	mr_free(&m);
}

static void test_iomem_5g_crash_high(void)
{
	struct mem_map m = { 0 };
	const struct mem_range *low, *high, *last_ram;

	T_EQ_INT(sample_iomem(S_5G, &m), 0);
	T_EQ_INT(count(&m, MR_CRASH, -1), 2);
	low = find_type(&m, MR_CRASH, 0);
	high = find_type(&m, MR_CRASH, 1);
	last_ram = find_type(&m, MR_RAM, count(&m, MR_RAM, -1) - 1);
	T_CHECK(low && low->start == 0x6b000000 && low->end == 0x7affffff);
	T_CHECK(high && high->start == 0x1af000000ULL && high->end == 0x1beffffffULL);
	/* crashkernel=,high sits at the top of memory: within 16 MiB of the last RAM byte. */
	T_CHECK(last_ram && last_ram->end == 0x1bfffffffULL && high && last_ram->end - high->end <= 0x1000000);
	mr_free(&m);
}

static void test_iomem_many(void)
{
	struct mem_map m = { 0 };
	size_t i, top = 0;

	T_EQ_INT(sample_iomem(S_MANY, &m), 0);
	for (i = 0; i < m.n; i++)
		top += m.r[i].depth == 0;
	T_CHECK(top > 200);
	T_EQ_INT(count(&m, MR_RAM, 0), raw_count(S_MANY, " : System RAM", 1));
	T_CHECK(count(&m, MR_RAM, 0) > 90);
	T_CHECK(count(&m, MR_ACPI, 0) >= 17);  /* memmap=4K#... entries */
	T_EQ_INT(count(&m, MR_CRASH, -1), 1);
	mr_free(&m);
}

static void test_firmware_memmap(void)
{
	struct mem_map m = { 0 };
	size_t i;

	T_EQ_INT(sample_memmap(S_1G, &m), 0);
	T_EQ_INT(m.n, 16);
	T_CHECK(m.r[0].start == 0 && m.r[0].end == 0x9ffff && m.r[0].type == MR_RAM);
	T_CHECK(find_type(&m, MR_ACPI, 0) && find_type(&m, MR_ACPI, 0)->start == 0x3f76c000);
	for (i = 0; i < m.n; i++)
		T_CHECK(m.r[i].type != MR_OTHER && m.r[i].type != MR_CRASH);
	/* sysfs values with and without "0x", with a trailing newline */
	T_EQ_INT(mr_add_firmware_entry(&m, "0x100000000\n", "13fffffff\n", "System RAM\n"), 0);
	T_CHECK(m.r[m.n - 1].start == 0x100000000ULL && m.r[m.n - 1].end == 0x13fffffffULL);
	T_EQ_INT(mr_add_firmware_entry(&m, "0x10", "0xzz", "System RAM"), MR_E_SYNTAX);
	T_EQ_INT(mr_add_firmware_entry(&m, "0x10 ", "0x20", "System RAM"), MR_E_SYNTAX);
	T_EQ_INT(mr_add_firmware_entry(&m, "0x20", "0x10", "System RAM"), MR_E_RANGE);
	mr_free(&m);
	T_EQ_INT(sample_memmap(S_5G, &m), 0);
	T_CHECK(m.n > 0 && m.r[m.n - 1].type == MR_RAM && m.r[m.n - 1].end == 0x1bfffffffULL);
	mr_free(&m);
}

static void test_iomem_syntax(void)
{
	static const struct {
		const char *text;
		int rc;
		size_t line;
	} cases[] = {
		{ "00000000-00000fff : Reserved\n00001000-0009ffff : System RAM\n", 0, 0 },
		{ "00000000-00000fff : Reserved", 0, 0 },                        /* no final newline */
		{ "00000000-00000000 : System RAM\n", 0, 0 },                    /* non-root view: zeros */
		{ "00000000-00000fff : Reserved\n\nxyz\n", MR_E_SYNTAX, 3 },
		{ "00000000-00000fff: Reserved\n", MR_E_SYNTAX, 1 },
		{ " 00000000-00000fff : Reserved\n", MR_E_SYNTAX, 1 },          /* odd indent */
		{ "00000000 : Reserved\n", MR_E_SYNTAX, 1 },
		{ "-00000fff : Reserved\n", MR_E_SYNTAX, 1 },
		{ "00000000-00000fff\n", MR_E_SYNTAX, 1 },
		{ "00000000000000000-1 : System RAM\n", MR_E_SYNTAX, 1 },        /* 17 digits */
		{ "ok\n", MR_E_SYNTAX, 1 },
		{ "1000-0fff : System RAM\n", MR_E_RANGE, 1 },
		{ "0-ffffffffffffffff : PCI Bus\n", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mem_map m = { (struct mem_range *)0x1, 77, 77 };   /* sentinel: must stay */
		size_t bad = 0;
		int rc = mr_parse_iomem(cases[i].text, strlen(cases[i].text), &m, &bad);
		int ok = rc == cases[i].rc;

		if (rc == 0) {
			ok = ok && m.n >= 1;
			mr_free(&m);
		} else {
			ok = ok && bad == cases[i].line && m.n == 77 && m.r == (struct mem_range *)0x1;
		}
		t_result(ok, "iomem syntax case %zu -> %d (want %d, line %zu)", i, rc, cases[i].rc, bad);
	}
}

static void test_exclude(void)
{
	struct mem_map m = { 0 };

	mr_add(&m, 0x1000, 0x1fff, MR_RAM, 0);
	mr_add(&m, 0x3000, 0x8fff, MR_RAM, 0);
	mr_add(&m, 0xa000, 0xafff, MR_RAM, 0);
	T_EQ_INT(mr_exclude(&m, 0x4000, 0x4fff), 0);          /* split */
	T_EQ_INT(m.n, 4);
	T_CHECK(m.r[1].start == 0x3000 && m.r[1].end == 0x3fff);
	T_CHECK(m.r[2].start == 0x5000 && m.r[2].end == 0x8fff);
	T_EQ_INT(mr_exclude(&m, 0x0, 0x17ff), 0);             /* trim the front */
	T_CHECK(m.r[0].start == 0x1800 && m.r[0].end == 0x1fff);
	T_EQ_INT(mr_exclude(&m, 0x8000, 0xafff), 0);          /* trim one end, drop another */
	T_EQ_INT(m.n, 3);
	T_CHECK(m.r[2].start == 0x5000 && m.r[2].end == 0x7fff);
	T_EQ_INT(mr_exclude(&m, 0, UINT64_MAX), 0);           /* everything */
	T_EQ_INT(m.n, 0);
	T_EQ_INT(mr_exclude(&m, 2, 1), MR_E_RANGE);
	mr_free(&m);
}

static void test_hole_crash_1g(void)
{
	struct mem_map io = { 0 }, crash = { 0 }, used = { 0 };
	uint64_t a = 0, k, initrd, bp;

	T_EQ_INT(sample_iomem(S_1G, &io), 0);
	T_EQ_INT(mr_select(&io, MR_CRASH, 255, &crash), 0);
	T_EQ_INT(mr_find_hole(&crash, NULL, 16 << 20, 2 << 20, 0, UINT64_MAX, false, &a), 0);
	T_CHECK(a == 0x2b000000);
	T_EQ_INT(mr_find_hole(&crash, NULL, 16 << 20, 2 << 20, 0, UINT64_MAX, true, &a), 0);
	T_CHECK(a == 0x3a000000);
	/* A whole crash-kernel plan: kernel (init_size of the Debian kernel), initrd, boot_params. */
	T_EQ_INT(mr_find_hole(&crash, &used, 0x3f98000, 0x200000, 0, UINT64_MAX, false, &k), 0);
	mr_add(&used, k, k + 0x3f98000 - 1, MR_RAM, 0);
	T_EQ_INT(mr_find_hole(&crash, &used, 60 << 20, 4096, 0, 0x7fffffff, true, &initrd), 0);
	mr_add(&used, initrd, initrd + (60 << 20) - 1, MR_RAM, 0);
	T_EQ_INT(mr_find_hole(&crash, &used, 4096, 4096, 0, UINT64_MAX, false, &bp), 0);
	T_CHECK(k == 0x2b000000);
	T_CHECK(initrd == 0x3b000000 - (60 << 20));
	T_CHECK(bp >= k + 0x3f98000 && bp + 4096 <= initrd);
	/* No room for a 300 MiB kernel in 256 MiB. */
	T_EQ_INT(mr_find_hole(&crash, NULL, 300 << 20, 4096, 0, UINT64_MAX, false, &a), MR_E_NO_FIT);
	mr_free(&used);
	mr_free(&crash);
	mr_free(&io);
}

static void test_hole_crash_high(void)
{
	struct mem_map io = { 0 }, crash = { 0 };
	uint64_t a = 0;

	T_EQ_INT(sample_iomem(S_5G, &io), 0);
	T_EQ_INT(mr_select(&io, MR_CRASH, 255, &crash), 0);
	/* Top-down goes to the high region at the top of memory ... */
	T_EQ_INT(mr_find_hole(&crash, NULL, 32 << 20, 4096, 0, UINT64_MAX, true, &a), 0);
	T_CHECK(a == 0x1bf000000ULL - (32 << 20));
	/* ... unless the bound (initrd_addr_max 0x7fffffff) keeps it low. */
	T_EQ_INT(mr_find_hole(&crash, NULL, 32 << 20, 4096, 0, 0x7fffffff, true, &a), 0);
	T_CHECK(a == 0x7b000000 - (32 << 20));
	/* A piece bigger than the low region but within 4G fails; without the bound it fits high. */
	T_EQ_INT(mr_find_hole(&crash, NULL, 257 << 20, 4096, 0, 0xffffffff, false, &a), MR_E_NO_FIT);
	mr_free(&crash);
	mr_free(&io);
}

static void test_hole_many(void)
{
	struct mem_map io = { 0 }, ram = { 0 };
	uint64_t a = 0;

	T_EQ_INT(sample_iomem(S_MANY, &io), 0);
	T_EQ_INT(mr_select(&io, MR_RAM, 0, &ram), 0);
	/* The 124 KiB gaps between the 88 reservations cannot hold 1 MiB: first fit after them. */
	T_EQ_INT(mr_find_hole(&ram, NULL, 1 << 20, 1 << 20, 0x10000000, UINT64_MAX, false, &a), 0);
	T_CHECK(a == 0x10b00000);
	/* ... but 64 KiB fits right after the first reservation. */
	T_EQ_INT(mr_find_hole(&ram, NULL, 64 << 10, 4096, 0x10000000, UINT64_MAX, false, &a), 0);
	T_CHECK(a == 0x10001000);
	mr_free(&ram);
	mr_free(&io);
}

static void test_hole_edges(void)
{
	struct mem_map m = { 0 };
	uint64_t a = 0;

	mr_add(&m, 0xfffffffffffff000ULL, UINT64_MAX, MR_RAM, 0);
	T_EQ_INT(mr_find_hole(&m, NULL, 4096, 4096, 0, UINT64_MAX, true, &a), 0);
	T_CHECK(a == 0xfffffffffffff000ULL);
	T_EQ_INT(mr_find_hole(&m, NULL, 4096, 4096, 0, UINT64_MAX, false, &a), 0);
	T_CHECK(a == 0xfffffffffffff000ULL);
	T_EQ_INT(mr_find_hole(&m, NULL, 8192, 4096, 0, UINT64_MAX, false, &a), MR_E_NO_FIT);
	T_EQ_INT(mr_find_hole(&m, NULL, 4096, 8192, 0, UINT64_MAX, false, &a), MR_E_NO_FIT);
	T_EQ_INT(mr_find_hole(&m, NULL, 4096, 3000, 0, UINT64_MAX, false, &a), MR_E_ARG);
	T_EQ_INT(mr_find_hole(&m, NULL, 0, 4096, 0, UINT64_MAX, false, &a), MR_E_ARG);
	T_EQ_INT(mr_find_hole(&m, NULL, 4096, 4096, 10, 9, false, &a), MR_E_ARG);
	mr_free(&m);
}

int main(void)
{
	t_run("iomem 1G/crashkernel=256M: RAM, ACPI, NVS counts match the text; crash and kernel code found", test_iomem_1g);
	t_run("iomem 5G/crashkernel=,high: low and top-of-memory crash regions", test_iomem_5g_crash_high);
	t_run("iomem with >200 top-level ranges parses completely", test_iomem_many);
	t_run("firmware memmap entries parse (sysfs value forms)", test_firmware_memmap);
	test_iomem_syntax();
	t_run("exclude: split, trim, drop", test_exclude);
	t_run("hole: crash plan inside the 1G sample's crash region", test_hole_crash_1g);
	t_run("hole: top-of-memory crash region and a 4G bound", test_hole_crash_high);
	t_run("hole: first fit past many small gaps", test_hole_many);
	t_run("hole: top of the address space, bad arguments", test_hole_edges);
	return t_done();
}
