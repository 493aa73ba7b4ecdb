/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -e, -f and a bare load: reboot into the loaded kernel; -S: report what is loaded. */
#include <errno.h>
#include <linux/reboot.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec.h"
#include "exit-codes.h"
#include "file-io.h"
#include "lib/sb-error.h"
#include "report.h"

int kx_kexec_loaded(bool crash)
{
	char line[16];

	if (kx_read_line(crash ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded",
			 line, sizeof(line)) != SB_OK)
		return -1;
	return line[0] == '1' ? 1 : 0;
}

int kx_exec_loaded(bool do_sync)
{
	if (kx_kexec_loaded(false) != 1) {
		kx_error("Nothing has been loaded!");
		return KX_EXIT_USAGE;   /* kexec-tools die()s here, exit status 1 */
	}
	if (do_sync)
		sync();
	/* glibc's reboot() passes LINUX_REBOOT_MAGIC1/2 itself. */
	reboot(LINUX_REBOOT_CMD_KEXEC);
	kx_error("reboot(LINUX_REBOOT_CMD_KEXEC) failed: %s", strerror(errno));
	return KX_EXIT_FAILED;
}

int kx_shutdown_into_loaded(void)
{
	execl("/sbin/shutdown", "shutdown", "-r", "now", (char *)NULL);
	kx_error("cannot run /sbin/shutdown: %s", strerror(errno));
	return KX_EXIT_FAILED;
}
