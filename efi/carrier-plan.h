/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key carrier planning: read the firmware state, decide per cert, build every new value; no writes. */
#ifndef SB_CARRIER_PLAN_H
#define SB_CARRIER_PLAN_H

#include "carrier.h"
#include "mokvar.h"

/* A variable as read before any write: what the plan builds on and what a rollback restores. */
struct carrier_var {
	const char *name;
	const sb_guid *vendor;
	int exists;
	uint32_t attrs;
	uint8_t *data;              /* ops->alloc buffer while exists */
	size_t len;
};

struct carrier_plan {
	/* What was read (every buffer validated before anything downstream looks at it). */
	struct carrier_var dbx, mokx, moklist, record;
	const uint8_t *tbl;         /* the installed MOK config table, NULL when none */
	size_t tbl_size;
	struct mokvar_entry tbl_moklist;
	int tbl_has_moklist;
	struct mokvar_entry tbl_mokx;   /* shim's MokListXRT in the table: Linux reads this one */
	int tbl_has_mokx;
	int moklist_kept;           /* the existing MokListRT content is carried forward */
	const uint8_t *rec_list;    /* the certs earlier carriers recorded, inside record.data */
	size_t rec_list_len;
	uint32_t carriers;          /* earlier carriers this boot */

	/* Where certs go (carrier_plan_route). */
	int shim;                   /* shim verifies the rest of this boot */
	int to_var;                 /* extend the MokListRT variable */

	/* What each cert is appended to (decided per cert). */
	uint8_t sel_var[CARRIER_MAX_CERTS];
	uint8_t sel_tbl[CARRIER_MAX_CERTS];
	uint8_t sel_rec[CARRIER_MAX_CERTS];

	/* What the commit writes; owned by the plan until then. */
	int write_var;              /* MokListRT gets new content (else it is left alone) */
	uint8_t *var;
	size_t var_len;
	uint8_t *rec;
	size_t rec_len;
	uint8_t *newtbl;            /* ops->alloc_runtime; ownership passes to the firmware on install */
	size_t newtbl_size;
	enum { CARRIER_TABLE_KEEP = 0, CARRIER_TABLE_REBUILD, CARRIER_TABLE_CREATE } table_action;
};

/*
 * Read dbx, MokListXRT, MokListRT, KeyCarrierRT and the MOK config table into `p` (zeroed
 * first). Fails closed, with one console line naming what is wrong: a read error other than
 * "not found", a malformed dbx or MokListXRT (any list, anywhere in the variable: a revocation
 * list that does not parse cannot be trusted to say what it does not revoke), a malformed
 * existing MokListRT, KeyCarrierRT or MOK config table (or its MokListRT / MokListXRT entry:
 * the table's MokListXRT revokes too, as Linux reads it from there when present).
 */
int carrier_plan_read(const struct carrier_ops *ops, struct carrier_plan *p);

/*
 * Choose where certs are published: the MokListRT variable unless shim is present (then only
 * with CARRIER_OPT_SHIM_ALLOWLIST), the MOK config table when it has a MokListRT entry.
 * Behind shim with neither allowed, nothing can reach Linux without widening shim's trust:
 * says so and returns SB_E_UNSUPPORTED.
 */
int carrier_plan_route(const struct carrier_ops *ops, struct carrier_plan *p, unsigned options);

/*
 * Say which certs KeyCarrierRT lists that the source Linux will read (the table's MokListRT
 * when there is one, else the variable) no longer holds: an earlier carrier's publication was
 * undone after it ran, e.g. by shim started after it. Informational: the record is kept.
 */
void carrier_plan_check_record(const struct carrier_ops *ops, const struct carrier_plan *p);

/*
 * Decide for each of res->ncerts certs of a validated `keylist`: revoked (dbx, MokListXRT),
 * duplicate within .keylist, already present, or to publish; fills res->certs and the
 * selections, prints the lines that are final whatever happens next (revoked, duplicate).
 */
void carrier_plan_decide(const struct carrier_ops *ops, struct carrier_plan *p,
			 const uint8_t *keylist, size_t keylist_len, struct carrier_result *res);

/*
 * Build the new MokListRT, KeyCarrierRT and (when one is installed with a MokListRT entry, or
 * the machine-keyring opt-in creates one) MOK config table values (efi/carrier-build.c).
 * Nothing is written.
 */
int carrier_plan_build(const struct carrier_ops *ops, struct carrier_plan *p,
		       const uint8_t *keylist, size_t keylist_len, unsigned options,
		       const struct carrier_result *res);

/* Free what the plan still owns (snapshots, built values, an uninstalled table). */
void carrier_plan_free(const struct carrier_ops *ops, struct carrier_plan *p);

#endif
