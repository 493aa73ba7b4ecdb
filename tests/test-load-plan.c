/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_load segment planning on recorded memory maps and Debian's kernel: placement, boot_params, SETUP_EFI, crash layout, purgatory table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <openssl/evp.h>
#include "test.h"
#include "x86-64-samples.h"
#include "../kexec/x86_64/e820.h"
#include "../kexec/x86_64/error-names.h"
#include "../kexec/x86_64/load-plan.h"
#include "../kexec/x86_64/probe.h"
#include "../kexec/x86_64/purgatory-params.h"
#include "sb-error.h"
#include "../purgatory/purgatory-abi.h"
#include "../purgatory/purgatory-blob.h"
#include "../purgatory/verify.h"

/*
 * Everything is decoded back from the produced bytes with offsets written out literally from
 * arch/x86/include/uapi/asm/bootparam.h and asm/efi.h, independently of the writers.
 */
static uint8_t *kernel;
static size_t kernel_len;
static struct bzimage_info bz;
static uint8_t running[4096];
static uint8_t initrd[3 * 4096 + 123];

static uint64_t rd(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static int read_kernel(void)
{
	FILE *f = fopen(getenv("SBKEXEC_TEST_KERNEL") ? getenv("SBKEXEC_TEST_KERNEL") : "build/kernel/vmlinuz", "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	kernel = malloc((size_t)n);
	if (!kernel || fread(kernel, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	kernel_len = (size_t)n;
	return bzimage_parse(kernel, kernel_len, &bz);
}

/* A running kernel's boot_params as /sys/kernel/boot_params/data shows it after an EFI boot. */
static void make_running(void)
{
	size_t i;

	memset(running, 0, sizeof(running));
	for (i = 0; i < 0x40; i++)
		running[i] = (uint8_t)(0xa0 + i);                 /* screen_info */
	memcpy(running + 0x70, "\x14\xe0\x7f\x3f\0\0\0\0", 8);   /* acpi_rsdp_addr 0x3f7fe014 */
	memcpy(running + 0x1c0, "EL64", 4);
	memcpy(running + 0x1c4, "\x18\xee\x7e\x3f", 4);          /* efi_systab 0x3f7eee18 */
	memcpy(running + 0x1c8, "\x30\0\0\0", 4);                /* firmware desc size 48 */
	memcpy(running + 0x1cc, "\x01\0\0\0", 4);                /* memdesc_version 1 */
	memcpy(running + 0x1d0, "\x00\x10\x5d\x3c", 4);          /* old memmap: must not survive */
	memcpy(running + 0x1d4, "\x00\x30\0\0", 4);
	running[0x1ec] = 1;                                       /* secure_boot: disabled */
	memcpy(running + 0x1f1, "\xee\xee", 2);                   /* old setup header: must not survive */
}

/* Recorded /sys/firmware/efi/runtime-map of the 1 GiB OVMF guest (tests/data/q35-ovmf-1g.efi-runtime-map). */
static int load_rtmap(const char *name, struct efi_rt_map *m)
{
	size_t len;
	char *text = sample_read(name, "efi-runtime-map", &len), *line, *save = NULL;
	int rc = 0;

	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
		char f[5][32];

		if (sscanf(line, "%31s %31s %31s %31s %31s", f[0], f[1], f[2], f[3], f[4]) != 5)
			rc = -1;
		else
			rc = efi_rt_map_add(m, f[0], f[1], f[2], f[3], f[4]);
	}
	free(text);
	return rc ? rc : (m->n ? 0 : -1);
}

struct kd {
	struct crash_cpu_note notes[64];
	struct crash_elf_input ci;
};

static int load_kdump(const char *name, struct kd *k)
{
	size_t len;
	char *text = sample_read(name, "kdump", &len), *line, *save = NULL;

	if (!text)
		return -1;
	memset(k, 0, sizeof(*k));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[64], b[64], c[64];

		if (strncmp(line, "vmcoreinfo ", 11) == 0)
			crash_parse_vmcoreinfo(line + 11, &k->ci.vmcoreinfo_addr, &k->ci.vmcoreinfo_size);
		else if (sscanf(line, "crash_notes %63s %63s %63s", c, a, b) == 3 && k->ci.nnotes < 64) {
			crash_parse_hex(a, &k->notes[k->ci.nnotes].addr);
			crash_parse_dec(b, &k->notes[k->ci.nnotes].size);
			k->ci.nnotes++;
		}
	}
	free(text);
	k->ci.notes = k->notes;
	k->ci.text_paddr = 0x1b200000;
	k->ci.text_vaddr = 0xffffffff99400000ULL;
	k->ci.text_size = 0x3430000;
	k->ci.page_offset = 0xffff9a0000000000ULL;
	return k->ci.nnotes ? 0 : -1;
}

static void base_in(struct x86_load_in *in, const char *cmdline)
{
	memset(in, 0, sizeof(*in));
	in->bz = &bz;
	in->cmdline = cmdline;
	in->initrd = initrd;
	in->initrd_len = sizeof(initrd);
	in->running_bp = running;
	in->running_bp_len = sizeof(running);
	in->purgatory = sb_purgatory_blob;
	in->purgatory_len = sb_purgatory_blob_size;
	in->purgatory_params_offset = sb_purgatory_params_offset;
	in->purgatory_entry_offset = sb_purgatory_entry_offset;
	in->purgatory_mem_size = sb_purgatory_mem_size;
	in->serial_port = 0x3f8;
}

static int inside(const struct mem_map *m, uint32_t type, uint64_t start, uint64_t len)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == type && start >= m->r[i].start && start + len - 1 <= m->r[i].end)
			return 1;
	return 0;
}

