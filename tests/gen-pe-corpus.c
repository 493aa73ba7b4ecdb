/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes the PE negative (and positive) corpus with its manifest: one malformed image per check of lib/pe.c. */
/*
 * Usage: gen-pe-corpus OUTDIR. Writes OUTDIR/<name>.efi and OUTDIR/manifest, one line per
 * image: "<name>.efi <file|memory> <expected>", expected being sb_strerror() of the exact code
 * pe_parse() must return, or "ok". BearSSL style: when a bug is found, add its input here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen-pe-image.h"

struct pe_case {
	const char *name;
	const char *layout;
	const char *expect;
	void (*mutate)(struct gen_pe *g);
};

static void sign1(struct gen_pe *g) { gen_pe_add_cert(g, 300, /* pad= */ 1, /* align= */ 1); }

/* A field value from a file offset or size: the corpus images are small, a value past 32 bits is a generator bug. */
static void set32(struct gen_pe *g, size_t off, size_t v)
{
	if (v > UINT32_MAX)
		abort();
	gen_put32(g->buf + off, (uint32_t)v);
}
static void set16(struct gen_pe *g, size_t off, uint16_t v) { gen_put16(g->buf + off, v); }

/* --- positive cases --- */
static void m_none(struct gen_pe *g) { (void)g; }
static void m_signed(struct gen_pe *g) { sign1(g); }
static void m_two_certs(struct gen_pe *g) { sign1(g); gen_pe_add_cert(g, 77, /* pad= */ 1, /* align= */ 1); }
static void m_unpadded_last(struct gen_pe *g) { gen_pe_add_cert(g, 301, /* pad= */ 0, /* align= */ 1); }
static void m_trailing(struct gen_pe *g) { gen_pe_append(g, "trailing-data", 13); }
static void m_trailing_signed(struct gen_pe *g) { gen_pe_append(g, "trailing-data", 13); sign1(g); }
static void m_lfanew_unaligned(struct gen_pe *g)
{
	/* Kernels before 5.x: "PE\0\0" at 0x82. Move the headers up by 2 bytes. */
	memmove(g->buf + GEN_LFANEW + 2, g->buf + GEN_LFANEW, GEN_SECTION(GEN_NSECTIONS) - GEN_LFANEW);
	set32(g, DOS_LFANEW, GEN_LFANEW + 2);
}
static void m_section_gap(struct gen_pe *g)
{
	/* 0x200 bytes of gap before .keylist: hashed by neither the spec nor the kernel, while the
	   "trailing data" rule would hash .keylist's bytes a second time. */
	static const uint8_t gap[GEN_FILE_ALIGN];
	size_t kl = GEN_HEADERS + 2 * GEN_FILE_ALIGN;

	gen_pe_append(g, gap, sizeof(gap));
	memmove(g->buf + kl + GEN_FILE_ALIGN, g->buf + kl, GEN_FILE_ALIGN);
	memset(g->buf + kl, 0xee, GEN_FILE_ALIGN);
	set32(g, GEN_SECTION(2) + SH_RAW_OFFSET, kl + GEN_FILE_ALIGN);
}
static void m_section_overlap(struct gen_pe *g) { set32(g, GEN_SECTION(2) + SH_RAW_OFFSET, GEN_HEADERS + GEN_FILE_ALIGN); }
static void m_section_in_headers(struct gen_pe *g) { set32(g, GEN_SECTION(0) + SH_RAW_OFFSET, GEN_HEADERS - 0x100); }
static void m_gap_after_headers(struct gen_pe *g) { set32(g, GEN_OPT + OPT_SIZE_OF_HEADERS, 0x300); }
static void m_section_dup_range(struct gen_pe *g)
{
	/* .data and .keylist share bytes, the file ends early: sum of sizes > what is there */
	set32(g, GEN_SECTION(2) + SH_RAW_OFFSET, GEN_HEADERS + GEN_FILE_ALIGN + 0x100);
	set32(g, GEN_SECTION(2) + SH_RAW_SIZE, GEN_FILE_ALIGN - 0x100);
}
static void m_ndirs4(struct gen_pe *g) { set32(g, GEN_OPT + OPT_NDIRS, 4); }
static void m_opt_pe32plus_min(struct gen_pe *g)
{
	/* SizeOfOptionalHeader exactly 112 + 8 * NumberOfRvaAndSizes, section table moved down. */
	memmove(g->buf + GEN_OPT + OPT_DATADIR + 6 * DATADIR_ENTRY_SIZE, g->buf + GEN_SECTAB, 40 * GEN_NSECTIONS);
	set16(g, GEN_COFF + COFF_OPT_SIZE, OPT_DATADIR + 6 * DATADIR_ENTRY_SIZE);
	set32(g, GEN_OPT + OPT_NDIRS, 6);
}

