/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec/x86_64/probe.c on /proc and /sys trees built from the recorded samples of tests/data/: what it reads, and each refusal. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test.h"
#include "x86-64-samples.h"
#include "../kexec/x86_64/probe.h"

static char root[64];
static char warnings[4096];

static void on_warn(const char *msg)
{
	size_t n = strlen(warnings);

	snprintf(warnings + n, sizeof(warnings) - n, "%s\n", msg);
}

/* mkdir -p of dirname(root + path), then write `len` bytes of data there. */
static int put(const char *path, const void *data, size_t len)
{
	char full[512], *p;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (p = full + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(full, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	f = fopen(full, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int puts_at(const char *path, const char *text)
{
	return put(path, text, strlen(text));
}

static void rm_tree(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("#   could not remove %s\n", root);
}

static int new_tree(void)
{
	snprintf(root, sizeof(root), "/tmp/sbk-probe-XXXXXX");
	warnings[0] = '\0';
	return mkdtemp(root) ? 0 : -1;
}

/* The recorded sample as the live files: iomem, memmap/N, cpuN/crash_notes, vmcoreinfo, kallsyms. */
static int tree_from_sample(const char *name, int with_iomem, int with_memmap, int with_kdump)
{
	char *text, *line, *save = NULL, path[128], buf[160];
	size_t len;
	unsigned n = 0;
	int rc = 0;
	FILE *ks;

	if (new_tree())
		return -1;
	if (with_iomem) {
		text = sample_read(name, "iomem", &len);
		if (!text || put("/proc/iomem", text, len))
			rc = -1;
		free(text);
	}
	if (with_memmap && !rc) {
		text = sample_read(name, "memmap", &len);
		for (line = text ? strtok_r(text, "\n", &save) : NULL; line && !rc;
		     line = strtok_r(NULL, "\n", &save), n++) {
			char s[32], e[32], *t = NULL;

			if (sscanf(line, "%31s %31s", s, e) != 2 || !(t = strchr(strchr(line, ' ') + 1, ' '))) {
				rc = -1;
				break;
			}
			snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/start", n);
			snprintf(buf, sizeof(buf), "%s\n", s);
			rc = rc ? rc : puts_at(path, buf);
			snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/end", n);
			snprintf(buf, sizeof(buf), "%s\n", e);
			rc = rc ? rc : puts_at(path, buf);
			snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/type", n);
			snprintf(buf, sizeof(buf), "%s\n", t + 1);
			rc = rc ? rc : puts_at(path, buf);
		}
		free(text);
	}
	if (with_kdump && !rc) {
		text = sample_read(name, "kdump", &len);
		snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
		ks = (text && puts_at("/proc/kallsyms", "") == 0) ? fopen(path, "w") : NULL;
		for (line = ks ? strtok_r(text, "\n", &save) : NULL; line && !rc; line = strtok_r(NULL, "\n", &save)) {
			char cpu[16], addr[32], size[32];

			if (strncmp(line, "vmcoreinfo ", 11) == 0) {
				snprintf(buf, sizeof(buf), "%s\n", line + 11);
				rc = puts_at("/sys/kernel/vmcoreinfo", buf);
			} else if (sscanf(line, "crash_notes %15s %31s %31s", cpu, addr, size) == 3) {
				snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/crash_notes", cpu);
				snprintf(buf, sizeof(buf), "%s\n", addr);
				rc = puts_at(path, buf);
				snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/crash_notes_size", cpu);
				snprintf(buf, sizeof(buf), "%s\n", size);
				rc = rc ? rc : puts_at(path, buf);
			} else {
				fprintf(ks, "%s\n", line);
			}
		}
		if (!ks || fclose(ks) != 0)
			rc = -1;
		free(text);
	}
	return rc;
}

static const struct x86_probe_log *log_to(char *why, size_t len)
{
	static struct x86_probe_log l;

	l.warn = on_warn;
	l.debug = NULL;
	l.why = why;
	l.why_len = len;
	why[0] = '\0';
	return &l;
}

/* Crash: notes, vmcoreinfo, kernel text from iomem + kallsyms; no kcore: default direct map, warned. */
static void test_crash_sample(void)
{
	struct x86_sys_state s;
	struct mem_map io = { 0 };
	char why[256];
	int rc;

	T_CHECK(tree_from_sample("q35-ovmf-1g-crash256m", 1, 0, 1) == 0);
	rc = x86_probe(root, true, &s, log_to(why, sizeof(why)));
	T_EQ_INT(rc, 0);
	if (rc) {
		printf("#   %s\n", why);
		goto out;
	}
	T_CHECK(sample_iomem("q35-ovmf-1g-crash256m", &io) == 0);
	T_EQ_INT(s.iomem.n, io.n);
	T_EQ_INT(s.memmap.n, 0);
	T_EQ_INT(s.nnotes, 2);
	T_EQ_INT(s.crash.nnotes, 2);
	T_CHECK(s.crash.notes == s.notes);
	T_EQ_INT(s.notes[0].addr, 0x3c83a400);
	T_EQ_INT(s.notes[0].size, 368);
	T_EQ_INT(s.notes[1].addr, 0x3c93a400);
	T_EQ_INT(s.crash.vmcoreinfo_addr, 0x3dc62000);
	T_EQ_INT(s.crash.vmcoreinfo_size, 0x1024);
	T_EQ_INT(s.crash.text_vaddr, 0xffffffff99400000ULL);
	T_EQ_INT(s.crash.text_size, 0xffffffff9c830000ULL - 0xffffffff99400000ULL);
	T_CHECK(s.crash.text_paddr != 0);
	T_EQ_INT(s.crash.page_offset, 0xffff888000000000ULL);
	T_CHECK(strstr(warnings, "/proc/kcore unreadable: assuming the direct map at 0xffff888000000000") != NULL);
	T_CHECK(s.running_bp == NULL && s.efi_map.n == 0);
	/* Debian 12's 6.1 has no crash hotplug: nothing in the samples, nothing changes. */
	T_EQ_INT(s.hotplug_elfcorehdr_size, 0);
	T_CHECK(!s.cpu_crash_hotplug && !s.memory_crash_hotplug);
	x86_sys_state_free(&s);
out:
	mr_free(&io);
	rm_tree();
}

/* Crash notes come in CPU order (cpu2 before cpu10, unlike a lexical listing); cpuN entries
   without a crash_notes file and other names below /sys/devices/system/cpu (cpufreq, cpu4x,
   cpu01: the kernel names CPUs without leading zeros) are not CPUs with notes. */
static void test_crash_notes_order(void)
{
	struct x86_sys_state s;
	char why[256];
	int rc = -1;

	if (tree_from_sample("q35-ovmf-1g-crash256m", 1, 0, 1) == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu10/crash_notes", "3ca3a400\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu10/crash_notes_size", "368\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu2/crash_notes", "3cb3a400\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu2/crash_notes_size", "368\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu3/online", "0\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpufreq/crash_notes", "1\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu4x/crash_notes", "1\n") == 0 &&
	    puts_at("/sys/devices/system/cpu/cpu01/crash_notes", "1\n") == 0)
		rc = x86_probe(root, true, &s, log_to(why, sizeof(why)));
	T_EQ_INT(rc, 0);
	if (rc == 0) {
		T_EQ_INT(s.nnotes, 4);
		T_EQ_INT(s.notes[0].addr, 0x3c83a400);
		T_EQ_INT(s.notes[1].addr, 0x3c93a400);
		T_EQ_INT(s.notes[2].addr, 0x3cb3a400);
		T_EQ_INT(s.notes[3].addr, 0x3ca3a400);
		x86_sys_state_free(&s);
	}
	rm_tree();
}

/* Normal kexec as a reader without CAP_SYS_ADMIN: iomem shows zeros, the firmware map is used. */
static void test_memmap_fallback(void)
{
	struct x86_sys_state s;
	struct mem_map mm = { 0 };
	char why[256];

	T_CHECK(tree_from_sample("q35-ovmf-1g-crash256m", 0, 1, 0) == 0);
	T_CHECK(puts_at("/proc/iomem", "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n") == 0);
	T_EQ_INT(x86_probe(root, false, &s, log_to(why, sizeof(why))), 0);
	T_CHECK(sample_memmap("q35-ovmf-1g-crash256m", &mm) == 0);
	T_EQ_INT(s.iomem.n, 0);
	T_EQ_INT(s.memmap.n, mm.n);
	T_CHECK(mm.n > 0 && s.memmap.n == mm.n && s.memmap.r[mm.n - 1].end == mm.r[mm.n - 1].end);
	x86_sys_state_free(&s);
	/* ... and a crash load refuses it: without addresses no crash region can be found. */
	T_EQ_INT(x86_probe(root, true, &s, log_to(why, sizeof(why))), PROBE_E_NO_ADDRESSES);
	T_CHECK(strcmp(why, "/proc/iomem shows no addresses (needs CAP_SYS_ADMIN): cannot find the crash region") == 0);
	mr_free(&mm);
	rm_tree();
}

/* EFI: the recorded runtime map, the table addresses and the running boot_params. */
static void test_efi_state(void)
{
	struct x86_sys_state s;
	char *text, *line, *save = NULL, path[128], why[256];
	static uint8_t bp[4096];
	size_t len;
	unsigned n = 0;

	T_CHECK(tree_from_sample("q35-ovmf-1g-crash256m", 1, 0, 0) == 0);
	T_CHECK(put("/sys/kernel/boot_params/data", bp, sizeof(bp)) == 0);
	T_CHECK(puts_at("/sys/firmware/efi/fw_vendor", "0x3f5e0018\n") == 0);
	T_CHECK(puts_at("/sys/firmware/efi/runtime", "0x3f5ec000\n") == 0);
	T_CHECK(puts_at("/sys/firmware/efi/config_table", "0x3f5e0098\n") == 0);
	T_CHECK(puts_at("/sys/firmware/efi/systab", "ACPI20=0x3f77e014\nSMBIOS=0x3f5a0000\n") == 0);
	text = sample_read("q35-ovmf-1g", "efi-runtime-map", &len);
	T_CHECK(text != NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save), n++) {
		const char *names[5] = { "type", "phys_addr", "virt_addr", "num_pages", "attribute" };
		char f[5][32], v[40];
		unsigned k;

		T_CHECK(sscanf(line, "%31s %31s %31s %31s %31s", f[0], f[1], f[2], f[3], f[4]) == 5);
		for (k = 0; k < 5; k++) {
			snprintf(path, sizeof(path), "/sys/firmware/efi/runtime-map/%u/%s", n, names[k]);
			snprintf(v, sizeof(v), "%s\n", f[k]);
			T_CHECK(puts_at(path, v) == 0);
		}
	}
	free(text);
	T_EQ_INT(x86_probe(root, false, &s, log_to(why, sizeof(why))), 0);
	T_EQ_INT(s.efi_map.n, 5);
	T_EQ_INT(n, 5);
	T_EQ_INT(s.efi.fw_vendor, 0x3f5e0018);
	T_EQ_INT(s.efi.runtime, 0x3f5ec000);
	T_EQ_INT(s.efi.tables, 0x3f5e0098);
	T_EQ_INT(s.efi.smbios, 0x3f5a0000);
	T_CHECK(s.running_bp != NULL && s.running_bp_len == sizeof(bp));
	T_CHECK(s.efi_map.n == 5 && s.efi_map.d[0].phys_addr == 0x3e5ec000 && s.efi_map.d[4].type == 3);
	T_EQ_INT(warnings[0], '\0');
	x86_sys_state_free(&s);
	/* A malformed descriptor: no EFI state, said so, the load goes on. */
	T_CHECK(puts_at("/sys/firmware/efi/runtime-map/2/num_pages", "0x0\n") == 0);
	T_EQ_INT(x86_probe(root, false, &s, log_to(why, sizeof(why))), 0);
	T_EQ_INT(s.efi_map.n, 0);
	T_CHECK(strstr(warnings, "/sys/firmware/efi/runtime-map/2 is malformed") != NULL);
	x86_sys_state_free(&s);
	rm_tree();
}

/*
 * Crash hotplug (6.5+): the sample tree plus the sysfs files such a kernel has. The size is
 * what x86's arch_crash_get_elfcorehdr_size() gives for NR_CPUS_DEFAULT 8192 and
 * CRASH_MAX_MEMORY_RANGES 8192: (2 + 8192 + 8192) * sizeof(Elf64_Phdr) = 917616 (synthetic:
 * no kernel on this machine has the feature).
 */
static void test_hotplug(void)
{
	struct x86_sys_state s;
	char why[256];

	T_CHECK(tree_from_sample("q35-ovmf-1g-crash256m", 1, 0, 1) == 0);
	T_CHECK(puts_at("/sys/kernel/crash_elfcorehdr_size", "917616\n") == 0);
	T_CHECK(puts_at("/sys/devices/system/cpu/crash_hotplug", "0\n") == 0);
	T_CHECK(puts_at("/sys/devices/system/memory/crash_hotplug", "0\n") == 0);
	T_EQ_INT(x86_probe(root, true, &s, log_to(why, sizeof(why))), 0);
	T_EQ_INT(s.hotplug_elfcorehdr_size, 917616);
	T_CHECK(s.cpu_crash_hotplug && s.memory_crash_hotplug);
	x86_sys_state_free(&s);
	/* The same attribute where newer kernels group the kexec ones. */
	{
		char full[512];

		snprintf(full, sizeof(full), "%s/sys/kernel/crash_elfcorehdr_size", root);
		T_CHECK(unlink(full) == 0);
		T_CHECK(puts_at("/sys/kernel/kexec/crash_elfcorehdr_size", "917616\n") == 0);
		T_EQ_INT(x86_probe(root, true, &s, log_to(why, sizeof(why))), 0);
		T_EQ_INT(s.hotplug_elfcorehdr_size, 917616);
		x86_sys_state_free(&s);
	}
	/* A normal kexec has no ELF core header: not read. */
	T_EQ_INT(x86_probe(root, false, &s, log_to(why, sizeof(why))), 0);
	T_EQ_INT(s.hotplug_elfcorehdr_size, 0);
	x86_sys_state_free(&s);
	/* Not a decimal size, zero, absurdly large: warned, loaded without hotplug. */
	{
		static const char *bad[] = { "0x100\n", "0\n", "99999999999\n", "12 34\n" };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			warnings[0] = '\0';
			T_CHECK(puts_at("/sys/kernel/crash_elfcorehdr_size", bad[i]) == 0);
			T_EQ_INT(x86_probe(root, true, &s, log_to(why, sizeof(why))), 0);
			T_EQ_INT(s.hotplug_elfcorehdr_size, 0);
			T_CHECK(strstr(warnings, "/sys/kernel/crash_elfcorehdr_size is") != NULL &&
				strstr(warnings, "loading without crash hotplug") != NULL);
			x86_sys_state_free(&s);
		}
	}
	rm_tree();
}

/* Data-driven refusals: each broken input, its code and the words of its message. */
static void test_refusals(void)
{
	static const struct {
		const char *name, *path, *content;
		int crash, want;
		const char *msg;
	} cases[] = {
		{ "no /proc/iomem", "/proc/iomem", NULL, 0, PROBE_E_IOMEM, "/proc/iomem: cannot read" },
		{ "iomem line without ' : '", "/proc/iomem", "00000000-00000fff Reserved\n", 0, PROBE_E_IOMEM,
		  "/proc/iomem: line 1 does not parse" },
		{ "no crash notes at all", "/sys/devices/system/cpu", NULL, 1, PROBE_E_CRASH_NOTES,
		  "/sys/devices/system/cpu/cpu*/crash_notes: none found (kernel without CONFIG_CRASH_DUMP?)" },
		{ "a crash note without its size", "/sys/devices/system/cpu/cpu1/crash_notes_size", NULL, 1,
		  PROBE_E_CRASH_NOTES, "/sys/devices/system/cpu/cpu1/crash_notes: unreadable or malformed" },
		{ "crash note not hex", "/sys/devices/system/cpu/cpu0/crash_notes", "zz\n", 1, PROBE_E_CRASH_NOTES,
		  "/sys/devices/system/cpu/cpu0/crash_notes: unreadable or malformed crash note" },
		{ "crash note size not decimal", "/sys/devices/system/cpu/cpu1/crash_notes_size", "0x170\n", 1,
		  PROBE_E_CRASH_NOTES, "/sys/devices/system/cpu/cpu1/crash_notes: unreadable or malformed" },
		{ "vmcoreinfo without size", "/sys/kernel/vmcoreinfo", "0x000000003dc62000\n", 1, PROBE_E_VMCOREINFO,
		  "/sys/kernel/vmcoreinfo: unreadable or malformed" },
		{ "no vmcoreinfo", "/sys/kernel/vmcoreinfo", NULL, 1, PROBE_E_VMCOREINFO,
		  "/sys/kernel/vmcoreinfo: unreadable or malformed" },
		{ "no memmap and no iomem addresses", "/proc/iomem", "00000000-00000000 : System RAM\n", 0,
		  PROBE_E_NO_MAP, "neither /proc/iomem (needs root) nor /sys/firmware/memmap" },
	};
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct x86_sys_state s = { 0 };
		char why[256] = "", full[512];
		int rc = -1;

		if (tree_from_sample("q35-ovmf-1g-crash256m", 1, 0, 1) == 0) {
			snprintf(full, sizeof(full), "%s%s", root, cases[c].path);
			if (cases[c].content)
				puts_at(cases[c].path, cases[c].content);
			else if (unlink(full) != 0) {
				char cmd[600];

				snprintf(cmd, sizeof(cmd), "rm -rf '%s'", full);
				T_CHECK(system(cmd) == 0);
			}
			memset(&s, 0x5a, sizeof(s));
			rc = x86_probe(root, cases[c].crash, &s, log_to(why, sizeof(why)));
		}
		t_result(rc == cases[c].want && strstr(why, cases[c].msg) == why && s.iomem.r == NULL &&
			 s.notes == NULL, "probe refuses: %s (rc %d: %s)", cases[c].name, rc, why);
		rm_tree();
	}
	{
		/* A root whose paths would not fit the probe's buffers is refused before any read. */
		struct x86_sys_state s;
		char why[256] = "", longroot[300];
		int rc;

		memset(longroot, 'r', sizeof(longroot) - 1);
		longroot[0] = '/';
		longroot[sizeof(longroot) - 1] = '\0';
		memset(&s, 0x5a, sizeof(s));
		rc = x86_probe(longroot, 0, &s, log_to(why, sizeof(why)));
		t_result(rc == PROBE_E_READ && strcmp(why, "probe root longer than 256 bytes") == 0 &&
			 s.iomem.r == NULL, "probe refuses a root longer than 256 bytes (rc %d: %s)", rc, why);
	}
}

int main(void)
{
	t_run("crash, 1 GiB sample: notes, vmcoreinfo, kernel text; no kcore -> default direct map, warned",
	      test_crash_sample);
	t_run("crash notes in CPU order (cpu2 before cpu10); cpuN without crash_notes and other names skipped",
	      test_crash_notes_order);
	t_run("normal, iomem without addresses: the firmware memmap is read instead; crash refuses",
	      test_memmap_fallback);
	t_run("EFI: runtime map, table addresses, boot_params read; a malformed descriptor drops EFI, warned",
	      test_efi_state);
	t_run("crash hotplug: crash_elfcorehdr_size read for -p only; malformed values warned and ignored",
	      test_hotplug);
	test_refusals();
	return t_done();
}
