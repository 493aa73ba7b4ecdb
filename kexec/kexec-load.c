/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_load(2) with the built-in purgatory: read the system state, plan the x86_64 segments, load. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exit-codes.h"
#include "file-io.h"
#include "kexec-load.h"
#include "kexec/x86_64/load-plan.h"
#include "lib/sb-error.h"
#include "purgatory/purgatory-blob.h"
#include "report.h"

/* include/uapi/linux/kexec.h */
#define KX_KEXEC_ON_CRASH    0x00000001
#define KX_KEXEC_ARCH_X86_64 (62 << 16)
#define KX_MAX_INITRD        (1024u << 20)
#define KX_SERIAL_PORT       0x3f8   /* ttyS0: where the purgatory reports */

/* struct kexec_segment (include/uapi/linux/kexec.h). */
struct kx_kexec_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

/* System state read once; the planner only sees these. */
struct kx_sys {
	struct mem_map iomem, memmap;
	uint8_t *running_bp;
	size_t running_bp_len;
	struct efi_rt_map efi_map;
	struct efi_setup_in efi;
	struct crash_cpu_note *notes;
	size_t nnotes;
	struct crash_elf_input crash;
};

static void sys_free(struct kx_sys *s)
{
	mr_free(&s->iomem);
	mr_free(&s->memmap);
	free(s->running_bp);
	efi_rt_map_free(&s->efi_map);
	free(s->notes);
}

static int read_iomem(struct mem_map *out)
{
	uint8_t *text;
	size_t len, bad = 0;
	int rc;

	if (kx_read_file("/proc/iomem", &text, &len, 4u << 20) != SB_OK) {
		kx_error("/proc/iomem: cannot read: %s", strerror(errno));
		return -1;
	}
	rc = mr_parse_iomem((const char *)text, len, out, &bad);
	free(text);
	if (rc) {
		kx_error("/proc/iomem: line %zu does not parse (%d)", bad, rc);
		return -1;
	}
	return 0;
}

/* /sys/firmware/memmap/N/{start,end,type}: the firmware's map, the fallback e820 source. */
static int read_memmap(struct mem_map *out)
{
	char path[96], s[64], e[64], t[64];
	unsigned i;

	for (i = 0; i < MR_MAX_RANGES; i++) {
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/start", i);
		if (kx_read_line(path, s, sizeof(s)) != SB_OK)
			break;
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/end", i);
		if (kx_read_line(path, e, sizeof(e)) != SB_OK)
			return -1;
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/type", i);
		if (kx_read_line(path, t, sizeof(t)) != SB_OK)
			return -1;
		if (mr_add_firmware_entry(out, s, e, t) != 0)
			return -1;
	}
	return out->n ? 0 : -1;
}

static bool has_ram(const struct mem_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == MR_RAM && m->r[i].end > 0)
			return true;
	return false;
}

static int read_hex_file(const char *path, uint64_t *v)
{
	char line[64];
	char *e;

	if (kx_read_line(path, line, sizeof(line)) != SB_OK)
		return -1;
	errno = 0;
	*v = strtoull(line, &e, 0);
	return (errno || e == line || *e) ? -1 : 0;
}

/*
 * EFI state: the runtime map and the physical table addresses. Missing pieces mean the next
 * kernel boots without EFI runtime services (as with kexec-tools): warned, not fatal.
 */
