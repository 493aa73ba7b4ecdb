// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier commit (see carrier-commit.h): writes with undo, newest first. */
#include "carrier-commit.h"
#include "carrier-console.h"
#include "sb-error.h"
#include "sb-string.h"

static const sb_guid guid_mokvar = SB_GUID_MOK_VARIABLE_TABLE;

void carrier_txn_begin(struct carrier_txn *t, const struct carrier_ops *ops)
{
	memset(t, 0, sizeof(*t));
	t->ops = ops;
}

/* Put a variable back as its snapshot saw it; says so when even that fails. */
static void restore_var(const struct carrier_ops *ops, const struct carrier_var *v)
{
	int rc;

	if (v->exists) {
		/* A variable of other attributes must go before it can be recreated. */
		ops->set_variable(ops->ctx, v->name, v->vendor, 0, NULL, 0);
		rc = ops->set_variable(ops->ctx, v->name, v->vendor, v->attrs, v->data, v->len);
	} else {
		rc = ops->set_variable(ops->ctx, v->name, v->vendor, 0, NULL, 0);
	}
	if (rc)
		carrier_say_str(ops, "could not restore ", v->name, rc);
}

int carrier_txn_set_volatile(struct carrier_txn *t, const struct carrier_var *v,
			     const uint8_t *data, size_t len)
{
	const struct carrier_ops *ops = t->ops;
	int replace = v->exists && v->attrs != CARRIER_VAR_VOLATILE_RT, rc;

	if (t->n == CARRIER_TXN_MAX_STEPS)
		return SB_E_NOMEM;
	if (replace) {
		rc = ops->set_variable(ops->ctx, v->name, v->vendor, 0, NULL, 0);
		if (rc) {
			carrier_say_str(ops, "cannot delete ", v->name, rc);
			return rc;
		}
	}
	rc = ops->set_variable(ops->ctx, v->name, v->vendor, CARRIER_VAR_VOLATILE_RT, data, len);
	if (rc) {
		carrier_say_str(ops, "cannot set ", v->name, rc);
		if (replace)
			restore_var(ops, v);
		return rc;
	}
	t->step[t->n++] = (struct carrier_txn_step){ .var = v };
	return 0;
}

int carrier_txn_install_table(struct carrier_txn *t, const sb_guid *guid, void *table, void *old)
{
	const struct carrier_ops *ops = t->ops;
	int rc;

	if (t->n == CARRIER_TXN_MAX_STEPS)
		return SB_E_NOMEM;
	rc = ops->install_config_table(ops->ctx, guid, table);
	if (rc) {
		carrier_say_str(ops, "cannot install the new MOK config table", NULL, rc);
		return rc;
	}
	t->step[t->n++] = (struct carrier_txn_step){ .table_guid = guid, .old_table = old,
						     .new_table = table };
	return 0;
}

void carrier_txn_rollback(struct carrier_txn *t)
{
	const struct carrier_ops *ops = t->ops;

	while (t->n) {
		struct carrier_txn_step *s = &t->step[--t->n];

		if (s->var) {
			restore_var(ops, s->var);
		} else if (ops->install_config_table(ops->ctx, s->table_guid, s->old_table)) {
			/* The new table stays installed: its memory must stay too. */
			carrier_say_str(ops, "could not restore the MOK config table", NULL, SB_E_IO);
		} else {
			ops->free_runtime(ops->ctx, s->new_table);
		}
	}
}

int carrier_commit(const struct carrier_ops *ops, struct carrier_plan *p,
		   int (*last)(void *arg), void *last_arg)
{
	struct carrier_txn t;
	int rc;

	carrier_txn_begin(&t, ops);
	if (p->write_var && (rc = carrier_txn_set_volatile(&t, &p->moklist, p->var, p->var_len)))
		goto undo;
	if ((rc = carrier_txn_set_volatile(&t, &p->record, p->rec, p->rec_len)))
		goto undo;
	if (p->newtbl) {
		rc = carrier_txn_install_table(&t, &guid_mokvar, p->newtbl, (void *)p->tbl);
		if (rc)
			goto undo;
		p->newtbl = NULL;  /* installed: owned by the configuration table (or the undo) */
	}
	if (last && (rc = last(last_arg)))
		goto undo;
	return 0;
undo:
	carrier_txn_rollback(&t);
	return rc;
}
