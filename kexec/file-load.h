/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_file_load(2): load verified files or bytes (struct kx_blob), unload; and what its errors mean. */
#ifndef KX_FILE_LOAD_H
#define KX_FILE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* include/uapi/linux/kexec.h */
#define KX_KEXEC_FILE_UNLOAD       0x00000001
#define KX_KEXEC_FILE_ON_CRASH     0x00000002
#define KX_KEXEC_FILE_NO_INITRAMFS 0x00000004
#define KX_KEXEC_FILE_DEBUG        0x00000008   /* newer kernels (2023 series, with kexec-tools 2.0.29) */

/* One input of kexec_file_load(2): a file we verified (its descriptor is passed, so IMA can
   appraise the file itself) or bytes we verified (passed through a sealed memfd). */
struct kx_blob {
	const char *path;      /* for messages: the file, or e.g. "UKI .initrd of /boot/x.efi" */
	int fd;                /* >= 0: pass this descriptor */
	const uint8_t *data;   /* fd < 0: these bytes */
	size_t len;
};

/*
 * kexec_file_load(2) of `kernel` and `initrd` (NULL: KEXEC_FILE_NO_INITRAMFS) with the command
 * line, into the crash slot when `crash`, with `extra_flags` added to the flags. A blob with
 * fd < 0 is copied into a memfd that is sealed (no write, grow, shrink, further seals) before
 * the call, so nobody, this process included, can change what the kernel reads after the
 * bytes were verified; a blob with fd >= 0 is passed as it is (the caller answers for what
 * that file holds). When the kernel answers EINVAL to KX_KEXEC_FILE_DEBUG in extra_flags
 * (a kernel that predates the flag), the call is made once more without it, with a warning that says so.
 * Returns 0 or an errno value.
 */
int kx_file_load(const struct kx_blob *kernel, const struct kx_blob *initrd,
		 const char *cmdline, bool crash, unsigned long extra_flags);

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
