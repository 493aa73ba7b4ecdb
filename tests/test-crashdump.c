/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ELF64 core header for the crash kernel, built from recorded guests and parsed back (own checks and readelf). */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "x86-64-samples.h"
#include "../kexec/x86_64/crashdump.h"

#define DEFAULT_PAGE_OFFSET 0xffff888000000000ULL   /* direct map base without KASLR (mm.rst) */

struct kdump_sample {
	struct crash_cpu_note notes[64];
	size_t nnotes;
	uint64_t vmcoreinfo_addr, vmcoreinfo_size, text, end;
};

/* Parses the recorded .kdump file with the same sysfs parsers the loader will use. */
static int load_kdump(const char *name, struct kdump_sample *k)
{
	size_t len;
	char *text = sample_read(name, "kdump", &len), *line, *save = NULL;
	int rc = 0;

	if (!text)
		return -1;
	memset(k, 0, sizeof(*k));
	for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char a[64], b[64], c[64];
		uint64_t v;

		if (sscanf(line, "vmcoreinfo %63s %63s", a, b) == 2) {
			char both[130];

			snprintf(both, sizeof(both), "%s %s\n", a, b);
			rc = crash_parse_vmcoreinfo(both, &k->vmcoreinfo_addr, &k->vmcoreinfo_size);
		} else if (sscanf(line, "crash_notes %63s %63s %63s", c, a, b) == 3 && k->nnotes < 64) {
			rc = crash_parse_hex(a, &k->notes[k->nnotes].addr);
			rc = rc ? rc : crash_parse_dec(b, &k->notes[k->nnotes].size);
			k->nnotes++;
		} else if (sscanf(line, "%63s %63s %63s", a, b, c) == 3 && crash_parse_hex(a, &v) == 0) {
			if (strcmp(c, "_text") == 0)
				k->text = v;
			else if (strcmp(c, "_end") == 0)
				k->end = v;
		}
	}
	free(text);
	return rc;
}

static uint64_t kernel_code_start(const struct mem_map *io)
{
	size_t i;

	for (i = 0; i < io->n; i++)
		if (io->r[i].type == MR_KERNEL)
			return io->r[i].start;    /* the first one is "Kernel code" */
	return 0;
}

/* Bytes of [a,b] ∩ [c,d], computed directly (independent of mr_exclude). */
static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t lo = a > c ? a : c, hi = b < d ? b : d;

	return lo > hi ? 0 : hi - lo + 1;
}

struct built {
	uint8_t *elf;
	size_t len;
	struct mem_map io, ex;
	struct kdump_sample k;
};

static int build(const char *name, struct built *b)
{
	struct crash_elf_input in;
	int rc;

	memset(b, 0, sizeof(*b));
	if (sample_iomem(name, &b->io) || load_kdump(name, &b->k) || crash_exclusions(&b->io, &b->ex))
		return -1;
	memset(&in, 0, sizeof(in));
	in.notes = b->k.notes;
	in.nnotes = b->k.nnotes;
	in.vmcoreinfo_addr = b->k.vmcoreinfo_addr;
	in.vmcoreinfo_size = b->k.vmcoreinfo_size;
	in.text_paddr = kernel_code_start(&b->io);
	in.text_vaddr = b->k.text;
	in.text_size = b->k.end - b->k.text;
	in.page_offset = DEFAULT_PAGE_OFFSET;
	in.ram = &b->io;
	in.exclude = &b->ex;
	rc = crash_elf_build(&in, &b->elf, &b->len);
	return rc;
}

static void release(struct built *b)
{
	free(b->elf);
	mr_free(&b->io);
	mr_free(&b->ex);
}