/* --- DOS header --- */
static void m_empty(struct gen_pe *g) { g->len = 0; }
static void m_dos_63(struct gen_pe *g) { g->len = 63; }
static void m_dos_magic(struct gen_pe *g) { g->buf[1] = 'X'; }
/* --- e_lfanew --- */
static void m_lfanew_eof(struct gen_pe *g) { set32(g, DOS_LFANEW, g->len); }
static void m_lfanew_wrap(struct gen_pe *g) { set32(g, DOS_LFANEW, 0xffffffff); }
static void m_lfanew_last3(struct gen_pe *g) { set32(g, DOS_LFANEW, g->len - 3); }
static void m_lfanew_fffffffc(struct gen_pe *g) { set32(g, DOS_LFANEW, 0xfffffffc); }
static void m_pe_sig(struct gen_pe *g) { g->buf[GEN_LFANEW + 1] = 'X'; }
static void m_lfanew_zero(struct gen_pe *g) { set32(g, DOS_LFANEW, 0); }
/* --- COFF / optional header --- */
static void m_coff_trunc(struct gen_pe *g) { g->len = GEN_COFF + 10; }
static void m_coff_trunc_exact(struct gen_pe *g) { g->len = GEN_COFF + COFF_SIZE - 1; }
static void m_opt_trunc(struct gen_pe *g) { g->len = GEN_OPT + 100; }
static void m_opt_size0(struct gen_pe *g) { set16(g, GEN_COFF + COFF_OPT_SIZE, 0); }
static void m_opt_size_small(struct gen_pe *g) { set16(g, GEN_COFF + COFF_OPT_SIZE, 100); }
static void m_opt_size_huge(struct gen_pe *g) { set16(g, GEN_COFF + COFF_OPT_SIZE, 0xffff); }
static void m_pe32(struct gen_pe *g) { set16(g, GEN_OPT, 0x10b); }
static void m_rom(struct gen_pe *g) { set16(g, GEN_OPT, 0x107); }
static void m_ndirs_huge(struct gen_pe *g) { set32(g, GEN_OPT + OPT_NDIRS, 0xffffffff); }
static void m_ndirs_17(struct gen_pe *g) { set32(g, GEN_OPT + OPT_NDIRS, 17); }
static void m_ndirs_vs_optsize(struct gen_pe *g) { set16(g, GEN_COFF + COFF_OPT_SIZE, OPT_DATADIR + 4 * DATADIR_ENTRY_SIZE); }
/* --- section table --- */
static void m_nsec_zero(struct gen_pe *g) { set16(g, GEN_COFF + COFF_NSECTIONS, 0); }
static void m_nsec_huge(struct gen_pe *g) { set16(g, GEN_COFF + COFF_NSECTIONS, 0xffff); }
static void m_nsec_97(struct gen_pe *g) { set16(g, GEN_COFF + COFF_NSECTIONS, 97); }
static void m_sectab_past_eof(struct gen_pe *g) { g->len = GEN_SECTAB + 50; }
static void m_sectab_96_past_eof(struct gen_pe *g) { set16(g, GEN_COFF + COFF_NSECTIONS, 96); }
static void m_hdrs_huge(struct gen_pe *g) { set32(g, GEN_OPT + OPT_SIZE_OF_HEADERS, 0xffffffff); }
static void m_hdrs_past_eof(struct gen_pe *g) { set32(g, GEN_OPT + OPT_SIZE_OF_HEADERS, g->len + 1); }
static void m_hdrs_small(struct gen_pe *g) { set32(g, GEN_OPT + OPT_SIZE_OF_HEADERS, 0x100); }
static void m_hdrs_inside_sectab(struct gen_pe *g) { set32(g, GEN_OPT + OPT_SIZE_OF_HEADERS, GEN_SECTION(GEN_NSECTIONS) - 1); }
/* --- sections --- */
static void m_raw_off_eof(struct gen_pe *g) { set32(g, GEN_SECTION(1) + SH_RAW_OFFSET, g->len); }
static void m_raw_overflow(struct gen_pe *g)
{
	set32(g, GEN_SECTION(1) + SH_RAW_OFFSET, 0xffffffff);
	set32(g, GEN_SECTION(1) + SH_RAW_SIZE, 0xffffffff);
}
static void m_raw_size_past_eof(struct gen_pe *g) { set32(g, GEN_SECTION(2) + SH_RAW_SIZE, 0xfffffe00); }
static void m_raw_one_past(struct gen_pe *g) { set32(g, GEN_SECTION(2) + SH_RAW_SIZE, GEN_FILE_ALIGN + 1); }
static void m_virt_overflow(struct gen_pe *g)
{
	set32(g, GEN_SECTION(0) + SH_VADDR, 0xfffff000);
	set32(g, GEN_SECTION(0) + SH_VSIZE, 0x2000);
}
static void m_virt_past_image(struct gen_pe *g) { set32(g, GEN_SECTION(3) + SH_VADDR, GEN_SIZE_OF_IMAGE - 0x10); }
static void m_virt_size_huge(struct gen_pe *g) { set32(g, GEN_SECTION(3) + SH_VSIZE, 0xffffffff); }
/* --- certificate table --- */
static void m_cert_outside(struct gen_pe *g) { sign1(g); set32(g, GEN_CERTDIR, g->len + 8); }
static void m_cert_size_wrap(struct gen_pe *g) { sign1(g); set32(g, GEN_CERTDIR + 4, 0xffffffff); }
static void m_cert_off_wrap(struct gen_pe *g) { sign1(g); set32(g, GEN_CERTDIR, 0xfffffff8); }
static void m_cert_over_headers(struct gen_pe *g)
{
	sign1(g);
	set32(g, GEN_CERTDIR, 0x100);
	set32(g, GEN_CERTDIR + 4, g->len - 0x100);
}
static void m_cert_over_section(struct gen_pe *g)
{
	uint32_t off;

	sign1(g);
	off = gen_get32(g->buf + GEN_CERTDIR);
	set32(g, GEN_CERTDIR, off - 0x100);
	set32(g, GEN_CERTDIR + 4, g->len - (off - 0x100));
}
static void m_cert_misaligned(struct gen_pe *g) { gen_pe_append(g, "pad", 4); gen_pe_add_cert(g, 300, /* pad= */ 1, /* align= */ 0); }
static void m_cert_dw_small(struct gen_pe *g) { sign1(g); set32(g, gen_get32(g->buf + GEN_CERTDIR), 4); }
static void m_cert_dw_zero(struct gen_pe *g) { sign1(g); set32(g, gen_get32(g->buf + GEN_CERTDIR), 0); }
static void m_cert_dw_past(struct gen_pe *g)
{
	sign1(g);
	set32(g, gen_get32(g->buf + GEN_CERTDIR), gen_get32(g->buf + GEN_CERTDIR + 4) + 8);
}
static void m_cert_dw_huge(struct gen_pe *g) { sign1(g); set32(g, gen_get32(g->buf + GEN_CERTDIR), 0xffffffff); }
static void m_cert_zero_len(struct gen_pe *g) { sign1(g); set32(g, GEN_CERTDIR + 4, 0); }
static void m_cert_not_at_end(struct gen_pe *g) { sign1(g); gen_pe_append(g, "after-the-table!", 16); }
static void m_cert_off0(struct gen_pe *g) { set32(g, GEN_CERTDIR + 4, 16); }
static void m_cert_rev(struct gen_pe *g) { sign1(g); set16(g, gen_get32(g->buf + GEN_CERTDIR) + WIN_CERT_REVISION, 0x0100); }
static void m_cert_type_x509(struct gen_pe *g) { sign1(g); set16(g, gen_get32(g->buf + GEN_CERTDIR) + WIN_CERT_TYPE, 0x0001); }
static void m_cert_type_guid(struct gen_pe *g) { sign1(g); set16(g, gen_get32(g->buf + GEN_CERTDIR) + WIN_CERT_TYPE, 0x0ef1); }
static void m_cert_second_type(struct gen_pe *g)
{
	size_t second;

	sign1(g);
	second = g->len;
	gen_pe_add_cert(g, 40, /* pad= */ 1, /* align= */ 1);
	set16(g, second + 6, 0x0ef1);
}
static void m_cert_second_past(struct gen_pe *g)
{
	size_t second;

	sign1(g);
	second = g->len;
	gen_pe_add_cert(g, 40, /* pad= */ 1, /* align= */ 1);
	set32(g, second, 8 + 40 + 9);
}
static void m_cert_tail_short(struct gen_pe *g)
{
	/* one entry of 16 bytes, then 4 stray bytes inside the table: not a WIN_CERTIFICATE */
	gen_pe_add_cert(g, 8, /* pad= */ 1, /* align= */ 1);
	gen_pe_append(g, "\1\2\3\4", 4);
	set32(g, GEN_CERTDIR + 4, gen_get32(g->buf + GEN_CERTDIR + 4) + 4);
}
/* --- memory layout --- */
static void m_memory(struct gen_pe *g) { gen_pe_to_memory(g); }
static void m_mem_truncated_image(struct gen_pe *g) { gen_pe_to_memory(g); g->len = 0x3000; }