static const struct x86_segment *seg_named(const struct x86_load_plan *p, const char *what)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (strcmp(p->seg[i].what, what) == 0)
			return &p->seg[i];
	return NULL;
}

/* Bytes at physical address a..a+n as they will be after kexec_load copies the segments. */
static const uint8_t *phys(const struct x86_load_plan *p, uint64_t a, uint64_t n)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (a >= p->seg[i].mem && n <= p->seg[i].bufsz && a - p->seg[i].mem <= p->seg[i].bufsz - n)
			return p->seg[i].buf + (a - p->seg[i].mem);
	return NULL;
}

/* Invariants every plan must satisfy; `allowed` holds the ranges segments may use (type). */
static void check_common(const struct x86_load_plan *p, const struct mem_map *allowed, uint32_t type,
			 const char *cmdline_want, int want_efi, const struct efi_rt_map *map)
{
	const struct x86_segment *k = seg_named(p, "kernel"), *s = seg_named(p, "boot_params+cmdline"),
				 *pg = seg_named(p, "purgatory"), *ird = seg_named(p, "initrd");
	const uint8_t *bp, *node;
	struct purgatory_params pp;
	uint64_t sd, cmd;
	size_t i, j, nodes = 0;
	int saw_efi = 0;

	T_CHECK(k && s && pg && ird);
	if (!k || !s || !pg || !ird)
		return;
	for (i = 0; i < p->nseg; i++) {
		const struct x86_segment *a = &p->seg[i];

		T_CHECK(a->mem % 4096 == 0 && a->memsz % 4096 == 0 && a->memsz >= a->bufsz && a->bufsz);
		T_CHECK(inside(allowed, type, a->mem, a->memsz));
		for (j = 0; j < i; j++)
			T_CHECK(a->mem + a->memsz <= p->seg[j].mem || p->seg[j].mem + p->seg[j].memsz <= a->mem);
	}
	/* Kernel: the protected-mode part only, aligned, with init_size room. */
	T_CHECK(k->buf == bz.kernel && k->bufsz == bz.kernel_size);
	T_EQ_INT(k->mem % bz.kernel_alignment, 0);
	T_CHECK(k->memsz >= bz.init_size);
	T_CHECK(ird->buf == initrd && ird->bufsz == sizeof(initrd));
	T_CHECK(ird->mem + ird->bufsz - 1 <= bz.initrd_addr_max);
	T_CHECK(s->mem + s->memsz - 1 <= 0xffffffffULL);

	bp = s->buf;
	T_EQ_INT(p->bp_addr, s->mem);
	T_EQ_MEM(bp + 0x1f1, bz.setup_header, 0x10);                /* setup header from the new image */
	T_EQ_INT(bp[0x210], 0xff);                                 /* type_of_loader */
	T_EQ_MEM(bp, running, 0x40);                               /* screen_info */
	T_EQ_INT(rd(bp + 0x70, 8), 0x3f7fe014);                    /* acpi_rsdp_addr */
	T_EQ_INT(bp[0x1ec], 1);                                    /* secure_boot */
	cmd = rd(bp + 0x228, 4) | rd(bp + 0xc8, 4) << 32;
	T_EQ_INT(cmd, p->cmdline_addr);
	T_CHECK(phys(p, cmd, strlen(cmdline_want) + 1) &&
		strcmp((const char *)phys(p, cmd, strlen(cmdline_want) + 1), cmdline_want) == 0);
	T_EQ_INT(rd(bp + 0x218, 4) | rd(bp + 0xc0, 4) << 32, ird->mem);
	T_EQ_INT(rd(bp + 0x21c, 4) | rd(bp + 0xc4, 4) << 32, sizeof(initrd));

	/* setup_data list: every node inside the setup segment. */
	for (sd = rd(bp + 0x250, 8); sd && nodes < 8; sd = rd(node, 8), nodes++) {
		uint32_t t, len;

		node = phys(p, sd, 16);
		T_CHECK(node != NULL);
		if (!node)
			break;
		t = (uint32_t)rd(node + 8, 4);
		len = (uint32_t)rd(node + 12, 4);
		T_CHECK(phys(p, sd, 16 + (uint64_t)len) != NULL);
		if (t == 4) {
			uint64_t mm = rd(bp + 0x1d0, 4) | rd(bp + 0x1dc, 4) << 32;
			const uint8_t *d;

			saw_efi = 1;
			T_EQ_MEM(bp + 0x1c0, "EL64", 4);
			T_EQ_INT(rd(bp + 0x1c4, 4), 0x3f7eee18);
			T_EQ_INT(rd(bp + 0x1c8, 4), 40);
			T_EQ_INT(rd(bp + 0x1cc, 4), 1);
			T_EQ_INT(rd(bp + 0x1d4, 4), map->n * 40);
			T_EQ_INT(len, 96 + map->n * 40);
			/* The map lies inside the node's payload, after struct efi_setup_data. */
			T_EQ_INT(mm, sd + 16 + 96);
			T_EQ_INT(rd(node + 16, 8), 0x3f5e0018);            /* fw_vendor */
			T_EQ_INT(rd(node + 32, 8), 0x3f5e0098);            /* tables */
			d = phys(p, mm, map->n * 40);
			T_CHECK(d != NULL);
			for (i = 0; d && i < map->n; i++, d += 40) {
				T_EQ_INT(rd(d, 4), map->d[i].type);
				T_EQ_INT(rd(d + 8, 8), map->d[i].phys_addr);
				T_EQ_INT(rd(d + 16, 8), map->d[i].virt_addr);
				T_EQ_INT(rd(d + 24, 8), map->d[i].num_pages);
				T_EQ_INT(rd(d + 32, 8), map->d[i].attribute);
			}
		}
	}
	T_EQ_INT(saw_efi, want_efi);
	if (!want_efi)
		T_CHECK(memcmp(bp + 0x1c0, "EL64", 4) != 0);

	/* Purgatory: entry, and a digest table that matches every other segment (OpenSSL). */
	T_EQ_INT(p->entry, pg->mem + sb_purgatory_entry_offset);
	T_CHECK(pg->bufsz == sb_purgatory_blob_size);
	memcpy(&pp, pg->buf + sb_purgatory_params_offset, sizeof(pp));
	T_EQ_INT(pp.magic, PURGATORY_MAGIC);
	T_EQ_INT(pp.nregions, p->nseg - 1);
	T_EQ_INT(pp.entry_rip, k->mem + 0x200);
	T_EQ_INT(pp.entry_rsi, s->mem);
	T_EQ_INT(pp.serial_port, 0x3f8);
	for (i = 0; i + 1 < p->nseg && i < PURGATORY_MAX_REGIONS; i++) {
		uint8_t md[32];
		unsigned n = 0;

		T_EQ_INT(pp.regions[i].start, p->seg[i].mem);
		T_EQ_INT(pp.regions[i].len, p->seg[i].bufsz);
		EVP_Digest(p->seg[i].buf, p->seg[i].bufsz, md, &n, EVP_sha256(), NULL);
		T_EQ_MEM(pp.regions[i].sha256, md, 32);
	}
}

