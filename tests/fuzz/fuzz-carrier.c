/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the key carrier's run on the host (efi/carrier-*.c against tests/fake-efi.c): its own sections as loaded, .options, .keylist validation, the plan from the firmware state, the all-or-nothing commit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "carrier.h"
#include "efi-guid.h"
#include "fake-efi.h"
#include "keycarrier.h"
#include "pe.h"
#include "sb-error.h"
#include "signature-list.h"
#include "fuzz-util.h"

/*
 * Input:
 *   u8 flags: bit 0 shim is present, bit 1 a TPM measures, bit 2 the image is given as the
 *             firmware loaded it (memory layout; else as a file, mapped here the way the loader
 *             does), bit 3 the MOK config table chunk is installed; bits 4-6: SetVariable call
 *             number N fails (0: none), to reach every rollback
 *   five u16-length chunks: dbx, MokListXRT, MokListRT (volatile BS|RT), KeyCarrierRT
 *             (volatile BS|RT), the MOK config table
 *   the rest: the carrier image
 * Invariants (the carrier's contract, efi/carrier.h): whatever the run returns, no ops->alloc
 * buffer is left; a failed run leaves every variable and the table exactly as they were; a
 * successful one leaves a MokListRT that validates and a KeyCarrierRT that parses.
 */
#define MAX_IMAGE (16u << 20)
#define VOL (CARRIER_VAR_BS | CARRIER_VAR_RT)

static const sb_guid g_global = SB_GUID_GLOBAL_VARIABLE, g_imgsec = SB_GUID_IMAGE_SECURITY,
	g_shim = SB_GUID_SHIM_LOCK, g_sbkexec = SB_GUID_SBKEXEC, g_mokvar = SB_GUID_MOK_VARIABLE_TABLE;

/* The image as EFI_LOADED_IMAGE shows it: SizeOfImage bytes, headers, sections at their RVA. */
static uint8_t *map_image(const uint8_t *file, size_t len, size_t *out_len)
{
	struct pe_image pe;
	struct pe_section s;
	uint8_t *mem;
	unsigned i;

	if (pe_parse(file, len, PE_LAYOUT_FILE, &pe) != 0 || pe.size_of_image > MAX_IMAGE ||
	    pe.size_of_headers > pe.size_of_image)
		return NULL;
	mem = calloc(1, pe.size_of_image ? pe.size_of_image : 1);
	if (!mem)
		fz_die("out of memory");
	memcpy(mem, file, pe.size_of_headers);
	for (i = 0; i < pe.nsections; i++) {
		size_t n;

		FZ_ASSERT(pe_section_get(&pe, i, &s) == 0);
		n = s.raw_size < s.virtual_size ? s.raw_size : s.virtual_size;
		/* pe_parse() checked both ranges: inside the file and inside SizeOfImage. */
		if (n)
			memcpy(mem + s.virtual_address, file + s.raw_offset, n);
	}
	*out_len = pe.size_of_image;
	return mem;
}

struct snapshot {
	int n;
	struct { char name[32]; sb_guid vendor; uint32_t attrs; uint8_t *data; size_t len; } v[FAKE_MAX_VARS];
	void *table;
};

static void take(const struct fake_efi *f, struct snapshot *s)
{
	const struct fake_table *t = NULL;
	int i;

	s->n = f->nvars;
	for (i = 0; i < f->nvars; i++) {
		memcpy(s->v[i].name, f->vars[i].name, sizeof(s->v[i].name));
		s->v[i].vendor = f->vars[i].vendor;
		s->v[i].attrs = f->vars[i].attrs;
		s->v[i].len = f->vars[i].len;
		s->v[i].data = malloc(f->vars[i].len ? f->vars[i].len : 1);
		if (!s->v[i].data)
			fz_die("out of memory");
		memcpy(s->v[i].data, f->vars[i].data, f->vars[i].len);
	}
	for (i = 0; i < f->ntables; i++)
		if (memcmp(&f->tables[i].guid, &g_mokvar, sizeof(g_mokvar)) == 0)
			t = &f->tables[i];
	s->table = t ? t->ptr : NULL;
}

