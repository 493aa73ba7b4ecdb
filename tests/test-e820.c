/* SPDX-License-Identifier: GPL-2.0-or-later */
/* e820 maps (normal and crash policy) from recorded samples, written into boot_params and SETUP_E820_EXT. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "x86-64-samples.h"
#include "../kexec/x86_64/boot-params.h"
#include "../kexec/x86_64/bzimage.h"
#include "../kexec/x86_64/e820.h"

/* The kernel's ABI struct (arch/x86/include/uapi/asm/bootparam.h), decoded here independently
   of e820.c's byte writer, with the offsets from that header written out literally. */
struct boot_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct boot_e820_entry) == 20, "boot_e820_entry");

static struct boot_e820_entry zp_entry(const uint8_t *bp, size_t i)
{
	struct boot_e820_entry e;

	memcpy(&e, bp + 0x2d0 + i * sizeof(e), sizeof(e));
	return e;
}

static uint64_t bytes_of(const struct mem_map *m, uint32_t type)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == type)
			n += m->r[i].end - m->r[i].start + 1;
	return n;
}

static int sorted_disjoint(const struct mem_map *m)
{
	size_t i;

	for (i = 1; i < m->n; i++)
		if (m->r[i].start <= m->r[i - 1].end)
			return 0;
	return 1;
}

static void test_firmware_map_1g(void)
{
	struct mem_map fw = { 0 }, e = { 0 };
	uint8_t bp[BP_SIZE];
	size_t i, used = 99;

	T_EQ_INT(sample_memmap("q35-ovmf-1g-crash256m", &fw), 0);
	T_EQ_INT(e820_from_map(&fw, &e), 0);
	T_EQ_INT(e.n, fw.n);                      /* firmware map: nothing to merge or drop */
	memset(bp, 0, sizeof(bp));
	T_EQ_INT(bootparams_set_e820(bp, &e, NULL, 0, &used), 0);
	T_EQ_INT(used, 0);
	T_EQ_INT(bp[0x1e8], e.n);
	for (i = 0; i < e.n; i++) {
		struct boot_e820_entry z = zp_entry(bp, i);

		T_CHECK(z.addr == fw.r[i].start && z.size == fw.r[i].end - fw.r[i].start + 1 &&
			z.type == fw.r[i].type);
	}
	T_CHECK(zp_entry(bp, 0).type == 1 && zp_entry(bp, 0).size == 0xa0000);
	mr_free(&e);
	mr_free(&fw);
}

static void test_iomem_map_1g(void)
{
	struct mem_map io = { 0 }, e = { 0 };
	size_t i;
	int merged = 0, mmconfig = 0;

	T_EQ_INT(sample_iomem("q35-ovmf-1g-crash256m", &io), 0);
	T_EQ_INT(e820_from_map(&io, &e), 0);
	T_CHECK(sorted_disjoint(&e));
	for (i = 0; i < e.n; i++) {
		T_CHECK(e.r[i].type != MR_CRASH && e.r[i].type != MR_OTHER && e.r[i].type != MR_KERNEL);
		/* System RAM split by the kernel at setup_data (3db4e018, 3db57c58) is one range again. */
		if (e.r[i].start == 0x900000 && e.r[i].end == 0x3dc56fff && e.r[i].type == MR_RAM)
			merged = 1;
		if (e.r[i].start == 0xb0000000 && e.r[i].type == MR_RESERVED)
			mmconfig = 1;
	}
	T_CHECK(merged);
	T_CHECK(mmconfig);                        /* nested "Reserved" under PCI MMCONFIG kept */
	mr_free(&e);
	mr_free(&io);
}