static void read_efi(struct kx_sys *s)
{
	const char *files[5] = { "type", "phys_addr", "virt_addr", "num_pages", "attribute" };
	char path[128], val[5][64], line[128];
	unsigned i, k;
	FILE *f;

	if (access("/sys/firmware/efi", F_OK) != 0)
		return;
	if (!s->running_bp) {
		kx_warn("/sys/kernel/boot_params/data unreadable: the next kernel gets no EFI state");
		return;
	}
	if (read_hex_file("/sys/firmware/efi/fw_vendor", &s->efi.fw_vendor) ||
	    read_hex_file("/sys/firmware/efi/runtime", &s->efi.runtime) ||
	    read_hex_file("/sys/firmware/efi/config_table", &s->efi.tables)) {
		kx_warn("/sys/firmware/efi/{fw_vendor,runtime,config_table} unreadable: the next "
			"kernel boots without EFI runtime services");
		return;
	}
	f = fopen("/sys/firmware/efi/systab", "re");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "SMBIOS=", 7) == 0)
			s->efi.smbios = strtoull(line + 7, NULL, 0);
	if (f)
		fclose(f);
	for (i = 0; i < EFI_RT_MAX_DESC; i++) {
		for (k = 0; k < 5; k++) {
			snprintf(path, sizeof(path), "/sys/firmware/efi/runtime-map/%u/%s", i, files[k]);
			if (kx_read_line(path, val[k], sizeof(val[k])) != SB_OK)
				break;
		}
		if (k == 0)
			break;
		if (k < 5 || efi_rt_map_add(&s->efi_map, val[0], val[1], val[2], val[3], val[4]) != 0) {
			kx_warn("/sys/firmware/efi/runtime-map/%u is malformed: the next kernel boots "
				"without EFI runtime services", i);
			efi_rt_map_free(&s->efi_map);
			return;
		}
	}
	if (s->efi_map.n == 0)
		kx_warn("/sys/firmware/efi/runtime-map is empty or absent (CONFIG_EFI_RUNTIME_MAP?): "
			"the next kernel boots without EFI runtime services");
	kx_debug("EFI: fw_vendor 0x%llx runtime 0x%llx config_table 0x%llx smbios 0x%llx, %zu runtime "
		 "descriptors", (unsigned long long)s->efi.fw_vendor, (unsigned long long)s->efi.runtime,
		 (unsigned long long)s->efi.tables, (unsigned long long)s->efi.smbios, s->efi_map.n);
}

/* Direct-map base from /proc/kcore's program headers (they fit in the first 64 KiB). */
static int read_page_offset(uint64_t *page_offset)
{
	uint8_t hdr[65536];
	ssize_t n;
	int fd;

	fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n <= 0)
		return -1;
	return crash_page_offset_from_kcore(hdr, (size_t)n, page_offset) == 0 ? 0 : -1;
}

/* _text and _end from /proc/kallsyms (real addresses for root when kptr_restrict allows). */
static int read_text_symbols(uint64_t *text, uint64_t *end)
{
	char line[256], name[128], type;
	unsigned long long a;
	FILE *f = fopen("/proc/kallsyms", "re");
	int found = 0;

	if (!f)
		return -1;
	while (found != 3 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %127s", &a, &type, name) != 3)
			continue;
		if (strcmp(name, "_text") == 0)
			*text = a, found |= 1;
		else if (strcmp(name, "_end") == 0)
			*end = a, found |= 2;
	}
	fclose(f);
	return (found == 3 && *text && *end > *text) ? 0 : -1;
}

static int read_crash_inputs(struct kx_sys *s)
{
	char line[128];
	glob_t g;
	size_t i;
	uint64_t text = 0, end = 0;

	if (glob("/sys/devices/system/cpu/cpu[0-9]*/crash_notes", 0, NULL, &g) != 0) {
		kx_error("/sys/devices/system/cpu/cpu*/crash_notes: none found (kernel without "
			 "CONFIG_CRASH_DUMP?)");
		return -1;
	}
	s->notes = calloc(g.gl_pathc, sizeof(*s->notes));
	if (!s->notes) {
		globfree(&g);
		return -1;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		char path[300];

		if (kx_read_line(g.gl_pathv[i], line, sizeof(line)) != SB_OK ||
		    crash_parse_hex(line, &s->notes[i].addr) != 0)
			goto bad_note;
		snprintf(path, sizeof(path), "%s_size", g.gl_pathv[i]);
		if (kx_read_line(path, line, sizeof(line)) != SB_OK ||
		    crash_parse_dec(line, &s->notes[i].size) != 0)
			goto bad_note;
	}
	s->nnotes = g.gl_pathc;
	globfree(&g);
	if (kx_read_line("/sys/kernel/vmcoreinfo", line, sizeof(line)) != SB_OK ||
	    crash_parse_vmcoreinfo(line, &s->crash.vmcoreinfo_addr, &s->crash.vmcoreinfo_size) != 0) {
		kx_error("/sys/kernel/vmcoreinfo: unreadable or malformed");
		return -1;
	}
	s->crash.notes = s->notes;
	s->crash.nnotes = s->nnotes;
	/* Kernel text PT_LOAD (as the kernel's own path adds): "Kernel code" start, _text.._end. */
	for (i = 0; i < s->iomem.n; i++)
		if (s->iomem.r[i].type == MR_KERNEL) {
			s->crash.text_paddr = s->iomem.r[i].start;
			break;
		}
	if (read_page_offset(&s->crash.page_offset) != 0) {
		s->crash.page_offset = 0xffff888000000000ULL;  /* __PAGE_OFFSET_BASE_L4 without KASLR */
		kx_warn("/proc/kcore unreadable: assuming the direct map at 0x%llx in the dump's "
			"virtual addresses", (unsigned long long)s->crash.page_offset);
	}
	if (s->crash.text_paddr && read_text_symbols(&text, &end) == 0) {
		s->crash.text_vaddr = text;
		s->crash.text_size = end - text;
	} else {
		kx_warn("kernel text (iomem \"Kernel code\", kallsyms _text/_end) not found: the dump "
			"has no kernel text PT_LOAD");
	}
	kx_debug("crash: %zu CPU notes, vmcoreinfo 0x%llx+0x%llx, text 0x%llx->0x%llx+0x%llx, "
		 "page_offset 0x%llx", s->nnotes, (unsigned long long)s->crash.vmcoreinfo_addr,
		 (unsigned long long)s->crash.vmcoreinfo_size, (unsigned long long)s->crash.text_paddr,
		 (unsigned long long)s->crash.text_vaddr, (unsigned long long)s->crash.text_size,
		 (unsigned long long)s->crash.page_offset);
	return 0;
bad_note:
	kx_error("%s: unreadable or malformed crash note", g.gl_pathv[i]);
	globfree(&g);
	return -1;
}

