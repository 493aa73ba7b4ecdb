/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading whole files (images, signature lists, sysfs attributes) with a size limit. */
#ifndef KX_FILE_IO_H
#define KX_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read `path` into a new buffer (NUL-terminated one past *len, for text). SB_E_NOT_FOUND when it
 * does not exist, SB_E_IO (errno set) on other errors or when it is larger than max.
 * *buf and *len are untouched on failure.
 */
int kx_read_file(const char *path, uint8_t **buf, size_t *len, size_t max);

/* Read the first line of a small text file (sysfs) into buf, without the newline. */
int kx_read_line(const char *path, char *buf, size_t len);

#endif
