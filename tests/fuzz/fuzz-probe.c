/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: kexec -c's system probe (kexec/x86_64/probe.c) on a /proc + /sys tree written from the input. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kexec/x86_64/probe.h"
#include "fuzz-util.h"

/*
 * Input: a first line "crash" (a kdump load) or anything else (a normal one), then files, each
 * "@@ <path>\n<contents>" up to the next "\n@@ " (contents may be binary). Only the paths below
 * are written (others are ignored), under a scratch root the probe is pointed at, as
 * tests/test-probe.c does with the recorded samples. Seeds: tests/fuzz/gen-seeds.sh from
 * the recorded samples in tests/data/.
 */
static const char *const files[] = {
	"/proc/iomem", "/proc/kallsyms", "/proc/kcore",
	"/sys/firmware/memmap/0/start", "/sys/firmware/memmap/0/end", "/sys/firmware/memmap/0/type",
	"/sys/firmware/memmap/1/start", "/sys/firmware/memmap/1/end", "/sys/firmware/memmap/1/type",
	"/sys/kernel/boot_params/data",
	"/sys/firmware/efi/fw_vendor", "/sys/firmware/efi/runtime", "/sys/firmware/efi/config_table",
	"/sys/firmware/efi/systab",
	"/sys/firmware/efi/runtime-map/0/type", "/sys/firmware/efi/runtime-map/0/phys_addr",
	"/sys/firmware/efi/runtime-map/0/virt_addr", "/sys/firmware/efi/runtime-map/0/num_pages",
	"/sys/firmware/efi/runtime-map/0/attribute",
	"/sys/firmware/efi/runtime-map/1/type", "/sys/firmware/efi/runtime-map/1/phys_addr",
	"/sys/firmware/efi/runtime-map/1/virt_addr", "/sys/firmware/efi/runtime-map/1/num_pages",
	"/sys/firmware/efi/runtime-map/1/attribute",
	"/sys/devices/system/cpu/cpu0/crash_notes", "/sys/devices/system/cpu/cpu0/crash_notes_size",
	"/sys/devices/system/cpu/cpu1/crash_notes", "/sys/devices/system/cpu/cpu1/crash_notes_size",
	"/sys/kernel/vmcoreinfo", "/sys/kernel/crash_elfcorehdr_size",
	"/sys/devices/system/cpu/crash_hotplug", "/sys/devices/system/memory/crash_hotplug",
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* Directories of the tree, deepest first (removed after each run when empty). */
static const char *const dirs[] = {
	"/sys/firmware/efi/runtime-map/1", "/sys/firmware/efi/runtime-map/0",
	"/sys/firmware/efi/runtime-map", "/sys/firmware/efi", "/sys/firmware/memmap/1",
	"/sys/firmware/memmap/0", "/sys/firmware/memmap", "/sys/firmware",
	"/sys/devices/system/cpu/cpu1", "/sys/devices/system/cpu/cpu0", "/sys/devices/system/cpu",
	"/sys/devices/system/memory", "/sys/devices/system", "/sys/devices",
	"/sys/kernel/boot_params", "/sys/kernel", "/sys", "/proc",
};

static void mkdirs(const char *root, const char *path)
{
	char full[512], *p;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (p = full + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(full, 0755) != 0 && errno != EEXIST)
			fz_die("mkdir failed");
		*p = '/';
	}
}

static void put(const char *root, size_t idx, const uint8_t *data, size_t len)
{
	char full[512];

	mkdirs(root, files[idx]);
	snprintf(full, sizeof(full), "%s%s", root, files[idx]);
	fz_write(full, data, len);
}

static void clear(const char *root)
{
	char full[512];
	size_t i;

	for (i = 0; i < NFILES; i++) {
		snprintf(full, sizeof(full), "%s%s", root, files[i]);
		unlink(full);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(full, sizeof(full), "%s%s", root, dirs[i]);
		rmdir(full);
	}
}

static const uint8_t *find(const uint8_t *p, const uint8_t *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p && (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *p, *nl;
	const char *root = fz_scratch();
	struct x86_sys_state s;
	char why[256];
	struct x86_probe_log log = { NULL, NULL, why, sizeof(why) };
	bool crash;
	size_t i;
	int rc;

	nl = memchr(data, '\n', size);
	crash = nl && nl - data == 5 && memcmp(data, "crash", 5) == 0;
	p = find(data, end, "@@ ");
	while (p) {
		const uint8_t *name = p + 3, *name_end = memchr(name, '\n', (size_t)(end - name));
		const uint8_t *body, *next;

		if (!name_end)
			break;
		body = name_end + 1;
		next = find(body, end, "\n@@ ");
		for (i = 0; i < NFILES; i++)
			if ((size_t)(name_end - name) == strlen(files[i]) &&
			    memcmp(name, files[i], (size_t)(name_end - name)) == 0)
				put(root, i, body, (size_t)((next ? next : end) - body));
		p = next ? next + 1 : NULL;
	}
	why[0] = '\0';
	rc = x86_probe(root, crash, &s, &log);
	if (rc == 0) {
		/* What the planner is handed: consistent maps and counts. */
		for (i = 0; i < s.iomem.n; i++)
			FZ_ASSERT(s.iomem.r[i].start <= s.iomem.r[i].end);
		FZ_ASSERT(!crash || (s.nnotes > 0 && s.crash.nnotes == s.nnotes));
		FZ_ASSERT(s.running_bp == NULL || s.running_bp_len <= 65536);
		x86_sys_state_free(&s);
	} else {
		FZ_ASSERT(x86_probe_strerror(rc) != NULL && why[0]);
	}
	clear(root);
	return 0;
}
