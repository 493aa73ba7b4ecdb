// SPDX-License-Identifier: GPL-2.0-or-later
/* Host fake of the firmware services the key carrier uses (see fake-efi.h); UEFI 2.10 §8.2 rules. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "fake-efi.h"
#include "sb-error.h"
#include "sha256.h"

static const sb_guid guid_imgsec = SB_GUID_IMAGE_SECURITY;

struct fake_var *fake_get(struct fake_efi *f, const char *name, const sb_guid *vendor)
{
	for (int i = 0; i < f->nvars; i++)
		if (!strcmp(f->vars[i].name, name) && !memcmp(&f->vars[i].vendor, vendor, 16))
			return &f->vars[i];
	return NULL;
}

static void drop(struct fake_efi *f, struct fake_var *v)
{
	free(v->data);
	*v = f->vars[--f->nvars];
}

void fake_set(struct fake_efi *f, const char *name, const sb_guid *vendor, uint32_t attrs,
	      const void *data, size_t len)
{
	struct fake_var *v = fake_get(f, name, vendor);

	if (!v) {
		if (f->nvars == FAKE_MAX_VARS)
			abort();
		v = &f->vars[f->nvars++];
		snprintf(v->name, sizeof(v->name), "%s", name);
		v->vendor = *vendor;
	} else {
		free(v->data);
	}
	v->attrs = attrs;
	v->len = len;
	v->data = malloc(len ? len : 1);
	memcpy(v->data, data, len);
}

static int op_get(void *ctx, const char *name, const sb_guid *vendor, uint32_t *attrs,
		  uint8_t **data, size_t *len)
{
	struct fake_efi *f = ctx;
	struct fake_var *v;

	if (f->fail_get_dbx && !strcmp(name, "dbx") && !memcmp(vendor, &guid_imgsec, 16))
		return SB_E_IO;
	v = fake_get(f, name, vendor);
	if (!v)
		return SB_E_NOT_FOUND;
	*data = malloc(v->len ? v->len : 1);
	f->allocs++;
	memcpy(*data, v->data, v->len);
	*len = v->len;
	*attrs = v->attrs;
	return 0;
}

/* SetVariable: size 0 deletes; an existing variable keeps its attributes (else INVALID_PARAMETER). */
static int op_set(void *ctx, const char *name, const sb_guid *vendor, uint32_t attrs,
		  const void *data, size_t len)
{
	struct fake_efi *f = ctx;
	struct fake_var *v = fake_get(f, name, vendor);

	if (f->set_calls++ == 0)
		f->events_at_first_set = f->nevents;
	if (f->set_calls == f->fail_set)
		return SB_E_IO;
	if (len == 0) {
		if (!v)
			return SB_E_NOT_FOUND;
		drop(f, v);
		return 0;
	}
	if (!(attrs & 2) || ((attrs & 4) && !(attrs & 2)))
		return SB_E_IO;
	if (v && v->attrs != attrs)
		return SB_E_IO;
	fake_set(f, name, vendor, attrs, data, len);
	return 0;
}

static void *op_alloc(void *ctx, size_t len)
{
	struct fake_efi *f = ctx;

	f->allocs++;
	return malloc(len);
}

static void op_free(void *ctx, void *p)
{
	struct fake_efi *f = ctx;

	f->allocs--;
	free(p);
}

static void *op_alloc_runtime(void *ctx, size_t len)
{
	struct fake_efi *f = ctx;
	void *p;

	if (f->fail_alloc_runtime || f->nruntime == 8)
		return NULL;
	p = malloc(len);
	f->runtime_size[f->nruntime] = len;
	f->runtime[f->nruntime++] = p;
	return p;
}

static void op_free_runtime(void *ctx, void *p)
{
	struct fake_efi *f = ctx;

	for (int i = 0; i < f->nruntime; i++)
		if (f->runtime[i] == p) {
			free(p);
			f->runtime[i] = f->runtime[--f->nruntime];
			f->runtime_size[i] = f->runtime_size[f->nruntime];
			return;
		}
	abort();  /* freeing memory the carrier did not allocate */
}

