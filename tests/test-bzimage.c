/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bzImage setup-header parser on Debian's real signed kernel and on truncated/mutated copies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "byteorder.h"
#include "pe.h"
#include "../kexec/x86_64/bzimage.h"

static uint8_t *kernel;
static size_t kernel_len;
static const char *kernel_path;

static int read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = buf;
	*len = (size_t)n;
	return 0;
}


static void test_real_kernel(void)
{
	struct bzimage_info bz;
	struct pe_image pe;

	T_EQ_INT(bzimage_parse(kernel, kernel_len, &bz), 0);
	T_CHECK(bz.version >= BZ_MIN_VERSION);
	T_CHECK(bz.xloadflags & BZ_XLF_KERNEL_64);
	T_EQ_INT(bz.setup_size, (bz.setup_sects + 1) * 512);
	T_CHECK(bz.setup_header == kernel + 0x1f1);
	/* 2.15 header: through kernel_info_offset (0x268..0x26b). */
	T_CHECK(bz.setup_header_len >= 0x26c - 0x1f1);
	T_CHECK(bz.kernel == kernel + bz.setup_size);
	T_CHECK(bz.init_size >= bz.kernel_size);
	T_CHECK(bz.kernel_alignment >= 0x200000 && (bz.kernel_alignment & (bz.kernel_alignment - 1)) == 0);
	T_CHECK(bz.min_alignment <= bz.kernel_alignment);
	T_CHECK(bz.cmdline_size >= 255);
	T_CHECK(bz.pref_address != 0 && bz.pref_address % bz.kernel_alignment == 0);
	printf("#   %s: protocol %x.%02x, setup %zu bytes, kernel %zu bytes, init_size %#x, align %#x,"
	       " cmdline %u, initrd_max %#x\n", kernel_path, bz.version >> 8, bz.version & 0xff,
	       bz.setup_size, bz.kernel_size, bz.init_size, bz.kernel_alignment, bz.cmdline_size,
	       bz.initrd_addr_max);
	/*
	 * Independent oracle: the file is also a signed PE image; its Authenticode certificate table
	 * (lib/pe.c) starts exactly where setup + syssize*16 ends, so kernel_size excludes the signature.
	 */
	T_EQ_INT(pe_parse(kernel, kernel_len, PE_LAYOUT_FILE, &pe), 0);
	T_CHECK(pe.cert_size > 0);
	T_EQ_INT(pe.cert_offset, bz.setup_size + bz.kernel_size);
}

/* setup_sects == 0 means 4 (boot.rst). */
static void test_setup_sects_zero(void)
{
	uint8_t *k = malloc(kernel_len);
	struct bzimage_info bz;

	if (!k)
		abort();
	memcpy(k, kernel, kernel_len);
	k[0x1f1] = 0;
	T_EQ_INT(bzimage_parse(k, kernel_len, &bz), 0);
	T_EQ_INT(bz.setup_sects, 4);
	T_EQ_INT(bz.setup_size, 5 * 512);
	free(k);
}

enum mut { M_LEN, M_U8, M_U16, M_U32 };

