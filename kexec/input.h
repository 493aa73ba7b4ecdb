/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel file kexec loads: opened once, read into private memory, and, when the file's own descriptor goes to the kernel, kept from changing (read lease) from before the read until after the load. */
#ifndef KX_INPUT_H
#define KX_INPUT_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "verifier/digest.h"
#include "verifier/file-io.h"

/*
 * Two ways to hand verified bytes to kexec_file_load(2) (struct kx_blob, file-load.h):
 *  - a sealed memfd copy of the private buffer: nothing can change it, but IMA appraises the
 *    memfd, which has no security.ima;
 *  - the file's own descriptor, which IMA can appraise. The kernel itself keeps writers away
 *    only while it reads (kernel_read_file(): deny_write_access(), ETXTBSY when a writer has it
 *    open). kx_input_guard() extends that back to before our read: it takes a read lease
 *    (F_SETLEASE F_RDLCK), which the kernel grants only when nobody has the file open for
 *    writing and breaks when anyone opens it for writing or truncates it (the opener holds write
 *    access and waits: fs/open.c do_dentry_open() takes it, then break_lease()). An unbroken
 *    lease after the load means no writer, from before our read to after the kernel's.
 *    kx_input_unchanged() checks that, and that the inode (size, times, links, owner, mode,
 *    security.ima) is the one we opened.
 */
struct kx_input {
	const char *path;
	int fd;
	struct stat st;             /* at open */
	uint8_t *ima;               /* security.ima at open (NULL: none) */
	size_t ima_len;
	struct vf_image_buf buf;    /* the bytes verified (after kx_input_read_wait) */
	bool guarded;               /* kx_input_guard() succeeded: the lease is held */
	char why_unguarded[256];    /* when it did not: why */
	struct sigaction old_sigio; /* SIGIO disposition before the lease (restored on close) */
	bool sigio_saved;
	/* kx_input_read_start(): a reader thread fills buf in chunks (first and last chunk first,
	   so the PE headers and certificate table are in early), a hasher thread hashes it behind
	   the reader (vf_stream_*), while the caller sets up the verifier. */
	pthread_t reader, hasher;
	bool reading, hashing;
	pthread_mutex_t lock;
	pthread_cond_t progress;
	bool sync_made;             /* lock and progress exist */
	size_t read_max;
	size_t prefix;              /* [0, prefix) is read (under lock) */
	bool tail_in, read_done;    /* the last chunk is read; the reader finished */
	int read_ret, read_errno;
	/* The Authenticode SHA-256 of buf, for struct vf_image.digests; have_digests false when
	   buf is no PE or the stream could not be proven (the verifier then hashes it itself). */
	struct vf_digests digests, file_digests;   /* file: the plain SHA-256, for IMA, when the
	                                             image has no certificate table */
	bool have_digests, have_file_digests;
	const char *digests_how;    /* "while it was read" / "after the read" (for -d) */
};

/*
 * Open `path` (O_RDONLY|O_CLOEXEC|O_NOCTTY; symbolic links are followed once, at this open:
 * kdump-tools loads /var/lib/kdump/vmlinuz, a link, and whatever file this open reaches is the
 * one verified), refuse anything but a regular file, record its inode and security.ima.
 * SB_OK; SB_E_NOT_FOUND; SB_E_IO with errno (EINVAL: not a regular file).
 */
int kx_input_open(struct kx_input *in, const char *path);

/*
 * May the file's own descriptor be passed to the kernel? Only for a regular file owned by root
 * that nobody else may write (no group or other write bit; with POSIX ACLs those bits are the
 * mask), on a local filesystem (network and FUSE filesystems can change behind the local
 * kernel's back), with a read lease granted before any byte was read. true with the lease held;
 * false with in->why_unguarded set (and no lease). Call before kx_input_read_start().
 */
bool kx_input_guard(struct kx_input *in);

/* Read the whole file into private memory (verifier/file-io.h) and hash it as a PE image,
   in two threads so the caller can set up the verifier meanwhile (in the calling thread, read
   then hash, when no thread can be made). SB_OK, or the allocation's error (errno set). */
int kx_input_read_start(struct kx_input *in, size_t max);
/* Wait for it: SB_OK with in->buf filled, or the read's SB_E_* code with errno set. */
int kx_input_read_wait(struct kx_input *in);

/* Guarded inputs: is the lease unbroken and the inode as it was at open? false with why set. */
bool kx_input_unchanged(const struct kx_input *in, char *why, size_t len);

/* Release everything (lease, descriptor, buffer); safe after any kx_input_open(), failed or not. */
void kx_input_close(struct kx_input *in);

#endif
