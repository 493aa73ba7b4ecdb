// SPDX-License-Identifier: GPL-2.0-or-later
/* Host tests of lib/mokvar.c: the MOK variable config table parser and rebuilder, good and bad input. */
#include <stdint.h>
#include "test.h"
#include "mokvar.h"
#include "sb-error.h"

static uint8_t tbl[4096];

static size_t entry(uint8_t *out, const char *name, const void *data, uint64_t len)
{
	memset(out, 0, 256);
	memcpy(out, name, strlen(name));
	memcpy(out + 256, &len, 8);
	if (data)
		memcpy(out + 264, data, (size_t)len);
	return 264 + (size_t)len;
}

static size_t good_table(void)
{
	size_t n = 0;

	memset(tbl, 0x5a, sizeof(tbl));
	n += entry(tbl + n, "MokListRT", "abc", 3);
	n += entry(tbl + n, "MokSBStateRT", "\1", 1);
	memset(tbl + n, 0, 264);
	return n + 264;
}

static void t_valid(void)
{
	size_t n = good_table(), size = 0;
	struct mokvar_entry e;

	T_EQ_INT(mokvar_validate(tbl, sizeof(tbl), &size), 0);
	T_EQ_INT(size, n);
	T_EQ_INT(mokvar_validate(tbl, n, &size), 0);  /* exactly fits */
	T_EQ_INT(mokvar_find(tbl, size, "MokSBStateRT", &e), 0);
	T_EQ_INT(e.len, 1);
	T_EQ_INT(e.data[0], 1);
	T_EQ_INT(mokvar_find(tbl, size, "MokListXRT", &e), SB_E_NOT_FOUND);
	T_EQ_INT(mokvar_find(tbl, size, "MokListR", &e), SB_E_NOT_FOUND);  /* no prefix match */
}