#ifdef KX_TEST_HOOKS
/*
 * Test-only build ($(BUILD)/kexec/kexec-testhooks, never installed): SBK_TEST_CORRUPT_SEGMENT=N
 * flips one byte of segment N after the purgatory's table was filled, so the OVMF scenario can
 * show the purgatory catching it. Absent from the shipped binary (no such code is compiled).
 */
static uint8_t *test_corrupt(struct x86_load_plan *p)
{
	const char *env = getenv("SBK_TEST_CORRUPT_SEGMENT");
	uint8_t *copy;
	size_t n;

	if (!env)
		return NULL;
	n = strtoul(env, NULL, 10);
	if (n >= p->nseg - 1 || !p->seg[n].bufsz)
		return NULL;
	copy = malloc(p->seg[n].bufsz);
	if (!copy)
		return NULL;
	memcpy(copy, p->seg[n].buf, p->seg[n].bufsz);
	copy[p->seg[n].bufsz / 2] ^= 0x01;
	kx_warn("TEST HOOK: segment %zu (%s) byte 0x%zx flipped after the purgatory digest", n,
		p->seg[n].what, p->seg[n].bufsz / 2);
	p->seg[n].buf = copy;
	return copy;
}
#endif

static int report_load_error(const struct kx_opts *o, int err)
{
	if (err == EPERM)
		kx_error("%s: kexec_load: %s (needs CAP_SYS_BOOT; refused when the kernel is locked "
			 "down or kernel.kexec_load_disabled is set: use -s)", o->kernel, strerror(err));
	else if (err == EBUSY)
		kx_error("%s: kexec_load: %s (a kexec is in progress?)", o->kernel, strerror(err));
	else if (err == EADDRNOTAVAIL || err == EINVAL)
		kx_error("%s: kexec_load: %s (the kernel refused the segment list: outside the allowed "
			 "memory%s?)", o->kernel, strerror(err), o->crash ? " or the crash region" : "");
	else
		kx_error("%s: kexec_load failed: %s", o->kernel, strerror(err));
	return KX_EXIT_FAILED;
}

