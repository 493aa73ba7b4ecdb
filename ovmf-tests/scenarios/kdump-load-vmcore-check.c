/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest-side checker for kdump-load-syscall.sh: what the dump must cover (first kernel) vs. the PT_LOADs /proc/vmcore has (crash kernel). */
/*
 * Written independently of kexec/x86_64/ on purpose (it is the oracle):
 *   vmcore-check expect           reads /proc/iomem and prints "ram=S-E,S-E,... text=0xP": the
 *                                 top-level System RAM ranges minus [0, 1 MiB) and minus every
 *                                 "Crash kernel" range, and the "Kernel code" start;
 *   vmcore-check check FILE RAM TEXT  reads FILE's ELF64 program headers and requires its
 *                                 PT_LOADs to be exactly the RAM list (in order) plus one kernel
 *                                 text PT_LOAD (p_vaddr in the kernel image map) at TEXT;
 *   vmcore-check confined CRASH   (in the crash kernel) every System RAM line of /proc/iomem
 *                                 lies below 1 MiB or inside one of the CRASH ranges
 *                                 ("S-E,S-E", the first kernel's "Crash kernel" lines).
 * Built static by the scenario's prepare() and put in the guest initramfs.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXR 256

struct r { unsigned long long s, e; };

static int sub(struct r *v, int n, unsigned long long s, unsigned long long e)
{
	struct r out[MAXR];
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i].e < s || v[i].s > e) {
			out[k++] = v[i];
			continue;
		}
		if (v[i].s < s && k < MAXR)
			out[k++] = (struct r){ v[i].s, s - 1 };
		if (v[i].e > e && k < MAXR)
			out[k++] = (struct r){ e + 1, v[i].e };
	}
	memcpy(v, out, sizeof(out[0]) * (size_t)k);
	return k;
}

static int expect(void)
{
	struct r ram[MAXR], crash[16];
	int nr = 0, nc = 0, i;
	unsigned long long s, e, text = 0;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return perror("/proc/iomem"), 2;
	while (fgets(line, sizeof(line), f)) {
		int depth = 0;

		while (line[depth] == ' ')
			depth++;
		if (sscanf(line + depth, "%llx-%llx", &s, &e) != 2)
			continue;
		if (depth == 0 && strstr(line, ": System RAM") && nr < MAXR)
			ram[nr++] = (struct r){ s, e };
		else if (strstr(line, ": Crash kernel") && nc < 16)
			crash[nc++] = (struct r){ s, e };
		else if (strstr(line, ": Kernel code") && !text)
			text = s;
	}
	fclose(f);
	/* One range per top-level System RAM line, as the kernel's own kexec_file path does
	   (walk_system_ram_res): pieces the kernel split at setup_data stay separate. */
	nr = sub(ram, nr, 0, 0xfffff);
	for (i = 0; i < nc; i++)
		nr = sub(ram, nr, crash[i].s, crash[i].e);
	printf("ram=");
	for (i = 0; i < nr; i++)
		printf("%s%llx-%llx", i ? "," : "", ram[i].s, ram[i].e);
	printf(" text=0x%llx crash=", text);
	for (i = 0; i < nc; i++)
		printf("%s%llx-%llx", i ? "," : "", crash[i].s, crash[i].e);
	printf("\n");
	return nr && nc && text ? 0 : 1;
}

static int parse_list(const char *p, struct r *v, int max)
{
	int n = 0;

	while (*p && n < max) {
		char *end;

		v[n].s = strtoull(p, &end, 16);
		if (*end != '-')
			return -1;
		v[n].e = strtoull(end + 1, &end, 16);
		n++;
		if (*end != ',' && *end != '\0')
			return -1;
		p = *end == ',' ? end + 1 : end;
	}
	return n;
}

static int confined(const char *list)
{
	struct r crash[16];
	int nc = parse_list(list, crash, 16), i, bad = 0, seen = 0;
	unsigned long long s, e;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (nc <= 0 || !f)
		return fprintf(stderr, "bad crash list or no /proc/iomem\n"), 2;
	while (fgets(line, sizeof(line), f)) {
		int depth = 0, ok = 0;

		while (line[depth] == ' ')
			depth++;
		if (depth || !strstr(line, ": System RAM") || sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		ok = e <= 0xfffff;
		for (i = 0; i < nc; i++)
			ok |= s >= crash[i].s && e <= crash[i].e;
		printf("System RAM %llx-%llx %s\n", s, e, ok ? "ok" : "OUTSIDE the crash region");
		bad += !ok;
		seen++;
	}
	fclose(f);
	printf("crash kernel RAM: %d ranges, %d outside the first kernel's crash region and low 1 MiB\n",
	       seen, bad);
	return seen && !bad ? 0 : 1;
}

static int check(const char *path, const char *ramlist, const char *textarg)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	struct r want[MAXR];
	int nw = 0, got = 0, texts = 0, bad = 0, i;
	unsigned long long text = strtoull(textarg, NULL, 0);
	const char *p = ramlist;
	FILE *f = fopen(path, "r");

	while (*p && nw < MAXR) {
		char *end;

		want[nw].s = strtoull(p, &end, 16);
		if (*end != '-')
			return fprintf(stderr, "bad list at '%s'\n", p), 2;
		want[nw].e = strtoull(end + 1, &end, 16);
		nw++;
		p = *end == ',' ? end + 1 : end;
	}
	if (!f || fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_type != ET_CORE || eh.e_phentsize != sizeof(ph))
		return fprintf(stderr, "%s: not an ELF64 core\n", path), 2;
	for (i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * sizeof(ph)), SEEK_SET) || fread(&ph, sizeof(ph), 1, f) != 1)
			return fprintf(stderr, "%s: short program header %d\n", path, i), 2;
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_vaddr >= 0xffffffff80000000ULL) {
			printf("PT_LOAD text paddr 0x%llx size 0x%llx vaddr 0x%llx %s\n",
			       (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_memsz,
			       (unsigned long long)ph.p_vaddr, ph.p_paddr == text ? "ok" : "WRONG");
			bad += ph.p_paddr != text;
			texts++;
			continue;
		}
		printf("PT_LOAD ram %llx-%llx %s\n", (unsigned long long)ph.p_paddr,
		       (unsigned long long)(ph.p_paddr + ph.p_memsz - 1),
		       got < nw && want[got].s == ph.p_paddr && want[got].e == ph.p_paddr + ph.p_memsz - 1 ?
		       "expected" : "UNEXPECTED");
		if (!(got < nw && want[got].s == ph.p_paddr && want[got].e == ph.p_paddr + ph.p_memsz - 1))
			bad++;
		got++;
	}
	fclose(f);
	printf("PT_LOAD: %d RAM (expected %d), %d kernel text (expected 1), %d wrong\n", got, nw, texts, bad);
	return (got == nw && texts == 1 && bad == 0) ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "expect") == 0)
		return expect();
	if (argc == 5 && strcmp(argv[1], "check") == 0)
		return check(argv[2], argv[3], argv[4]);
	if (argc == 3 && strcmp(argv[1], "confined") == 0)
		return confined(argv[2]);
	fprintf(stderr, "usage: vmcore-check expect | check FILE RAM-LIST TEXT-PADDR | confined CRASH-LIST\n");
	return 2;
}
