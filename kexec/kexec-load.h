/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_load(2) with the built-in purgatory: gather the system state, plan the x86_64 segments, load. */
#ifndef KX_KEXEC_LOAD_H
#define KX_KEXEC_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

/*
 * Load the bzImage `image` (the very bytes that were verified) with the initrd bytes (NULL: none;
 * the caller read them, once) and command line via kexec_load(2), KEXEC_ARCH_X86_64
 * (| KEXEC_ON_CRASH for -p). Reads /proc/iomem (or
 * /sys/firmware/memmap), /sys/kernel/boot_params/data, /sys/firmware/efi/..., and for -p the
 * crash notes, vmcoreinfo, /proc/kallsyms and /proc/kcore. With o->dry_run prints the plan
 * instead of loading. Returns a KX_EXIT_* code; every failure is printed.
 */
int kx_kexec_load(const struct kx_opts *o, const uint8_t *image, size_t len, const uint8_t *initrd,
		  size_t initrd_len, const char *cmdline);

#endif