static void test_many_ranges_ext(void)
{
	struct mem_map io = { 0 }, e = { 0 };
	uint8_t bp[BP_SIZE], bp_before[BP_SIZE], *ext;
	size_t need, used = 0, i, n_ext;
	uint8_t node2[SETUP_DATA_HEADER_SIZE];

	T_EQ_INT(sample_iomem("q35-ovmf-1g-many-ranges", &io), 0);
	T_EQ_INT(e820_from_map(&io, &e), 0);
	T_CHECK(e.n > 128);
	printf("#   many-ranges sample: %zu e820 entries\n", e.n);
	need = e820_ext_size(e.n);
	T_EQ_INT(need, 16 + (e.n - 128) * 20);
	ext = malloc(need);
	if (!ext)
		abort();
	memset(bp, 0x5a, sizeof(bp));
	memcpy(bp_before, bp, sizeof(bp));
	/* too small a buffer: refused, nothing written */
	T_EQ_INT(bootparams_set_e820(bp, &e, ext, need - 1, &used), MR_E_TOO_MANY);
	T_EQ_MEM(bp, bp_before, sizeof(bp));
	T_EQ_INT(bootparams_set_e820(bp, &e, ext, need, &used), 0);
	T_EQ_INT(used, need);
	T_EQ_INT(bp[0x1e8], 128);
	/* setup_data header: next 0, type SETUP_E820_EXT (1), len = entries * 20 */
	T_CHECK(bp_get(ext, 8) == 0 && bp_get(ext + 8, 4) == 1 && bp_get(ext + 12, 4) == (e.n - 128) * 20);
	n_ext = bp_get(ext + 12, 4) / 20;
	for (i = 0; i < e.n; i++) {
		struct boot_e820_entry z;

		if (i < 128)
			z = zp_entry(bp, i);
		else
			memcpy(&z, ext + 16 + (i - 128) * 20, sizeof(z));
		T_CHECK(z.addr == e.r[i].start && z.size == e.r[i].end - e.r[i].start + 1 && z.type == e.r[i].type);
	}
	T_EQ_INT(128 + n_ext, e.n);
	/* Linking: boot_params.hdr.setup_data (0x250) points at the newest node, which points at the older. */
	memset(bp + 0x250, 0, 8);
	bootparams_link_setup_data(bp, ext, 0x7000);
	T_CHECK(bp_get(bp + 0x250, 8) == 0x7000 && bp_get(ext, 8) == 0);
	setup_data_header(node2, SETUP_EFI, 0);
	bootparams_link_setup_data(bp, node2, 0x9000);
	T_CHECK(bp_get(bp + 0x250, 8) == 0x9000 && bp_get(node2, 8) == 0x7000);
	free(ext);
	mr_free(&e);
	mr_free(&io);
}

static void test_crash_map_1g(void)
{
	struct mem_map io = { 0 }, ex = { 0 }, e = { 0 };
	size_t i;
	int low_ram = 0;

	T_EQ_INT(sample_iomem("q35-ovmf-1g-crash256m", &io), 0);
	/* the ELF core header at the start of the crash region, 64 KiB */
	mr_add(&ex, 0x2b000000, 0x2b00ffff, MR_RESERVED, 0);
	T_EQ_INT(e820_for_crash(&io, &ex, &e), 0);
	T_CHECK(sorted_disjoint(&e));
	/* RAM: only the low 640K of System RAM and the crash region minus the header. */
	T_EQ_INT(bytes_of(&e, MR_RAM), (0xa0000 - 0x1000) + (0x10000000 - 0x10000));
	for (i = 0; i < e.n; i++) {
		if (e.r[i].type == MR_RAM && e.r[i].start == 0x1000 && e.r[i].end == 0x9ffff)
			low_ram = 1;
		if (e.r[i].type == MR_RAM && e.r[i].start >= 0x100000)
			T_CHECK(e.r[i].start == 0x2b010000 && e.r[i].end == 0x3affffff);
	}
	T_CHECK(low_ram);
	/* ACPI tables and NVS keep their types (the crash kernel needs ACPI), reserved stays reserved */
	T_EQ_INT(bytes_of(&e, MR_ACPI), 0x3f77dfff - 0x3f76c000 + 1);
	T_EQ_INT(bytes_of(&e, MR_NVS), 0x2000 + 0xf0000 + 0x80000 + 0x90000);
	T_CHECK(bytes_of(&e, MR_RESERVED) >= 0x10000000);  /* includes MMCONFIG */
	mr_free(&e);
	mr_free(&ex);
	mr_free(&io);
}

static void test_crash_map_high(void)
{
	struct mem_map io = { 0 }, e = { 0 };

	T_EQ_INT(sample_iomem("q35-ovmf-5g-crash-high", &io), 0);
	T_EQ_INT(e820_for_crash(&io, NULL, &e), 0);
	/* both crashkernel ranges (low 256M and the high one at the top of memory) are RAM */
	T_EQ_INT(bytes_of(&e, MR_RAM), (0xa0000 - 0x1000) + 0x10000000 + 0x10000000);
	T_CHECK(e.n > 0 && e.r[e.n - 1].type == MR_RAM && e.r[e.n - 1].end == 0x1beffffffULL);
	mr_free(&e);
	mr_free(&io);
}

static void test_crash_map_refusals(void)
{
	struct mem_map io = { 0 }, e = { (struct mem_range *)0x1, 5, 5 }, ex = { 0 };

	T_EQ_INT(sample_iomem("q35-ovmf-1g-many-ranges", &io), 0);
	mr_free(&io);
	mr_add(&io, 0x1000, 0x9ffff, MR_RAM, 0);
	mr_add(&io, 0x100000, 0x3fffffff, MR_RAM, 0);
	/* no "Crash kernel" range: refuse (the -p path must not guess) */
	T_EQ_INT(e820_for_crash(&io, NULL, &e), MR_E_NO_FIT);
	T_CHECK(e.n == 5 && e.r == (struct mem_range *)0x1);
	/* excluding the whole region leaves less than a page: still no RAM for the crash kernel */
	mr_add(&io, 0x2000000, 0x2000fff, MR_CRASH, 1);
	mr_add(&ex, 0x2000000, 0x2000800, MR_RESERVED, 0);
	T_EQ_INT(e820_for_crash(&io, &ex, &e), 0);
	T_EQ_INT(bytes_of(&e, MR_RAM), 0x9f000);   /* the 2 KiB remainder is dropped (< 4 KiB) */
	mr_free(&e);
	mr_free(&ex);
	mr_free(&io);
}