int kx_kexec_load(const struct kx_opts *o, const uint8_t *image, size_t len, const char *cmdline)
{
	struct kx_sys s = { 0 };
	struct bzimage_info bz;
	struct x86_load_in in = { 0 };
	struct x86_load_plan plan = { 0 };
	struct kx_kexec_segment segs[X86_PLAN_MAX_SEGS];
	uint8_t *initrd = NULL, *corrupted = NULL;
	size_t initrd_len = 0, i;
	unsigned long flags;
	char why[256] = "";
	int rc, ret = KX_EXIT_FAILED;

	rc = bzimage_parse(image, len, &bz);
	if (rc) {
		kx_error("%s: not a bzImage the kexec_load path can load: %s (the purgatory enters "
			 "only relocatable kernels with a 64-bit entry, boot protocol >= 2.12)",
			 o->kernel, bzimage_strerror(rc));
		return KX_EXIT_LOAD_UNSUPPORTED;
	}
	if (o->dry_run) {
		printf("dry-run: would call kexec_load(entry=purgatory, %d segments: kernel %zu bytes, "
		       "init_size 0x%x, align 0x%x%s%s, boot_params, purgatory; \"%s\", "
		       "KEXEC_ARCH_X86_64%s)\n", 3 + !!o->initrd + o->crash, bz.kernel_size,
		       bz.init_size, bz.kernel_alignment, o->initrd ? ", initrd" : "",
		       o->crash ? ", ELF core header" : "", cmdline, o->crash ? "|KEXEC_ON_CRASH" : "");
		return KX_EXIT_OK;
	}
	if (o->initrd && kx_read_file(o->initrd, &initrd, &initrd_len, KX_MAX_INITRD) != SB_OK) {
		kx_error("%s: cannot read initrd: %s", o->initrd, strerror(errno));
		goto out;
	}
	if (read_iomem(&s.iomem) != 0)
		goto out;
	if (o->crash && !has_ram(&s.iomem)) {
		kx_error("/proc/iomem shows no addresses (needs CAP_SYS_ADMIN): cannot find the crash region");
		goto out;
	}
	/* Normal e820 source: /proc/iomem (the running kernel's e820 view, including the EFI
	   regions it reserved), else the firmware map. */
	if (!o->crash && !has_ram(&s.iomem)) {
		mr_free(&s.iomem);
		if (read_memmap(&s.memmap) != 0) {
			kx_error("neither /proc/iomem (needs root) nor /sys/firmware/memmap gives a memory map");
			goto out;
		}
	}
	if (kx_read_file("/sys/kernel/boot_params/data", &s.running_bp, &s.running_bp_len, 65536) != SB_OK)
		s.running_bp = NULL;
	read_efi(&s);
	if (o->crash && read_crash_inputs(&s) != 0)
		goto out;

	in.bz = &bz;
	in.cmdline = cmdline;
	in.initrd = initrd;
	in.initrd_len = initrd_len;
	in.crash = o->crash;
	in.iomem = s.iomem.n ? &s.iomem : NULL;
	in.e820_src = s.iomem.n ? &s.iomem : &s.memmap;
	in.running_bp = s.running_bp;
	in.running_bp_len = s.running_bp_len;
	in.efi_map = &s.efi_map;
	in.efi = &s.efi;
	in.crash_in = &s.crash;
	in.purgatory = sb_purgatory_blob;
	in.purgatory_len = sb_purgatory_blob_size;
	in.purgatory_params_offset = sb_purgatory_params_offset;
	in.purgatory_entry_offset = sb_purgatory_entry_offset;
	in.purgatory_mem_size = sb_purgatory_mem_size;
	in.serial_port = KX_SERIAL_PORT;
	rc = x86_load_plan(&in, &plan, why, sizeof(why));
	if (rc) {
		kx_error("%s: cannot plan the kexec_load segments: %s (%d)", o->kernel, why, rc);
		ret = KX_EXIT_LOAD_UNSUPPORTED;
		goto out;
	}
#ifdef KX_TEST_HOOKS
	corrupted = test_corrupt(&plan);
#endif
	for (i = 0; i < plan.nseg; i++) {
		segs[i].buf = plan.seg[i].buf;
		segs[i].bufsz = plan.seg[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)plan.seg[i].mem;
		segs[i].memsz = plan.seg[i].memsz;
		kx_debug("segment %zu %-19s buf %8zu bytes -> mem 0x%09llx..0x%09llx", i, plan.seg[i].what,
			 plan.seg[i].bufsz, (unsigned long long)plan.seg[i].mem,
			 (unsigned long long)(plan.seg[i].mem + plan.seg[i].memsz - 1));
	}
	kx_debug("entry 0x%llx (purgatory) -> kernel 0x%llx, boot_params 0x%llx, %zu e820 entries, EFI %s "
		 "(%zu runtime descriptors)", (unsigned long long)plan.entry,
		 (unsigned long long)(plan.kernel_addr + BZ_ENTRY64_OFFSET),
		 (unsigned long long)plan.bp_addr, plan.e820_entries, plan.efi ? "passed" : "not passed",
		 plan.efi_descs);
	if (!plan.efi && access("/sys/firmware/efi", F_OK) == 0)
		kx_warn("EFI state not passed: the next kernel will not see EFI runtime services");
	flags = KX_KEXEC_ARCH_X86_64 | (o->crash ? KX_KEXEC_ON_CRASH : 0);
	if (syscall(SYS_kexec_load, (unsigned long)plan.entry, (unsigned long)plan.nseg, segs, flags) != 0) {
		ret = report_load_error(o, errno);
		goto out;
	}
	kx_debug("kexec_load: loaded (%s)", o->crash ? "crash kernel" : "kexec kernel");
	ret = KX_EXIT_OK;
out:
	free(corrupted);
	x86_load_plan_free(&plan);
	sys_free(&s);
	free(initrd);
	return ret;
}
