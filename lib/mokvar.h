/* SPDX-License-Identifier: GPL-2.0-or-later */
/* shim's MOK variable config table: bounded parsing, entry lookup and rebuilding with one entry changed. */
#ifndef SB_MOKVAR_H
#define SB_MOKVAR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Format (shim mok.c, Linux drivers/firmware/efi/mokvar-table.c): entries packed back to back,
 *   struct { char name[256]; uint64_t data_size; uint8_t data[data_size]; }
 * (no padding, data_size little-endian), ended by an entry whose name[0] == 0 and data_size == 0
 * (the terminator is the 264-byte header only). It lives in one EfiRuntimeServicesData
 * allocation installed with InstallConfigurationTable under SB_GUID_MOK_VARIABLE_TABLE.
 * The table carries no length of its own: like the kernel, callers bound it by the memory it
 * sits in (`avail`, e.g. the rest of its EFI memory descriptor).
 */
#define MOKVAR_NAME_SIZE    256
#define MOKVAR_HEADER_SIZE  (MOKVAR_NAME_SIZE + 8)

struct mokvar_entry {
	const char *name;           /* NUL-terminated inside the table */
	const uint8_t *data;
	size_t len;
};

/*
 * Validate a table at tbl[0..avail): every header and payload inside avail, every name
 * NUL-terminated within 256 bytes and non-empty, a terminator present, no duplicate names.
 * On success *size is the table's length including the terminator. SB_E_MALFORMED otherwise.
 */
int mokvar_validate(const uint8_t *tbl, size_t avail, size_t *size);

/*
 * Iterate a validated table of `size` bytes: *cursor starts at 0; returns 1 with *out set,
 * 0 at the terminator, negative when malformed (re-checks, so safe on any buffer).
 */
int mokvar_next(const uint8_t *tbl, size_t size, size_t *cursor, struct mokvar_entry *out);

/* Find entry `name`; SB_E_NOT_FOUND when absent, *out untouched. */
int mokvar_find(const uint8_t *tbl, size_t size, const char *name, struct mokvar_entry *out);

/*
 * Size of the table `tbl` (validated, `size` bytes; NULL/0 for "no table") with entry `name`'s
 * data replaced by data_len bytes (or appended before the terminator when absent). Returns 0
 * and sets *out_size, or a negative code (overflow, bad name, malformed table).
 */
int mokvar_rebuild_size(const uint8_t *tbl, size_t size, const char *name, size_t data_len,
			size_t *out_size);

/*
 * Write that table into out[0..out_len): other entries copied byte for byte and in order,
 * `name` at its old position (or last), then the all-zero terminator. Returns 0, or
 * SB_E_BUFFER_SMALL / SB_E_MALFORMED with out left untouched.
 */
int mokvar_rebuild(const uint8_t *tbl, size_t size, const char *name, const uint8_t *data,
		   size_t data_len, uint8_t *out, size_t out_len);

#endif
