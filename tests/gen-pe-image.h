/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds small, valid synthetic PE32+ images for the corpus generator and the PE unit tests. */
#ifndef SB_TESTS_GEN_PE_IMAGE_H
#define SB_TESTS_GEN_PE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "byteorder.h"
#include "pe-format.h"

/* Layout of the base image (all file offsets), so mutations can name the field they break. */
#define GEN_LFANEW      0x80
#define GEN_COFF        (GEN_LFANEW + PE_SIG_SIZE)
#define GEN_OPT         (GEN_COFF + COFF_SIZE)
#define GEN_OPT_SIZE    (OPT_DATADIR + DATADIR_MAX * DATADIR_ENTRY_SIZE)
#define GEN_SECTAB      (GEN_OPT + GEN_OPT_SIZE)
#define GEN_NSECTIONS   4                       /* .text .data .keylist .bss */
#define GEN_HEADERS     0x400                   /* SizeOfHeaders = FileAlignment * 2 */
#define GEN_FILE_ALIGN  0x200
#define GEN_SECT_ALIGN  0x1000
#define GEN_SIZE_OF_IMAGE 0x6000
#define GEN_FILE_SIZE   (GEN_HEADERS + 3 * GEN_FILE_ALIGN)   /* 0xa00: the unsigned base image */
#define GEN_CHECKSUM    (GEN_OPT + OPT_CHECKSUM)
#define GEN_CERTDIR     (GEN_OPT + OPT_DATADIR + DATADIR_SECURITY * DATADIR_ENTRY_SIZE)
#define GEN_SECTION(i)  (GEN_SECTAB + SECTION_HEADER_SIZE * (i))

struct gen_pe {
	uint8_t *buf;
	size_t len;
	size_t cap;
};

/* lib/byteorder.h under the names the generators have always used. */
#define gen_put16 sb_put_le16
#define gen_put32 sb_put_le32
#define gen_get32 sb_get_le32

/* The unsigned base image: headers, .text/.data/.keylist with raw data, .bss without. */
void gen_pe_base(struct gen_pe *g);

/* Append bytes (e.g. trailing data) to the image. */
void gen_pe_append(struct gen_pe *g, const void *data, size_t len);

/* Append one WIN_CERTIFICATE (rev 0x0200, PKCS_SIGNED_DATA) of `payload` bytes of filler,
   padded to 8 when pad != 0, and point/extend the certificate directory at the table. The
   first call pads the file to 8 bytes first when align != 0. */
void gen_pe_add_cert(struct gen_pe *g, size_t payload, int pad, int align);

/* Turn the file image into the image a loader would map (SizeOfImage bytes, sections at
   their VirtualAddress), as EFI_LOADED_IMAGE.ImageBase shows it. */
void gen_pe_to_memory(struct gen_pe *g);

void gen_pe_free(struct gen_pe *g);

#endif
