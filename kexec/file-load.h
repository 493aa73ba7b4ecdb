/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_file_load(2): load (from the verified bytes), unload; and what its errors mean. */
#ifndef KX_FILE_LOAD_H
#define KX_FILE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* include/uapi/linux/kexec.h */
#define KX_KEXEC_FILE_UNLOAD       0x00000001
#define KX_KEXEC_FILE_ON_CRASH     0x00000002
#define KX_KEXEC_FILE_NO_INITRAMFS 0x00000004

/*
 * Load `kernel` (the very bytes that were verified: they go to the kernel through a sealed
 * memfd, so the file cannot change between our check and the kernel's) with the initrd file
 * and command line. Returns 0 or an errno value.
 */
int kx_file_load(const uint8_t *kernel, size_t len, const char *initrd, const char *cmdline,
		 bool crash);

/* Unload the normal or crash kernel with KEXEC_FILE_UNLOAD. Returns 0 or an errno value. */
int kx_file_unload(bool crash);

/* The errors after which -a may try kexec_load(2): the kernel could not handle the image. */
bool kx_file_load_may_fall_back(int err);

/* The errors that mean the kernel refused the image's signature. */
bool kx_file_load_signature_refused(int err);

/* kexec_load(2) with no segments: unload (the one kexec_load use that needs no purgatory). */
int kx_load_unload(bool crash);

/* /sys/kernel/kexec_crash_size > 0 (or unknown): is there a crashkernel= reservation? */
bool kx_crash_memory_reserved(void);

#endif
