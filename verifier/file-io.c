/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading whole files (images, signature lists, efivarfs and sysfs attributes) with a size limit. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sb-error.h"
#include "verifier/file-io.h"

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
		fclose(f);
		errno = saved;
		return ret;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return SB_OK;
}
