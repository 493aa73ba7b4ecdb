// SPDX-License-Identifier: GPL-2.0-or-later
/* shim's MOK variable config table: bounded parsing, entry lookup and rebuilding (see mokvar.h). */
#include "byteorder.h"
#include "mokvar.h"
#include "sb-error.h"
#include "sb-string.h"

/* Length of a name inside its 256-byte field, or MOKVAR_NAME_SIZE when it has no NUL. */
static size_t name_len(const uint8_t *field)
{
	size_t n = 0;

	while (n < MOKVAR_NAME_SIZE && field[n])
		n++;
	return n;
}

int mokvar_next(const uint8_t *tbl, size_t size, size_t *cursor, struct mokvar_entry *out)
{
	size_t off = *cursor, nlen;
	uint64_t dsize;

	if (off > size || MOKVAR_HEADER_SIZE > size - off)
		return SB_E_MALFORMED;
	nlen = name_len(tbl + off);
	dsize = sb_get_le64(tbl + off + MOKVAR_NAME_SIZE);
	if (nlen == 0) {
		/* The kernel stops at name[0] == 0 only together with data_size == 0. */
		if (dsize != 0)
			return SB_E_MALFORMED;
		return 0;
	}
	if (nlen == MOKVAR_NAME_SIZE)
		return SB_E_MALFORMED;
	off += MOKVAR_HEADER_SIZE;
	if (dsize > size - off)
		return SB_E_MALFORMED;
	out->name = (const char *)(tbl + *cursor);
	out->data = tbl + off;
	out->len = (size_t)dsize;
	*cursor = off + (size_t)dsize;
	return 1;
}

int mokvar_validate(const uint8_t *tbl, size_t avail, size_t *size)
{
	size_t cursor = 0;
	struct mokvar_entry e;
	int rc;

	if (!tbl)
		return SB_E_MALFORMED;
	while ((rc = mokvar_next(tbl, avail, &cursor, &e)) == 1) {
		/* A second entry of the same name would make "which one is MokListRT" ambiguous. */
		size_t c2 = 0;
		struct mokvar_entry e2;

		while (c2 < cursor - MOKVAR_HEADER_SIZE - e.len &&
		       mokvar_next(tbl, avail, &c2, &e2) == 1) {
			if (strlen(e2.name) == strlen(e.name) &&
			    memcmp(e2.name, e.name, strlen(e.name)) == 0)
				return SB_E_MALFORMED;
		}
	}
	if (rc < 0)
		return rc;
	/* cursor is the terminator's offset; mokvar_next checked its header is inside avail. */
	*size = cursor + MOKVAR_HEADER_SIZE;
	return 0;
}

static int name_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && memcmp(a, b, la) == 0;
}

int mokvar_find(const uint8_t *tbl, size_t size, const char *name, struct mokvar_entry *out)
{
	size_t cursor = 0;
	struct mokvar_entry e;
	int rc;

	while ((rc = mokvar_next(tbl, size, &cursor, &e)) == 1) {
		if (name_equal(e.name, name)) {
			*out = e;
			return 0;
		}
	}
	return rc < 0 ? rc : SB_E_NOT_FOUND;
}

static int check_name(const char *name)
{
	size_t n = strlen(name);

	return (n == 0 || n >= MOKVAR_NAME_SIZE) ? SB_E_MALFORMED : 0;
}

int mokvar_rebuild_size(const uint8_t *tbl, size_t size, const char *name, size_t data_len,
			size_t *out_size)
{
	size_t cursor = 0, total = MOKVAR_HEADER_SIZE;  /* the terminator */
	struct mokvar_entry e;
	int rc;

	if (check_name(name))
		return SB_E_MALFORMED;
	if (__builtin_add_overflow(total, (size_t)MOKVAR_HEADER_SIZE, &total) ||
	    __builtin_add_overflow(total, data_len, &total))
		return SB_E_MALFORMED;
	while (tbl && (rc = mokvar_next(tbl, size, &cursor, &e)) != 0) {
		if (rc < 0)
			return rc;
		if (name_equal(e.name, name))
			continue;
		if (__builtin_add_overflow(total, (size_t)MOKVAR_HEADER_SIZE, &total) ||
		    __builtin_add_overflow(total, e.len, &total))
			return SB_E_MALFORMED;
	}
	*out_size = total;
	return 0;
}

static uint8_t *put_entry(uint8_t *p, const char *name, const uint8_t *data, size_t len)
{
	size_t n = strlen(name);

	memset(p, 0, MOKVAR_NAME_SIZE);
	memcpy(p, name, n);  /* NOLINT(bugprone-not-null-terminated-result): the memset above left the NUL padding */
	sb_put_le64(p + MOKVAR_NAME_SIZE, len);
	if (len)
		memcpy(p + MOKVAR_HEADER_SIZE, data, len);
	return p + MOKVAR_HEADER_SIZE + len;
}

int mokvar_rebuild(const uint8_t *tbl, size_t size, const char *name, const uint8_t *data,
		   size_t data_len, uint8_t *out, size_t out_len)
{
	size_t need, cursor = 0;
	struct mokvar_entry e;
	uint8_t *p = out;
	int rc, placed = 0;

	rc = mokvar_rebuild_size(tbl, size, name, data_len, &need);
	if (rc)
		return rc;
	if (out_len < need)
		return SB_E_BUFFER_SMALL;
	/* mokvar_rebuild_size walked the whole table, so the loop below cannot fail. */
	while (tbl && mokvar_next(tbl, size, &cursor, &e) == 1) {
		if (name_equal(e.name, name)) {
			p = put_entry(p, name, data, data_len);
			placed = 1;
		} else {
			/* Copy the other entry byte for byte, name field included. */
			memcpy(p, e.name, MOKVAR_HEADER_SIZE + e.len);
			p += MOKVAR_HEADER_SIZE + e.len;
		}
	}
	if (!placed)
		p = put_entry(p, name, data, data_len);
	memset(p, 0, MOKVAR_HEADER_SIZE);
	return 0;
}
