/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_load(2) with the built-in purgatory: probe the system state, plan the x86_64 segments, load. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exit-codes.h"
#include "file-io.h"
#include "kexec-load.h"
#include "kexec/x86_64/error-names.h"
#include "kexec/x86_64/load-plan.h"
#include "kexec/x86_64/probe.h"
#include "lib/sb-error.h"
#include "purgatory/purgatory-blob.h"
#include "verifier/alloc-guard.h"
#include "report.h"

#define KX_SERIAL_PORT       0x3f8   /* ttyS0: where the purgatory reports */

/* struct kexec_segment (include/uapi/linux/kexec.h). */
struct kx_kexec_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

/* The probe's messages, printed as kexec's own. */
static void probe_warn(const char *msg) { kx_warn("%s", msg); }
static void probe_debug(const char *msg) { kx_debug("%s", msg); }

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

/*
 * After a hotplug-enabled crash load the kernel's crash_hotplug attributes read 1 when it took
 * KEXEC_UPDATE_ELFCOREHDR (kernel/crash_core.c crash_check_hotplug_support()).
 */
static void report_hotplug_state(void)
{
	static const char *const files[2] = { "/sys/devices/system/cpu/crash_hotplug",
					      "/sys/devices/system/memory/crash_hotplug" };
	char v[16];
	size_t i;

	for (i = 0; i < 2; i++) {
		if (kx_read_line(files[i], v, sizeof(v)) != SB_OK)
			continue;
		if (strcmp(v, "1") == 0)
			kx_debug("%s: 1 (the kernel will update the ELF core header)", files[i]);
		else
			kx_warn("%s reads \"%s\" after a load with KEXEC_UPDATE_ELFCOREHDR: the kernel "
				"will not update the ELF core header; reload after hotplug", files[i], v);
	}
}

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

int kx_kexec_load(const struct kx_opts *o, const uint8_t *image, size_t len, const uint8_t *initrd,
		  size_t initrd_len, const char *cmdline)
{
	struct x86_sys_state s = { 0 };
	struct bzimage_info bz;
	struct x86_load_in in = { 0 };
	struct x86_load_plan plan = { 0 };
	struct kx_kexec_segment segs[X86_PLAN_MAX_SEGS];
	uint8_t *corrupted = NULL;
	size_t signed_end = 0, i;
	unsigned long flags;
	char why[256] = "";
	struct x86_probe_log plog = { probe_warn, probe_debug, why, sizeof(why) };
	int rc, ret = KX_EXIT_FAILED;

	x86_64_errors_register();
	rc = bzimage_parse(image, len, &bz);
	if (rc) {
		kx_error("%s: not a bzImage the kexec_load path can load: %s (the purgatory enters "
			 "only relocatable kernels with a 64-bit entry, boot protocol >= 2.12)",
			 o->kernel, bzimage_strerror(rc));
		return KX_EXIT_LOAD_UNSUPPORTED;
	}
	/* The kernel segment never reaches into bytes no signature covers (the certificate table). */
	rc = bzimage_signed_end(image, len, &signed_end);
	if (rc == 0)
		rc = bzimage_check_signed_end(&bz, signed_end);
	if (rc) {
		if (rc == BZ_E_PAST_SIGNED_END)
			kx_error("%s: malformed: %s: its setup header claims %zu bytes of kernel from offset "
				 "%zu, past the end of the signed bytes at %zu (the certificate table is never "
				 "loaded); nothing was loaded", o->kernel, bzimage_strerror(rc), bz.kernel_size,
				 bz.setup_size, signed_end);
		else
			kx_error("%s: malformed: %s: it starts with \"MZ\" but its PE headers do not parse, "
				 "so where its signed bytes end is unknown; nothing was loaded", o->kernel,
				 bzimage_strerror(rc));
		return VF_EXIT_MALFORMED;
	}
	if (o->dry_run) {
		printf("dry-run: would call kexec_load(entry=purgatory, %d segments: kernel %zu bytes, "
		       "init_size 0x%x, align 0x%x%s%s, boot_params, purgatory; \"%s\", "
		       "KEXEC_ARCH_X86_64%s)\n", 3 + !!initrd + o->crash, bz.kernel_size,
		       bz.init_size, bz.kernel_alignment, initrd ? ", initrd" : "",
		       o->crash ? ", ELF core header" : "", cmdline, o->crash ? "|KEXEC_ON_CRASH" : "");
		return KX_EXIT_OK;
	}
	rc = x86_probe("", o->crash, &s, &plog);
	if (rc) {
		kx_error("%s", why);
		goto out;
	}

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
	in.hotplug_elfcorehdr_size = o->crash ? s.hotplug_elfcorehdr_size : 0;
	rc = x86_load_plan(&in, &plan, why, sizeof(why));
	if (rc) {
		kx_error("%s: cannot plan the kexec_load segments: %s (%s)", o->kernel, why, sb_strerror(rc));
		/* Out of memory, ours or OpenSSL's (its digest of a segment): a failure, not the image's. */
		ret = x86_plan_error_is_nomem(rc) || vf_alloc_lost() ? KX_EXIT_FAILED : KX_EXIT_LOAD_UNSUPPORTED;
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
		 (unsigned long long)plan.kernel_addr + BZ_ENTRY64_OFFSET,
		 (unsigned long long)plan.bp_addr, plan.e820_entries, plan.efi ? "passed" : "not passed",
		 plan.efi_descs);
	if (!plan.efi && access("/sys/firmware/efi", F_OK) == 0)
		kx_warn("EFI state not passed: the next kernel will not see EFI runtime services");
	flags = plan.kexec_flags;
	kx_debug("kexec_load flags 0x%lx%s", flags, plan.hotplug ? " (KEXEC_UPDATE_ELFCOREHDR: crash "
		 "hotplug, the ELF core header is left out of the purgatory's digest)" : "");
	if (syscall(SYS_kexec_load, (unsigned long)plan.entry, (unsigned long)plan.nseg, segs, flags) != 0) {
		ret = report_load_error(o, errno);
		goto out;
	}
	kx_debug("kexec_load: loaded (%s)", o->crash ? "crash kernel" : "kexec kernel");
	if (plan.hotplug)
		report_hotplug_state();
	ret = KX_EXIT_OK;
out:
	free(corrupted);
	x86_load_plan_free(&plan);
	x86_sys_state_free(&s);
	return ret;
}