/* The store holds exactly the snapshot's variables (in any order) and the same table. */
static void same(struct fake_efi *f, const struct snapshot *s)
{
	struct fake_table *t = fake_find_table(f, &g_mokvar);
	int i;

	FZ_ASSERT(f->nvars == s->n);
	for (i = 0; i < s->n; i++) {
		struct fake_var *v = fake_get(f, s->v[i].name, &s->v[i].vendor);

		FZ_ASSERT(v && v->attrs == s->v[i].attrs && v->len == s->v[i].len);
		FZ_ASSERT(memcmp(v->data, s->v[i].data, v->len) == 0);
	}
	FZ_ASSERT((t ? t->ptr : NULL) == s->table);
}

static void drop_snapshot(struct snapshot *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake_efi f;
	static struct snapshot snap;
	struct carrier_ops ops;
	struct carrier_result res;
	struct pe_image pe;
	const uint8_t *chunk[5], *keylist, *opts, *list;
	size_t clen[5], keylist_len, opts_len, img_len = 0, list_len;
	uint8_t flags, *img = NULL, *table = NULL, one = 1;
	unsigned options = 0;
	uint32_t carriers;
	struct fake_var *v;
	int i, rc;

	flags = fz_u8(&data, &size);
	for (i = 0; i < 5; i++)
		clen[i] = fz_chunk(&data, &size, 65535, &chunk[i]);
	fake_efi_init(&f, &ops);
	f.shim = flags & 1;
	f.tpm = (flags >> 1) & 1;
	f.fail_set = (flags >> 4) & 7;
	fake_set(&f, "SecureBoot", &g_global, VOL, &one, 1);
	if (clen[0])
		fake_set(&f, "dbx", &g_imgsec, CARRIER_VAR_NV | VOL | 0x20, chunk[0], clen[0]);
	if (clen[1])
		fake_set(&f, CARRIER_VAR_MOKLISTX, &g_shim, VOL, chunk[1], clen[1]);
	if (clen[2])
		fake_set(&f, CARRIER_VAR_MOKLIST, &g_shim, VOL, chunk[2], clen[2]);
	if (clen[3])
		fake_set(&f, CARRIER_VAR_RECORD, &g_sbkexec, VOL, chunk[3], clen[3]);
	if ((flags & 8) && clen[4]) {
		/* Exactly its bytes: the table is bounded by the memory it sits in (lib/mokvar.h). */
		table = malloc(clen[4]);
		if (!table)
			fz_die("out of memory");
		memcpy(table, chunk[4], clen[4]);
		fake_add_table(&f, &g_mokvar, table, clen[4]);
	}

	/* Our own image as the firmware loaded it, then what efi_main() does with it. */
	if (flags & 4) {
		img = malloc(size ? size : 1);
		if (!img)
			fz_die("out of memory");
		memcpy(img, data, size);
		img_len = size;
	} else {
		img = map_image(data, size, &img_len);
	}
	if (!img || pe_parse(img, img_len, PE_LAYOUT_MEMORY, &pe) != 0)
		goto out;
	if (pe_find_section(&pe, ".options", &opts, &opts_len) == 0)
		options = carrier_parse_options(&ops, opts, opts_len);
	if (pe_find_section(&pe, ".keylist", &keylist, &keylist_len) != 0)
		goto out;
	take(&f, &snap);
	rc = carrier_publish(&ops, keylist, keylist_len, options, &res);
	FZ_ASSERT(f.allocs == 0);
	FZ_ASSERT(res.ncerts <= CARRIER_MAX_CERTS && res.published <= res.ncerts);
	if (rc != 0) {
		same(&f, &snap);
	} else {
		/* Signature lists of any type (shim's MokList holds hashes too), all valid. */
		v = fake_get(&f, CARRIER_VAR_MOKLIST, &g_shim);
		FZ_ASSERT(!v || esl_validate(v->data, v->len, NULL) >= 0);
		v = fake_get(&f, CARRIER_VAR_RECORD, &g_sbkexec);
		FZ_ASSERT(!res.published || v);
		FZ_ASSERT(!v || keycarrier_parse(v->data, v->len, &list, &list_len, &carriers) >= 0);
	}
	drop_snapshot(&snap);
out:
	fake_efi_reset(&f);
	free(img);
	free(table);
	return 0;
}