static const struct mutation {
	const char *name;
	enum mut kind;
	size_t off;
	uint32_t value;       /* new byte/word, or new file length for M_LEN (0: computed) */
	int want;
} mutations[] = {
	{ "empty file", M_LEN, 0, 0, BZ_E_TRUNCATED },
	{ "boot sector only", M_LEN, 0, 0x200, BZ_E_TRUNCATED },
	{ "cut inside init_size", M_LEN, 0, 0x262, BZ_E_TRUNCATED },
	{ "cut after the header", M_LEN, 0, 0x300, BZ_E_SETUP_SECTS },
	{ "cut inside the kernel", M_LEN, 0, 1, BZ_E_SYSSIZE },           /* 1: setup + 1 MiB */
	{ "boot_flag 0x55aa", M_U16, 0x1fe, 0x55aa, BZ_E_BOOT_FLAG },
	{ "magic HdrT", M_U8, 0x205, 'T', BZ_E_MAGIC },
	{ "protocol 2.11", M_U16, 0x206, 0x020b, BZ_E_VERSION },
	{ "protocol 1.00", M_U16, 0x206, 0x0100, BZ_E_VERSION },
	{ "header length too short (jump 0)", M_U8, 0x201, 0x00, BZ_E_HEADER_LEN },
	{ "header ends before init_size", M_U8, 0x201, 0x5f, BZ_E_HEADER_LEN },
	{ "setup_sects 255 past the file", M_U8, 0x1f1, 255, 0 /* computed below */ },
	{ "syssize 0", M_U32, 0x1f4, 0, BZ_E_SYSSIZE },
	{ "syssize past the end", M_U32, 0x1f4, 0x0fffffff, BZ_E_SYSSIZE },
	{ "syssize 2^32-1 paragraphs", M_U32, 0x1f4, 0xffffffff, BZ_E_SYSSIZE },
	{ "LOADED_HIGH clear", M_U8, 0x211, 0x00, BZ_E_LOADFLAGS },
	{ "XLF_KERNEL_64 clear", M_U16, 0x236, 0x007e, BZ_E_NOT_64BIT },
	{ "not relocatable", M_U8, 0x234, 0, BZ_E_NOT_RELOCATABLE },
	{ "kernel_alignment 0", M_U32, 0x230, 0, BZ_E_ALIGNMENT },
	{ "kernel_alignment 0x3000 (not a power of 2)", M_U32, 0x230, 0x3000, BZ_E_ALIGNMENT },
	{ "kernel_alignment 2048", M_U32, 0x230, 2048, BZ_E_ALIGNMENT },
	{ "min_alignment above kernel_alignment", M_U8, 0x235, 22, BZ_E_ALIGNMENT },
	{ "min_alignment 2^40", M_U8, 0x235, 40, BZ_E_ALIGNMENT },
	{ "init_size 1", M_U32, 0x260, 1, BZ_E_INIT_SIZE },
	{ "init_size 0", M_U32, 0x260, 0, BZ_E_INIT_SIZE },
	{ "cmdline_size 0", M_U32, 0x238, 0, BZ_E_CMDLINE_SIZE },
};

static void test_mutations(void)
{
	uint8_t *k = malloc(kernel_len);
	struct bzimage_info ref, out;
	size_t i;

	if (!k)
		abort();
	if (bzimage_parse(kernel, kernel_len, &ref) != 0) {
		t_result(0, "mutations: the unmodified kernel must parse first");
		free(k);
		return;
	}
	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		size_t len = kernel_len;
		int want = m->want, rc, untouched;

		memcpy(k, kernel, kernel_len);
		switch (m->kind) {
		case M_LEN: len = m->value == 1 ? ref.setup_size + (1u << 20) : m->value; break;
		case M_U8: k[m->off] = (uint8_t)m->value; break;
		case M_U16: sb_put_le16(k + m->off, (uint16_t)m->value); break;
		case M_U32: sb_put_le32(k + m->off, m->value); break;
		}
		if (want == 0) {
			/* setup_sects 255: shrink the file below the 128 KiB setup area it claims. */
			len = 256 * 512 - 1;
			want = BZ_E_SETUP_SECTS;
		}
		memset(&out, 0xa5, sizeof(out));
		rc = bzimage_parse(k, len, &out);
		untouched = ((const uint8_t *)&out)[0] == 0xa5 && ((const uint8_t *)&out)[sizeof(out) - 1] == 0xa5;
		t_result(rc == want && untouched && bzimage_strerror(rc) != NULL,
			 "bzImage refused: %s -> %s (rc %d, want %d)", m->name,
			 bzimage_strerror(rc) ? bzimage_strerror(rc) : "?", rc, want);
	}
	free(k);
}

/*
 * #8 point 9: the kernel segment ends where the signed bytes end. Debian's signed kernel ends
 * exactly at its certificate table; a header claiming even one paragraph more is refused, and so
 * is an MZ image whose PE headers do not parse (where its signature starts is unknown).
 */
