/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds the ELF64 ET_CORE header for a crash kernel from System RAM, crash_notes and vmcoreinfo. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crashdump.h"

#define LOW_1M_END 0xfffffULL

int crash_exclusions(const struct mem_map *iomem, struct mem_map *out)
{
	struct mem_map m = { 0 };
	size_t i, ncrash = 0;
	int rc;

	rc = mr_add(&m, 0, LOW_1M_END, MR_RESERVED, 0);
	if (rc)
		goto fail;
	for (i = 0; i < iomem->n; i++) {
		if (iomem->r[i].type != MR_CRASH)
			continue;
		rc = mr_add(&m, iomem->r[i].start, iomem->r[i].end, MR_CRASH, 0);
		if (rc)
			goto fail;
		ncrash++;
	}
	if (ncrash == 0) {
		rc = CRASH_E_NO_REGION;
		goto fail;
	}
	*out = m;
	return 0;
fail:
	mr_free(&m);
	return rc;
}

static int note_ok(uint64_t addr, uint64_t size)
{
	uint64_t last;

	return size != 0 && !__builtin_add_overflow(addr, size - 1, &last);
}

int crash_elf_build(const struct crash_elf_input *in, uint8_t **out, size_t *out_len)
{
	struct mem_map ram = { 0 };
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	uint8_t *buf = NULL;
	size_t i, nph, len;
	int rc;

	if (in->nnotes == 0)
		return CRASH_E_NO_CPUS;
	for (i = 0; i < in->nnotes; i++)
		if (!note_ok(in->notes[i].addr, in->notes[i].size))
			return CRASH_E_NOTE;
	if (!note_ok(in->vmcoreinfo_addr, in->vmcoreinfo_size))
		return CRASH_E_NOTE;

	/* RAM to dump = System RAM minus exclusions (kernel: elf_header_exclude_ranges()). */
	rc = mr_select(in->ram, MR_RAM, 0, &ram);
	for (i = 0; rc == 0 && in->exclude && i < in->exclude->n; i++)
		rc = mr_exclude(&ram, in->exclude->r[i].start, in->exclude->r[i].end);
	if (rc)
		goto out;
	mr_sort(&ram);
	if (ram.n == 0) {
		rc = CRASH_E_NO_RAM;
		goto out;
	}

	nph = in->nnotes + 1 + (in->text_size ? 1 : 0) + ram.n;
	if (nph >= PN_XNUM) {
		rc = CRASH_E_TOO_MANY;
		goto out;
	}
	len = sizeof(Elf64_Ehdr) + nph * sizeof(Elf64_Phdr);
	buf = calloc(1, len);
	if (!buf) {
		rc = CRASH_E_NOMEM;
		goto out;
	}

	eh = (Elf64_Ehdr *)buf;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = (Elf64_Half)nph;

	ph = (Elf64_Phdr *)(buf + sizeof(Elf64_Ehdr));
	for (i = 0; i < in->nnotes; i++, ph++) {
		ph->p_type = PT_NOTE;
		ph->p_offset = ph->p_paddr = in->notes[i].addr;
		ph->p_filesz = ph->p_memsz = in->notes[i].size;
	}
	ph->p_type = PT_NOTE;
	ph->p_offset = ph->p_paddr = in->vmcoreinfo_addr;
	ph->p_filesz = ph->p_memsz = in->vmcoreinfo_size;
	ph++;
	if (in->text_size) {
		ph->p_type = PT_LOAD;
		ph->p_flags = PF_R | PF_W | PF_X;
		ph->p_offset = ph->p_paddr = in->text_paddr;
		ph->p_vaddr = in->text_vaddr;
		ph->p_filesz = ph->p_memsz = in->text_size;
		ph++;
	}
	for (i = 0; i < ram.n; i++, ph++) {
		ph->p_type = PT_LOAD;
		ph->p_flags = PF_R | PF_W | PF_X;
		ph->p_offset = ph->p_paddr = ram.r[i].start;
		ph->p_vaddr = in->page_offset + ram.r[i].start;
		ph->p_filesz = ph->p_memsz = ram.r[i].end - ram.r[i].start + 1;
	}

	*out = buf;
	*out_len = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	mr_free(&ram);
	return rc;
}

