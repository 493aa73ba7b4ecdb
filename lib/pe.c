/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PE32+ parser: every header, table entry and offset of an untrusted image is checked once here. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "byteorder.h"
#include "sb-string.h"
#include "sb-error.h"
#include "pe.h"
#include "pe-format.h"

/* [off, off+size) lies inside [0, len): the project's one bounds idiom. */
static inline bool in_bounds(uint64_t off, uint64_t size, uint64_t len)
{
	return !(off > len || size > len - off);
}

static void decode_section(const uint8_t *sh, struct pe_section *s)
{
	memcpy(s->name, sh, 8);
	s->name[8] = '\0';
	s->virtual_size = sb_get_le32(sh + SH_VSIZE);
	s->virtual_address = sb_get_le32(sh + SH_VADDR);
	s->raw_size = sb_get_le32(sh + SH_RAW_SIZE);
	s->raw_offset = sb_get_le32(sh + SH_RAW_OFFSET);
	s->characteristics = sb_get_le32(sh + SH_CHARACTERISTICS);
}

/*
 * Each section header: its virtual range must fit SizeOfImage (and, for a loaded image, the
 * buffer); in file layout its raw data must lie inside the file. SizeOfRawData 0 means "no
 * file data" (e.g. .bss), and then PointerToRawData is meaningless and not checked.
 */
static int check_sections(const uint8_t *p, size_t size, enum pe_layout layout,
			  size_t sectab, unsigned nsections, uint32_t size_of_image)
{
	struct pe_section s;
	unsigned i;

	for (i = 0; i < nsections; i++) {
		decode_section(p + sectab + (size_t)i * SECTION_HEADER_SIZE, &s);
		if (!in_bounds(s.virtual_address, s.virtual_size, size_of_image))
			return SB_E_PE_SECTION_VIRT;
		if (layout == PE_LAYOUT_MEMORY) {
			if (!in_bounds(s.virtual_address, s.virtual_size, size))
				return SB_E_PE_SECTION_VIRT;
			continue;
		}
		if (s.raw_size && !in_bounds(s.raw_offset, s.raw_size, size))
			return SB_E_PE_SECTION_RAW;
	}
	return 0;
}

/*
 * File layout: the sections' raw data, sorted by PointerToRawData, must follow SizeOfHeaders
 * back to back. The Authenticode hash covers the headers, each section, and then the bytes
 * from SizeOfHeaders + sum(SizeOfRawData) on: a gap between sections would never be hashed
 * (yet the bzImage loader loads the file by its setup header, not by section), and an overlap
 * makes that "trailing data" offset point back into a section. With this rule the spec, the
 * kernel, sbsign and osslsigncode's linear hash all cover the same bytes exactly once. Every
 * image seen (Debian's kernel, gnu-efi/efitools binaries, objcopy-built carriers) complies.
 */
static int check_contiguous(const struct pe_image *img)
{
	struct pe_section r[PE_MAX_SECTIONS];
	unsigned i, n;
	uint64_t pos = img->size_of_headers;
	int err;

	err = pe_sections_by_file_offset(img, r, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		if (r[i].raw_offset != pos)
			return SB_E_PE_SECTION_GAP;
		pos += r[i].raw_size;
	}
	return 0;
}

/*
 * The attribute certificate table (PE spec "The Attribute Certificate Table (Image Only)"):
 * its directory entry holds a *file offset*, not an RVA. We require it to
 *  - lie inside the file and after SizeOfHeaders and after every section's raw data
 *    (so no byte is both hashed and part of the signature),
 *  - end exactly at the end of the file: the kernel (verify_pefile.c) hashes the trailing
 *    data up to "file length - certificate table size", the Authenticode spec up to the table's
 *    offset; only when the table ends the file do both agree,
 *  - start 8-byte aligned (the spec's quadword alignment; EDK2 rejects otherwise),
 *  - consist of WIN_CERTIFICATE entries, each with dwLength >= 8 and inside the table, each
 *    next one at the 8-byte-aligned end of the previous (the last one may be unpadded).
 * Only wRevision 0x0200 / wCertificateType PKCS_SIGNED_DATA entries are accepted: that is
 * all sbsign, pesign and osslsigncode write and the only type the kernel and shim verify;
 * an entry of another type (X.509 0x0001, EFI_GUID 0x0ef1, ...) is refused rather than
 * skipped so that no signer can hide data in the table (fail closed).
 */
