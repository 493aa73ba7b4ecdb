/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Places the kernel, initrd, ELF core header, boot_params and purgatory segments and fills boot_params. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot-params.h"
#include "e820.h"
#include "load-plan.h"
#include "purgatory-params.h"

#define PAGE 4096ULL
#define MIB (1ULL << 20)
#define BELOW_4G 0xffffffffULL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

struct placer {
	const struct mem_map *allowed;
	struct mem_map used;
};

/* Place `size` bytes (page-rounded) and mark them used; tries [min, max] then, if given, [min, max2]. */
static int place(struct placer *pl, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
		 uint64_t max2, bool top_down, uint64_t *addr)
{
	uint64_t a;
	int rc;

	rc = mr_find_hole(pl->allowed, &pl->used, size, align, min, max, top_down, &a);
	if (rc == MR_E_NO_FIT && max2 > max)
		rc = mr_find_hole(pl->allowed, &pl->used, size, align, min, max2, top_down, &a);
	if (rc)
		return rc == MR_E_NO_FIT ? PLAN_E_NO_ROOM : rc;
	rc = mr_add(&pl->used, a, a + size - 1, MR_RAM, 0);
	if (rc)
		return rc;
	*addr = a;
	return 0;
}

static void add_seg(struct x86_load_plan *p, const char *what, const uint8_t *buf, size_t bufsz,
		    uint64_t mem, uint64_t memsz)
{
	struct x86_segment *s = &p->seg[p->nseg++];

	s->what = what;
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = memsz;
}

#define FAIL(code, ...) do { rc = (code); snprintf(why, why_len, __VA_ARGS__); goto out; } while (0)