/* Parse the produced bytes back and check them against the inputs. */
static void check_header(const char *name, struct built *b)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b->elf;
	const Elf64_Phdr *ph;
	uint64_t ram_bytes = 0, want_bytes = 0, prev_end = 0;
	size_t i, j, nram = 0, cpu;

	T_CHECK(b->len >= sizeof(*eh));
	if (b->len < sizeof(*eh))
		return;
	T_CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
	T_EQ_INT(eh->e_ident[EI_CLASS], ELFCLASS64);
	T_EQ_INT(eh->e_ident[EI_DATA], ELFDATA2LSB);
	T_EQ_INT(eh->e_type, ET_CORE);
	T_EQ_INT(eh->e_machine, EM_X86_64);
	T_EQ_INT(eh->e_version, EV_CURRENT);
	T_EQ_INT(eh->e_phoff, sizeof(Elf64_Ehdr));
	T_EQ_INT(eh->e_phentsize, sizeof(Elf64_Phdr));
	T_EQ_INT(eh->e_shnum, 0);
	T_EQ_INT(b->len, sizeof(Elf64_Ehdr) + (size_t)eh->e_phnum * sizeof(Elf64_Phdr));
	ph = (const Elf64_Phdr *)(b->elf + eh->e_phoff);

	/* PT_NOTE per CPU, then vmcoreinfo */
	for (cpu = 0; cpu < b->k.nnotes; cpu++) {
		T_EQ_INT(ph[cpu].p_type, PT_NOTE);
		T_CHECK(ph[cpu].p_paddr == b->k.notes[cpu].addr && ph[cpu].p_offset == b->k.notes[cpu].addr);
		T_CHECK(ph[cpu].p_filesz == 368 && ph[cpu].p_memsz == 368);
	}
	T_EQ_INT(ph[cpu].p_type, PT_NOTE);
	T_CHECK(ph[cpu].p_paddr == b->k.vmcoreinfo_addr && ph[cpu].p_filesz == 0x1024);
	/* kernel text */
	i = cpu + 1;
	T_EQ_INT(ph[i].p_type, PT_LOAD);
	T_CHECK(ph[i].p_vaddr == b->k.text && ph[i].p_paddr == kernel_code_start(&b->io));
	T_CHECK(ph[i].p_memsz == b->k.end - b->k.text);
	/* RAM: sorted, disjoint, inside System RAM, outside the crash regions and the low 1 MiB */
	for (i = i + 1; i < eh->e_phnum; i++) {
		int inside = 0;

		T_EQ_INT(ph[i].p_type, PT_LOAD);
		T_CHECK(ph[i].p_offset == ph[i].p_paddr && ph[i].p_filesz == ph[i].p_memsz);
		T_CHECK(ph[i].p_vaddr == DEFAULT_PAGE_OFFSET + ph[i].p_paddr);
		T_CHECK(nram == 0 || ph[i].p_paddr > prev_end);
		prev_end = ph[i].p_paddr + ph[i].p_memsz - 1;
		for (j = 0; j < b->io.n; j++) {
			const struct mem_range *r = &b->io.r[j];

			if (r->type == MR_RAM && r->depth == 0 && ph[i].p_paddr >= r->start && prev_end <= r->end)
				inside = 1;
			if (r->type == MR_CRASH)
				T_CHECK(overlap(ph[i].p_paddr, prev_end, r->start, r->end) == 0);
		}
		T_CHECK(inside);
		T_CHECK(ph[i].p_paddr >= 0x100000);
		ram_bytes += ph[i].p_memsz;
		nram++;
	}
	/* Total = System RAM - (System RAM ∩ (crash regions ∪ low 1 MiB)) */
	for (j = 0; j < b->io.n; j++) {
		const struct mem_range *r = &b->io.r[j];
		size_t c;

		if (r->type != MR_RAM || r->depth != 0)
			continue;
		want_bytes += r->end - r->start + 1 - overlap(r->start, r->end, 0, 0xfffff);
		for (c = 0; c < b->io.n; c++)
			if (b->io.r[c].type == MR_CRASH)
				want_bytes -= overlap(r->start, r->end, b->io.r[c].start, b->io.r[c].end);
	}
	T_CHECK(ram_bytes == want_bytes);
	printf("#   %s: %u program headers (%zu CPUs, %zu RAM ranges), %zu bytes\n", name, eh->e_phnum,
	       b->k.nnotes, nram, b->len);
}

