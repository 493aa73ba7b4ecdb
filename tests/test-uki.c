/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lib/uki.c on synthetic PE images: detection by .linux, every refusal of lib/uki.h, VirtualSize lengths, the stub's cmdline rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "gen-pe-image.h"
#include "pe.h"
#include "sb-error.h"
#include "uki.h"

/*
 * The base image (tests/gen-pe-image.h) has .text (0x1000, VirtualSize 0x1a0), .data (0x2000,
 * 0x200), .keylist (0x3000, VirtualSize 0x123 of 0x200 raw bytes) and .bss (0x4000, no raw
 * data). A UKI is made by renaming: .keylist -> .linux, .data -> .cmdline, and so on.
 */
static void rename_section(struct gen_pe *g, unsigned i, const char *name)
{
	uint8_t *sh = g->buf + GEN_SECTION(i);

	memset(sh, 0, 8);
	memcpy(sh, name, strlen(name) < 8 ? strlen(name) : 8);
}

static void set_section_u32(struct gen_pe *g, unsigned i, size_t field, uint32_t v)
{
	gen_put32(g->buf + GEN_SECTION(i) + field, v);
}

static void uki_base(struct gen_pe *g)
{
	gen_pe_base(g);
	rename_section(g, 2, ".linux");
	rename_section(g, 1, ".cmdline");
	/* The pattern bytes are no command line: a C string (the bytes after its NUL do not count). */
	memcpy(g->buf + GEN_HEADERS + GEN_FILE_ALIGN, "console=ttyS0", 14);
}

/* Parse from an exactly-sized copy, so ASan sees any read past the image. */
static int parse(const struct gen_pe *g, struct uki_image *u)
{
	uint8_t *p = malloc(g->len);
	int rc;

	if (!p)
		abort();
	memcpy(p, g->buf, g->len);
	rc = uki_parse(p, g->len, u);
	/* The pointers of u point into p: the tests only look at offsets after this. */
	if (rc == 0) {
		size_t k;

		for (k = 0; k < UKI_NSECTIONS; k++)
			if (u->part[k].present)
				u->part[k].data = g->buf + (u->part[k].data - p);
		u->pe.data = g->buf;
	}
	free(p);
	return rc;
}

static void test_not_a_uki(void)
{
	struct gen_pe g;
	struct uki_image u;

	gen_pe_base(&g);
	T_EQ_INT(parse(&g, &u), SB_E_NOT_FOUND);
	/* ".linuxx" is no ".linux": names are compared as the full 8-byte field. */
	rename_section(&g, 2, ".linuxx");
	T_EQ_INT(parse(&g, &u), SB_E_NOT_FOUND);
	rename_section(&g, 2, "linux");
	T_EQ_INT(parse(&g, &u), SB_E_NOT_FOUND);
	/* Not a PE at all: pe_parse()'s own code. */
	g.buf[0] = 'X';
	T_EQ_INT(parse(&g, &u), SB_E_PE_DOS_MAGIC);
	gen_pe_free(&g);
}

static void test_minimal_uki(void)
{
	struct gen_pe g;
	struct uki_image u;

	gen_pe_base(&g);
	rename_section(&g, 2, ".linux");
	T_EQ_INT(parse(&g, &u), 0);
	T_CHECK(u.part[UKI_LINUX].present);
	T_EQ_INT(u.part[UKI_LINUX].index, 2);
	/* VirtualSize (0x123), not the 0x200 bytes of raw data rounded to FileAlignment. */
	T_EQ_INT(u.part[UKI_LINUX].len, 0x123);
	T_EQ_INT(u.part[UKI_LINUX].raw_size, GEN_FILE_ALIGN);
	T_CHECK(u.part[UKI_LINUX].data == g.buf + GEN_HEADERS + 2 * GEN_FILE_ALIGN);
	T_CHECK(!u.part[UKI_INITRD].present && !u.part[UKI_CMDLINE].present);
	T_EQ_INT(uki_section_of(&u, 2), UKI_LINUX);
	T_EQ_INT(uki_section_of(&u, 0), UKI_NSECTIONS);
	gen_pe_free(&g);
}

