/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the running system enforces: Secure Boot (efivarfs) and kernel lockdown (securityfs). */
#ifndef KX_SYSTEM_STATE_H
#define KX_SYSTEM_STATE_H

#include <stdbool.h>

enum kx_lockdown { KX_LOCKDOWN_UNKNOWN = -1, KX_LOCKDOWN_NONE, KX_LOCKDOWN_INTEGRITY,
		   KX_LOCKDOWN_CONFIDENTIALITY };

/* /sys/kernel/security/lockdown: "none [integrity] confidentiality"; the bracketed one is active. */
enum kx_lockdown kx_lockdown_mode(const char *path_or_null);
const char *kx_lockdown_name(enum kx_lockdown l);

/* SecureBoot-8be4df61-... in efivarfs: 4 attribute bytes, then 1 when enabled. */
bool kx_secure_boot_enabled(const char *efivars_dir_or_null);

#endif
