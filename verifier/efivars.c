/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFI variables from efivarfs (Documentation/filesystems/efivarfs.rst): attributes, then data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/byteorder.h"
#include "lib/sb-error.h"
#include "verifier/efivars.h"
#include "verifier/file-io.h"

/* db/dbx/MokListRT can be large; efivarfs variables are bounded by the firmware's store anyway. */
#define VF_EFIVAR_MAX (16u << 20)

int vf_efivar_read(const char *dir, const char *name_guid, uint32_t *attrs, uint8_t **data, size_t *len)
{
	char path[4096];
	uint8_t *buf = NULL;
	size_t n = 0;
	int ret;

	if (vf_path(path, sizeof(path), "%s/%s", dir ? dir : VF_EFIVARS_DIR, name_guid) != 0)
		return SB_E_IO;     /* errno ENAMETOOLONG: unreadable, never "absent" */
	ret = vf_read_file(path, &buf, &n, VF_EFIVAR_MAX);
	if (ret != SB_OK)
		return ret;
	if (n < 4) {
		free(buf);
		return SB_E_MALFORMED;
	}
	*attrs = sb_get_le32(buf);
	memmove(buf, buf + 4, n - 4);
	*data = buf;
	*len = n - 4;
	return SB_OK;
}

int vf_efivar_u8(const char *dir, const char *name_guid)
{
	uint8_t *data = NULL;
	size_t len = 0;
	uint32_t attrs;
	int v;

	switch (vf_efivar_read(dir, name_guid, &attrs, &data, &len)) {
	case SB_OK:          break;
	case SB_E_NOT_FOUND: return VF_EFIVAR_ABSENT;
	default:             return VF_EFIVAR_UNREADABLE;
	}
	v = len >= 1 ? data[0] : VF_EFIVAR_UNREADABLE;
	free(data);
	return v;
}