static int check_cert_table(const uint8_t *p, size_t size, uint32_t off, uint32_t len,
			    uint32_t size_of_headers, size_t sectab, unsigned nsections)
{
	uint64_t cursor = 0, step;
	struct pe_section s;
	uint32_t dw;
	unsigned i;

	if (len == 0)
		return SB_E_PE_CERT_TABLE;
	if (!in_bounds(off, len, size))
		return SB_E_PE_CERT_TABLE;
	if ((uint64_t)off + len != size)
		return SB_E_PE_CERT_TABLE;
	if (off < size_of_headers)
		return SB_E_PE_CERT_TABLE;
	if (off % 8)
		return SB_E_PE_CERT_ALIGN;
	/* No section's raw data may reach into the table. */
	for (i = 0; i < nsections; i++) {
		decode_section(p + sectab + (size_t)i * SECTION_HEADER_SIZE, &s);
		if (s.raw_size && (uint64_t)s.raw_offset + s.raw_size > off)
			return SB_E_PE_CERT_TABLE;
	}

	while (cursor < len) {
		if (!in_bounds(cursor, WIN_CERT_HEADER, len))
			return SB_E_PE_CERT_ENTRY;
		dw = sb_get_le32(p + off + cursor);
		if (dw < WIN_CERT_HEADER || !in_bounds(cursor, dw, len))
			return SB_E_PE_CERT_ENTRY;
		if (sb_get_le16(p + off + cursor + WIN_CERT_REVISION) != WIN_CERT_REVISION_2 ||
		    sb_get_le16(p + off + cursor + WIN_CERT_TYPE) != WIN_CERT_TYPE_PKCS_SIGNED_DATA)
			return SB_E_PE_CERT_TYPE;
		step = ((uint64_t)dw + 7) & ~(uint64_t)7;
		cursor = step > len - cursor ? len : cursor + step;
	}
	return 0;
}

