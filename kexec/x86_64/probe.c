/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads /proc/iomem, /sys/firmware/memmap, boot_params, EFI and crash inputs for the kexec_load planner. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verifier/file-io.h"
#include "probe.h"
#include "sb-error.h"

#define IOMEM_MAX  (4u << 20)
#define BP_DATA_MAX 65536
#define DIRECT_MAP_DEFAULT 0xffff888000000000ULL  /* __PAGE_OFFSET_BASE_L4 without KASLR */

struct probe {
	const char *root;
	const struct x86_probe_log *log;
};

static void say(void (*fn)(const char *), const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(void (*fn)(const char *), const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fn(msg);
}

static int fail(const struct probe *pr, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(const struct probe *pr, int code, const char *fmt, ...)
{
	va_list ap;

	if (pr->log->why && pr->log->why_len) {
		va_start(ap, fmt);
		vsnprintf(pr->log->why, pr->log->why_len, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* root + path (path starts with '/'); messages name the path alone. x86_probe() refuses a root
   longer than PROBE_ROOT_MAX, so every path fits the 512-byte buffers here. */
#define PROBE_ROOT_MAX 256
static const char *at(const struct probe *pr, const char *path, char *buf, size_t len)
{
	(void)vf_path(buf, len, "%s%s", pr->root, path);
	return buf;
}

static int read_line_at(const struct probe *pr, const char *path, char *buf, size_t len)
{
	char full[512];

	return vf_read_line(at(pr, path, full, sizeof(full)), buf, len);
}

static int read_iomem(const struct probe *pr, struct mem_map *out)
{
	char full[512];
	uint8_t *text;
	size_t len, bad = 0;
	int rc;

	if (vf_read_file(at(pr, "/proc/iomem", full, sizeof(full)), &text, &len, IOMEM_MAX) != SB_OK)
		return fail(pr, PROBE_E_IOMEM, "/proc/iomem: cannot read: %s", strerror(errno));
	rc = mr_parse_iomem((const char *)text, len, out, &bad);
	free(text);
	if (rc)
		return fail(pr, PROBE_E_IOMEM, "/proc/iomem: line %zu does not parse: %s", bad,
			    mr_strerror(rc) ? mr_strerror(rc) : sb_strerror(rc));
	return 0;
}

/*
 * /sys/firmware/memmap/N/{start,end,type}: the firmware's map, the fallback e820 source. The
 * list ends at the first N without a start file; any other failure fails the probe (a map cut
 * short by a read error would hand the next kernel less RAM, or none).
 */
static int read_memmap(const struct probe *pr, struct mem_map *out)
{
	static const char *const field[3] = { "start", "end", "type" };
	char path[96], val[3][64];
	unsigned i, k;
	int rc;

	for (i = 0; i < MR_MAX_RANGES; i++) {
		for (k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "/sys/firmware/memmap/%u/%s", i, field[k]);
			rc = read_line_at(pr, path, val[k], sizeof(val[k]));
			if (rc == SB_E_NOT_FOUND && k == 0)
				return out->n ? 0 : fail(pr, PROBE_E_NO_MAP, "neither /proc/iomem (needs root) "
							 "nor /sys/firmware/memmap gives a memory map");
			if (rc != SB_OK)
				return fail(pr, rc == SB_E_IO ? PROBE_E_READ : PROBE_E_NO_MAP, "%s: %s", path,
					    rc == SB_E_IO ? strerror(errno) : "missing or empty");
		}
		if (mr_add_firmware_entry(out, val[0], val[1], val[2]) != 0)
			return fail(pr, PROBE_E_NO_MAP, "/sys/firmware/memmap/%u: does not parse", i);
	}
	return 0;
}

static bool has_ram(const struct mem_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].type == MR_RAM && m->r[i].end > 0)
			return true;
	return false;
}

/* SB_OK, SB_E_IO (errno set) when the file is there but unreadable, else another code. */
static int read_hex_file(const struct probe *pr, const char *path, uint64_t *v)
{
	char line[64];
	char *e;
	int rc;

	rc = read_line_at(pr, path, line, sizeof(line));
	if (rc != SB_OK)
		return rc;
	errno = 0;
	*v = strtoull(line, &e, 0);
	return (errno || e == line || *e) ? SB_E_MALFORMED : SB_OK;
}

/* A read error (not an absent or malformed file) fails the probe: PROBE_E_READ naming the file. */
static int read_error(const struct probe *pr, const char *path)
{
	return fail(pr, PROBE_E_READ, "%s: cannot read: %s", path, strerror(errno));
}

/*
 * EFI state: the runtime map and the physical table addresses. Missing pieces mean the next
 * kernel boots without EFI runtime services (as with kexec-tools): warned, not fatal.
 */
static int read_efi(const struct probe *pr, struct x86_sys_state *s)
{
	static const char *const tables[3] = { "/sys/firmware/efi/fw_vendor", "/sys/firmware/efi/runtime",
					       "/sys/firmware/efi/config_table" };
	const char *files[5] = { "type", "phys_addr", "virt_addr", "num_pages", "attribute" };
	uint64_t *addr[3] = { &s->efi.fw_vendor, &s->efi.runtime, &s->efi.tables };
	char path[128], val[5][64], line[128], full[512];
	unsigned i, k;
	int rc = 0, bad;
	FILE *f;

	if (access(at(pr, "/sys/firmware/efi", full, sizeof(full)), F_OK) != 0)
		return 0;
	if (!s->running_bp) {
		say(pr->log->warn, "/sys/kernel/boot_params/data unreadable: the next kernel gets no EFI state");
		return 0;
	}
	for (i = 0; i < 3; i++) {
		rc = read_hex_file(pr, tables[i], addr[i]);
		if (rc == SB_E_IO)
			return read_error(pr, tables[i]);
		if (rc != SB_OK) {
			say(pr->log->warn, "/sys/firmware/efi/{fw_vendor,runtime,config_table} unreadable: the "
			    "next kernel boots without EFI runtime services");
			return 0;
		}
	}
	f = fopen(at(pr, "/sys/firmware/efi/systab", full, sizeof(full)), "re");
	if (!f && errno != ENOENT)
		return read_error(pr, "/sys/firmware/efi/systab");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "SMBIOS=", 7) == 0)
			s->efi.smbios = strtoull(line + 7, NULL, 0);
	if (f) {
		bad = ferror(f);
		(void)fclose(f);     /* a read stream: nothing to lose */
		if (bad)
			return read_error(pr, "/sys/firmware/efi/systab");
	}
	for (i = 0; i < EFI_RT_MAX_DESC; i++) {
		for (k = 0; k < 5; k++) {
			snprintf(path, sizeof(path), "/sys/firmware/efi/runtime-map/%u/%s", i, files[k]);
			rc = read_line_at(pr, path, val[k], sizeof(val[k]));
			if (rc == SB_E_IO) {
				efi_rt_map_free(&s->efi_map);
				return read_error(pr, path);
			}
			if (rc != SB_OK)
				break;
		}
		if (k == 0 && rc == SB_E_NOT_FOUND)
			break;
		rc = k < 5 ? EFIBP_E_SYNTAX : efi_rt_map_add(&s->efi_map, val[0], val[1], val[2], val[3], val[4]);
		if (rc == EFIBP_E_NOMEM) {      /* not the map's fault: no load rather than one without EFI */
			efi_rt_map_free(&s->efi_map);
			return fail(pr, PROBE_E_NOMEM, "out of memory");
		}
		if (rc != 0) {
			say(pr->log->warn, "/sys/firmware/efi/runtime-map/%u is malformed: the next kernel "
			    "boots without EFI runtime services", i);
			efi_rt_map_free(&s->efi_map);
			return 0;
		}
	}
	if (s->efi_map.n == 0)
		say(pr->log->warn, "/sys/firmware/efi/runtime-map is empty or absent (CONFIG_EFI_RUNTIME_MAP?): "
		    "the next kernel boots without EFI runtime services");
	say(pr->log->debug, "EFI: fw_vendor 0x%llx runtime 0x%llx config_table 0x%llx smbios 0x%llx, "
	    "%zu runtime descriptors", (unsigned long long)s->efi.fw_vendor,
	    (unsigned long long)s->efi.runtime, (unsigned long long)s->efi.tables,
	    (unsigned long long)s->efi.smbios, s->efi_map.n);
	return 0;
}

