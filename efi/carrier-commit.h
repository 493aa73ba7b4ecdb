/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key carrier commit: the writes of a plan as one small transaction, undone when a later step fails. */
#ifndef SB_CARRIER_COMMIT_H
#define SB_CARRIER_COMMIT_H

#include "carrier-plan.h"

#define CARRIER_TXN_MAX_STEPS 4

/*
 * Every step records how to undo itself; carrier_txn_rollback() undoes them newest first:
 * a variable goes back to its snapshot (old value and attributes, or deleted), a config
 * table pointer back to the old table (or removed). UEFI gives no atomic multi-variable
 * write, so this is as far as "nothing half-written" can go; a failed undo is said on the
 * console.
 */
struct carrier_txn {
	const struct carrier_ops *ops;
	unsigned n;
	struct carrier_txn_step {
		const struct carrier_var *var;  /* a variable write: restore this snapshot */
		const sb_guid *table_guid;      /* a table install: put `old_table` back */
		void *old_table;
		void *new_table;                /* freed when the install is undone */
	} step[CARRIER_TXN_MAX_STEPS];
};

void carrier_txn_begin(struct carrier_txn *t, const struct carrier_ops *ops);

/* Write v->name as volatile BS|RT (deleting a variable of other attributes first). */
int carrier_txn_set_volatile(struct carrier_txn *t, const struct carrier_var *v,
			     const uint8_t *data, size_t len);

/* InstallConfigurationTable(guid, table); `old` (may be NULL) is what undo re-installs. */
int carrier_txn_install_table(struct carrier_txn *t, const sb_guid *guid, void *table, void *old);

void carrier_txn_rollback(struct carrier_txn *t);

/*
 * The plan's writes, in this order: MokListRT (only when it gets new content), KeyCarrierRT,
 * the MOK config table; then `last` (may be NULL), a final step that can still veto the whole
 * commit (e.g. measuring the outcome). On any failure everything done is undone and the code
 * returned. On success the new table belongs to the firmware (p->newtbl is cleared).
 */
int carrier_commit(const struct carrier_ops *ops, struct carrier_plan *p,
		   int (*last)(void *arg), void *last_arg);

#endif
