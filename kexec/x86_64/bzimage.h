/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86 bzImage setup-header parser (Linux boot protocol >= 2.12, 64-bit entry) for the kexec_load path. */
#ifndef SB_X86_64_BZIMAGE_H
#define SB_X86_64_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Format: Documentation/arch/x86/boot.rst ("THE REAL-MODE KERNEL HEADER") and
 * arch/x86/include/uapi/asm/bootparam.h (struct setup_header at file offset 0x1f1).
 * bzimage_parse() checks every field later code relies on, once, against the file length;
 * nothing downstream re-reads the raw header except through `setup_header`/`setup_header_len`
 * (copied verbatim into boot_params.hdr, as the protocol asks).
 */

#define BZ_SETUP_HEADER_OFFSET 0x1f1
#define BZ_MIN_VERSION         0x020c  /* 2.12: xloadflags, 64-bit entry flag */
#define BZ_ENTRY64_OFFSET      0x200   /* startup_64 = load address + 0x200 (boot.rst, 64-bit protocol) */

/* loadflags / xloadflags (bootparam.h) */
#define BZ_LOADED_HIGH                 0x01
#define BZ_XLF_KERNEL_64               0x0001
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G  0x0002
#define BZ_XLF_EFI_HANDOVER_64         0x0008
#define BZ_XLF_EFI_KEXEC               0x0010

/*
 * Fine error codes (all of class "malformed" for sb_error_class(); the unsupported-variant ones
 * are named so callers can say "not supported" rather than "corrupt"). bzimage_strerror() names them.
 */
enum bzimage_error {
	BZ_E_TRUNCATED        = -600, /* shorter than the setup header */
	BZ_E_BOOT_FLAG        = -601, /* boot_flag != 0xAA55 */
	BZ_E_MAGIC            = -602, /* header != "HdrS": not a bzImage */
	BZ_E_VERSION          = -603, /* protocol < 2.12 (unsupported) */
	BZ_E_HEADER_LEN       = -604, /* jump byte puts the header end outside the setup area or before init_size */
	BZ_E_SETUP_SECTS      = -605, /* setup area ((setup_sects+1)*512) past the end of the file */
	BZ_E_SYSSIZE          = -606, /* protected-mode kernel (syssize*16) empty or past the end of the file */
	BZ_E_NOT_64BIT        = -607, /* XLF_KERNEL_64 clear: no 64-bit entry (unsupported) */
	BZ_E_NOT_RELOCATABLE  = -608, /* relocatable_kernel == 0 (unsupported) */
	BZ_E_ALIGNMENT        = -609, /* kernel_alignment not a power of two >= 4 KiB, or min_alignment above it */
	BZ_E_INIT_SIZE        = -610, /* init_size smaller than the kernel it must hold */
	BZ_E_CMDLINE_SIZE     = -611, /* cmdline_size == 0 */
	BZ_E_LOADFLAGS        = -612, /* LOADED_HIGH clear: would want to load at 0x10000 (zImage) */
	BZ_E_PAST_SIGNED_END  = -613, /* setup + syssize*16 reaches past the signed bytes (into the
	                                 Authenticode certificate table): malformed, never loaded */
	BZ_E_PE               = -614, /* starts with "MZ" but its PE headers do not parse: where the
	                                 signed bytes end is unknown */
};

struct bzimage_info {
	uint16_t version;             /* protocol, e.g. 0x020f */
	unsigned setup_sects;         /* effective: 0 in the header means 4 */
	size_t setup_size;            /* (setup_sects + 1) * 512: real-mode part incl. boot sector */
	const uint8_t *setup_header;  /* file bytes 0x1f1 .. 0x202 + jump byte: copy into boot_params */
	size_t setup_header_len;
	const uint8_t *kernel;        /* protected-mode kernel: file[setup_size .. +kernel_size) */
	size_t kernel_size;           /* syssize * 16 (excludes a trailing Authenticode signature) */
	uint8_t loadflags;
	uint16_t xloadflags;
	uint32_t kernel_alignment;    /* preferred physical alignment */
	uint64_t min_alignment;       /* smallest acceptable alignment (1 << min_alignment field) */
	uint32_t initrd_addr_max;     /* highest byte address of the initrd (below 4G unless XLF bit 1) */
	uint32_t cmdline_size;        /* max command-line length without the NUL */
	uint32_t init_size;           /* bytes the kernel needs from its load address while booting */
	uint64_t pref_address;        /* preferred load address (a relocatable kernel may go elsewhere) */
	uint32_t handover_offset;     /* EFI handover entry (not used: we enter startup_64) */
};

/* Parse and validate; on failure returns a BZ_E_* code and leaves *out untouched. */
int bzimage_parse(const uint8_t *buf, size_t len, struct bzimage_info *out);

/*
 * The end of the bytes a signature can cover (#8 point 9: -c never loads unsigned bytes).
 * A bzImage with an EFI stub is a PE/COFF file: its Authenticode signature covers everything
 * before the certificate table (lib/pe.h: pe_image.signed_end = cert_offset, or the file length
 * when unsigned). An image without "MZ" is not PE: a signature of it (IMA) covers the whole
 * file. "MZ" with PE headers that do not parse is BZ_E_PE. *end untouched on failure.
 */
int bzimage_signed_end(const uint8_t *buf, size_t len, size_t *end);

/*
 * BZ_E_PAST_SIGNED_END when the parsed image's setup part or kernel (setup_size + kernel_size)
 * reaches past signed_end: a setup header that claims certificate-table bytes as kernel. Debian's
 * signed kernels end exactly at the table (syssize*16 = cert_offset - setup_size).
 */
int bzimage_check_signed_end(const struct bzimage_info *bz, size_t signed_end);

/* Short stable name of a BZ_E_* code (e.g. "bzimage-not-64bit"); NULL for codes not ours. */
const char *bzimage_strerror(int err);

#endif