int pe_parse(const void *data, size_t size, enum pe_layout layout, struct pe_image *img)
{
	const uint8_t *p = data;
	struct pe_image out;
	uint64_t lfanew, coff, opt, sectab, sectab_end;
	uint32_t ndirs;
	uint16_t opt_size;
	int err;

	if (!p || (layout != PE_LAYOUT_FILE && layout != PE_LAYOUT_MEMORY))
		return SB_E_MALFORMED;
	memset(&out, 0, sizeof(out));
	out.data = p;
	out.size = size;
	out.layout = layout;

	/* DOS header: "MZ" and e_lfanew, the file offset of "PE\0\0". No alignment is required
	   of e_lfanew: kernels before 5.x put it at 0x82. */
	if (size < DOS_HEADER_SIZE)
		return SB_E_PE_DOS_TRUNCATED;
	if (p[0] != 'M' || p[1] != 'Z')
		return SB_E_PE_DOS_MAGIC;
	lfanew = sb_get_le32(p + DOS_LFANEW);
	if (!in_bounds(lfanew, PE_SIG_SIZE, size))
		return SB_E_PE_LFANEW;
	if (memcmp(p + lfanew, "PE\0\0", PE_SIG_SIZE) != 0)
		return SB_E_PE_SIGNATURE;

	coff = lfanew + PE_SIG_SIZE;
	if (!in_bounds(coff, COFF_SIZE, size))
		return SB_E_PE_COFF_TRUNCATED;
	out.machine = sb_get_le16(p + coff + COFF_MACHINE);
	out.nsections = sb_get_le16(p + coff + COFF_NSECTIONS);
	opt_size = sb_get_le16(p + coff + COFF_OPT_SIZE);

	/* Optional header: all SizeOfOptionalHeader bytes must be in the file; PE32+ only. */
	opt = coff + COFF_SIZE;
	if (!in_bounds(opt, opt_size, size) || opt_size < 2)
		return SB_E_PE_OPT_TRUNCATED;
	if (sb_get_le16(p + opt + OPT_MAGIC) != OPT_MAGIC_PE32PLUS)
		return SB_E_PE_OPT_MAGIC;
	if (opt_size < OPT_DATADIR)
		return SB_E_PE_OPT_TRUNCATED;
	ndirs = sb_get_le32(p + opt + OPT_NDIRS);
	if (ndirs > DATADIR_MAX || ndirs > (uint32_t)(opt_size - OPT_DATADIR) / DATADIR_ENTRY_SIZE)
		return SB_E_PE_DATADIR;

	out.entry_point = sb_get_le32(p + opt + OPT_ENTRY);
	out.image_base = sb_get_le64(p + opt + OPT_IMAGE_BASE);
	out.section_alignment = sb_get_le32(p + opt + OPT_SECTION_ALIGN);
	out.file_alignment = sb_get_le32(p + opt + OPT_FILE_ALIGN);
	out.size_of_image = sb_get_le32(p + opt + OPT_SIZE_OF_IMAGE);
	out.size_of_headers = sb_get_le32(p + opt + OPT_SIZE_OF_HEADERS);
	out.subsystem = sb_get_le16(p + opt + OPT_SUBSYSTEM);
	out.checksum_offset = opt + OPT_CHECKSUM;
	if (ndirs > DATADIR_SECURITY)
		out.certdir_offset = opt + OPT_DATADIR + (size_t)DATADIR_SECURITY * DATADIR_ENTRY_SIZE;

	/* Section table: right after the optional header, inside the file and the headers. */
	if (out.nsections == 0 || out.nsections > PE_MAX_SECTIONS)
		return SB_E_PE_SECTION_COUNT;
	sectab = opt + opt_size;
	if (!in_bounds(sectab, (uint64_t)out.nsections * SECTION_HEADER_SIZE, size))
		return SB_E_PE_SECTION_TABLE;
	out.section_table_offset = sectab;
	sectab_end = sectab + (uint64_t)out.nsections * SECTION_HEADER_SIZE;

	/* SizeOfHeaders is what Authenticode hashes as "the headers": it must cover the section
	   table and lie inside the file (or the loaded image). */
	if (out.size_of_headers > size || out.size_of_headers < sectab_end)
		return SB_E_PE_HEADERS_SIZE;

	err = check_sections(p, size, layout, sectab, out.nsections, out.size_of_image);
	if (err)
		return err;
	if (layout == PE_LAYOUT_FILE) {
		err = check_contiguous(&out);
		if (err)
			return err;
	}

	out.signed_end = size;
	if (layout == PE_LAYOUT_FILE && out.certdir_offset) {
		uint32_t cert_off = sb_get_le32(p + out.certdir_offset);
		uint32_t cert_size = sb_get_le32(p + out.certdir_offset + 4);

		if (cert_off || cert_size) {
			err = check_cert_table(p, size, cert_off, cert_size, out.size_of_headers,
					       sectab, out.nsections);
			if (err)
				return err;
			out.cert_offset = cert_off;
			out.cert_size = cert_size;
			out.signed_end = cert_off;
		}
	}

	*img = out;
	return 0;
}

int pe_section_get(const struct pe_image *img, unsigned i, struct pe_section *out)
{
	uint64_t off;

	if (!img || !out || i >= img->nsections)
		return SB_E_MALFORMED;
	off = img->section_table_offset + (uint64_t)i * SECTION_HEADER_SIZE;
	if (!in_bounds(off, SECTION_HEADER_SIZE, img->size))
		return SB_E_MALFORMED;
	decode_section(img->data + off, out);
	return 0;
}

