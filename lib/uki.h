/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unified kernel images: turns a parsed PE into a validated map of its UKI sections (what each holds, where its bytes are). */
#ifndef SB_UKI_H
#define SB_UKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pe.h"

/*
 * Format: the UAPI group's "Unified Kernel Image" specification
 * (uapi-group.org/specifications/specs/unified_kernel_image/, "UKI Components") and its
 * reference implementation, systemd-stub (src/boot/efi/stub.c, pe.c). This header is the one
 * place the rules below live; kexec/uki.c and the tests point here.
 *
 * What makes a file a UKI: a PE32+ image (lib/pe.h) with a section named `.linux`. Only that
 * section is required by the specification ("Only the .linux section is required for the image
 * to be considered a Unified Kernel Image"), and no kernel image (bzImage) has one, so the
 * file name never matters. A PE without `.linux` is not a UKI (SB_E_NOT_FOUND): an ordinary
 * kernel image, handled elsewhere.
 *
 * What uki_from_pe() refuses (each its own code; the image is refused before any signature is
 * looked at, as any malformed PE is):
 *  - SB_E_UKI_DUPLICATE: a section of the specification's list occurs more than once. They are
 *    singletons ("they may appear at most once"); `.dtb` may repeat but is no x86_64 section,
 *    so it is held to the same rule here. Which `.cmdline` would a stub pick otherwise?
 *  - SB_E_UKI_OVERLAP: the memory range of a UKI section overlaps another section's, or the
 *    headers. systemd-stub reads the sections from the image the firmware loaded (by
 *    VirtualAddress), we read them from the file (by PointerToRawData); pe_parse() already keeps
 *    the raw data apart, this keeps the loaded image apart too, so both see the same bytes.
 *    A section's memory range is [VirtualAddress, VirtualAddress + VirtualSize) (SizeOfRawData
 *    when VirtualSize is 0, as EDK2's loader does).
 *  - SB_E_UKI_VSIZE: `.linux`, `.initrd` or `.cmdline` has a VirtualSize larger than its
 *    SizeOfRawData: systemd-stub passes VirtualSize bytes, and the ones past the raw data would
 *    be the loader's zero fill, not file bytes.
 *  - SB_E_UKI_EMPTY_LINUX: `.linux` with VirtualSize 0 (the stub refuses it too).
 *  - SB_E_UKI_PROFILE (unsupported): a `.profile` section (multi-profile UKI, systemd 257):
 *    which profile's sections a stub combines depends on how it was invoked ("@N").
 *  - SB_E_UKI_UCODE (unsupported): a `.ucode` section (systemd 256): the stub prepends it to
 *    the initrds; what exactly it passes then depends on the stub version.
 *
 * The length of a payload section: **VirtualSize**. objcopy and ukify round SizeOfRawData up to
 * FileAlignment and record the true size in VirtualSize, which is what systemd-stub passes on
 * (szs[] = VirtualSize). The inner kernel must be exactly its own bytes: an Authenticode-signed
 * bzImage padded with zeros no longer has its certificate table at the end of the file, and the
 * kernel's verify_pefile.c then hashes those zeros in place of part of the table
 * ("trailing data up to file size - table size") and refuses it (kexec-tools' UKI code used
 * SizeOfRawData at first and had to be changed to VirtualSize for exactly this).
 */

/* The sections of the specification, in its order (which is also its TPM measurement order). */
enum uki_section {
	UKI_LINUX,      /* the kernel: loaded */
	UKI_OSREL,
	UKI_CMDLINE,    /* the kernel command line: loaded */
	UKI_INITRD,     /* the initrd: loaded */
	UKI_UCODE,      /* refused (unsupported) */
	UKI_SPLASH,
	UKI_DTB,
	UKI_UNAME,
	UKI_SBAT,
	UKI_PCRSIG,
	UKI_PCRPKEY,
	UKI_PROFILE,    /* refused (unsupported) */
	UKI_NSECTIONS,
};

struct uki_part {
	bool present;
	unsigned index;             /* position in the section table */
	const uint8_t *data;        /* file bytes (inside pe.data) */
	size_t len;                 /* VirtualSize for .linux/.initrd/.cmdline; for the others
	                               min(VirtualSize, SizeOfRawData), as pe_find_section() */
	uint32_t virtual_address, virtual_size, raw_size, raw_offset;
};

struct uki_image {
	struct pe_image pe;         /* the image it was made from (data owned by the caller) */
	struct uki_part part[UKI_NSECTIONS];
};

/*
 * Classify a parsed PE (PE_LAYOUT_FILE): SB_OK with *out filled for a valid UKI,
 * SB_E_NOT_FOUND when it has no `.linux` section (not a UKI), else one of the SB_E_UKI_* codes
 * above. *out untouched unless SB_OK.
 */
int uki_from_pe(const struct pe_image *pe, struct uki_image *out);

/*
 * The fuzz-friendly entry point: pe_parse() of (data, len) in file layout, then uki_from_pe().
 * Returns pe_parse()'s SB_E_PE_* code for a file that is not a valid PE.
 */
int uki_parse(const uint8_t *data, size_t len, struct uki_image *out);

/* ".linux", ...; and one phrase saying what it holds ("kernel (inner bzImage)"). */
const char *uki_section_name(enum uki_section s);
const char *uki_section_role(enum uki_section s);
/* Whether kexec loads it: .linux, .initrd, .cmdline. */
bool uki_section_loaded(enum uki_section s);

/* Which UKI section the section-table entry `index` is, or UKI_NSECTIONS (e.g. the stub's .text). */
enum uki_section uki_section_of(const struct uki_image *u, unsigned index);

/*
 * The command line systemd-stub passes for a `.cmdline` section (stub.c: xstrn8_to_16() of
 * VirtualSize bytes, stopping at the first NUL, then util.c mangle_stub_cmdline()): leading
 * whitespace dropped, every other control character or space (c <= 0x20, 0x7f) one space,
 * trailing whitespace dropped. So the NUL dracut writes and the newline of a cmdline.txt go.
 * The same rule applies to any command line compared with it ("differs" means: differs after
 * this). Bytes >= 0x80 are SB_E_UKI_CMDLINE (unsupported): the stub decodes UTF-8 into UTF-16,
 * and we pass only what survives that unchanged. out gets at most len + 1 bytes, NUL-terminated;
 * SB_E_BUFFER_SMALL when outlen is less than that.
 */
int uki_cmdline_normalize(const uint8_t *in, size_t len, char *out, size_t outlen);

#endif
