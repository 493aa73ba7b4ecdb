/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading whole files (images, signature lists, efivarfs and sysfs attributes) with a size limit. */
#ifndef VF_FILE_IO_H
#define VF_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read `path` into a new buffer (NUL-terminated one past *len, for text). SB_E_NOT_FOUND when it
 * does not exist, SB_E_IO (errno set) on other errors or when it is larger than max.
 * *buf and *len are untouched on failure.
 */
int vf_read_file(const char *path, uint8_t **buf, size_t *len, size_t max);

/* The same from an open descriptor, from its current offset to EOF (the caller keeps fd open,
   e.g. to read the xattrs of the very file it read the bytes of). */
int vf_read_fd(int fd, uint8_t **buf, size_t *len, size_t max);

/* Read the first line of a small text file (sysfs) into buf, without the newline. SB_E_NOT_FOUND
   when it does not exist, SB_E_IO (errno set) when it cannot be opened or read, SB_E_MALFORMED
   when it is empty. */
int vf_read_line(const char *path, char *buf, size_t len);

#endif