/* strtoull with the checks it lacks: hex only, whole value consumed (one trailing '\n' allowed). */
static int parse_hex_word(const char *s, const char **end, uint64_t *v)
{
	char *e;
	unsigned long long x;

	if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
		return CRASH_E_SYNTAX;
	errno = 0;
	x = strtoull(s, &e, 16);
	if (errno || e == s)
		return CRASH_E_SYNTAX;
	*end = e;
	*v = x;
	return 0;
}

int crash_parse_hex(const char *text, uint64_t *value)
{
	const char *e;
	uint64_t v;

	if (parse_hex_word(text, &e, &v) || !(*e == '\0' || (e[0] == '\n' && e[1] == '\0')))
		return CRASH_E_SYNTAX;
	*value = v;
	return 0;
}

int crash_parse_dec(const char *text, uint64_t *value)
{
	char *e;
	unsigned long long x;

	if (!(*text >= '0' && *text <= '9'))
		return CRASH_E_SYNTAX;
	errno = 0;
	x = strtoull(text, &e, 10);
	if (errno || !(*e == '\0' || (e[0] == '\n' && e[1] == '\0')))
		return CRASH_E_SYNTAX;
	*value = x;
	return 0;
}

int crash_parse_vmcoreinfo(const char *text, uint64_t *addr, uint64_t *size)
{
	const char *e;
	uint64_t a, s;

	if (parse_hex_word(text, &e, &a) || *e != ' ')
		return CRASH_E_SYNTAX;
	if (parse_hex_word(e + 1, &e, &s) || !(*e == '\0' || (e[0] == '\n' && e[1] == '\0')))
		return CRASH_E_SYNTAX;
	*addr = a;
	*size = s;
	return 0;
}

#define KERNEL_IMAGE_MAP 0xffffffff80000000ULL   /* __START_KERNEL_map */
/* The lowest direct-map base x86-64 has (__PAGE_OFFSET_BASE_L5, arch/x86/include/asm/
   page_64_types.h; 4-level paging starts higher, at 0xffff888000000000, and KASLR only moves it
   up, arch/x86/mm/kaslr.c): a PT_LOAD whose offset is below it is no direct-map RAM entry. */
#define DIRECT_MAP_MIN   0xff11000000000000ULL

int crash_page_offset_from_kcore(const uint8_t *buf, size_t len, uint64_t *page_offset)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	size_t i;

	if (len < sizeof(eh))
		return CRASH_E_SYNTAX;
	memcpy(&eh, buf, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph) || eh.e_phoff > len)
		return CRASH_E_SYNTAX;
	for (i = 0; i < eh.e_phnum; i++) {
		size_t off = i * sizeof(ph);

		if (off > len - eh.e_phoff || sizeof(ph) > len - eh.e_phoff - off)
			return CRASH_E_SYNTAX;
		memcpy(&ph, buf + eh.e_phoff + off, sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_paddr != (Elf64_Addr)-1 &&
		    ph.p_vaddr < KERNEL_IMAGE_MAP && ph.p_vaddr >= ph.p_paddr &&
		    ph.p_vaddr - ph.p_paddr >= DIRECT_MAP_MIN) {
			*page_offset = ph.p_vaddr - ph.p_paddr;
			return 0;
		}
	}
	return CRASH_E_NO_RAM;
}

int crash_elfcorehdr_arg(uint64_t addr, char *buf, size_t len)
{
	int n = snprintf(buf, len, "elfcorehdr=0x%llx", (unsigned long long)addr);

	return (n < 0 || (size_t)n >= len) ? CRASH_E_NOMEM : 0;
}

const char *crash_strerror(int err)
{
	switch (err) {
	case CRASH_E_NO_CPUS:   return "crash-no-cpus";
	case CRASH_E_NOTE:      return "crash-note";
	case CRASH_E_NO_RAM:    return "crash-no-ram";
	case CRASH_E_TOO_MANY:  return "crash-too-many-headers";
	case CRASH_E_NOMEM:     return "crash-no-memory";
	case CRASH_E_SYNTAX:    return "crash-syntax";
	case CRASH_E_NO_REGION: return "crash-no-region";
	default:                return NULL;
	}
}