static void test_overlap_and_types(void)
{
	struct mem_map in = { 0 }, e = { 0 };
	uint8_t bp[BP_SIZE];
	size_t used;

	mr_add(&in, 0x1000, 0x8fff, MR_RAM, 0);
	mr_add(&in, 0x8000, 0x9fff, MR_RESERVED, 0);
	T_EQ_INT(e820_from_map(&in, &e), MR_E_OVERLAP);
	mr_free(&in);
	mr_add(&in, 0x1000, 0x1fff, MR_CRASH, 0);
	memset(bp, 0, sizeof(bp));
	T_EQ_INT(bootparams_set_e820(bp, &in, NULL, 0, &used), MR_E_ARG);
	mr_free(&in);
}

static void test_bootparams_real_kernel(void)
{
	uint8_t *k = NULL, bp[BP_SIZE];
	size_t klen = 0;
	struct bzimage_info bz;
	FILE *f = fopen("build/kernel/vmlinuz", "rb");

	T_CHECK(f != NULL);
	if (!f)
		return;
	k = malloc(1 << 16);
	if (!k)
		abort();
	klen = fread(k, 1, 1 << 16, f);
	fclose(f);
	/* The header alone is enough for everything but the syssize check: fake the size. */
	T_CHECK(klen == 1 << 16);
	bz.setup_header = k + 0x1f1;
	bz.setup_header_len = 0x202 + k[0x201] - 0x1f1;
	memset(bp, 0xcc, sizeof(bp));
	bootparams_init(bp, &bz);
	/* The header as in the file, except the fields a loader owns: type_of_loader (0x210) 0xff
	   ("undefined"), ramdisk (0x218/0x21c), cmd_line_ptr (0x228), setup_data (0x250) zero. */
	k[0x210] = 0xff;
	memset(k + 0x218, 0, 8);
	memset(k + 0x228, 0, 4);
	memset(k + 0x250, 0, 8);
	T_EQ_MEM(bp + 0x1f1, k + 0x1f1, bz.setup_header_len);
	T_EQ_INT(bp[0x1ef], 0);                    /* sentinel */
	T_EQ_INT(bp[0x1e8], 0);
	T_EQ_INT(bp_get(bp + 0x250, 8), 0);
	T_CHECK(bp[0x1f1 + bz.setup_header_len] == 0 && bp[0xfff] == 0);
	bootparams_set_cmdline(bp, 0x123456000ULL);
	T_CHECK(bp_get(bp + 0x228, 4) == 0x23456000 && bp_get(bp + 0x0c8, 4) == 1);
	bootparams_set_initrd(bp, 0x2abcd0000ULL, 0x100000123ULL);
	T_CHECK(bp_get(bp + 0x218, 4) == 0xabcd0000 && bp_get(bp + 0x0c0, 4) == 2);
	T_CHECK(bp_get(bp + 0x21c, 4) == 0x123 && bp_get(bp + 0x0c4, 4) == 1);
	bootparams_set_acpi_rsdp(bp, 0x3f77e014);
	T_CHECK(bp_get(bp + 0x70, 8) == 0x3f77e014);
	bootparams_set_hardware_subarch(bp, 0);
	T_CHECK(bp_get(bp + 0x23c, 4) == 0);
	/* the copied header still says "HdrS" and the protocol version at 0x202/0x206 */
	T_CHECK(memcmp(bp + 0x202, "HdrS", 4) == 0 && bp_get(bp + 0x206, 2) >= 0x020c);
	free(k);
}

int main(void)
{
	t_run("firmware memmap (1G) -> 16 zero-page entries, decoded as the kernel struct", test_firmware_map_1g);
	t_run("iomem (1G) -> split RAM merged, nested MMCONFIG Reserved kept, no crash/kernel types", test_iomem_map_1g);
	t_run("many ranges (>128) -> 128 in the zero page + SETUP_E820_EXT, linked setup_data", test_many_ranges_ext);
	t_run("crash map (1G): low 640K + crash region minus elfcorehdr as RAM, ACPI/NVS/reserved kept", test_crash_map_1g);
	t_run("crash map (5G, crashkernel=,high): both crash ranges as RAM, top of memory", test_crash_map_high);
	t_run("crash map refusals and sub-page remainders", test_crash_map_refusals);
	t_run("overlaps and non-e820 types refused", test_overlap_and_types);
	t_run("boot_params from the real kernel header: header copied, 64-bit pointers split", test_bootparams_real_kernel);
	return t_done();
}
