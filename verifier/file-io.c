/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading whole files (images, signature lists, efivarfs and sysfs attributes) with a size limit. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sb-error.h"
#include "verifier/file-io.h"

int vf_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		if (len)
			buf[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int vf_read_fd(int fd, uint8_t **buf, size_t *len, size_t max)
{
	uint8_t *data = NULL, *grown;
	size_t size = 0, cap = 0, first = 65536;
	struct stat st;
	ssize_t n;
	int ret = SB_E_IO, saved;

	/* A regular file's size is a good first guess (one allocation, one read for a kernel)... */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < max)
		first = (size_t)st.st_size + 1;
	/* ...but read to EOF rather than trusting st_size: sysfs/efivarfs sizes are not reliable. */
	for (;;) {
		if (size == cap) {
			size_t ncap = cap ? cap * 2 : first;

			if (cap > max) {
				errno = EFBIG;
				goto out;
			}
			grown = realloc(data, ncap + 1);
			if (!grown)
				goto out;
			data = grown;
			cap = ncap;
		}
		n = read(fd, data + size, cap - size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		size += (size_t)n;
		if (size > max) {
			errno = EFBIG;
			goto out;
		}
	}
	if (!data && !(data = malloc(1)))
		goto out;
	data[size] = '\0';
	*buf = data;
	*len = size;
	data = NULL;
	ret = SB_OK;
out:
	saved = errno;
	free(data);
	errno = saved;
	return ret;
}

#define HUGE_SIZE ((size_t)2 << 20)
#define HUGE_MIN  ((size_t)1 << 20)    /* below this, malloc: no page-fault cost worth a mapping */

/* n bytes of anonymous memory at a 2 MiB boundary (huge pages when the kernel allows), or NULL. */
static void *map_aligned(size_t n, size_t *map_len)
{
	size_t len = (n + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1), slack;
	uint8_t *raw, *p;

	raw = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	p = (uint8_t *)(((uintptr_t)raw + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
	slack = (size_t)(p - raw);
	if (slack)
		munmap(raw, slack);
	munmap(p + len, HUGE_SIZE - slack);
	/* Advice only: without THP (or with it off) the pages are simply 4 KiB ones. */
	(void)madvise(p, len, MADV_HUGEPAGE);
	*map_len = len;
	return p;
}

int vf_image_buf_alloc(int fd, struct vf_image_buf *b, size_t max)
{
	struct stat st;
	size_t len, map_len = 0;
	void *p;

	if (fstat(fd, &st) != 0)
		return SB_E_IO;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return SB_E_IO;
	}
	if (st.st_size < 0 || (uint64_t)st.st_size > max) {
		errno = EFBIG;
		return SB_E_IO;
	}
	len = (size_t)st.st_size;
	p = len >= HUGE_MIN ? map_aligned(len, &map_len) : malloc(len ? len : 1);
	if (!p)
		return SB_E_NOMEM;
	b->data = p;
	b->len = len;
	b->map = len >= HUGE_MIN ? p : NULL;
	b->map_len = map_len;
	return SB_OK;
}

int vf_image_buf_fill(int fd, struct vf_image_buf *b, size_t from, size_t to)
{
	uint8_t *p = (uint8_t *)b->data;
	ssize_t n;

	if (from > to || to > b->len) {
		errno = EINVAL;
		return SB_E_IO;
	}
	while (from < to) {
		n = pread(fd, p + from, to - from, (off_t)from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EAGAIN;   /* shorter than fstat said: it shrank meanwhile */
			return SB_E_IO;
		}
		from += (size_t)n;
	}
	return SB_OK;
}

int vf_image_buf_seal(int fd, struct vf_image_buf *b)
{
	uint8_t probe;
	ssize_t n;

	/* One byte more must be the end of file, or it grew while we read. */
	do
		n = pread(fd, &probe, 1, (off_t)b->len);
	while (n < 0 && errno == EINTR);
	if (n != 0) {
		if (n > 0)
			errno = EAGAIN;
		return SB_E_IO;
	}
	if (b->map && mprotect(b->map, b->map_len, PROT_READ) != 0)
		return SB_E_IO;
	return SB_OK;
}

int vf_read_fd_private(int fd, struct vf_image_buf *b, size_t max)
{
	struct vf_image_buf t;
	int ret, saved;

	ret = vf_image_buf_alloc(fd, &t, max);
	if (ret != SB_OK)
		return ret;
	ret = vf_image_buf_fill(fd, &t, 0, t.len);
	if (ret == SB_OK)
		ret = vf_image_buf_seal(fd, &t);
	if (ret != SB_OK) {
		saved = errno;
		vf_image_buf_free(&t);
		errno = saved;
		return ret;
	}
	*b = t;
	return SB_OK;
}

void vf_image_buf_free(struct vf_image_buf *b)
{
	if (b->map)
		munmap(b->map, b->map_len);
	else
		free((void *)b->data);
	memset(b, 0, sizeof(*b));
}

int vf_read_file(const char *path, uint8_t **buf, size_t *len, size_t max)
{
	int fd, ret, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? SB_E_NOT_FOUND : SB_E_IO;
	ret = vf_read_fd(fd, buf, len, max);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int vf_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char *nl;
	int ret, saved;

	if (!f)
		return errno == ENOENT ? SB_E_NOT_FOUND : SB_E_IO;
	if (!fgets(buf, (int)len, f)) {
		/* A read error is not an empty file: callers treat them differently. */
		ret = ferror(f) ? SB_E_IO : SB_E_MALFORMED;
		saved = errno;
		(void)fclose(f);     /* a read stream: nothing to lose */
		errno = saved;
		return ret;
	}
	(void)fclose(f);     /* a read stream: nothing to lose */
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return SB_OK;
}
