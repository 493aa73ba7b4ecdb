/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the running system enforces: Secure Boot (efivarfs) and kernel lockdown (securityfs). */
#include <errno.h>
#include <string.h>

#include "lib/sb-error.h"
#include "verifier/efivars.h"
#include "verifier/file-io.h"
#include "verifier/system-state.h"

#define LOCKDOWN_PATH "/sys/kernel/security/lockdown"

enum vf_lockdown vf_lockdown_mode(const char *path)
{
	char line[128];
	int rc = vf_read_line(path ? path : LOCKDOWN_PATH, line, sizeof(line));

	if (rc == SB_E_IO && errno != EACCES && errno != EPERM)
		return VF_LOCKDOWN_UNREADABLE;
	if (rc != SB_OK)
		return VF_LOCKDOWN_UNKNOWN;
	if (strstr(line, "[none]"))
		return VF_LOCKDOWN_NONE;
	if (strstr(line, "[integrity]"))
		return VF_LOCKDOWN_INTEGRITY;
	if (strstr(line, "[confidentiality]"))
		return VF_LOCKDOWN_CONFIDENTIALITY;
	return VF_LOCKDOWN_UNKNOWN;
}

const char *vf_lockdown_name(enum vf_lockdown l)
{
	switch (l) {
	case VF_LOCKDOWN_NONE:            return "none";
	case VF_LOCKDOWN_INTEGRITY:       return "integrity";
	case VF_LOCKDOWN_CONFIDENTIALITY: return "confidentiality";
	case VF_LOCKDOWN_UNREADABLE:      return "unreadable (I/O error)";
	default:                          return "unknown (securityfs not readable)";
	}
}

int vf_secure_boot_state(const char *dir)
{
	/* UEFI 2.10 §3.3: SecureBoot is a one-byte BS|RT variable, 1 when enforcing. */
	int v = vf_efivar_u8(dir, VF_EFIVAR("SecureBoot", SB_GUID_GLOBAL_VARIABLE_STR));

	return v == VF_EFIVAR_UNREADABLE ? -1 : v == 1;
}

bool vf_secure_boot_enabled(const char *dir)
{
	return vf_secure_boot_state(dir) == 1;
}
