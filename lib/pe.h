/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PE/COFF (PE32+) parser: turns untrusted bytes into a validated struct pe_image. */
#ifndef SB_PE_H
#define SB_PE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * Format: Microsoft "PE Format" specification (learn.microsoft.com/windows/win32/debug/pe-format)
 * and the Authenticode PE specification ("Windows Authenticode Portable Executable Signature Format").
 *
 * pe_parse() checks everything that later code relies on, once: DOS header, e_lfanew, COFF
 * header, optional header, data directories, every section header and (file layout) the
 * certificate table with each WIN_CERTIFICATE entry. Nothing downstream re-reads raw offsets.
 *
 * Decisions (each check has its own SB_E_PE_* code; tests/gen-pe-corpus.c has an image for each):
 *  - PE32+ only: PE32 (0x10b) and ROM images give SB_E_PE_OPT_MAGIC.
 *  - e_lfanew needs no alignment (kernels before 5.x put "PE\0\0" at 0x82); it only has to
 *    leave room for the signature inside the file.
 *  - NumberOfRvaAndSizes <= 16 and must fit SizeOfOptionalHeader (SB_E_PE_DATADIR).
 *  - SizeOfHeaders must cover the section table and lie inside the buffer (SB_E_PE_HEADERS_SIZE);
 *    a section table past the end of the buffer is SB_E_PE_SECTION_TABLE.
 *  - Sections: VirtualAddress + VirtualSize within SizeOfImage (and the buffer in memory
 *    layout); in file layout raw data inside the file unless SizeOfRawData is 0, and the raw
 *    data of all sections, sorted by PointerToRawData, back to back from SizeOfHeaders
 *    (SB_E_PE_SECTION_GAP): no byte before the trailing data escapes the Authenticode hash or
 *    is hashed twice, and the spec, kernel, sbsign and osslsigncode digests coincide.
 *  - Certificate table (file layout): inside the file, at or after SizeOfHeaders and after every
 *    section's raw data, 8-byte aligned, and ending exactly at the end of the file (the kernel
 *    hashes up to "file size - table size", the spec up to the table offset: only then do they
 *    agree). Entries: dwLength >= 8 and inside the table, each at the 8-aligned end of the
 *    previous one (the last may be unpadded); only revision 0x0200 / WIN_CERT_TYPE_PKCS_SIGNED_DATA
 *    is accepted, any other type is an error (not skipped), as the kernel and shim verify no other.
 *    A directory entry {0, 0} means unsigned; any other entry with size 0 is SB_E_PE_CERT_TABLE.
 */

#define PE_MAX_SECTIONS 96  /* PE spec: Windows loader limit */

enum pe_layout {
	PE_LAYOUT_FILE,    /* bytes as on disk: raw offsets/sizes checked, certificate table parsed */
	PE_LAYOUT_MEMORY,  /* image as loaded by firmware (EFI_LOADED_IMAGE.ImageBase/ImageSize):
	                      sections addressed by VirtualAddress, no certificate table */
};

struct pe_section {
	char name[9];               /* NUL-terminated copy of the 8-byte name */
	uint32_t virtual_size;
	uint32_t virtual_address;
	uint32_t raw_size;          /* SizeOfRawData */
	uint32_t raw_offset;        /* PointerToRawData */
	uint32_t characteristics;
};

struct pe_image {
	const uint8_t *data;        /* caller-owned; must outlive the struct */
	size_t size;
	enum pe_layout layout;

	uint16_t machine;
	uint16_t nsections;
	uint32_t section_alignment, file_alignment;
	uint32_t size_of_headers, size_of_image;
	uint32_t entry_point;
	uint64_t image_base;
	uint16_t subsystem;

	size_t checksum_offset;     /* file offset of OptionalHeader.CheckSum (4 bytes) */
	size_t certdir_offset;      /* file offset of the certificate-table data directory (8 bytes),
	                               0 when NumberOfRvaAndSizes < 5 */
	size_t section_table_offset;

	/* Certificate table (file layout only): {0,0} when absent. Validated as a whole
	   and entry by entry; use pe_cert_next() to walk it. */
	uint32_t cert_offset, cert_size;
	/* End of the data covered by the Authenticode hash: cert_offset when present, else size. */
	size_t signed_end;
};

/* Parse and validate. On failure returns an SB_E_PE_* code and leaves *img untouched. */
int pe_parse(const void *data, size_t size, enum pe_layout layout, struct pe_image *img);

/* Decode section header i (0 <= i < nsections) of a parsed image. */
int pe_section_get(const struct pe_image *img, unsigned i, struct pe_section *out);

/*
 * The sections that have file data (SizeOfRawData != 0), sorted by PointerToRawData (stable):
 * the order Authenticode hashes them in, and the order pe_parse() checks for gaps. *n is set
 * to their number. The one sort both lib/pe.c and lib/authenticode.c use.
 */
int pe_sections_by_file_offset(const struct pe_image *img, struct pe_section out[PE_MAX_SECTIONS],
			       unsigned *n);

/*
 * Find section `name` (e.g. ".keylist"); on success *out points at its bytes (raw data in
 * file layout, VirtualAddress in memory layout) and *len is its size (min(VirtualSize,
 * SizeOfRawData) in file layout; VirtualSize in memory layout). Returns SB_E_NOT_FOUND if
 * absent, SB_E_MALFORMED if the name occurs more than once.
 */
int pe_find_section(const struct pe_image *img, const char *name, const uint8_t **out, size_t *len);

/* One WIN_CERTIFICATE entry (PE spec, "The Attribute Certificate Table"). */
struct pe_cert {
	uint16_t revision;          /* 0x0200 */
	uint16_t type;              /* 0x0002 = WIN_CERT_TYPE_PKCS_SIGNED_DATA */
	const uint8_t *data;        /* bCertificate */
	size_t len;                 /* dwLength - 8 */
};

/*
 * Iterate entries: *cursor starts at 0; returns 1 with *out filled, 0 at the end, or a
 * negative code. Entries were validated by pe_parse(), so errors here mean misuse.
 */
int pe_cert_next(const struct pe_image *img, size_t *cursor, struct pe_cert *out);

#endif