static struct efi_rt_map rtmap;
static struct efi_setup_in efi_in = { 0x3f5e0018, 0x3f5ec000, 0x3f5e0098, 0x3f5a0000 };

static void test_normal_1g(void)
{
	struct mem_map io = { 0 }, e820 = { 0 }, ram = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p;
	char why[256];
	int rc;

	T_CHECK(sample_iomem("q35-ovmf-1g-crash256m", &io) == 0);
	base_in(&in, "console=ttyS0 root=/dev/vda");
	in.e820_src = &io;
	in.iomem = &io;
	in.efi_map = &rtmap;
	in.efi = &efi_in;
	rc = x86_load_plan(&in, &p, why, sizeof(why));
	T_EQ_INT(rc, 0);
	if (rc) {
		printf("#   %s\n", why);
		goto out;
	}
	T_EQ_INT(p.nseg, 4);
	T_CHECK(p.efi);
	T_CHECK(e820_from_map(&io, &e820) == 0 && mr_select(&e820, MR_RAM, 0, &ram) == 0);
	check_common(&p, &ram, MR_RAM, "console=ttyS0 root=/dev/vda", 1, &rtmap);
	T_CHECK(p.kernel_addr >= 16 << 20);
	/* The e820 handed over is the iomem view: the kernel-reserved EFI range stays reserved. */
	T_EQ_INT(p.e820_entries, e820.n);
	T_CHECK(!inside(&ram, MR_RAM, 0x3dc57000, 0x1000));
	x86_load_plan_free(&p);
out:
	mr_free(&ram);
	mr_free(&e820);
	mr_free(&io);
}

