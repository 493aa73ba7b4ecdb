/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: shim's MOK config table: validate, iterate, find, and rebuild with one entry replaced or added. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mokvar.h"
#include "sb-error.h"
#include "fuzz-util.h"

/*
 * The first input byte splits off the payload put into the rebuilt entry (the carrier extends
 * MokListRT this way, efi/carrier-*.c); the rest is the table, bounded by its own length as by
 * the memory region in firmware. A rebuilt table must validate, keep every other entry byte for
 * byte and in order, and hold the new payload under its name.
 */
static void rebuild(const uint8_t *tbl, size_t size, const char *name, const uint8_t *payload,
		    size_t plen)
{
	struct mokvar_entry e, f;
	size_t need = 0, got = 0, c1 = 0, c2 = 0;
	uint8_t *out;
	int rc;

	rc = mokvar_rebuild_size(tbl, size, name, plen, &need);
	if (rc != 0)
		return;
	out = malloc(need);
	if (!out)
		fz_die("out of memory");
	FZ_ASSERT(need == 0 || mokvar_rebuild(tbl, size, name, payload, plen, out, need - 1) == SB_E_BUFFER_SMALL);
	FZ_ASSERT(mokvar_rebuild(tbl, size, name, payload, plen, out, need) == 0);
	FZ_ASSERT(mokvar_validate(out, need, &got) == 0 && got == need);
	FZ_ASSERT(mokvar_find(out, need, name, &e) == 0 && e.len == plen && memcmp(e.data, payload, plen) == 0);
	/* The other entries, in order, unchanged. */
	while (tbl && mokvar_next(tbl, size, &c1, &e) == 1) {
		if (strcmp(e.name, name) == 0)
			continue;
		do
			FZ_ASSERT(mokvar_next(out, need, &c2, &f) == 1);
		while (strcmp(f.name, name) == 0);
		FZ_ASSERT(strcmp(e.name, f.name) == 0 && e.len == f.len && memcmp(e.data, f.data, e.len) == 0);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mokvar_entry e, f;
	size_t tsize = 0, cursor = 0, plen;
	const uint8_t *payload;
	int rc, n = 0;

	plen = fz_u8(&data, &size);
	if (plen > size)
		plen = size;
	payload = data;
	data += plen;
	size -= plen;
	if (mokvar_validate(data, size, &tsize) != 0) {
		/* Iteration of an invalid table must stay in bounds too. */
		while (mokvar_next(data, size, &cursor, &e) == 1 && n++ < 1000)
			FZ_ASSERT(e.data >= data && (size_t)(e.data - data) + e.len <= size);
		rebuild(NULL, 0, "MokListRT", payload, plen);
		return 0;
	}
	FZ_ASSERT(tsize <= size);
	while ((rc = mokvar_next(data, tsize, &cursor, &e)) == 1) {
		FZ_ASSERT(e.data >= data && (size_t)(e.data - data) + e.len <= tsize);
		FZ_ASSERT(e.name[0] && strlen(e.name) < MOKVAR_NAME_SIZE);
		FZ_ASSERT(mokvar_find(data, tsize, e.name, &f) == 0 && f.data == e.data);
		n++;
	}
	FZ_ASSERT(rc == 0);
	rebuild(data, tsize, "MokListRT", payload, plen);
	rebuild(data, tsize, "MokListTrustedRT", payload, plen);
	if (n) {
		cursor = 0;
		FZ_ASSERT(mokvar_next(data, tsize, &cursor, &e) == 1);
		rebuild(data, tsize, e.name, payload, plen);
	}
	return 0;
}
