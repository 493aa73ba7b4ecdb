/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parses and validates the bzImage setup header once, so the loader never touches raw offsets. */
#include <stdint.h>
#include <string.h>
#include "bzimage.h"
#include "byteorder.h"
#include "pe.h"
#include "sb-error.h"

/* Field offsets in the file (= in struct boot_params), arch/x86/include/uapi/asm/bootparam.h. */
#define OFF_SETUP_SECTS       0x1f1
#define OFF_SYSSIZE           0x1f4
#define OFF_BOOT_FLAG         0x1fe
#define OFF_JUMP              0x200  /* 2-byte short jump; its second byte is the header length - 0x202 + 0x200 */
#define OFF_HEADER            0x202
#define OFF_VERSION           0x206
#define OFF_LOADFLAGS         0x211
#define OFF_INITRD_ADDR_MAX   0x22c
#define OFF_KERNEL_ALIGNMENT  0x230
#define OFF_RELOCATABLE       0x234
#define OFF_MIN_ALIGNMENT     0x235
#define OFF_XLOADFLAGS        0x236
#define OFF_CMDLINE_SIZE      0x238
#define OFF_PREF_ADDRESS      0x258
#define OFF_INIT_SIZE         0x260
#define OFF_HANDOVER_OFFSET   0x264
#define END_INIT_SIZE         0x264  /* a 2.12 header reaches at least past init_size */


int bzimage_parse(const uint8_t *buf, size_t len, struct bzimage_info *out)
{
	struct bzimage_info bz;
	size_t header_end, kernel_size;
	unsigned min_shift;

	memset(&bz, 0, sizeof(bz));
	/* Everything up to the end of a 2.12 header must be in the file before any field is read. */
	if (len < END_INIT_SIZE + 4)
		return BZ_E_TRUNCATED;
	if (sb_get_le16(buf + OFF_BOOT_FLAG) != 0xaa55)
		return BZ_E_BOOT_FLAG;
	if (memcmp(buf + OFF_HEADER, "HdrS", 4) != 0)
		return BZ_E_MAGIC;
	bz.version = sb_get_le16(buf + OFF_VERSION);
	if (bz.version < BZ_MIN_VERSION)
		return BZ_E_VERSION;

	/* boot.rst: "setup_sects: if this field is 0, the real value is 4". */
	bz.setup_sects = buf[OFF_SETUP_SECTS] ? buf[OFF_SETUP_SECTS] : 4;
	bz.setup_size = ((size_t)bz.setup_sects + 1) * 512;
	if (bz.setup_size > len)
		return BZ_E_SETUP_SECTS;

	/* boot.rst: the header's length is 0x202 + the byte at 0x201 (the short jump's target). */
	header_end = 0x202 + (size_t)buf[OFF_JUMP + 1];
	if (header_end < END_INIT_SIZE + 4 || header_end > bz.setup_size)
		return BZ_E_HEADER_LEN;
	bz.setup_header = buf + BZ_SETUP_HEADER_OFFSET;
	bz.setup_header_len = header_end - BZ_SETUP_HEADER_OFFSET;

	/* syssize counts 16-byte paragraphs of protected-mode code; an appended signature is not code. */
	kernel_size = (size_t)sb_get_le32(buf + OFF_SYSSIZE) * 16;
	if (kernel_size == 0 || bz.setup_size > len || kernel_size > len - bz.setup_size)
		return BZ_E_SYSSIZE;
	bz.kernel = buf + bz.setup_size;
	bz.kernel_size = kernel_size;

	bz.loadflags = buf[OFF_LOADFLAGS];
	if (!(bz.loadflags & BZ_LOADED_HIGH))
		return BZ_E_LOADFLAGS;
	bz.xloadflags = sb_get_le16(buf + OFF_XLOADFLAGS);
	if (!(bz.xloadflags & BZ_XLF_KERNEL_64))
		return BZ_E_NOT_64BIT;
	if (buf[OFF_RELOCATABLE] == 0)
		return BZ_E_NOT_RELOCATABLE;

	bz.kernel_alignment = sb_get_le32(buf + OFF_KERNEL_ALIGNMENT);
	if (bz.kernel_alignment < 4096 || (bz.kernel_alignment & (bz.kernel_alignment - 1)))
		return BZ_E_ALIGNMENT;
	/* min_alignment (2.10+) is a power-of-two exponent; it may not exceed kernel_alignment. */
	min_shift = buf[OFF_MIN_ALIGNMENT];
	if (min_shift < 12 || min_shift > 31 || ((uint64_t)1 << min_shift) > bz.kernel_alignment)
		return BZ_E_ALIGNMENT;
	bz.min_alignment = (uint64_t)1 << min_shift;

	bz.init_size = sb_get_le32(buf + OFF_INIT_SIZE);
	if (bz.init_size < bz.kernel_size)
		return BZ_E_INIT_SIZE;
	bz.cmdline_size = sb_get_le32(buf + OFF_CMDLINE_SIZE);
	if (bz.cmdline_size == 0)
		return BZ_E_CMDLINE_SIZE;

	bz.initrd_addr_max = sb_get_le32(buf + OFF_INITRD_ADDR_MAX);
	bz.pref_address = sb_get_le64(buf + OFF_PREF_ADDRESS);
	bz.handover_offset = sb_get_le32(buf + OFF_HANDOVER_OFFSET);

	*out = bz;
	return 0;
}

int bzimage_signed_end(const uint8_t *buf, size_t len, size_t *end)
{
	struct pe_image pe;
	int rc;

	rc = pe_parse(buf, len, PE_LAYOUT_FILE, &pe);
	if (rc == SB_E_PE_DOS_TRUNCATED || rc == SB_E_PE_DOS_MAGIC) {
		*end = len;     /* not PE: no certificate table to leave out */
		return 0;
	}
	if (rc)
		return BZ_E_PE;
	*end = pe.signed_end;
	return 0;
}

int bzimage_check_signed_end(const struct bzimage_info *bz, size_t signed_end)
{
	if (bz->setup_size > signed_end || bz->kernel_size > signed_end - bz->setup_size)
		return BZ_E_PAST_SIGNED_END;
	return 0;
}

const char *bzimage_strerror(int err)
{
	switch (err) {
	case BZ_E_TRUNCATED:       return "bzimage-truncated";
	case BZ_E_BOOT_FLAG:       return "bzimage-boot-flag";
	case BZ_E_MAGIC:           return "bzimage-not-hdrs";
	case BZ_E_VERSION:         return "bzimage-protocol-too-old";
	case BZ_E_HEADER_LEN:      return "bzimage-header-length";
	case BZ_E_SETUP_SECTS:     return "bzimage-setup-sects";
	case BZ_E_SYSSIZE:         return "bzimage-syssize";
	case BZ_E_NOT_64BIT:       return "bzimage-not-64bit";
	case BZ_E_NOT_RELOCATABLE: return "bzimage-not-relocatable";
	case BZ_E_ALIGNMENT:       return "bzimage-alignment";
	case BZ_E_INIT_SIZE:       return "bzimage-init-size";
	case BZ_E_CMDLINE_SIZE:    return "bzimage-cmdline-size";
	case BZ_E_LOADFLAGS:       return "bzimage-not-loaded-high";
	case BZ_E_PAST_SIGNED_END: return "bzimage-past-signed-end";
	case BZ_E_PE:              return "bzimage-pe-headers";
	default:                   return NULL;
	}
}