static void test_normal_memmap_no_efi(void)
{
	struct mem_map mm = { 0 }, ram = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p;
	char why[256];

	T_CHECK(sample_memmap("q35-ovmf-1g-crash256m", &mm) == 0);
	base_in(&in, "");
	in.e820_src = &mm;
	in.running_bp = NULL;     /* no /sys/kernel/boot_params/data: no EFI, no copied fields */
	in.efi_map = &rtmap;
	in.efi = &efi_in;
	memset(running, 0, 0x80);
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), 0);
	make_running();
	if (p.nseg == 0)
		goto out;
	T_CHECK(!p.efi);
	T_CHECK(mr_select(&mm, MR_RAM, 0, &ram) == 0);
	T_EQ_INT(rd(p.seg[2].buf + 0x70, 8), 0);
	T_CHECK(memcmp(p.seg[2].buf + 0x1c0, "EL64", 4) != 0);
	x86_load_plan_free(&p);
out:
	mr_free(&ram);
	mr_free(&mm);
}

static void test_many_ranges_ext(void)
{
	struct mem_map io = { 0 }, e820 = { 0 }, ram = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p;
	char why[256];
	const uint8_t *bp;
	uint64_t sd;
	int ext = 0, efi = 0, n = 0;

	T_CHECK(sample_iomem("q35-ovmf-1g-many-ranges", &io) == 0);
	base_in(&in, "quiet");
	in.e820_src = &io;
	in.efi_map = &rtmap;
	in.efi = &efi_in;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), 0);
	if (p.nseg == 0)
		goto out;
	T_CHECK(e820_from_map(&io, &e820) == 0 && mr_select(&e820, MR_RAM, 0, &ram) == 0);
	T_CHECK(e820.n > 128);
	check_common(&p, &ram, MR_RAM, "quiet", 1, &rtmap);
	bp = seg_named(&p, "boot_params+cmdline")->buf;
	T_EQ_INT(bp[0x1e8], 128);
	for (sd = rd(bp + 0x250, 8); sd && n < 4; n++) {
		const uint8_t *node = phys(&p, sd, 16);

		if (!node)
			break;
		ext += rd(node + 8, 4) == 1 && rd(node + 12, 4) == (e820.n - 128) * 20;
		efi += rd(node + 8, 4) == 4;
		sd = rd(node, 8);
	}
	T_EQ_INT(ext, 1);
	T_EQ_INT(efi, 1);
	x86_load_plan_free(&p);
out:
	mr_free(&ram);
	mr_free(&e820);
	mr_free(&io);
}