/* Each mutation of a good table must be refused. */
static void t_malformed(void)
{
	static const struct { const char *what; int how; } cases[] = {
		{ "terminator past the region", 0 },
		{ "data_size past the region", 1 },
		{ "data_size near 2^64 (wraps)", 2 },
		{ "name without NUL in 256 bytes", 3 },
		{ "terminator with non-zero data_size", 4 },
		{ "duplicate entry name", 5 },
		{ "region shorter than one header", 6 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = good_table(), avail = n, size = 12345;
		uint64_t v;

		switch (cases[i].how) {
		case 0: avail = n - 1; break;
		case 1: v = 4000; memcpy(tbl + 256, &v, 8); break;
		case 2: v = UINT64_MAX - 100; memcpy(tbl + 256, &v, 8); break;
		case 3: memset(tbl, 'A', 256); break;
		case 4: v = 1; memcpy(tbl + n - 8, &v, 8); break;
		case 5: memcpy(tbl + 267, "MokListRT", 10); break;
		case 6: avail = 100; break;
		}
		t_case_failed = 0;
		T_EQ_INT(mokvar_validate(tbl, avail, &size), SB_E_MALFORMED);
		T_EQ_INT(size, 12345);  /* output untouched */
		t_result(!t_case_failed, "malformed table refused: %s", cases[i].what);
	}
}

static void t_rebuild_replace(void)
{
	size_t n = good_table(), size, need;
	uint8_t out[2048], exp[2048];
	size_t en = 0;

	T_EQ_INT(mokvar_validate(tbl, n, &size), 0);
	T_EQ_INT(mokvar_rebuild_size(tbl, size, "MokListRT", 5, &need), 0);
	T_EQ_INT(need, n + 2);
	en += entry(exp + en, "MokListRT", "abcde", 5);
	en += entry(exp + en, "MokSBStateRT", "\1", 1);
	memset(exp + en, 0, 264);
	en += 264;
	memset(out, 0x77, sizeof(out));
	T_EQ_INT(mokvar_rebuild(tbl, size, "MokListRT", (const uint8_t *)"abcde", 5, out, need), 0);
	T_EQ_INT(need, en);
	T_EQ_MEM(out, exp, en);
	T_EQ_INT(out[en], 0x77);  /* nothing written past the table */
}

static void t_rebuild_append(void)
{
	size_t n = good_table(), size, need;
	uint8_t out[2048], exp[2048];
	size_t en = 0;

	T_EQ_INT(mokvar_validate(tbl, n, &size), 0);
	T_EQ_INT(mokvar_rebuild_size(tbl, size, "MokListTrustedRT", 1, &need), 0);
	T_EQ_INT(mokvar_rebuild(tbl, size, "MokListTrustedRT", (const uint8_t *)"\1", 1, out,
				sizeof(out)), 0);
	memcpy(exp, tbl, n - 264);
	en = n - 264;
	en += entry(exp + en, "MokListTrustedRT", "\1", 1);
	memset(exp + en, 0, 264);
	en += 264;
	T_EQ_INT(need, en);
	T_EQ_MEM(out, exp, en);
}

static void t_rebuild_from_nothing(void)
{
	size_t need;
	uint8_t out[600], exp[600];
	size_t en;

	T_EQ_INT(mokvar_rebuild_size(NULL, 0, "MokListRT", 3, &need), 0);
	T_EQ_INT(mokvar_rebuild(NULL, 0, "MokListRT", (const uint8_t *)"xyz", 3, out, sizeof(out)), 0);
	en = entry(exp, "MokListRT", "xyz", 3);
	memset(exp + en, 0, 264);
	en += 264;
	T_EQ_INT(need, en);
	T_EQ_MEM(out, exp, en);
}

static void t_rebuild_small_buffer(void)
{
	size_t n = good_table(), size;
	uint8_t out[600];

	T_EQ_INT(mokvar_validate(tbl, n, &size), 0);
	memset(out, 0x77, sizeof(out));
	T_EQ_INT(mokvar_rebuild(tbl, size, "MokListRT", (const uint8_t *)"abc", 3, out, sizeof(out)),
		 SB_E_BUFFER_SMALL);
	T_EQ_INT(out[0], 0x77);
	T_EQ_INT(out[599], 0x77);
}

static void t_rebuild_bad_name(void)
{
	char longname[300];
	size_t need = 7;

	memset(longname, 'N', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	T_EQ_INT(mokvar_rebuild_size(NULL, 0, "", 1, &need), SB_E_MALFORMED);
	T_EQ_INT(mokvar_rebuild_size(NULL, 0, longname, 1, &need), SB_E_MALFORMED);
	T_EQ_INT(mokvar_rebuild_size(NULL, 0, "x", SIZE_MAX - 10, &need), SB_E_MALFORMED);
	T_EQ_INT(need, 7);
}

/*
 * Random byte mutations of a good table (fixed seed, so reproducible): whatever validate
 * accepts must be walkable to the size it reported and rebuildable into a table that
 * validates again with the same size plus the new data. Run under ASan with SANITIZE=1.
 */
static void t_mutations(void)
{
	static uint8_t out[8192];
	uint32_t seed = 12345;
	int accepted = 0, refused = 0;

	for (int round = 0; round < 5000; round++) {
		size_t n = good_table(), size, need, size2, cursor = 0, walked = 0;
		struct mokvar_entry e;
		int flips = 1 + round % 4;

		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			tbl[at] = (uint8_t)(seed >> 16);
		}
		if (mokvar_validate(tbl, n, &size) != 0) {
			refused++;
			continue;
		}
		accepted++;
		T_CHECK(size <= n);
		while (mokvar_next(tbl, size, &cursor, &e) == 1)
			walked = cursor;
		T_CHECK(walked + 264 == size || (walked == 0 && size == 264));
		if (mokvar_rebuild_size(tbl, size, "MokListRT", 7, &need) != 0 || need > sizeof(out)) {
			T_CHECK(0);
			continue;
		}
		T_EQ_INT(mokvar_rebuild(tbl, size, "MokListRT", (const uint8_t *)"1234567", 7, out, need), 0);
		T_EQ_INT(mokvar_validate(out, need, &size2), 0);
		T_EQ_INT(size2, need);
	}
	printf("# mutations: %d accepted, %d refused\n", accepted, refused);
	T_CHECK(accepted > 0 && refused > 0);
}

int main(void)
{
	t_run("valid table: size, lookup, no prefix match", t_valid);
	t_malformed();
	t_run("rebuild: replace MokListRT in place, others intact", t_rebuild_replace);
	t_run("rebuild: append a new entry before the terminator", t_rebuild_append);
	t_run("rebuild: from no table", t_rebuild_from_nothing);
	t_run("rebuild: buffer too small leaves it untouched", t_rebuild_small_buffer);
	t_run("rebuild: bad names and sizes refused", t_rebuild_bad_name);
	t_run("5000 random mutations: accepted tables walk and rebuild consistently", t_mutations);
	return t_done();
}