/*
 * Direct-map base from /proc/kcore's program headers (they fit in the first 64 KiB). -1 when
 * kcore cannot be opened or shows none (the caller assumes the default); PROBE_E_READ when a
 * read fails: short reads and EINTR are read on, since a header cut short would give another
 * base than the kernel's.
 */
static int read_page_offset(const struct probe *pr, uint64_t *page_offset)
{
	static uint8_t hdr[65536];
	char full[512];
	size_t got = 0;
	ssize_t n;
	int fd, saved;

	fd = open(at(pr, "/proc/kcore", full, sizeof(full)), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < sizeof(hdr)) {
		n = read(fd, hdr + got, sizeof(hdr) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return read_error(pr, "/proc/kcore");
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == 0)
		return -1;
	return crash_page_offset_from_kcore(hdr, got, page_offset) == 0 ? 0 : -1;
}

/* _text and _end from /proc/kallsyms (real addresses for root when kptr_restrict allows). */
static int read_text_symbols(const struct probe *pr, uint64_t *text, uint64_t *end)
{
	char line[256], name[128], type, full[512];
	unsigned long long a;
	FILE *f = fopen(at(pr, "/proc/kallsyms", full, sizeof(full)), "re");
	int found = 0;

	if (!f)
		return errno == ENOENT || errno == EACCES ? -1 : read_error(pr, "/proc/kallsyms");
	while (found != 3 && fgets(line, sizeof(line), f)) {
		/* NOLINTNEXTLINE(cert-err34-c): the kernel writes /proc/kallsyms; 16 hex digits at most */
		if (sscanf(line, "%llx %c %127s", &a, &type, name) != 3)
			continue;
		if (strcmp(name, "_text") == 0)
			*text = a, found |= 1;
		else if (strcmp(name, "_end") == 0)
			*end = a, found |= 2;
	}
	if (found != 3 && ferror(f)) {
		(void)fclose(f);     /* a read stream: nothing to lose */
		return read_error(pr, "/proc/kallsyms");
	}
	(void)fclose(f);     /* a read stream: nothing to lose */
	return (found == 3 && *text && *end > *text) ? 0 : -1;
}

static int cmp_cpu(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/*
 * The CPUs that have a crash note (/sys/devices/system/cpu/cpuN/crash_notes), in CPU order. A
 * directory walk, not glob(3): glibc 2.36's glob() double-frees when an allocation inside it
 * fails for a pattern with a wildcard directory (tests/test-fault-injection.sh, alloc sweep),
 * and its order is lexical (cpu10 before cpu2). *cpus is NULL with *n = 0 when there is none.
 */
static int list_crash_cpus(const struct probe *pr, const char *dir, unsigned **cpus, size_t *n)
{
	unsigned *list = NULL, *grown;
	size_t count = 0, cap = 0;
	char note[600];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return errno == ENOMEM ? fail(pr, PROBE_E_NOMEM, "out of memory") :
			read_error(pr, "/sys/devices/system/cpu");
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		const char *digits = de->d_name + 3;
		unsigned long cpu;
		char *end;

		/* Canonical cpuN only (no leading zero): read_crash_notes() rebuilds the path from N. */
		if (strncmp(de->d_name, "cpu", 3) != 0 || !isdigit((unsigned char)*digits) ||
		    (digits[0] == '0' && digits[1] != '\0'))
			continue;
		cpu = strtoul(digits, &end, 10);
		if (*end || cpu > 1u << 20 ||
		    vf_path(note, sizeof(note), "%s/%s/crash_notes", dir, de->d_name) != 0 ||
		    access(note, F_OK) != 0)
			continue;
		if (count == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (!grown) {
				rc = fail(pr, PROBE_E_NOMEM, "out of memory");
				goto out;
			}
			list = grown;
		}
		list[count++] = (unsigned)cpu;
	}
	if (errno) {
		rc = read_error(pr, "/sys/devices/system/cpu");
		goto out;
	}
	if (count)
		qsort(list, count, sizeof(*list), cmp_cpu);
	*cpus = list;
	*n = count;
	list = NULL;
out:
	free(list);
	(void)closedir(d);
	return rc;
}

static int read_crash_notes(const struct probe *pr, struct x86_sys_state *s)
{
	char line[128], dir[512], note[600], size[640];
	size_t i, n = 0;
	unsigned *cpus = NULL;
	int rc;

	rc = list_crash_cpus(pr, at(pr, "/sys/devices/system/cpu", dir, sizeof(dir)), &cpus, &n);
	if (rc)
		return rc;
	if (n == 0)
		return fail(pr, PROBE_E_CRASH_NOTES, "/sys/devices/system/cpu/cpu*/crash_notes: none "
			    "found (kernel without CONFIG_CRASH_DUMP?)");
	s->notes = calloc(n, sizeof(*s->notes));
	if (!s->notes) {
		rc = fail(pr, PROBE_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* dir and a CPU number fit: list_crash_cpus() built the same path. */
		(void)vf_path(note, sizeof(note), "%s/cpu%u/crash_notes", dir, cpus[i]);
		(void)vf_path(size, sizeof(size), "%s_size", note);
		if (vf_read_line(note, line, sizeof(line)) != SB_OK ||
		    crash_parse_hex(line, &s->notes[i].addr) != 0 ||
		    vf_read_line(size, line, sizeof(line)) != SB_OK ||
		    crash_parse_dec(line, &s->notes[i].size) != 0) {
			rc = fail(pr, PROBE_E_CRASH_NOTES, "/sys/devices/system/cpu/cpu%u/crash_notes: "
				  "unreadable or malformed crash note", cpus[i]);
			goto out;
		}
	}
	s->nnotes = n;
out:
	free(cpus);
	return rc;
}

static int read_crash_inputs(const struct probe *pr, struct x86_sys_state *s)
{
	char line[128];
	uint64_t text = 0, end = 0;
	size_t i;
	int rc;

	rc = read_crash_notes(pr, s);
	if (rc)
		return rc;
	if (read_line_at(pr, "/sys/kernel/vmcoreinfo", line, sizeof(line)) != SB_OK ||
	    crash_parse_vmcoreinfo(line, &s->crash.vmcoreinfo_addr, &s->crash.vmcoreinfo_size) != 0)
		return fail(pr, PROBE_E_VMCOREINFO, "/sys/kernel/vmcoreinfo: unreadable or malformed");
	s->crash.notes = s->notes;
	s->crash.nnotes = s->nnotes;
	/* Kernel text PT_LOAD (as the kernel's own path adds): "Kernel code" start, _text.._end. */
	for (i = 0; i < s->iomem.n; i++)
		if (s->iomem.r[i].type == MR_KERNEL) {
			s->crash.text_paddr = s->iomem.r[i].start;
			break;
		}
	rc = read_page_offset(pr, &s->crash.page_offset);
	if (rc < -1)
		return rc;
	if (rc != 0) {
		s->crash.page_offset = DIRECT_MAP_DEFAULT;
		say(pr->log->warn, "/proc/kcore unreadable: assuming the direct map at 0x%llx in the "
		    "dump's virtual addresses", (unsigned long long)s->crash.page_offset);
	}
	rc = s->crash.text_paddr ? read_text_symbols(pr, &text, &end) : -1;
	if (rc < -1)
		return rc;
	if (rc == 0) {
		s->crash.text_vaddr = text;
		s->crash.text_size = end - text;
	} else {
		say(pr->log->warn, "kernel text (iomem \"Kernel code\", kallsyms _text/_end) not found: "
		    "the dump has no kernel text PT_LOAD");
	}
	say(pr->log->debug, "crash: %zu CPU notes, vmcoreinfo 0x%llx+0x%llx, text 0x%llx->0x%llx+0x%llx, "
	    "page_offset 0x%llx", s->nnotes, (unsigned long long)s->crash.vmcoreinfo_addr,
	    (unsigned long long)s->crash.vmcoreinfo_size, (unsigned long long)s->crash.text_paddr,
	    (unsigned long long)s->crash.text_vaddr, (unsigned long long)s->crash.text_size,
	    (unsigned long long)s->crash.page_offset);
	return 0;
}

/*
 * Crash hotplug: the kernel may rewrite the ELF core header of a loaded crash image on CPU or
 * memory hotplug (kernel/crash_core.c crash_handle_hotplug_event(), x86 crash.c
 * arch_crash_handle_hotplug_event()), for kexec_load only when the image was loaded with
 * KEXEC_UPDATE_ELFCOREHDR. Absent file: no support, nothing changes. A value that does not
 * parse is warned about and treated as absent: the crash kernel is still loaded, as on a
 * kernel without hotplug (reload it after a hotplug event).
 */
static int read_hotplug(const struct probe *pr, struct x86_sys_state *s)
{
	static const char *const paths[2] = { "/sys/kernel/crash_elfcorehdr_size",
					      "/sys/kernel/kexec/crash_elfcorehdr_size" };
	char line[64], full[512];
	uint64_t v;
	int rc = SB_E_NOT_FOUND;
	unsigned i;

	s->cpu_crash_hotplug = access(at(pr, "/sys/devices/system/cpu/crash_hotplug", full, sizeof(full)), F_OK) == 0;
	s->memory_crash_hotplug = access(at(pr, "/sys/devices/system/memory/crash_hotplug", full, sizeof(full)), F_OK) == 0;
	/* Newer kernels group the kexec attributes in /sys/kernel/kexec/ as well. */
	for (i = 0; i < 2 && rc == SB_E_NOT_FOUND; i++) {
		rc = read_line_at(pr, paths[i], line, sizeof(line));
		if (rc == SB_E_IO)
			return read_error(pr, paths[i]);
	}
	if (rc != SB_OK) {
		say(pr->log->debug, "crash hotplug: /sys/kernel/crash_elfcorehdr_size absent: not supported "
		    "by this kernel, every segment is hashed");
		return 0;
	}
	if (crash_parse_dec(line, &v) != 0 || v == 0 || v > PROBE_HOTPLUG_HDR_MAX) {
		say(pr->log->warn, "/sys/kernel/crash_elfcorehdr_size is \"%s\", not a size: loading without "
		    "crash hotplug (reload the crash kernel after CPU or memory hotplug)", line);
		return 0;
	}
	s->hotplug_elfcorehdr_size = v;
	say(pr->log->debug, "crash hotplug: the kernel rewrites the ELF core header (%llu bytes; "
	    "cpu/crash_hotplug %s, memory/crash_hotplug %s)", (unsigned long long)v,
	    s->cpu_crash_hotplug ? "present" : "absent", s->memory_crash_hotplug ? "present" : "absent");
	return 0;
}

int x86_probe(const char *root, bool crash, struct x86_sys_state *s, const struct x86_probe_log *log)
{
	struct probe pr = { root ? root : "", log };
	char full[512];
	int rc;

	memset(s, 0, sizeof(*s));
	if (strlen(pr.root) > PROBE_ROOT_MAX) {
		rc = fail(&pr, PROBE_E_READ, "probe root longer than %d bytes", PROBE_ROOT_MAX);
		goto fail;
	}
	rc = read_iomem(&pr, &s->iomem);
	if (rc)
		goto fail;
	if (crash && !has_ram(&s->iomem)) {
		rc = fail(&pr, PROBE_E_NO_ADDRESSES, "/proc/iomem shows no addresses (needs "
			  "CAP_SYS_ADMIN): cannot find the crash region");
		goto fail;
	}
	/* Normal e820 source: /proc/iomem (the running kernel's e820 view, including the EFI
	   regions it reserved), else the firmware map. */
	if (!crash && !has_ram(&s->iomem)) {
		mr_free(&s->iomem);
		rc = read_memmap(&pr, &s->memmap);
		if (rc)
			goto fail;
	}
	rc = vf_read_file(at(&pr, "/sys/kernel/boot_params/data", full, sizeof(full)), &s->running_bp,
			  &s->running_bp_len, BP_DATA_MAX);
	if (rc == SB_E_IO && errno != EACCES && errno != EPERM && errno != EFBIG) {
		rc = read_error(&pr, "/sys/kernel/boot_params/data");
		goto fail;
	}
	if (rc != SB_OK)
		s->running_bp = NULL;
	rc = read_efi(&pr, s);
	if (rc)
		goto fail;
	if (crash) {
		rc = read_crash_inputs(&pr, s);
		if (rc)
			goto fail;
		rc = read_hotplug(&pr, s);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	x86_sys_state_free(s);
	return rc;
}

void x86_sys_state_free(struct x86_sys_state *s)
{
	mr_free(&s->iomem);
	mr_free(&s->memmap);
	free(s->running_bp);
	efi_rt_map_free(&s->efi_map);
	free(s->notes);
	memset(s, 0, sizeof(*s));
}

const char *x86_probe_strerror(int err)
{
	switch (err) {
	case PROBE_E_IOMEM:        return "probe-iomem";
	case PROBE_E_NO_ADDRESSES: return "probe-iomem-no-addresses";
	case PROBE_E_NO_MAP:       return "probe-no-memory-map";
	case PROBE_E_CRASH_NOTES:  return "probe-crash-notes";
	case PROBE_E_VMCOREINFO:   return "probe-vmcoreinfo";
	case PROBE_E_NOMEM:        return "probe-no-memory";
	case PROBE_E_READ:         return "probe-read";
	default:                   return NULL;
	}
}