static void check_crash(const char *sample, uint64_t text_paddr)
{
	struct mem_map io = { 0 }, crash = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p;
	struct kd k;
	char why[256], want[512];
	const struct x86_segment *eh, *s;
	const Elf64_Ehdr *e;
	const Elf64_Phdr *ph;
	const uint8_t *bp;
	uint64_t ram_bytes = 0, crash_bytes = 0, low_ram = 0, dumped = 0;
	size_t i;

	T_CHECK(sample_iomem(sample, &io) == 0 && load_kdump(sample, &k) == 0);
	k.ci.text_paddr = text_paddr;
	base_in(&in, "console=ttyS0 nr_cpus=1");
	in.crash = true;
	in.iomem = &io;
	in.crash_in = &k.ci;
	in.efi_map = &rtmap;
	in.efi = &efi_in;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), 0);
	if (p.nseg == 0) {
		printf("#   %s\n", why);
		goto out;
	}
	T_EQ_INT(p.nseg, 5);
	T_CHECK(mr_select(&io, MR_CRASH, 255, &crash) == 0);
	for (i = 0; i < crash.n; i++)
		crash.r[i].type = MR_RAM;
	eh = seg_named(&p, "elfcorehdr");
	T_CHECK(eh != NULL);
	if (!eh)
		goto free_plan;
	snprintf(want, sizeof(want), "console=ttyS0 nr_cpus=1 elfcorehdr=0x%llx", (unsigned long long)eh->mem);
	check_common(&p, &crash, MR_RAM, want, 1, &rtmap);
	T_EQ_INT(eh->mem, p.elfcorehdr_addr);

	/* The crash kernel's e820: RAM only inside the crash region (or below 1 MiB), never the header. */
	s = seg_named(&p, "boot_params+cmdline");
	bp = s->buf;
	for (i = 0; i < bp[0x1e8]; i++) {
		const uint8_t *en = bp + 0x2d0 + i * 20;
		uint64_t a = rd(en, 8), n = rd(en + 8, 8);

		if (rd(en + 16, 4) != 1)
			continue;
		T_CHECK(a + n - 1 <= 0xfffff || inside(&crash, MR_RAM, a, n));
		T_CHECK(a + n <= eh->mem || eh->mem + eh->memsz <= a);
	}

	/* The header: PT_LOADs cover System RAM minus the crash region and the low 1 MiB, + text. */
	e = (const Elf64_Ehdr *)eh->buf;
	T_CHECK(memcmp(e->e_ident, ELFMAG, SELFMAG) == 0 && e->e_type == ET_CORE);
	for (i = 0; i < io.n; i++) {
		const struct mem_range *r = &io.r[i];

		if (r->type == MR_RAM && r->depth == 0) {
			ram_bytes += r->end - r->start + 1;
			if (r->start <= 0xfffff)
				low_ram += (r->end < 0xfffff ? r->end : 0xfffff) - r->start + 1;
		}
		if (r->type == MR_CRASH)
			crash_bytes += r->end - r->start + 1;
	}
	ph = (const Elf64_Phdr *)(eh->buf + e->e_phoff);
	for (i = 0; i < e->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr == k.ci.text_vaddr) {
			T_EQ_INT(ph[i].p_paddr, text_paddr);
			continue;
		}
		T_CHECK(!inside(&crash, MR_RAM, ph[i].p_paddr, 1) && ph[i].p_paddr > 0xfffff);
		T_EQ_INT(ph[i].p_vaddr, k.ci.page_offset + ph[i].p_paddr);
		dumped += ph[i].p_memsz;
	}
	T_EQ_INT(dumped, ram_bytes - crash_bytes - low_ram);
free_plan:
	x86_load_plan_free(&p);
out:
	mr_free(&crash);
	mr_free(&io);
}

static void test_crash_1g(void) { check_crash("q35-ovmf-1g-crash256m", 0x1b200000); }
static void test_crash_high(void) { check_crash("q35-ovmf-5g-crash-high", 0x1b200000); }

/*
 * Crash hotplug on the recorded 1 GiB sample. Without it (Debian 6.1, the samples as recorded):
 * 4 regions, the header among them, flags ARCH_X86_64|ON_CRASH. With a crash_elfcorehdr_size
 * (synthetic 917616, see test-probe.c): the header segment gets that room, the crash kernel's
 * e820 leaves all of it out, the purgatory's table holds every other segment with its OpenSSL
 * digest (3 regions) but not the header, and the flags add KEXEC_UPDATE_ELFCOREHDR (0x4).
 */
