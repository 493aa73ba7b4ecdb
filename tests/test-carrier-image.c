// SPDX-License-Identifier: GPL-2.0-or-later
/* Checks an assembled carrier (tools/make-carrier output) with lib/pe.c, as file and as loaded image. */
#include <stdio.h>
#include <stdlib.h>
#include "test.h"
#include "pe.h"
#include "signature-list.h"
#include "sb-error.h"

static uint8_t *file, *loaded;
static size_t file_len;
static struct pe_image img;

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void t_parse_file(void)
{
	T_EQ_INT(pe_parse(file, file_len, PE_LAYOUT_FILE, &img), 0);
	T_EQ_INT(img.cert_size, 0);  /* unsigned */
}

static void expect_section(const struct pe_image *pe, const char *name, const void *want,
			   size_t want_len)
{
	const uint8_t *p;
	size_t len;

	T_EQ_INT(pe_find_section(pe, name, &p, &len), 0);
	if (pe_find_section(pe, name, &p, &len))
		return;
	T_EQ_INT(len, want_len);
	if (len == want_len)
		T_EQ_MEM(p, want, len);
}

static const char sbat[] = "sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n"
			   "sbkexec,1,sbkexec,sbkexec,0.1,none\n";
static const char chain[] = "\\EFI\\BOOT\\linux.efi";
static const char cmdline[] = "console=ttyS0 initrd=\\EFI\\BOOT\\initrd.img";

static void check_keylist(const struct pe_image *pe)
{
	static const sb_guid x509 = SB_GUID_CERT_X509, owner = SB_GUID_SBKEXEC;
	const char *names[] = { "build/certs/kexec-ca.der", "build/certs/kernel-signing.der" };
	const uint8_t *p;
	size_t len, cursor = 0;
	struct esl_entry e;

	T_EQ_INT(pe_find_section(pe, ".keylist", &p, &len), 0);
	if (pe_find_section(pe, ".keylist", &p, &len))
		return;
	T_EQ_INT(esl_validate(p, len, &x509), 2);
	for (int i = 0; i < 2; i++) {
		size_t dlen;
		uint8_t *der = slurp(names[i], &dlen);

		T_CHECK(der != NULL);
		T_EQ_INT(esl_next(p, len, &cursor, &e), 1);
		if (!der)
			continue;
		T_EQ_INT(e.len, dlen);
		if (e.len == dlen)
			T_EQ_MEM(e.data, der, dlen);
		T_EQ_MEM(e.owner, &owner, 16);
		free(der);
	}
}

static void t_sections_file(void)
{
	expect_section(&img, ".sbat", sbat, sizeof(sbat) - 1);
	expect_section(&img, ".chain", chain, sizeof(chain) - 1);
	expect_section(&img, ".cmdline", cmdline, sizeof(cmdline) - 1);
	check_keylist(&img);
}

/* New sections lie inside SizeOfImage, do not overlap anything, and are read-only data. */
static void t_layout(void)
{
	struct pe_section s, o;

	for (unsigned i = 0; i < img.nsections; i++) {
		T_EQ_INT(pe_section_get(&img, i, &s), 0);
		T_CHECK((uint64_t)s.virtual_address + s.virtual_size <= img.size_of_image);
		T_EQ_INT(s.virtual_address % img.section_alignment, 0);
		for (unsigned j = 0; j < i; j++) {
			pe_section_get(&img, j, &o);
			T_CHECK(s.virtual_address >= o.virtual_address + o.virtual_size ||
				o.virtual_address >= s.virtual_address + s.virtual_size);
		}
		if (s.name[0] == '.' && (!strcmp(s.name, ".keylist") || !strcmp(s.name, ".sbat") ||
					 !strcmp(s.name, ".chain") || !strcmp(s.name, ".cmdline"))) {
			/* IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ, not MEM_WRITE / MEM_EXECUTE */
			T_CHECK(s.characteristics & 0x00000040);
			T_CHECK(s.characteristics & 0x40000000);
			T_CHECK(!(s.characteristics & 0xa0000000));
		}
	}
}

/* Load the image the way firmware does (sections at VirtualAddress) and find everything there. */
static void t_sections_loaded(void)
{
	struct pe_image mem;
	struct pe_section s;

	loaded = calloc(1, img.size_of_image);
	memcpy(loaded, file, img.size_of_headers);
	for (unsigned i = 0; i < img.nsections; i++) {
		size_t n;

		pe_section_get(&img, i, &s);
		n = s.raw_size < s.virtual_size ? s.raw_size : s.virtual_size;
		memcpy(loaded + s.virtual_address, file + s.raw_offset, n);
	}
	T_EQ_INT(pe_parse(loaded, img.size_of_image, PE_LAYOUT_MEMORY, &mem), 0);
	expect_section(&mem, ".sbat", sbat, sizeof(sbat) - 1);
	expect_section(&mem, ".chain", chain, sizeof(chain) - 1);
	expect_section(&mem, ".cmdline", cmdline, sizeof(cmdline) - 1);
	check_keylist(&mem);
	/* The same bytes cut inside the last section (.cmdline) must be refused. */
	pe_section_get(&img, img.nsections - 1, &s);
	T_CHECK(!strcmp(s.name, ".cmdline"));
	T_CHECK(pe_parse(loaded, s.virtual_address + s.virtual_size - 1, PE_LAYOUT_MEMORY, &mem) < 0);
}

int main(void)
{
	const char *build = getenv("BUILD");
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/carrier-sample.efi", build ? build : "build");
	file = slurp(path, &file_len);
	if (!file) {
		t_result(0, "read %s", path);
		return t_done();
	}
	t_run("assembled carrier parses as a PE file", t_parse_file);
	t_run("sections .sbat .keylist .chain .cmdline in the file", t_sections_file);
	t_run("sections aligned, inside SizeOfImage, read-only data", t_layout);
	t_run("sections found in the loaded image (PE_LAYOUT_MEMORY)", t_sections_loaded);
	free(loaded);
	free(file);
	return t_done();
}