/* Independent oracle: binutils' readelf reads the header as a core file. */
static void check_readelf(struct built *b, size_t want_loads, size_t want_notes)
{
	char path[] = "/tmp/sbkexec-elfcorehdr-XXXXXX", cmd[256], line[512];
	size_t loads = 0, notes = 0;
	int fd = mkstemp(path), core = 0;
	FILE *p;

	T_CHECK(fd >= 0);
	if (fd < 0)
		return;
	T_CHECK(write(fd, b->elf, b->len) == (ssize_t)b->len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "readelf -lW %s 2>&1", path);
	p = popen(cmd, "r");
	T_CHECK(p != NULL);
	while (p && fgets(line, sizeof(line), p)) {
		if (strstr(line, "CORE (Core file)"))
			core = 1;
		if (strncmp(line, "  LOAD ", 7) == 0)
			loads++;
		if (strncmp(line, "  NOTE ", 7) == 0)
			notes++;
		if (strstr(line, "Warning") || strstr(line, "Error"))
			printf("#   readelf: %s", line);
	}
	T_CHECK(p && pclose(p) == 0);
	unlink(path);
	T_CHECK(core);
	T_EQ_INT(loads, want_loads);
	T_EQ_INT(notes, want_notes);
}

static void test_1g(void)
{
	struct built b;
	const Elf64_Phdr *ph;

	T_EQ_INT(build("q35-ovmf-1g-crash256m", &b), 0);
	if (!b.elf) {
		release(&b);
		return;
	}
	check_header("1G", &b);
	/* Concrete: 2 CPU notes + vmcoreinfo + text + 9 RAM ranges; the RAM range holding the crash
	   region is split around it: 0x900000-0x2affffff and 0x3b000000-0x3db4e017. */
	T_EQ_INT(((Elf64_Ehdr *)b.elf)->e_phnum, 2 + 1 + 1 + 9);
	ph = (const Elf64_Phdr *)(b.elf + sizeof(Elf64_Ehdr));
	T_CHECK(ph[4].p_paddr == 0x100000 && ph[4].p_memsz == 0x706000);
	T_CHECK(ph[6].p_paddr == 0x900000 && ph[6].p_paddr + ph[6].p_memsz == 0x2b000000);
	T_CHECK(ph[7].p_paddr == 0x3b000000 && ph[7].p_paddr + ph[7].p_memsz == 0x3db4e018);
	check_readelf(&b, 1 + 9, 3);
	release(&b);
}

static void test_5g_high(void)
{
	struct built b;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;

	T_EQ_INT(build("q35-ovmf-5g-crash-high", &b), 0);
	if (!b.elf) {
		release(&b);
		return;
	}
	check_header("5G high", &b);
	eh = (const Elf64_Ehdr *)b.elf;
	ph = (const Elf64_Phdr *)(b.elf + sizeof(*eh));
	/* RAM above 4G minus the top-of-memory crash region: two pieces, the last one after it. */
	T_CHECK(ph[eh->e_phnum - 2].p_paddr == 0x100000000ULL &&
		ph[eh->e_phnum - 2].p_memsz == 0x1af000000ULL - 0x100000000ULL);
	T_CHECK(ph[eh->e_phnum - 1].p_paddr == 0x1bf000000ULL && ph[eh->e_phnum - 1].p_memsz == 0x1000000);
	check_readelf(&b, (size_t)eh->e_phnum - 3, 3);
	release(&b);
}

static void test_many(void)
{
	struct built b;

	T_EQ_INT(build("q35-ovmf-1g-many-ranges", &b), 0);
	if (!b.elf) {
		release(&b);
		return;
	}
	check_header("many", &b);
	T_CHECK(((Elf64_Ehdr *)b.elf)->e_phnum > 90);
	check_readelf(&b, (size_t)((Elf64_Ehdr *)b.elf)->e_phnum - 3, 3);
	release(&b);
}