static void test_crash_hotplug_table(void)
{
	struct mem_map io = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p;
	struct purgatory_params pp;
	struct kd k;
	char why[256], line[256];
	size_t i, r;
	int hp;

	T_CHECK(sample_iomem("q35-ovmf-1g-crash256m", &io) == 0 && load_kdump("q35-ovmf-1g-crash256m", &k) == 0);
	for (hp = 0; hp < 2; hp++) {
		const struct x86_segment *eh, *pg, *s;
		const uint8_t *bp;

		base_in(&in, "console=ttyS0");
		in.crash = true;
		in.iomem = &io;
		in.crash_in = &k.ci;
		in.hotplug_elfcorehdr_size = hp ? 917616 : 0;
		T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), 0);
		if (p.nseg == 0) {
			printf("#   %s\n", why);
			continue;
		}
		eh = seg_named(&p, "elfcorehdr");
		pg = seg_named(&p, "purgatory");
		s = seg_named(&p, "boot_params+cmdline");
		T_CHECK(eh && pg && s);
		if (!eh || !pg || !s)
			goto next;
		T_EQ_INT(p.nseg, 5);
		T_EQ_INT(p.hotplug, hp);
		T_EQ_INT(p.kexec_flags, hp ? 0x003e0005 : 0x003e0001);
		T_EQ_INT(eh->memsz, hp ? 225 * 4096 : ((eh->bufsz + 4095) & ~(size_t)4095));
		T_CHECK(eh->bufsz < 64 * 1024 && memcmp(eh->buf, "\177ELF", 4) == 0);
		memcpy(&pp, pg->buf + sb_purgatory_params_offset, sizeof(pp));
		T_EQ_INT(pp.nregions, hp ? 3 : 4);
		T_EQ_INT(pp.flags, PURGATORY_FLAG_CRASH | (hp ? PURGATORY_FLAG_HOTPLUG : 0));
		/* Table = the segments in order, minus the header (hotplug) and the purgatory. */
		for (i = 0, r = 0; i + 1 < p.nseg; i++) {
			uint8_t md[32];
			unsigned n = 0;

			if (hp && &p.seg[i] == eh)
				continue;
			T_EQ_INT(pp.regions[r].start, p.seg[i].mem);
			T_EQ_INT(pp.regions[r].len, p.seg[i].bufsz);
			EVP_Digest(p.seg[i].buf, p.seg[i].bufsz, md, &n, EVP_sha256(), NULL);
			T_EQ_MEM(pp.regions[r].sha256, md, 32);
			r++;
		}
		T_EQ_INT(r, pp.nregions);
		for (r = 0; hp && r < pp.nregions; r++)
			T_CHECK(pp.regions[r].start != eh->mem);
		/* The crash kernel never gets the header's room (all of memsz) as RAM. */
		bp = s->buf;
		for (i = 0; i < bp[0x1e8]; i++) {
			const uint8_t *en = bp + 0x2d0 + i * 20;
			uint64_t a = rd(en, 8), n = rd(en + 8, 8);

			if (rd(en + 16, 4) == 1)
				T_CHECK(a + n <= eh->mem || eh->mem + eh->memsz <= a);
		}
		purgatory_describe(SB_OK, PURGATORY_NO_REGION, &pp, line, sizeof(line));
		if (hp)
			T_CHECK(strstr(line, "3 regions verified, entering crash kernel at 0x") &&
				strstr(line, "; ELF core header not checked (crash hotplug: the kernel rewrites it)"));
		else
			T_CHECK(strstr(line, "4 regions verified, entering crash kernel at 0x") && !strstr(line, "hotplug"));
next:
		x86_load_plan_free(&p);
	}
	mr_free(&io);
}