static void test_full_uki(void)
{
	struct gen_pe g;
	struct uki_image u;

	uki_base(&g);
	rename_section(&g, 0, ".initrd");
	T_EQ_INT(parse(&g, &u), 0);
	T_EQ_INT(u.part[UKI_INITRD].len, 0x1a0);
	T_EQ_INT(u.part[UKI_CMDLINE].len, 0x200);
	T_EQ_INT(u.part[UKI_CMDLINE].virtual_address, 0x2000);
	T_CHECK(uki_section_loaded(UKI_LINUX) && uki_section_loaded(UKI_INITRD) &&
		uki_section_loaded(UKI_CMDLINE) && !uki_section_loaded(UKI_OSREL));
	T_CHECK(strcmp(uki_section_name(UKI_INITRD), ".initrd") == 0);
	gen_pe_free(&g);
}

static void test_duplicate(void)
{
	struct gen_pe g;
	struct uki_image u;
	const char *dups[] = { ".linux", ".cmdline", ".osrel", ".dtb" };
	size_t i;

	for (i = 0; i < sizeof(dups) / sizeof(dups[0]); i++) {
		uki_base(&g);
		rename_section(&g, 0, dups[i]);
		if (strcmp(dups[i], ".cmdline") && strcmp(dups[i], ".linux"))
			rename_section(&g, 3, dups[i]);   /* the other copy is .bss */
		T_EQ_INT(parse(&g, &u), SB_E_UKI_DUPLICATE);
		gen_pe_free(&g);
	}
}

static void test_overlap(void)
{
	struct gen_pe g;
	struct uki_image u;

	/* .linux placed inside .cmdline's memory range. */
	uki_base(&g);
	set_section_u32(&g, 2, SH_VADDR, 0x2100);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_OVERLAP);
	gen_pe_free(&g);
	/* .cmdline reaching into .linux (0x3000) through its VirtualSize. */
	uki_base(&g);
	set_section_u32(&g, 1, SH_VADDR, 0x2f00);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_OVERLAP);
	gen_pe_free(&g);
	/* A UKI section over the headers. */
	uki_base(&g);
	set_section_u32(&g, 2, SH_VADDR, 0x100);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_OVERLAP);
	gen_pe_free(&g);
	/* VirtualSize 0: the loader uses SizeOfRawData (0x200) for the range, which hits .bss at 0x4000. */
	uki_base(&g);
	set_section_u32(&g, 2, SH_VADDR, 0x3f00);
	set_section_u32(&g, 2, SH_VSIZE, 0);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_OVERLAP);
	gen_pe_free(&g);
	/* Two stub sections overlapping each other do not concern the UKI rules. */
	uki_base(&g);
	set_section_u32(&g, 3, SH_VADDR, 0x1100);
	set_section_u32(&g, 3, SH_VSIZE, 0x100);
	T_EQ_INT(parse(&g, &u), 0);
	gen_pe_free(&g);
}

static void test_virtual_size(void)
{
	struct gen_pe g;
	struct uki_image u;

	/* .linux claiming more bytes than its raw data holds. */
	uki_base(&g);
	set_section_u32(&g, 2, SH_VSIZE, GEN_FILE_ALIGN + 1);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_VSIZE);
	gen_pe_free(&g);
	/* An .initrd without any raw data (the .bss slot). */
	uki_base(&g);
	rename_section(&g, 3, ".initrd");
	T_EQ_INT(parse(&g, &u), SB_E_UKI_VSIZE);
	gen_pe_free(&g);
	/* For a section kexec does not load the same is no error (length = min of the two). */
	uki_base(&g);
	rename_section(&g, 3, ".splash");
	T_EQ_INT(parse(&g, &u), 0);
	T_EQ_INT(u.part[UKI_SPLASH].len, 0);
	gen_pe_free(&g);
	/* .linux with VirtualSize 0. */
	uki_base(&g);
	set_section_u32(&g, 2, SH_VSIZE, 0);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_EMPTY_LINUX);
	gen_pe_free(&g);
}

