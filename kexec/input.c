/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel file kexec loads: one open, private bytes, and a read lease while the file's own descriptor is in use (input.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "input.h"
#include "lib/pe.h"
#include "lib/sb-error.h"

#define IMA_XATTR_MAX 8192   /* as verifier/ima.c reads it */

/*
 * Filesystems whose contents change only through this kernel's VFS, where a lease sees every
 * writer (include/uapi/linux/magic.h). Not listed, so refused: NFS, CIFS/SMB, 9p, Ceph, FUSE
 * (a userspace or remote server can change the bytes without an open here), overlayfs (a write
 * to a layer bypasses the overlay inode), and anything unknown.
 */
static const struct {
	long magic;
	const char *name;
} local_fs[] = {
	{ 0xEF53, "ext2/3/4" },    { 0x58465342, "xfs" },     { 0x9123683E, "btrfs" },
	{ 0xF2F52010, "f2fs" },    { 0x01021994, "tmpfs" },   { 0x858458f6, "ramfs" },
	{ 0x4d44, "vfat" },        { 0x2011BAB0, "exfat" },   { 0x73717368, "squashfs" },
	{ 0xE0F5E1E2, "erofs" },   { 0x9660, "iso9660" },
};

static const char *local_fs_name(long magic)
{
	size_t i;

	for (i = 0; i < sizeof(local_fs) / sizeof(local_fs[0]); i++)
		if (local_fs[i].magic == magic)
			return local_fs[i].name;
	return NULL;
}

static int read_ima_xattr(int fd, uint8_t **out, size_t *len)
{
	uint8_t *buf = malloc(IMA_XATTR_MAX);
	ssize_t n;

	*out = NULL;
	*len = 0;
	if (!buf)
		return SB_E_NOMEM;
	n = fgetxattr(fd, "security.ima", buf, IMA_XATTR_MAX);
	if (n <= 0) {
		free(buf);
		/* ENODATA: none; ENOTSUP: no xattrs here; anything else: no IMA for us either. */
		return SB_OK;
	}
	*out = buf;
	*len = (size_t)n;
	return SB_OK;
}

int kx_input_open(struct kx_input *in, const char *path)
{
	int fd, ret, saved;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->path = path;
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->progress, NULL);
	in->sync_made = true;
	/* O_NONBLOCK: a FIFO planted at the path must not hang the open; cleared below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? SB_E_NOT_FOUND : SB_E_IO;
	if (fstat(fd, &in->st) != 0)
		goto fail;
	if (!S_ISREG(in->st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if (fcntl(fd, F_SETFL, 0) != 0)
		goto fail;
	ret = read_ima_xattr(fd, &in->ima, &in->ima_len);
	if (ret != SB_OK) {
		close(fd);
		return ret;
	}
	in->fd = fd;
	return SB_OK;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return SB_E_IO;
}

static bool __attribute__((format(printf, 2, 3))) unguarded(struct kx_input *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->why_unguarded, sizeof(in->why_unguarded), fmt, ap);
	va_end(ap);
	return false;
}

static bool same_inode(const struct stat *a, const struct stat *b, const char **what)
{
	if (a->st_dev != b->st_dev || a->st_ino != b->st_ino)
		*what = "it is another file";
	else if (a->st_size != b->st_size)
		*what = "its size changed";
	else if (a->st_mtim.tv_sec != b->st_mtim.tv_sec || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec)
		*what = "its modification time changed";
	else if (a->st_nlink != b->st_nlink)
		*what = "its link count changed (renamed over, unlinked or linked)";
	else if (a->st_uid != b->st_uid || a->st_gid != b->st_gid || a->st_mode != b->st_mode)
		*what = "its owner or mode changed";
	else if (a->st_ctim.tv_sec != b->st_ctim.tv_sec || a->st_ctim.tv_nsec != b->st_ctim.tv_nsec)
		*what = "its inode changed (ctime: extended attributes, owner, mode or links)";
	else
		return true;
	return false;
}

bool kx_input_guard(struct kx_input *in)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct statfs sfs;
	struct stat now;
	const char *what = "fstat failed";

	if (in->st.st_uid != 0)
		return unguarded(in, "it is owned by uid %u, not root", (unsigned)in->st.st_uid);
	if (in->st.st_mode & (S_IWGRP | S_IWOTH))
		return unguarded(in, "it is writable by %s", (in->st.st_mode & S_IWOTH) ? "everyone" :
				 "its group");
	if (fstatfs(in->fd, &sfs) != 0)
		return unguarded(in, "its filesystem cannot be identified (fstatfs: %s)", strerror(errno));
	if (!local_fs_name((long)sfs.f_type)) {
		return unguarded(in, "it is on a filesystem (magic 0x%lx) that can change it without a "
				 "local open (network, FUSE, overlay or unknown)", (unsigned long)sfs.f_type);
	}
	/* A broken lease sends SIGIO (fcntl(2), F_SETLEASE), whose default action ends the process;
	   kexec polls F_GETLEASE instead. */
	if (sigaction(SIGIO, &ign, &in->old_sigio) != 0)
		return unguarded(in, "SIGIO cannot be ignored (%s)", strerror(errno));
	in->sigio_saved = true;
	if (fcntl(in->fd, F_SETLEASE, F_RDLCK) != 0) {
		int err = errno;

		if (err == EAGAIN)
			return unguarded(in, "another process has it open for writing (no read lease: "
					 "%s)", strerror(err));
		return unguarded(in, "no read lease can be taken on it (F_SETLEASE: %s; fs.leases-enable "
				 "off, or the filesystem does not support leases)", strerror(err));
	}
	/* Between our open and the lease a writer may have come and gone. */
	if (fstat(in->fd, &now) != 0 || !same_inode(&in->st, &now, &what)) {
		fcntl(in->fd, F_SETLEASE, F_UNLCK);
		return unguarded(in, "it changed while it was being opened (%s)", what);
	}
	in->guarded = true;
	in->why_unguarded[0] = '\0';
	return true;
}

