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

/*
 * An image read into private memory: anonymous pages nobody else maps, so the bytes cannot
 * change after the read (a file mapping would follow later writes to the file), made
 * read-only once filled. Large files get 2 MiB-aligned memory with MADV_HUGEPAGE: on this
 * class of machine the 4 KiB page faults of an 8 MB copy cost as much as hashing it.
 */
struct vf_image_buf {
	const uint8_t *data;        /* len bytes; writable only through vf_image_buf_fill() */
	size_t len;
	void *map;                  /* the mapping (NULL: data came from malloc) */
	size_t map_len;
};

/*
 * Read the regular file open on fd, from offset 0, exactly its fstat size, into *b. SB_OK;
 * SB_E_IO with errno set on a read error, EFBIG when it is larger than max, EINVAL when fd is
 * not a regular file, EAGAIN when its size changed while it was read (another process is
 * writing it: what was read is no file's content). *b is untouched on failure.
 */
int vf_read_fd_private(int fd, struct vf_image_buf *b, size_t max);

/*
 * The same in steps, for a reader that hands out parts while the rest is read: memory for the
 * file's fstat size (same errors as above); bytes [from, to) read into it (pread, any order);
 * then, once every byte was read, the check that the file did not grow and the switch to
 * read-only. On failure of fill or seal the caller frees *b.
 */
int vf_image_buf_alloc(int fd, struct vf_image_buf *b, size_t max);
int vf_image_buf_fill(int fd, struct vf_image_buf *b, size_t from, size_t to);
int vf_image_buf_seal(int fd, struct vf_image_buf *b);
void vf_image_buf_free(struct vf_image_buf *b);

/*
 * Format a path into buf (snprintf's format), refusing truncation: a cut path names another
 * file. 0; -1 with errno ENAMETOOLONG (buf then holds no path: "" when len > 0). Every path
 * built from parts goes through it (.clang-tidy: cert-err33-c leaves snprintf to messages).
 */
int vf_path(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Read the first line of a small text file (sysfs) into buf, without the newline. SB_E_NOT_FOUND
   when it does not exist, SB_E_IO (errno set) when it cannot be opened or read, SB_E_MALFORMED
   when it is empty. */
int vf_read_line(const char *path, char *buf, size_t len);

#endif