static void test_refusals(void)
{
	struct crash_cpu_note notes[2] = { { 0x1000, 368 }, { 0x2000, 368 } };
	struct mem_map ram = { 0 }, ex = { 0 }, none = { 0 };
	struct crash_elf_input in;
	uint8_t *out = (uint8_t *)0x1;
	size_t len = 7;

	mr_add(&ram, 0x100000, 0x3fffffff, MR_RAM, 0);
	memset(&in, 0, sizeof(in));
	in.notes = notes;
	in.nnotes = 2;
	in.vmcoreinfo_addr = 0x3000;
	in.vmcoreinfo_size = 0x1024;
	in.ram = &ram;
	in.exclude = &ex;
	T_EQ_INT(crash_elf_build(&in, &out, &len), 0);    /* baseline builds (no text PT_LOAD) */
	T_EQ_INT(((Elf64_Ehdr *)out)->e_phnum, 3 + 1);
	free(out);
	out = (uint8_t *)0x1;
	len = 7;
	in.nnotes = 0;
	T_EQ_INT(crash_elf_build(&in, &out, &len), CRASH_E_NO_CPUS);
	in.nnotes = 2;
	notes[1].size = 0;
	T_EQ_INT(crash_elf_build(&in, &out, &len), CRASH_E_NOTE);
	notes[1].size = 368;
	in.vmcoreinfo_addr = UINT64_MAX - 10;
	T_EQ_INT(crash_elf_build(&in, &out, &len), CRASH_E_NOTE);
	in.vmcoreinfo_addr = 0x3000;
	mr_add(&ex, 0, 0xffffffff, MR_CRASH, 0);
	T_EQ_INT(crash_elf_build(&in, &out, &len), CRASH_E_NO_RAM);
	T_CHECK(out == (uint8_t *)0x1 && len == 7);        /* outputs untouched on failure */
	T_EQ_INT(crash_exclusions(&ram, &none), CRASH_E_NO_REGION);
	mr_free(&ex);
	mr_free(&ram);
}

/* A /proc/kcore header as fs/proc/kcore.c writes it: text map, vmalloc (p_paddr -1), RAM. */
static size_t make_kcore(uint8_t *buf, size_t cap, int with_ram)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph[4] = { { 0 } };
	size_t n = 0;

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_type = ET_CORE;
	eh.e_phoff = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	ph[n].p_type = PT_NOTE;
	n++;
	ph[n].p_type = PT_LOAD;                  /* kernel text: __pa_symbol, must be skipped */
	ph[n].p_vaddr = 0xffffffff99400000ULL;
	ph[n].p_paddr = 0x1b200000;
	n++;
	ph[n].p_type = PT_LOAD;                  /* vmalloc: no physical address */
	ph[n].p_vaddr = 0xffffb5a000000000ULL;
	ph[n].p_paddr = (Elf64_Addr)-1;
	n++;
	if (with_ram) {
		ph[n].p_type = PT_LOAD;
		ph[n].p_vaddr = 0xffff9a0000100000ULL;
		ph[n].p_paddr = 0x100000;
		n++;
	}
	eh.e_phnum = (Elf64_Half)n;
	memset(buf, 0, cap);
	memcpy(buf, &eh, sizeof(eh));
	memcpy(buf + sizeof(eh), ph, n * sizeof(ph[0]));
	return sizeof(eh) + n * sizeof(ph[0]);
}