static void test_unsupported(void)
{
	struct gen_pe g;
	struct uki_image u;

	uki_base(&g);
	rename_section(&g, 0, ".profile");
	T_EQ_INT(parse(&g, &u), SB_E_UKI_PROFILE);
	T_EQ_INT(sb_error_class(SB_E_UKI_PROFILE), SB_E_UNSUPPORTED);
	gen_pe_free(&g);
	uki_base(&g);
	rename_section(&g, 0, ".ucode");
	T_EQ_INT(parse(&g, &u), SB_E_UKI_UCODE);
	gen_pe_free(&g);
	/* A .cmdline byte >= 0x80 before its first NUL; after the NUL it does not count. */
	uki_base(&g);
	memcpy(g.buf + GEN_HEADERS + GEN_FILE_ALIGN, "ro \xc3\xa9", 6);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_CMDLINE);
	T_EQ_INT(sb_error_class(SB_E_UKI_CMDLINE), SB_E_UNSUPPORTED);
	g.buf[GEN_HEADERS + GEN_FILE_ALIGN + 2] = 0;
	T_EQ_INT(parse(&g, &u), 0);
	gen_pe_free(&g);
	/* Structure is checked before variants: a duplicate beats a .profile. */
	uki_base(&g);
	rename_section(&g, 0, ".profile");
	rename_section(&g, 3, ".profile");
	T_EQ_INT(parse(&g, &u), SB_E_UKI_DUPLICATE);
	gen_pe_free(&g);
	T_EQ_INT(sb_error_class(SB_E_UKI_DUPLICATE), SB_E_MALFORMED);
	T_CHECK(strcmp(sb_strerror(SB_E_UKI_OVERLAP), "uki-section-overlap") == 0);
}

static void test_untouched_on_failure(void)
{
	struct gen_pe g;
	struct uki_image u, before;

	memset(&u, 0xa5, sizeof(u));
	before = u;
	uki_base(&g);
	set_section_u32(&g, 2, SH_VADDR, 0x2100);
	T_EQ_INT(parse(&g, &u), SB_E_UKI_OVERLAP);
	T_EQ_MEM(&u, &before, sizeof(u));
	gen_pe_free(&g);
}

/* No prefix of a UKI parses as one (pe_parse refuses it, or a section leaves the file). */
static void test_truncation(void)
{
	struct gen_pe g;
	struct uki_image u;
	size_t n;

	uki_base(&g);
	for (n = 0; n < g.len; n++) {
		uint8_t *p = malloc(n ? n : 1);

		memcpy(p, g.buf, n);
		if (uki_parse(p, n, &u) == 0) {
			printf("#   prefix of %zu bytes parsed as a UKI\n", n);
			t_case_failed = 1;
		}
		free(p);
	}
	gen_pe_free(&g);
}

static int norm(const char *in, size_t len, char *out, size_t outlen)
{
	return uki_cmdline_normalize((const uint8_t *)in, len, out, outlen);
}

static void test_cmdline_normalize(void)
{
	char out[64];

	/* dracut writes a trailing NUL, a cmdline.txt a trailing newline: both go. */
	T_EQ_INT(norm("root=/dev/vda ro\0", 17, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "root=/dev/vda ro") == 0);
	T_EQ_INT(norm("root=/dev/vda ro\n", 17, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "root=/dev/vda ro") == 0);
	/* Leading whitespace dropped, each inner control character one space (not collapsed). */
	T_EQ_INT(norm(" \t a\tb\n\nc  \r\n", 13, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "a b  c") == 0);
	T_EQ_INT(norm("a\x7f" "b", 3, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "a b") == 0);
	/* Everything after the first NUL is ignored, as the stub's strn8 conversion does. */
	T_EQ_INT(norm("quiet\0init=/bin/sh", 18, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "quiet") == 0);
	T_EQ_INT(norm("   \n", 4, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "") == 0);
	T_EQ_INT(norm("", 0, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "") == 0);
	T_EQ_INT(norm("abc", 3, out, 3), SB_E_BUFFER_SMALL);
	T_EQ_INT(norm("a\xff", 2, out, sizeof(out)), SB_E_UKI_CMDLINE);
	T_EQ_INT(norm("a\0\xff", 3, out, sizeof(out)), 0);
}

int main(void)
{
	t_run("a PE without .linux is no UKI; names compared as 8 bytes", test_not_a_uki);
	t_run(".linux alone makes a UKI; its length is VirtualSize", test_minimal_uki);
	t_run(".linux .initrd .cmdline located, roles named", test_full_uki);
	t_run("duplicate UKI sections are malformed", test_duplicate);
	t_run("UKI sections overlapping in memory are malformed", test_overlap);
	t_run("VirtualSize beyond the raw data, empty .linux", test_virtual_size);
	t_run("multi-profile, .ucode and non-ASCII .cmdline are unsupported", test_unsupported);
	t_run("uki_parse leaves the output untouched on failure", test_untouched_on_failure);
	t_run("no prefix of a UKI parses", test_truncation);
	t_run("command line normalised as systemd-stub does", test_cmdline_normalize);
	return t_done();
}