#define CHUNK ((size_t)512 << 10)   /* the hasher follows the reader in steps of this */

static void publish(struct kx_input *in, size_t prefix, bool tail, bool done)
{
	pthread_mutex_lock(&in->lock);
	in->prefix = prefix;
	in->tail_in |= tail;
	in->read_done |= done;
	pthread_cond_broadcast(&in->progress);
	pthread_mutex_unlock(&in->lock);
}

/* First chunk, last chunk, then the middle in order; any error ends the read. */
static void *reader(void *arg)
{
	struct kx_input *in = arg;
	size_t len = in->buf.len, head = len < CHUNK ? len : CHUNK;
	size_t tail = len - head > CHUNK ? len - CHUNK : head, off;
	int ret;

	ret = vf_image_buf_fill(in->fd, &in->buf, 0, head);
	if (ret == SB_OK)
		ret = vf_image_buf_fill(in->fd, &in->buf, tail, len);
	if (ret == SB_OK)
		publish(in, head, true, false);
	for (off = head; ret == SB_OK && off < tail; off += CHUNK) {
		size_t end = tail - off > CHUNK ? off + CHUNK : tail;

		ret = vf_image_buf_fill(in->fd, &in->buf, off, end);
		if (ret == SB_OK)
			publish(in, end, false, false);
	}
	if (ret == SB_OK)
		ret = vf_image_buf_seal(in->fd, &in->buf);
	in->read_ret = ret;
	in->read_errno = errno;
	publish(in, ret == SB_OK ? len : in->prefix, true, true);
	return NULL;
}

/* Wait until the reader got past `prefix` (or finished); returns what is read in order. */
static size_t wait_for(struct kx_input *in, size_t prefix, bool need_tail, bool *done)
{
	size_t p;

	pthread_mutex_lock(&in->lock);
	while (!in->read_done && (in->prefix <= prefix || (need_tail && !in->tail_in)))
		pthread_cond_wait(&in->progress, &in->lock);
	p = in->prefix;
	*done = in->read_done;
	pthread_mutex_unlock(&in->lock);
	return p;
}

/*
 * Hash behind the reader. The early parse sees the headers and the certificate table (first
 * and last chunk) but zeros elsewhere; vf_stream_finish() proves against the parse of the
 * complete buffer that the same bytes were hashed, so a wrong early parse costs only the
 * speed-up. A file that is no PE gets no digests: the verifier reports it.
 */
