/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the running system enforces: Secure Boot (efivarfs) and kernel lockdown (securityfs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file-io.h"
#include "lib/sb-error.h"
#include "system-state.h"

#define LOCKDOWN_PATH "/sys/kernel/security/lockdown"
#define SECUREBOOT_VAR "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

enum kx_lockdown kx_lockdown_mode(const char *path)
{
	char line[128];

	if (kx_read_line(path ? path : LOCKDOWN_PATH, line, sizeof(line)) != SB_OK)
		return KX_LOCKDOWN_UNKNOWN;
	if (strstr(line, "[none]"))
		return KX_LOCKDOWN_NONE;
	if (strstr(line, "[integrity]"))
		return KX_LOCKDOWN_INTEGRITY;
	if (strstr(line, "[confidentiality]"))
		return KX_LOCKDOWN_CONFIDENTIALITY;
	return KX_LOCKDOWN_UNKNOWN;
}

const char *kx_lockdown_name(enum kx_lockdown l)
{
	switch (l) {
	case KX_LOCKDOWN_NONE:            return "none";
	case KX_LOCKDOWN_INTEGRITY:       return "integrity";
	case KX_LOCKDOWN_CONFIDENTIALITY: return "confidentiality";
	default:                          return "unknown (securityfs not readable)";
	}
}

bool kx_secure_boot_enabled(const char *dir)
{
	char path[4096];
	uint8_t *buf = NULL;
	size_t len = 0;
	bool on;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/sys/firmware/efi/efivars", SECUREBOOT_VAR);
	if (kx_read_file(path, &buf, &len, 64) != SB_OK)
		return false;
	on = len == 5 && buf[4] == 1;
	free(buf);
	return on;
}