struct fake_table *fake_find_table(struct fake_efi *f, const sb_guid *guid)
{
	for (int i = 0; i < f->ntables; i++)
		if (!memcmp(&f->tables[i].guid, guid, 16))
			return &f->tables[i];
	return NULL;
}

static const void *op_find_table(void *ctx, const sb_guid *guid, size_t *avail)
{
	struct fake_table *t = fake_find_table(ctx, guid);

	if (!t)
		return NULL;
	*avail = t->avail;
	return t->ptr;
}

void fake_add_table(struct fake_efi *f, const sb_guid *guid, void *ptr, size_t avail)
{
	struct fake_table *t = fake_find_table(f, guid);

	if (!t)
		t = &f->tables[f->ntables++];
	t->guid = *guid;
	t->ptr = ptr;
	t->avail = avail;
}

/* InstallConfigurationTable replaces the pointer of an existing GUID; NULL removes the entry. */
static int op_install(void *ctx, const sb_guid *guid, void *table)
{
	struct fake_efi *f = ctx;
	struct fake_table *t;
	size_t avail = 0;

	if (f->fail_install)
		return SB_E_IO;
	f->installs++;
	if (!table) {
		t = fake_find_table(f, guid);
		if (!t)
			return SB_E_NOT_FOUND;
		*t = f->tables[--f->ntables];
		return 0;
	}
	/* Like the firmware memory map: the bound is the rest of the allocation. */
	for (int i = 0; i < f->nruntime; i++)
		if (f->runtime[i] == table)
			avail = f->runtime_size[i];
	fake_add_table(f, guid, table, avail);
	return 0;
}

static void op_print(void *ctx, const char *line)
{
	struct fake_efi *f = ctx;
	int n = snprintf(f->console + f->console_len, FAKE_CONSOLE - f->console_len, "%s\n", line);

	if (n > 0 && (size_t)n < FAKE_CONSOLE - f->console_len)
		f->console_len += (size_t)n;
	if (getenv("FAKE_EFI_VERBOSE"))
		printf("#   console: %s\n", line);
}

static int op_shim_present(void *ctx)
{
	return ((struct fake_efi *)ctx)->shim;
}

/* TPM2_PCR_Extend: PCR = SHA-256(PCR || SHA-256(data)), the digest HashLogExtendEvent logs. */
static int op_measure(void *ctx, uint32_t pcr, uint32_t type, const uint8_t *data, size_t len)
{
	struct fake_efi *f = ctx;
	struct fake_event *e;
	uint8_t cat[64];

	if (!f->tpm)
		return SB_E_NOT_FOUND;
	if (++f->measure_calls == f->fail_measure)
		return SB_E_IO;
	if (f->nevents == FAKE_MAX_EVENTS || len > FAKE_EVENT_MAX)
		abort();
	e = &f->events[f->nevents++];
	e->pcr = pcr;
	e->type = type;
	e->len = len;
	memcpy(e->data, data, len);
	if (pcr == 14) {
		memcpy(cat, f->pcr14, 32);
		sha256(data, len, cat + 32);
		sha256(cat, 64, f->pcr14);
	}
	return 0;
}

void fake_efi_init(struct fake_efi *f, struct carrier_ops *ops)
{
	memset(f, 0, sizeof(*f));
	f->events_at_first_set = -1;
	ops->ctx = f;
	ops->get_variable = op_get;
	ops->set_variable = op_set;
	ops->alloc = op_alloc;
	ops->free = op_free;
	ops->alloc_runtime = op_alloc_runtime;
	ops->free_runtime = op_free_runtime;
	ops->find_config_table = op_find_table;
	ops->install_config_table = op_install;
	ops->print = op_print;
	ops->shim_present = op_shim_present;
	ops->measure = op_measure;
}

void fake_efi_reset_console(struct fake_efi *f)
{
	f->console[0] = 0;
	f->console_len = 0;
}

void fake_efi_reset(struct fake_efi *f)
{
	while (f->nvars)
		drop(f, &f->vars[0]);
	for (int i = 0; i < f->nruntime; i++)
		free(f->runtime[i]);
	f->nruntime = 0;
}