static const struct pe_case cases[] = {
	{ "ok-unsigned",             "file",   "ok",                m_none },
	{ "ok-signed",               "file",   "ok",                m_signed },
	{ "ok-two-certs",            "file",   "ok",                m_two_certs },
	{ "ok-unpadded-last-cert",   "file",   "ok",                m_unpadded_last },
	{ "ok-trailing-data",        "file",   "ok",                m_trailing },
	{ "ok-trailing-data-signed", "file",   "ok",                m_trailing_signed },
	{ "ok-lfanew-0x82",          "file",   "ok",                m_lfanew_unaligned },
	{ "ok-ndirs-4-no-certdir",   "file",   "ok",                m_ndirs4 },
	{ "ok-opt-header-minimal",   "file",   "ok",                m_opt_pe32plus_min },
	{ "ok-memory-layout",        "memory", "ok",                m_memory },

	{ "empty",                   "file",   "pe-dos-truncated",  m_empty },
	{ "dos-truncated-63",        "file",   "pe-dos-truncated",  m_dos_63 },
	{ "dos-bad-magic",           "file",   "pe-dos-magic",      m_dos_magic },
	{ "lfanew-at-eof",           "file",   "pe-lfanew",         m_lfanew_eof },
	{ "lfanew-ffffffff",         "file",   "pe-lfanew",         m_lfanew_wrap },
	{ "lfanew-fffffffc",         "file",   "pe-lfanew",         m_lfanew_fffffffc },
	{ "lfanew-last-3-bytes",     "file",   "pe-lfanew",         m_lfanew_last3 },
	{ "lfanew-zero",             "file",   "pe-signature",      m_lfanew_zero },
	{ "pe-bad-signature",        "file",   "pe-signature",      m_pe_sig },
	{ "coff-truncated",          "file",   "pe-coff-truncated", m_coff_trunc },
	{ "coff-truncated-1-byte",   "file",   "pe-coff-truncated", m_coff_trunc_exact },
	{ "opt-truncated",           "file",   "pe-opt-truncated",  m_opt_trunc },
	{ "opt-size-zero",           "file",   "pe-opt-truncated",  m_opt_size0 },
	{ "opt-size-100",            "file",   "pe-opt-truncated",  m_opt_size_small },
	{ "opt-size-past-eof",       "file",   "pe-opt-truncated",  m_opt_size_huge },
	{ "opt-magic-pe32",          "file",   "pe-opt-magic",      m_pe32 },
	{ "opt-magic-rom",           "file",   "pe-opt-magic",      m_rom },
	{ "ndirs-ffffffff",          "file",   "pe-datadir",        m_ndirs_huge },
	{ "ndirs-17",                "file",   "pe-datadir",        m_ndirs_17 },
	{ "ndirs-vs-opt-size",       "file",   "pe-datadir",        m_ndirs_vs_optsize },
	{ "nsections-zero",          "file",   "pe-section-count",  m_nsec_zero },
	{ "nsections-ffff",          "file",   "pe-section-count",  m_nsec_huge },
	{ "nsections-97",            "file",   "pe-section-count",  m_nsec_97 },
	{ "sectab-past-eof",         "file",   "pe-section-table",  m_sectab_past_eof },
	{ "sectab-96-past-eof",      "file",   "pe-section-table",  m_sectab_96_past_eof },
	{ "headers-size-ffffffff",   "file",   "pe-headers-size",   m_hdrs_huge },
	{ "headers-size-past-eof",   "file",   "pe-headers-size",   m_hdrs_past_eof },
	{ "headers-size-small",      "file",   "pe-headers-size",   m_hdrs_small },
	{ "headers-size-in-sectab",  "file",   "pe-headers-size",   m_hdrs_inside_sectab },
	{ "raw-offset-at-eof",       "file",   "pe-section-raw",    m_raw_off_eof },
	{ "raw-overflow-ffffffff",   "file",   "pe-section-raw",    m_raw_overflow },
	{ "raw-size-past-eof",       "file",   "pe-section-raw",    m_raw_size_past_eof },
	{ "raw-size-one-past-eof",   "file",   "pe-section-raw",    m_raw_one_past },
	{ "virt-overflow",           "file",   "pe-section-virt",   m_virt_overflow },
	{ "virt-past-size-of-image", "file",   "pe-section-virt",   m_virt_past_image },
	{ "virt-size-ffffffff",      "file",   "pe-section-virt",   m_virt_size_huge },
	{ "section-gap",             "file",   "pe-section-gap",    m_section_gap },
	{ "section-overlap",         "file",   "pe-section-gap",    m_section_overlap },
	{ "section-in-headers",      "file",   "pe-section-gap",    m_section_in_headers },
	{ "gap-after-headers",       "file",   "pe-section-gap",    m_gap_after_headers },
	{ "section-partial-overlap", "file",   "pe-section-gap",    m_section_dup_range },
	{ "mem-image-truncated",     "memory", "pe-section-virt",   m_mem_truncated_image },
	{ "cert-outside-file",       "file",   "pe-cert-table",     m_cert_outside },
	{ "cert-size-ffffffff",      "file",   "pe-cert-table",     m_cert_size_wrap },
	{ "cert-offset-fffffff8",    "file",   "pe-cert-table",     m_cert_off_wrap },
	{ "cert-over-headers",       "file",   "pe-cert-table",     m_cert_over_headers },
	{ "cert-over-section",       "file",   "pe-cert-table",     m_cert_over_section },
	{ "cert-zero-length",        "file",   "pe-cert-table",     m_cert_zero_len },
	{ "cert-not-at-end",         "file",   "pe-cert-table",     m_cert_not_at_end },
	{ "cert-offset-zero",        "file",   "pe-cert-table",     m_cert_off0 },
	{ "cert-misaligned",         "file",   "pe-cert-align",     m_cert_misaligned },
	{ "cert-dwlength-4",         "file",   "pe-cert-entry",     m_cert_dw_small },
	{ "cert-dwlength-0",         "file",   "pe-cert-entry",     m_cert_dw_zero },
	{ "cert-dwlength-past",      "file",   "pe-cert-entry",     m_cert_dw_past },
	{ "cert-dwlength-ffffffff",  "file",   "pe-cert-entry",     m_cert_dw_huge },
	{ "cert-second-past",        "file",   "pe-cert-entry",     m_cert_second_past },
	{ "cert-tail-4-bytes",       "file",   "pe-cert-entry",     m_cert_tail_short },
	{ "cert-revision-0100",      "file",   "pe-cert-type",      m_cert_rev },
	{ "cert-type-x509",          "file",   "pe-cert-type",      m_cert_type_x509 },
	{ "cert-type-efi-guid",      "file",   "pe-cert-type",      m_cert_type_guid },
	{ "cert-second-type",        "file",   "pe-cert-type",      m_cert_second_type },
};

int main(int argc, char **argv)
{
	char path[4096];
	FILE *manifest, *f;
	struct gen_pe g;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/manifest", argv[1]);
	manifest = fopen(path, "w");
	if (!manifest) {
		perror(path);
		return 1;
	}
	fprintf(manifest, "# generated by tests/gen-pe-corpus.c: <file> <layout> <expected pe_parse() result>\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gen_pe_base(&g);
		cases[i].mutate(&g);
		snprintf(path, sizeof(path), "%s/%s.efi", argv[1], cases[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(g.buf, 1, g.len, f) != g.len || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		fprintf(manifest, "%s.efi %s %s\n", cases[i].name, cases[i].layout, cases[i].expect);
		gen_pe_free(&g);
	}
	if (fclose(manifest) != 0) {
		perror("manifest");
		return 1;
	}
	return 0;
}