int pe_sections_by_file_offset(const struct pe_image *img, struct pe_section out[PE_MAX_SECTIONS],
			       unsigned *n)
{
	struct pe_section s;
	unsigned i, j, k = 0;
	int err;

	if (!img || !out || !n || img->nsections > PE_MAX_SECTIONS)
		return SB_E_MALFORMED;
	/* Insertion sort: stable (equal offsets keep table order), at most PE_MAX_SECTIONS entries. */
	for (i = 0; i < img->nsections; i++) {
		err = pe_section_get(img, i, &s);
		if (err)
			return err;
		if (s.raw_size == 0)
			continue;
		for (j = k; j > 0 && out[j - 1].raw_offset > s.raw_offset; j--)
			out[j] = out[j - 1];
		out[j] = s;
		k++;
	}
	*n = k;
	return 0;
}

/* Section names are compared as the 8 raw bytes, NUL-padded; "/n" long names are not resolved. */
static bool name_matches(const char *stored, const char *name, size_t name_len)
{
	size_t j;

	for (j = 0; j < 8; j++) {
		char want = j < name_len ? name[j] : '\0';

		if (stored[j] != want)
			return false;
	}
	return true;
}

int pe_find_section(const struct pe_image *img, const char *name, const uint8_t **out, size_t *len)
{
	struct pe_section s, found = { .raw_size = 0 };
	size_t name_len;
	unsigned i, hits = 0;
	int err;

	if (!img || !name || !out || !len)
		return SB_E_MALFORMED;
	name_len = strlen(name);
	if (name_len == 0 || name_len > 8)
		return SB_E_NOT_FOUND;
	for (i = 0; i < img->nsections; i++) {
		err = pe_section_get(img, i, &s);
		if (err)
			return err;
		if (name_matches(s.name, name, name_len)) {
			found = s;
			hits++;
		}
	}
	if (hits == 0)
		return SB_E_NOT_FOUND;
	if (hits > 1)
		return SB_E_MALFORMED;

	if (img->layout == PE_LAYOUT_MEMORY) {
		if (!in_bounds(found.virtual_address, found.virtual_size, img->size))
			return SB_E_PE_SECTION_VIRT;
		*out = img->data + found.virtual_address;
		*len = found.virtual_size;
		return 0;
	}
	/* File layout: SizeOfRawData is rounded up to FileAlignment, VirtualSize is the real size. */
	if (found.raw_size == 0) {
		*out = img->data;
		*len = 0;
		return 0;
	}
	if (!in_bounds(found.raw_offset, found.raw_size, img->size))
		return SB_E_PE_SECTION_RAW;
	*out = img->data + found.raw_offset;
	*len = found.virtual_size < found.raw_size ? found.virtual_size : found.raw_size;
	return 0;
}

int pe_cert_next(const struct pe_image *img, size_t *cursor, struct pe_cert *out)
{
	uint64_t pos, step;
	uint32_t dw;
	const uint8_t *e;

	if (!img || !cursor || !out)
		return SB_E_MALFORMED;
	pos = *cursor;
	if (img->cert_size == 0 || pos >= img->cert_size)
		return 0;
	/* Re-checked (cheaply) so that misuse with a hand-built struct cannot read out of bounds. */
	if (!in_bounds(img->cert_offset, img->cert_size, img->size) ||
	    !in_bounds(pos, WIN_CERT_HEADER, img->cert_size))
		return SB_E_PE_CERT_ENTRY;
	e = img->data + img->cert_offset + pos;
	dw = sb_get_le32(e);
	if (dw < WIN_CERT_HEADER || !in_bounds(pos, dw, img->cert_size))
		return SB_E_PE_CERT_ENTRY;
	out->revision = sb_get_le16(e + WIN_CERT_REVISION);
	out->type = sb_get_le16(e + WIN_CERT_TYPE);
	out->data = e + WIN_CERT_HEADER;
	out->len = dw - WIN_CERT_HEADER;
	step = ((uint64_t)dw + 7) & ~(uint64_t)7;
	*cursor = step > img->cert_size - pos ? img->cert_size : pos + step;
	return 1;
}
