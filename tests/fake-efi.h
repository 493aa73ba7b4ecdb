/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host fake of the firmware services the key carrier uses: variable store, config tables, console. */
#ifndef SB_FAKE_EFI_H
#define SB_FAKE_EFI_H

#include <stddef.h>
#include <stdint.h>
#include "carrier.h"

#define FAKE_MAX_VARS 16
#define FAKE_MAX_TABLES 4
#define FAKE_CONSOLE 8192
#define FAKE_MAX_EVENTS 16
#define FAKE_EVENT_MAX 256

struct fake_var {
	char name[32];
	sb_guid vendor;
	uint32_t attrs;
	uint8_t *data;
	size_t len;
};

struct fake_table {
	sb_guid guid;
	void *ptr;
	size_t avail;
};

struct fake_efi {
	struct fake_var vars[FAKE_MAX_VARS];
	int nvars;
	struct fake_table tables[FAKE_MAX_TABLES];
	int ntables;
	char console[FAKE_CONSOLE];
	size_t console_len;

	/* Failure injection: the set_variable call number fail_set (1-based) fails; 0 = never. */
	int fail_set;
	int fail_get_dbx;
	int fail_install;
	int fail_alloc_runtime;
	int shim;                   /* shim_present() answer: shim's protocol is installed */
	int tpm;                    /* measure() works (else SB_E_NOT_FOUND: no TPM) */
	int fail_measure;           /* the measure call number fail_measure (1-based) fails */
	int measure_calls;

	/* The TPM event log: what measure() was given, and PCR 14 (SHA-256 bank) replayed. */
	int nevents;
	struct fake_event {
		uint32_t pcr, type;
		uint8_t data[FAKE_EVENT_MAX];
		size_t len;
	} events[FAKE_MAX_EVENTS];
	uint8_t pcr14[32];
	int events_at_first_set;    /* nevents when set_variable was first called (-1: never) */
	int set_calls;
	int installs;

	long allocs;                /* outstanding ops->alloc buffers (leak check) */
	void *runtime[8];           /* runtime allocations, freed by fake_efi_reset */
	size_t runtime_size[8];
	int nruntime;
};

void fake_efi_init(struct fake_efi *f, struct carrier_ops *ops);
void fake_efi_reset(struct fake_efi *f);
/* Forget what was printed so far (several runs in one case). */
void fake_efi_reset_console(struct fake_efi *f);
/* Store a variable directly (bypassing the attribute rules). */
void fake_set(struct fake_efi *f, const char *name, const sb_guid *vendor, uint32_t attrs,
	      const void *data, size_t len);
struct fake_var *fake_get(struct fake_efi *f, const char *name, const sb_guid *vendor);
/* Register a config table (caller keeps the memory alive). */
void fake_add_table(struct fake_efi *f, const sb_guid *guid, void *ptr, size_t avail);
struct fake_table *fake_find_table(struct fake_efi *f, const sb_guid *guid);

#endif
