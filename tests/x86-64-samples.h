/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loads the recorded /proc/iomem, /sys/firmware/memmap and kdump samples of tests/data/ for the x86_64 tests. */
#ifndef SB_TEST_X86_64_SAMPLES_H
#define SB_TEST_X86_64_SAMPLES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kexec/x86_64/memory-ranges.h"

/*
 * tests/data/<name>.iomem   : /proc/iomem verbatim
 * tests/data/<name>.memmap  : one line per /sys/firmware/memmap/N: "<start> <end> <type>"
 * tests/data/<name>.kdump   : "vmcoreinfo <addr> <size>", "crash_notes cpuN <addr> <size>",
 *                             and /proc/kallsyms lines for _text/_end
 * All recorded by tests/data/capture-memory-map.sh from real QEMU q35 + OVMF guests.
 */
static inline char *sample_read(const char *name, const char *ext, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "tests/data/%s.%s", name, ext);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static inline int sample_iomem(const char *name, struct mem_map *out)
{
	size_t len, bad = 0;
	char *text = sample_read(name, "iomem", &len);
	int rc;

	if (!text)
		return -1;
	rc = mr_parse_iomem(text, len, out, &bad);
	if (rc)
		printf("#   %s.iomem: line %zu does not parse (%d)\n", name, bad, rc);
	free(text);
	return rc;
}

/* Feeds each recorded line to mr_add_firmware_entry() as the three sysfs files would. */
static inline int sample_memmap(const char *name, struct mem_map *out)
{
	size_t len;
	char *text = sample_read(name, "memmap", &len), *line, *save = NULL;
	int rc = 0;

	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char *sp1 = strchr(line, ' '), *sp2;

		if (!sp1 || !(sp2 = strchr(sp1 + 1, ' '))) {
			rc = -1;
			break;
		}
		*sp1 = *sp2 = '\0';
		rc = mr_add_firmware_entry(out, line, sp1 + 1, sp2 + 1);
	}
	free(text);
	return rc;
}

#endif
