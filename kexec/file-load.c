/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec_file_load(2): load verified files or bytes (struct kx_blob), unload; and what its errors mean. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "file-io.h"
#include "file-load.h"
#include "lib/sb-error.h"
#include "report.h"

/* include/uapi/linux/kexec.h: kexec_load flags and the arch field. */
#define KX_KEXEC_ON_CRASH   0x00000001
#define KX_KEXEC_ARCH_X86_64 (62 << 16)

static int copy_to_sealed_memfd(const char *name, const uint8_t *data, size_t len)
{
	size_t off = 0;
	int fd, saved;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	/* After this nobody, us included, can change what the kernel reads. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* The descriptor the kernel reads `b` from: b->fd itself, or a sealed memfd (*owned set);
   -errno on failure. */
static int blob_fd(const struct kx_blob *b, const char *memfd_name, bool *owned)
{
	int fd, err;

	*owned = false;
	if (b->fd >= 0)
		return b->fd;
	fd = copy_to_sealed_memfd(memfd_name, b->data, b->len);
	if (fd < 0) {
		err = errno;
		kx_error("%s: cannot copy it into a sealed memfd: %s", b->path, strerror(err));
		return -err;
	}
	*owned = true;
	return fd;
}

int kx_file_load(const struct kx_blob *kernel, const struct kx_blob *initrd,
		 const char *cmdline, bool crash, unsigned long extra_flags)
{
	unsigned long flags = (crash ? KX_KEXEC_FILE_ON_CRASH : 0) | extra_flags;
	unsigned long cmdline_len = cmdline && cmdline[0] ? strlen(cmdline) + 1 : 0;
	bool kown = false, iown = false;
	int kfd, ifd = -1, err = 0;

	kfd = blob_fd(kernel, "kexec-verified-kernel", &kown);
	if (kfd < 0)
		return -kfd;
	if (initrd) {
		ifd = blob_fd(initrd, "kexec-verified-initrd", &iown);
		if (ifd < 0) {
			err = -ifd;
			goto out;
		}
	} else {
		flags |= KX_KEXEC_FILE_NO_INITRAMFS;
	}
	for (;;) {
		kx_debug("kexec_file_load(kernel fd %d (%s%s), initrd fd %d (%s%s), cmdline_len %lu, "
			 "\"%s\", flags 0x%lx)", kfd, kown ? "sealed memfd of " : "", kernel->path, ifd,
			 iown ? "sealed memfd of " : "", initrd ? initrd->path : "none", cmdline_len,
			 cmdline ? cmdline : "", flags);
		err = 0;
		if (syscall(SYS_kexec_file_load, kfd, ifd, cmdline_len, cmdline_len ? cmdline : NULL,
			    flags) != 0)
			err = errno;
		/* kernel/kexec_file.c checks the flags before anything else and answers EINVAL to
		   one it does not know (Debian 12's 6.1 does not know KEXEC_FILE_DEBUG). A later EINVAL
		   (a bad image) comes back again without the flag and is returned then. */
		if (err != EINVAL || !(flags & KX_KEXEC_FILE_DEBUG))
			break;
		kx_warn("kexec_file_load: the kernel refused the KEXEC_FILE_DEBUG flag (EINVAL: it "
			"predates the flag), so it prints no kexec_file_load debug output; retrying without it");
		flags &= ~(unsigned long)KX_KEXEC_FILE_DEBUG;
	}
out:
	if (iown)
		close(ifd);
	if (kown)
		close(kfd);
	return err;
}

int kx_file_unload(bool crash)
{
	unsigned long flags = KX_KEXEC_FILE_UNLOAD | (crash ? KX_KEXEC_FILE_ON_CRASH : 0);

	kx_debug("kexec_file_load(-1, -1, 0, NULL, flags 0x%lx)", flags);
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, flags) != 0)
		return errno;
	return 0;
}

int kx_load_unload(bool crash)
{
	unsigned long flags = KX_KEXEC_ARCH_X86_64 | (crash ? KX_KEXEC_ON_CRASH : 0);

	kx_debug("kexec_load(0, 0, NULL, flags 0x%lx)", flags);
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, flags) != 0)
		return errno;
	return 0;
}

bool kx_file_load_may_fall_back(int err)
{
	/* kexec-tools' list: the image or the syscall is not supported; never EPERM or a key error. */
	return err == ENOSYS || err == EINVAL || err == ENOEXEC || err == EOPNOTSUPP;
}

bool kx_file_load_signature_refused(int err)
{
	/* crypto/asymmetric_keys: -ENOKEY no key, -EKEYREJECTED bad signature, -ELIBBAD/-EBADMSG
	   unparsable signature, -ENOPKG unsupported algorithm, -EMSGSIZE bad length;
	   kexec_image_verify_sig_default(): -ENODATA/-EPERM when unsigned and signatures required. */
	switch (err) {
	case ENOKEY: case EKEYREJECTED: case EKEYREVOKED: case ELIBBAD: case EBADMSG:
	case ENOPKG: case EMSGSIZE: case ENODATA:
		return true;
	default:
		return false;
	}
}

bool kx_crash_memory_reserved(void)
{
	char line[64];

	if (kx_read_line("/sys/kernel/kexec_crash_size", line, sizeof(line)) != SB_OK)
		return true;   /* unknown: let the kernel say */
	return strtoull(line, NULL, 0) > 0;
}
