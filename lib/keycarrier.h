/* SPDX-License-Identifier: GPL-2.0-or-later */
/* KeyCarrierRT, the record of what key carriers published this boot: format, parser, header writer. */
#ifndef SB_KEYCARRIER_H
#define SB_KEYCARRIER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Volatile BS|RT variable "KeyCarrierRT", vendor SB_GUID_SBKEXEC (efi-guid.h), written by
 * efi/carrier-plan.c and carrier-commit.c; readable from Linux at
 * /sys/firmware/efi/efivars/KeyCarrierRT-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301 (4 attribute
 * bytes first). All integers little-endian:
 *   offset 0  u8  magic[4]   "SBKC"
 *   offset 4  u16 version    1
 *   offset 6  u16 hdr_size   >= 16: where the lists start (readers skip unknown header bytes)
 *   offset 8  u32 carriers   number of carriers that recorded this boot
 *   offset 12 u32 reserved   0
 *   offset hdr_size: EFI_SIGNATURE_LISTs of type X.509, one cert each, owner SB_GUID_SBKEXEC:
 *             each cert a carrier found unrevoked (dbx, MokListXRT) and left in MokListRT.
 */
#define KEYCARRIER_MAGIC     "SBKC"
#define KEYCARRIER_VERSION   1
#define KEYCARRIER_HDR_SIZE  16

/*
 * Validate a record (header, then the lists with esl_validate as X.509). On success points
 * list and list_len at the lists and sets carriers; returns the number of certs (>= 0). Returns
 * SB_E_MALFORMED (outputs untouched) otherwise.
 */
int keycarrier_parse(const uint8_t *buf, size_t len, const uint8_t **list, size_t *list_len,
		     uint32_t *carriers);

/* Write the 16-byte header for `carriers`. */
void keycarrier_header(uint8_t out[KEYCARRIER_HDR_SIZE], uint32_t carriers);

#endif