static void test_signed_end(void)
{
	uint8_t *k = malloc(kernel_len + 4096);
	struct bzimage_info bz;
	struct pe_image pe;
	size_t end = 0;
	uint32_t syssize;

	if (!k)
		abort();
	T_EQ_INT(pe_parse(kernel, kernel_len, PE_LAYOUT_FILE, &pe), 0);
	T_EQ_INT(bzimage_parse(kernel, kernel_len, &bz), 0);
	T_EQ_INT(bzimage_signed_end(kernel, kernel_len, &end), 0);
	T_EQ_INT(end, pe.cert_offset);
	T_EQ_INT(bzimage_check_signed_end(&bz, end), 0);
	T_EQ_INT(bz.setup_size + bz.kernel_size, end);

	/* syssize + 1: 16 bytes of the certificate table would become kernel. */
	memcpy(k, kernel, kernel_len);
	syssize = sb_get_le32(k + 0x1f4);
	sb_put_le32(k + 0x1f4, syssize + 1);
	T_EQ_INT(bzimage_parse(k, kernel_len, &bz), 0);            /* inside the file: parses */
	T_EQ_INT(bzimage_signed_end(k, kernel_len, &end), 0);
	T_EQ_INT(bzimage_check_signed_end(&bz, end), BZ_E_PAST_SIGNED_END);
	T_CHECK(strcmp(bzimage_strerror(BZ_E_PAST_SIGNED_END), "bzimage-past-signed-end") == 0);
	/* ... and claiming the whole table is refused the same way. */
	sb_put_le32(k + 0x1f4, (uint32_t)((kernel_len - bz.setup_size) / 16));
	T_EQ_INT(bzimage_parse(k, kernel_len, &bz), 0);
	T_EQ_INT(bzimage_check_signed_end(&bz, end), BZ_E_PAST_SIGNED_END);

	/* Unsigned (what sbattach --remove leaves: directory entry zeroed, table cut): the file end. */
	memcpy(k, kernel, kernel_len);
	memset(k + pe.certdir_offset, 0, 8);
	T_EQ_INT(bzimage_signed_end(k, pe.cert_offset, &end), 0);
	T_EQ_INT(end, pe.cert_offset);
	T_EQ_INT(bzimage_parse(k, pe.cert_offset, &bz), 0);
	T_EQ_INT(bzimage_check_signed_end(&bz, end), 0);

	/* Not PE at all (no "MZ"): a whole-file signature (IMA) covers everything. */
	memcpy(k, kernel, kernel_len);
	k[0] = 'X';
	T_EQ_INT(bzimage_signed_end(k, kernel_len, &end), 0);
	T_EQ_INT(end, kernel_len);

	/* "MZ" with e_lfanew outside the file, and bytes appended after the signature: BZ_E_PE. */
	memcpy(k, kernel, kernel_len);
	sb_put_le32(k + 0x3c, (uint32_t)kernel_len + 8);
	end = 12345;
	T_EQ_INT(bzimage_signed_end(k, kernel_len, &end), BZ_E_PE);
	T_EQ_INT(end, 12345);
	memcpy(k, kernel, kernel_len);
	memset(k + kernel_len, 0x90, 4096);
	T_EQ_INT(bzimage_signed_end(k, kernel_len + 4096, &end), BZ_E_PE);
	free(k);
}

/* Prefixes of the first 64 KiB are refused (never read past the end: ASan watches). */
static void test_every_prefix(void)
{
	struct bzimage_info out;
	size_t len;

	/* Every length through the header and first pages, then a sweep with a prime stride. */
	for (len = 0; len < 65536 && len < kernel_len; len += len < 0x1200 ? 1 : 61) {
		uint8_t *copy = malloc(len ? len : 1);

		if (!copy)
			abort();
		memcpy(copy, kernel, len);
		if (bzimage_parse(copy, len, &out) == 0) {
			printf("#   prefix of %zu bytes parsed\n", len);
			T_CHECK(0);
			free(copy);
			break;
		}
		free(copy);
	}
}

int main(void)
{
	static char path[4096];

	/* The real Debian kernel from `make deps` is required: no kernel, no verdict. */
	snprintf(path, sizeof(path), "%s", getenv("SBKEXEC_TEST_KERNEL") ? getenv("SBKEXEC_TEST_KERNEL") :
		 "build/kernel/vmlinuz");
	kernel_path = path;
	if (read_file(kernel_path, &kernel, &kernel_len) != 0) {
		t_result(0, "read %s (run `make deps` to fetch Debian's kernel)", kernel_path);
		return t_done();
	}
	t_run("real Debian kernel parses; signature lies after syssize*16 (PE oracle)", test_real_kernel);
	t_run("setup_sects 0 means 4", test_setup_sects_zero);
	test_mutations();
	t_run("kernel segment ends at the signed end: header claiming certificate-table bytes refused",
	      test_signed_end);
	t_run("prefixes up to 64 KiB are refused", test_every_prefix);
	free(kernel);
	return t_done();
}
