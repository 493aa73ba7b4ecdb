/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line handed to the new kernel: --append/--command-line and --reuse-cmdline. */
#ifndef KX_CMDLINE_H
#define KX_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * --reuse-cmdline: the running kernel's command line without BOOT_IMAGE= (a boot loader
 * artefact) and, for a crash kernel (-p), without crashkernel= (the capture kernel must not
 * reserve memory again), as kexec-tools does. Words are split at spaces; quoted values that
 * contain spaces are kept whole. Returns 0, or -1 when out is too small.
 */
int kx_cmdline_filter(const char *in, bool crash, char *out, size_t outlen);

/*
 * Final command line: the filtered /proc/cmdline (with reuse) followed by --append, joined by
 * one space. Returns a malloc'd string ("" when neither is given) or NULL on error.
 */
char *kx_cmdline_build(bool reuse, bool crash, const char *append, const char *proc_cmdline_path);

#endif