int x86_load_plan(const struct x86_load_in *in, struct x86_load_plan *out, char *why, size_t why_len)
{
	const struct bzimage_info *bz = in->bz;
	struct x86_load_plan p;
	struct placer pl = { 0 };
	struct mem_map allowed = { 0 }, e820 = { 0 }, excl = { 0 }, hdr_excl = { 0 };
	struct crash_elf_input ci;
	char *cmdline = NULL;
	size_t cmd_len, setup_len, cmd_off, e820_off, e820_len = 0, efi_off = 0, efi_len = 0, used;
	size_t map_off = 0;
	uint64_t kmem, kaddr, iaddr = 0, setup_addr, paddr, pmem, hi;
	uint64_t initrd_max, hdr_mem;
	size_t hdr_seg = X86_PLAN_MAX_SEGS;
	int rc;

	memset(&p, 0, sizeof(p));
	if (!bz || !in->cmdline || !in->purgatory || (in->crash && (!in->iomem || !in->crash_in)) ||
	    (!in->crash && !in->e820_src))
		FAIL(PLAN_E_ARG, "incomplete plan input");

	/* Where segments may go, and (normal) the next kernel's e820. */
	if (in->crash) {
		rc = mr_select(in->iomem, MR_CRASH, 255, &allowed);
		if (rc)
			FAIL(rc, "cannot select the crash region");
		if (allowed.n == 0)
			FAIL(PLAN_E_NO_RAM, "/proc/iomem has no \"Crash kernel\" range (boot with crashkernel=)");
	} else {
		rc = e820_from_map(in->e820_src, &e820);
		if (rc)
			FAIL(rc, "the memory map does not make an e820 table (overlapping ranges)");
		rc = mr_select(&e820, MR_RAM, 0, &allowed);
		if (rc)
			FAIL(rc, "cannot select System RAM");
		if (allowed.n == 0)
			FAIL(PLAN_E_NO_RAM, "the memory map has no System RAM (is /proc/iomem readable: root?)");
	}
	pl.allowed = &allowed;
	hi = (bz->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G) ? UINT64_MAX : BELOW_4G;

	/* Kernel: init_size bytes from a kernel_alignment-aligned address (boot.rst: the kernel
	   decompresses within [load address, load address + init_size)). */
	kmem = PAGE_UP((uint64_t)bz->init_size);
	rc = place(&pl, kmem, bz->kernel_alignment, in->crash ? MIB : 16 * MIB, BELOW_4G, hi,
		   /* top_down= */ false, &kaddr);
	if (rc)
		FAIL(rc, "no room for the kernel (%llu bytes, %u-aligned)", (unsigned long long)kmem,
		     bz->kernel_alignment);
	add_seg(&p, "kernel", bz->kernel, bz->kernel_size, kaddr, kmem);

	/* Initrd: below initrd_addr_max (the highest byte it may occupy). */
	if (in->initrd && in->initrd_len) {
		initrd_max = bz->initrd_addr_max ? bz->initrd_addr_max : BELOW_4G;
		rc = place(&pl, PAGE_UP(in->initrd_len), PAGE, MIB, initrd_max, hi, /* top_down= */ true,
			   &iaddr);
		if (rc)
			FAIL(rc, "no room for the initrd (%zu bytes) below 0x%llx", in->initrd_len,
			     (unsigned long long)initrd_max);
		add_seg(&p, "initrd", in->initrd, in->initrd_len, iaddr, PAGE_UP(in->initrd_len));
	}

	/* Crash: the ELF core header, then the crash kernel's e820 without it. */
	if (in->crash) {
		rc = crash_exclusions(in->iomem, &excl);
		if (rc)
			FAIL(rc, "no crash region to exclude from the dump");
		ci = *in->crash_in;
		ci.ram = in->iomem;
		ci.exclude = &excl;
		rc = crash_elf_build(&ci, &p.elf_buf, &p.elf_len);
		if (rc)
			FAIL(rc, "cannot build the ELF core header");
		/* Crash hotplug: room for the header the kernel may write later (max CPUs/memory). */
		p.hotplug = in->hotplug_elfcorehdr_size != 0;
		hdr_mem = PAGE_UP(p.hotplug && in->hotplug_elfcorehdr_size > p.elf_len ?
				  in->hotplug_elfcorehdr_size : (uint64_t)p.elf_len);
		rc = place(&pl, hdr_mem, PAGE, MIB, BELOW_4G, UINT64_MAX, false, &p.elfcorehdr_addr);
		if (rc)
			FAIL(rc, "no room for the ELF core header (%llu bytes) in the crash region",
			     (unsigned long long)hdr_mem);
		hdr_seg = p.nseg;
		add_seg(&p, "elfcorehdr", p.elf_buf, p.elf_len, p.elfcorehdr_addr, hdr_mem);
		rc = mr_add(&hdr_excl, p.elfcorehdr_addr, p.elfcorehdr_addr + hdr_mem - 1, MR_RESERVED, 0);
		if (!rc)
			rc = e820_for_crash(in->iomem, &hdr_excl, &e820);
		if (rc)
			FAIL(rc, "cannot build the crash kernel's e820 map");
	}

	/* Command line (crash: + elfcorehdr=, as the kernel's own kexec_file path adds). */
	cmd_len = strlen(in->cmdline);
	cmdline = malloc(cmd_len + 48);
	if (!cmdline)
		FAIL(PLAN_E_NOMEM, "out of memory");
	memcpy(cmdline, in->cmdline, cmd_len + 1);
	if (in->crash) {
		char arg[40];

		rc = crash_elfcorehdr_arg(p.elfcorehdr_addr, arg, sizeof(arg));
		if (rc)
			FAIL(rc, "elfcorehdr argument");
		snprintf(cmdline + cmd_len, 48, "%s%s", cmd_len ? " " : "", arg);
		cmd_len = strlen(cmdline);
	}
	if (cmd_len > bz->cmdline_size)
		FAIL(PLAN_E_CMDLINE, "command line is %zu bytes, the kernel takes at most %u", cmd_len,
		     bz->cmdline_size);

	/* The setup segment: boot_params | cmdline | E820_EXT | EFI (each 16-byte aligned). */
	cmd_off = BP_SIZE;
	e820_off = (cmd_off + cmd_len + 1 + 15) & ~(size_t)15;
	e820_len = e820_ext_size(e820.n);
	efi_off = (e820_off + e820_len + 15) & ~(size_t)15;
	p.efi = in->efi_map && in->efi_map->n && in->efi && in->running_bp;
	efi_len = p.efi ? efi_setup_node_size(in->efi_map->n) : 0;
	setup_len = efi_off + efi_len;
	p.setup_buf = calloc(1, PAGE_UP(setup_len));
	if (!p.setup_buf)
		FAIL(PLAN_E_NOMEM, "out of memory");
	rc = place(&pl, PAGE_UP(setup_len), PAGE, MIB, BELOW_4G, UINT64_MAX, false, &setup_addr);
	if (rc)
		FAIL(rc, "no room for boot_params and the command line");

	bootparams_init(p.setup_buf, bz);
	if (in->running_bp) {
		rc = bootparams_copy_running(p.setup_buf, in->running_bp, in->running_bp_len);
		if (rc)
			FAIL(rc, "the running kernel's boot_params are short");
	}
	memcpy(p.setup_buf + cmd_off, cmdline, cmd_len + 1);
	bootparams_set_cmdline(p.setup_buf, setup_addr + cmd_off);
	if (iaddr)
		bootparams_set_initrd(p.setup_buf, iaddr, in->initrd_len);
	rc = bootparams_set_e820(p.setup_buf, &e820, e820_len ? p.setup_buf + e820_off : NULL, e820_len,
				 &used);
	if (rc)
		FAIL(rc, "cannot write the e820 table");
	if (used)
		bootparams_link_setup_data(p.setup_buf, p.setup_buf + e820_off, setup_addr + e820_off);
	if (p.efi) {
		rc = efi_setup_build(in->efi_map, in->efi, p.setup_buf + efi_off, efi_len, &map_off);
		if (!rc)
			rc = bootparams_set_efi(p.setup_buf, in->running_bp, in->running_bp_len,
						setup_addr + efi_off + map_off, in->efi_map->n);
		if (rc)
			FAIL(rc, "cannot pass the EFI state");
		bootparams_link_setup_data(p.setup_buf, p.setup_buf + efi_off, setup_addr + efi_off);
		p.efi_descs = in->efi_map->n;
	}
	add_seg(&p, "boot_params+cmdline", p.setup_buf, setup_len, setup_addr, PAGE_UP(setup_len));

	/* Purgatory last: its table covers every segment placed above. */
	pmem = PAGE_UP((uint64_t)in->purgatory_mem_size);
	if (pmem < in->purgatory_len)
		FAIL(PLAN_E_ARG, "purgatory memory size below its blob size");
	rc = place(&pl, pmem, PAGE, MIB, BELOW_4G, UINT64_MAX, false, &paddr);
	if (rc)
		FAIL(rc, "no room for the purgatory");
	p.purg_buf = malloc(in->purgatory_len);
	if (!p.purg_buf)
		FAIL(PLAN_E_NOMEM, "out of memory");
	memcpy(p.purg_buf, in->purgatory, in->purgatory_len);
	{
		struct purgatory_segment ps[X86_PLAN_MAX_SEGS];
		struct purgatory_setup set = { 0 };
		size_t i, n = 0;

		/* Every segment but the purgatory's own; with crash hotplug also not the header,
		   which the kernel may rewrite (kernel/kexec_file.c leaves it out the same way). */
		for (i = 0; i < p.nseg; i++) {
			if (p.hotplug && i == hdr_seg)
				continue;
			ps[n].buf = p.seg[i].buf;
			ps[n].bufsz = p.seg[i].bufsz;
			ps[n].mem = p.seg[i].mem;
			n++;
		}
		set.segs = ps;
		set.nsegs = n;
		set.entry_rip = kaddr + BZ_ENTRY64_OFFSET;
		set.entry_rsi = setup_addr;
		set.serial_port = in->serial_port;
		set.flags = (in->crash ? PURGATORY_FLAG_CRASH : 0) | (p.hotplug ? PURGATORY_FLAG_HOTPLUG : 0);
		rc = purgatory_params_fill(p.purg_buf, in->purgatory_len, in->purgatory_params_offset, &set);
		if (rc)
			FAIL(rc, "cannot fill the purgatory's parameter block");
	}
	add_seg(&p, "purgatory", p.purg_buf, in->purgatory_len, paddr, pmem);

	p.entry = paddr + in->purgatory_entry_offset;
	p.kernel_addr = kaddr;
	p.bp_addr = setup_addr;
	p.cmdline_addr = setup_addr + cmd_off;
	p.e820_entries = e820.n;
	p.kexec_flags = X86_KEXEC_ARCH_X86_64 | (in->crash ? X86_KEXEC_ON_CRASH : 0) |
			(p.hotplug ? X86_KEXEC_UPDATE_ELFCOREHDR : 0);
	*out = p;
	memset(&p, 0, sizeof(p));
	rc = 0;
out:
	x86_load_plan_free(&p);
	free(cmdline);
	mr_free(&hdr_excl);
	mr_free(&excl);
	mr_free(&e820);
	mr_free(&allowed);
	mr_free(&pl.used);
	return rc;
}

void x86_load_plan_free(struct x86_load_plan *p)
{
	free(p->setup_buf);
	free(p->elf_buf);
	free(p->purg_buf);
	p->setup_buf = p->elf_buf = p->purg_buf = NULL;
	p->nseg = 0;
}

int x86_plan_error_is_nomem(int err)
{
	return err == PLAN_E_NOMEM || err == MR_E_NOMEM || err == CRASH_E_NOMEM || err == EFIBP_E_NOMEM;
}

const char *x86_plan_strerror(int err)
{
	switch (err) {
	case PLAN_E_CMDLINE: return "plan-cmdline";
	case PLAN_E_NO_ROOM: return "plan-no-room";
	case PLAN_E_NO_RAM:  return "plan-no-ram";
	case PLAN_E_NOMEM:   return "plan-no-memory";
	case PLAN_E_ARG:     return "plan-argument";
	default:             return NULL;
	}
}