/* Refusals leave the output untouched and say why. */
static void test_refusals(void)
{
	struct mem_map io = { 0 }, nocrash = { 0 };
	struct x86_load_in in;
	struct x86_load_plan p, untouched;
	struct kd k;
	char why[256], *longcmd;
	size_t i;

	T_CHECK(sample_iomem("q35-ovmf-1g-crash256m", &io) == 0 && load_kdump("q35-ovmf-1g-crash256m", &k) == 0);
	memset(&p, 0x5a, sizeof(p));
	untouched = p;

	longcmd = malloc(bz.cmdline_size + 2);
	memset(longcmd, 'x', bz.cmdline_size + 1);
	longcmd[bz.cmdline_size + 1] = '\0';
	base_in(&in, longcmd);
	in.e820_src = &io;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), PLAN_E_CMDLINE);
	T_CHECK(strstr(why, "command line") != NULL);
	/* Exactly cmdline_size fits; for -p the elfcorehdr= argument counts too. */
	longcmd[bz.cmdline_size] = '\0';
	T_EQ_INT(x86_load_plan(&in, &untouched, why, sizeof(why)), 0);
	x86_load_plan_free(&untouched);
	memset(&untouched, 0x5a, sizeof(untouched));
	longcmd[bz.cmdline_size - 10] = '\0';
	in.crash = true;
	in.iomem = &io;
	in.crash_in = &k.ci;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), PLAN_E_CMDLINE);

	/* No crash region. */
	for (i = 0; i < io.n; i++)
		if (io.r[i].type != MR_CRASH)
			mr_add(&nocrash, io.r[i].start, io.r[i].end, io.r[i].type, io.r[i].depth);
	base_in(&in, "");
	in.crash = true;
	in.iomem = &nocrash;
	in.crash_in = &k.ci;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), PLAN_E_NO_RAM);
	T_CHECK(strstr(why, "Crash kernel") != NULL);

	/* An initrd larger than the 256 MiB crash region. */
	base_in(&in, "");
	in.crash = true;
	in.iomem = &io;
	in.crash_in = &k.ci;
	in.initrd_len = 300u << 20;
	T_EQ_INT(x86_load_plan(&in, &p, why, sizeof(why)), PLAN_E_NO_ROOM);
	T_CHECK(strstr(why, "initrd") != NULL);

	/* No System RAM at all (iomem read without CAP_SYS_ADMIN shows zeros). */
	base_in(&in, "");
	mr_free(&nocrash);
	mr_add(&nocrash, 0, 0, MR_RAM, 0);
	mr_add(&nocrash, 0, 0, MR_RESERVED, 0);
	in.e820_src = &nocrash;
	T_CHECK(x86_load_plan(&in, &p, why, sizeof(why)) != 0);
	T_EQ_MEM(&p, &untouched, sizeof(p));
	free(longcmd);
	mr_free(&nocrash);
	mr_free(&io);
}

/* efi_rt_map_add checks each runtime-map entry. */
static void test_rtmap_parse(void)
{
	struct efi_rt_map m = { 0 };

	T_EQ_INT(efi_rt_map_add(&m, "0x5\n", "0x3f5e0000\n", "0xfffffffeffc00000\n", "0x20\n", "0x800000000000000f\n"), 0);
	T_EQ_INT(m.n, 1);
	T_EQ_INT(efi_rt_map_add(&m, "0x5", "0x3f5e0000", "0xfffffffeffc00000", "0x0", "0xf"), EFIBP_E_DESC);
	T_EQ_INT(efi_rt_map_add(&m, "0x5", "0x3f5e0001", "0xfffffffeffc00000", "0x1", "0xf"), EFIBP_E_DESC);
	T_EQ_INT(efi_rt_map_add(&m, "0x5", "0xfffffffffffff000", "0x0", "0x2", "0xf"), EFIBP_E_DESC);
	T_EQ_INT(efi_rt_map_add(&m, "0x5", "0x1000", "0x0", "0x10000000000000", "0xf"), EFIBP_E_DESC);
	T_EQ_INT(efi_rt_map_add(&m, "0x5 ", "0x1000", "0x0", "0x1", "0xf"), EFIBP_E_SYNTAX);
	T_EQ_INT(efi_rt_map_add(&m, "", "0x1000", "0x0", "0x1", "0xf"), EFIBP_E_SYNTAX);
	T_EQ_INT(efi_rt_map_add(&m, "0x100000000", "0x1000", "0x0", "0x1", "0xf"), EFIBP_E_DESC);
	T_EQ_INT(efi_rt_map_add(&m, "0x5", "0x1000", "0x0", "0x1", NULL), EFIBP_E_SYNTAX);
	T_EQ_INT(m.n, 1);
	efi_rt_map_free(&m);
}

/* bootparams_set_efi refuses a running kernel not booted through a 64-bit EFI loader. */
static void test_set_efi_refusals(void)
{
	uint8_t bp[4096], before[4096], old[4096];

	memset(bp, 0x11, sizeof(bp));
	memcpy(before, bp, sizeof(bp));
	memcpy(old, running, sizeof(old));
	memcpy(old + 0x1c0, "EL32", 4);
	T_EQ_INT(bootparams_set_efi(bp, old, sizeof(old), 0x1000, 3), EFIBP_E_RUNNING);
	T_EQ_INT(bootparams_set_efi(bp, running, 4095, 0x1000, 3), EFIBP_E_RUNNING);
	T_EQ_INT(bootparams_set_efi(bp, NULL, 4096, 0x1000, 3), EFIBP_E_RUNNING);
	T_EQ_MEM(bp, before, sizeof(bp));
	T_EQ_INT(bootparams_set_efi(bp, running, sizeof(running), 0x123456789000ULL, 3), 0);
	T_EQ_INT(rd(bp + 0x1d0, 4), 0x56789000);
	T_EQ_INT(rd(bp + 0x1dc, 4), 0x1234);
	T_EQ_INT(rd(bp + 0x1d4, 4), 120);
}