static void *hasher(void *arg)
{
	struct kx_input *in = arg;
	struct vf_stream st = { 0 };
	struct pe_image pe;
	bool done = false, streaming;
	size_t avail;

	avail = wait_for(in, 0, true, &done);
	/* No certificate table: an IMA signature may decide, over the plain file digest. */
	streaming = !done && pe_parse(in->buf.data, in->buf.len, PE_LAYOUT_FILE, &pe) == SB_OK &&
		    vf_stream_plan(&st, &pe, pe.cert_size == 0) == SB_OK;
	while (streaming && !done) {
		vf_stream_update(&st, in->buf.data, avail);
		avail = wait_for(in, avail, false, &done);
	}
	pthread_mutex_lock(&in->lock);
	done = in->read_ret == SB_OK;
	pthread_mutex_unlock(&in->lock);
	if (!done || pe_parse(in->buf.data, in->buf.len, PE_LAYOUT_FILE, &pe) != SB_OK) {
		vf_stream_free(&st);
		return NULL;
	}
	if (streaming) {
		vf_stream_update(&st, in->buf.data, in->buf.len);
		if (vf_stream_finish(&st, &pe, &in->digests, &in->file_digests) == SB_OK) {
			in->have_digests = true;
			in->have_file_digests = in->file_digests.algs != 0;
			in->digests_how = "while it was read";
			return NULL;
		}
	}
	in->have_digests = vf_authenticode_digests(&pe, ESL_ALG_BIT(ESL_ALG_SHA256), &in->digests) == SB_OK;
	in->digests_how = "after the read";
	return NULL;
}

int kx_input_read_start(struct kx_input *in, size_t max)
{
	int ret;

	ret = vf_image_buf_alloc(in->fd, &in->buf, max);
	if (ret != SB_OK) {
		in->read_ret = ret;
		in->read_errno = errno;
		return ret;
	}
	in->reading = pthread_create(&in->reader, NULL, reader, in) == 0;
	if (!in->reading) {
		reader(in);
		hasher(in);
		return SB_OK;
	}
	in->hashing = pthread_create(&in->hasher, NULL, hasher, in) == 0;
	return SB_OK;
}

int kx_input_read_wait(struct kx_input *in)
{
	if (in->reading) {
		pthread_join(in->reader, NULL);
		in->reading = false;
		if (in->hashing)
			pthread_join(in->hasher, NULL);
		else
			hasher(in);
		in->hashing = false;
	}
	errno = in->read_errno;
	return in->read_ret;
}

bool kx_input_unchanged(const struct kx_input *in, char *why, size_t len)
{
	uint8_t *ima = NULL;
	size_t ima_len = 0;
	struct stat now;
	const char *what;
	bool same;
	int lease;

	lease = fcntl(in->fd, F_GETLEASE);
	if (lease != F_RDLCK) {
		snprintf(why, len, "it was opened for writing or truncated after kexec opened it (the "
			 "read lease kexec took before reading it is %s)", lease < 0 ? "unreadable" : "broken");
		return false;
	}
	if (fstat(in->fd, &now) != 0) {
		snprintf(why, len, "fstat failed: %s", strerror(errno));
		return false;
	}
	if (!same_inode(&in->st, &now, &what)) {
		snprintf(why, len, "%s after kexec opened it", what);
		return false;
	}
	if (read_ima_xattr(in->fd, &ima, &ima_len) != SB_OK) {
		snprintf(why, len, "its security.ima cannot be read again");
		return false;
	}
	same = ima_len == in->ima_len && (ima_len == 0 || memcmp(ima, in->ima, ima_len) == 0);
	free(ima);
	if (!same) {
		snprintf(why, len, "its security.ima changed after kexec opened it");
		return false;
	}
	return true;
}

void kx_input_close(struct kx_input *in)
{
	if (in->reading)
		kx_input_read_wait(in);
	if (in->buf.data)
		vf_image_buf_free(&in->buf);
	if (in->fd >= 0) {
		if (in->guarded)
			fcntl(in->fd, F_SETLEASE, F_UNLCK);
		close(in->fd);
		in->fd = -1;
	}
	/* After the lease is gone no SIGIO can come from it: give back the old disposition. */
	if (in->sigio_saved)
		sigaction(SIGIO, &in->old_sigio, NULL);
	in->sigio_saved = false;
	in->guarded = false;
	if (in->sync_made) {
		pthread_cond_destroy(&in->progress);
		pthread_mutex_destroy(&in->lock);
		in->sync_made = false;
	}
	free(in->ima);
	in->ima = NULL;
}
