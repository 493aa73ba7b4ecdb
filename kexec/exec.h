/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -e, -f and a bare load: reboot into the loaded kernel; -S: report what is loaded. */
#ifndef KX_EXEC_H
#define KX_EXEC_H

#include <stdbool.h>

/* 1 when the normal (or crash) slot holds a kernel, 0 when not, -1 when unknown. */
int kx_kexec_loaded(bool crash);

/* sync() (unless told not to), then reboot(LINUX_REBOOT_CMD_KEXEC). Returns only on failure. */
int kx_exec_loaded(bool do_sync);

/* A bare `kexec KERNEL`: let init shut down (kexec-tools runs `shutdown -r now`). */
int kx_shutdown_into_loaded(void);

#endif