static void test_kcore_page_offset(void)
{
	uint8_t buf[1024];
	uint64_t po = 42;
	size_t len = make_kcore(buf, sizeof(buf), 1), cut;

	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), 0);
	T_EQ_INT(po, 0xffff9a0000000000ULL);
	/* Every truncation of the header is refused, never read past. */
	for (cut = 0; cut < len; cut++) {
		po = 42;
		T_CHECK(crash_page_offset_from_kcore(buf, cut, &po) == CRASH_E_SYNTAX && po == 42);
	}
	len = make_kcore(buf, sizeof(buf), 0);
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), CRASH_E_NO_RAM);
	T_EQ_INT(po, 42);
	len = make_kcore(buf, sizeof(buf), 1);
	buf[EI_CLASS] = ELFCLASS32;
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), CRASH_E_SYNTAX);
	len = make_kcore(buf, sizeof(buf), 1);
	buf[0] = 0;
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), CRASH_E_SYNTAX);
	len = make_kcore(buf, sizeof(buf), 1);
	((Elf64_Ehdr *)(void *)buf)->e_phoff = UINT64_MAX - 8;
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), CRASH_E_SYNTAX);
	/* A PT_LOAD whose vaddr - paddr is no direct-map base (here 0, an identity entry) is not
	   taken for RAM: the next one decides (found by tests/fuzz/fuzz-crash-notes.c). */
	len = make_kcore(buf, sizeof(buf), 1);
	((Elf64_Phdr *)(void *)(buf + sizeof(Elf64_Ehdr)))[2].p_vaddr = 0x200000;
	((Elf64_Phdr *)(void *)(buf + sizeof(Elf64_Ehdr)))[2].p_paddr = 0x200000;
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), 0);
	T_EQ_INT(po, 0xffff9a0000000000ULL);
	po = 42;
	/* e_phnum beyond the buffer: the walk stops at its end (no RAM header before it). */
	len = make_kcore(buf, sizeof(buf), 0);
	((Elf64_Ehdr *)(void *)buf)->e_phnum = 0xffff;
	T_EQ_INT(crash_page_offset_from_kcore(buf, len, &po), CRASH_E_SYNTAX);
	T_EQ_INT(po, 42);
}

static void test_sysfs_parsers(void)
{
	uint64_t a = 1, s = 2;
	char arg[64];

	T_EQ_INT(crash_parse_vmcoreinfo("0x000000003dc62000 1024\n", &a, &s), 0);
	T_CHECK(a == 0x3dc62000 && s == 0x1024);
	T_EQ_INT(crash_parse_vmcoreinfo("0x3dc62000\n", &a, &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_vmcoreinfo("0x3dc62000 10 24\n", &a, &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_vmcoreinfo(" 0x3dc62000 1024", &a, &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_vmcoreinfo("0x3dc62000 -1", &a, &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_hex("3c83a400\n", &a), 0);
	T_CHECK(a == 0x3c83a400);
	T_EQ_INT(crash_parse_hex("3c83a400x", &a), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_hex("", &a), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_hex("10000000000000000", &a), CRASH_E_SYNTAX);   /* 2^64 overflows */
	T_EQ_INT(crash_parse_dec("368\n", &s), 0);
	T_CHECK(s == 368);
	T_EQ_INT(crash_parse_dec("-368", &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_parse_dec("368\n\n", &s), CRASH_E_SYNTAX);
	T_EQ_INT(crash_elfcorehdr_arg(0x2b000000, arg, sizeof(arg)), 0);
	T_CHECK(strcmp(arg, "elfcorehdr=0x2b000000") == 0);
	T_EQ_INT(crash_elfcorehdr_arg(0x2b000000, arg, 10), CRASH_E_NOMEM);
}

int main(void)
{
	t_run("1G guest: notes, vmcoreinfo, text, RAM minus crash region and low 1M; readelf agrees", test_1g);
	t_run("5G guest, crash region at the top of memory: RAM split around it; readelf agrees", test_5g_high);
	t_run("many ranges: one PT_LOAD per remaining System RAM range; readelf agrees", test_many);
	t_run("refusals: no CPUs, empty/wrapping notes, nothing to dump, no crash region", test_refusals);
	t_run("sysfs value parsers (vmcoreinfo hex size, crash_notes hex, size decimal)", test_sysfs_parsers);
	t_run("page_offset from a /proc/kcore header; truncated/malformed headers refused", test_kcore_page_offset);
	return t_done();
}
