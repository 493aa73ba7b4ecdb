/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI variables from efivarfs: the one reader of attributes + data that kexec and key-loader use. */
#ifndef VF_EFIVARS_H
#define VF_EFIVARS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/efi-guid.h"

#define VF_EFIVARS_DIR "/sys/firmware/efi/efivars"

/* EFI_VARIABLE_* attribute bits (UEFI 2.10 §8.2, GetVariable()). */
#define VF_EFI_ATTR_NV 0x1u        /* NON_VOLATILE */
#define VF_EFI_ATTR_BS 0x2u        /* BOOTSERVICE_ACCESS */
#define VF_EFI_ATTR_RT 0x4u        /* RUNTIME_ACCESS */

/* efivarfs names a variable "<Name>-<vendor guid>", e.g. VF_EFIVAR("dbx", SB_GUID_IMAGE_SECURITY_STR). */
#define VF_EFIVAR(name, guid_str) name "-" guid_str

/*
 * Read variable `name_guid` (e.g. "db-d719b2cb-...") from dir (NULL: VF_EFIVARS_DIR). An efivarfs
 * file is the 4-byte attributes (native endian: little-endian on x86) followed by the data
 * (Documentation/filesystems/efivarfs.rst). SB_OK with *attrs, *data (caller frees) and *len;
 * SB_E_NOT_FOUND (absent), SB_E_IO (errno set), SB_E_MALFORMED (shorter than the attributes).
 * Outputs untouched on failure.
 */
int vf_efivar_read(const char *dir, const char *name_guid, uint32_t *attrs, uint8_t **data, size_t *len);

/*
 * First data byte of a one-byte variable (SecureBoot, SetupMode): 0..255, VF_EFIVAR_ABSENT when
 * there is no such variable, VF_EFIVAR_UNREADABLE when it is there but could not be read (an I/O
 * error) or holds no data byte. Callers never take the second for the first: what an unreadable
 * SecureBoot says is unknown, an absent one says Secure Boot is off.
 */
#define VF_EFIVAR_ABSENT     (-1)
#define VF_EFIVAR_UNREADABLE (-2)
int vf_efivar_u8(const char *dir, const char *name_guid);

#endif