/* Every kexec/x86_64 code is named through sb_strerror() once the ranges are registered. */
static void test_error_names(void)
{
	static const struct { int first, last; } blocks[] = {
		{ BZ_E_TRUNCATED, BZ_E_PE }, { MR_E_SYNTAX, MR_E_ARG },
		{ CRASH_E_NO_CPUS, CRASH_E_NO_REGION }, { PP_E_BLOB, PP_E_DIGEST },
		{ EFIBP_E_SYNTAX, EFIBP_E_NOMEM }, { PLAN_E_CMDLINE, PLAN_E_ARG },
		{ PROBE_E_IOMEM, PROBE_E_NOMEM },
	};
	const char *names[200] = { 0 };
	size_t b, k, n = 0;
	int c;

	T_CHECK(strcmp(sb_strerror(MR_E_SYNTAX), "unknown-error") == 0);   /* not registered yet */
	x86_64_errors_register();
	x86_64_errors_register();                                          /* idempotent */
	for (b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++)
		for (c = blocks[b].first; c >= blocks[b].last; c--) {
			const char *name = sb_strerror(c);

			if (strcmp(name, "unknown-error") == 0) {
				printf("#   code %d has no name\n", c);
				t_case_failed = 1;
			}
			for (k = 0; k < n; k++)
				if (strcmp(names[k], name) == 0) {
					printf("#   code %d: name %s used twice\n", c, name);
					t_case_failed = 1;
				}
			if (n < sizeof(names) / sizeof(names[0]))
				names[n++] = name;
			T_EQ_INT(sb_error_class(c), SB_E_MALFORMED);
		}
	T_EQ_INT(n, 15 + 7 + 7 + 5 + 6 + 5 + 6);
	T_CHECK(strcmp(sb_strerror(MR_E_SYNTAX), "mr-syntax") == 0);
	T_CHECK(strcmp(sb_strerror(BZ_E_NOT_64BIT), "bzimage-not-64bit") == 0);
	T_CHECK(strcmp(sb_strerror(PLAN_E_NO_ROOM), "plan-no-room") == 0);
	T_CHECK(strcmp(sb_strerror(-615), "unknown-error") == 0);             /* in a range, not a code */
	T_CHECK(strcmp(sb_strerror(-799), "unknown-error") == 0);             /* owned, unassigned */
	T_CHECK(strcmp(sb_strerror(SB_E_PE_LFANEW), "pe-lfanew") == 0);       /* lib's own unchanged */
}

int main(void)
{
	size_t i;

	if (read_kernel() != 0) {
		t_result(0, "read and parse build/kernel/vmlinuz (run `make deps`)");
		return t_done();
	}
	for (i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 7);
	make_running();
	if (load_rtmap("q35-ovmf-1g", &rtmap) != 0) {
		t_result(0, "tests/data/q35-ovmf-1g.efi-runtime-map loads");
		return t_done();
	}
	t_run("error codes: every kexec/x86_64 code named by sb_strerror() once registered", test_error_names);
	t_run("runtime-map entries: parsed, and malformed ones refused", test_rtmap_parse);
	t_run("efi_info: only for an EL64 running kernel; 64-bit map address split", test_set_efi_refusals);
	t_run("normal, 1 GiB iomem: placement, boot_params, SETUP_EFI map, purgatory table", test_normal_1g);
	t_run("normal, firmware memmap, no boot_params/data: no EFI state", test_normal_memmap_no_efi);
	t_run("normal, 195 e820 entries: SETUP_E820_EXT and SETUP_EFI both linked", test_many_ranges_ext);
	t_run("crash, 1 GiB crashkernel=256M: all in the region, e820 confined, header PT_LOADs", test_crash_1g);
	t_run("crash, 5 GiB crashkernel=256M,high (region at the top + low): same invariants", test_crash_high);
	t_run("crash hotplug: header sized for the kernel, left out of the table, other digests kept; off = as before",
	      test_crash_hotplug_table);
	t_run("refusals: command line too long (normal, crash), no crash region, no room, no RAM", test_refusals);
	efi_rt_map_free(&rtmap);
	free(kernel);
	return t_done();
}
