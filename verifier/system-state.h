/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the running system enforces: Secure Boot (efivarfs) and kernel lockdown (securityfs). */
#ifndef VF_SYSTEM_STATE_H
#define VF_SYSTEM_STATE_H

#include <stdbool.h>

/* UNKNOWN: no securityfs file, or one that names no mode; UNREADABLE: the file is there but
   reading it failed (an I/O error), so the mode could be any. */
enum vf_lockdown { VF_LOCKDOWN_UNREADABLE = -2, VF_LOCKDOWN_UNKNOWN = -1, VF_LOCKDOWN_NONE,
		   VF_LOCKDOWN_INTEGRITY, VF_LOCKDOWN_CONFIDENTIALITY };

/* /sys/kernel/security/lockdown: "none [integrity] confidentiality"; the bracketed one is active. */
enum vf_lockdown vf_lockdown_mode(const char *path_or_null);
const char *vf_lockdown_name(enum vf_lockdown l);
static inline bool vf_locked_down(enum vf_lockdown l)
{
	return l == VF_LOCKDOWN_INTEGRITY || l == VF_LOCKDOWN_CONFIDENTIALITY;
}

/* SecureBoot-8be4df61-... in efivarfs (dir NULL: the live one) holds 1 when enabled. */
bool vf_secure_boot_enabled(const char *efivars_dir_or_null);
/* The same as 1 (on), 0 (off, or no such variable: no EFI) or -1: there, but unreadable. */
int vf_secure_boot_state(const char *efivars_dir_or_null);

#endif
