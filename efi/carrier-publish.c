// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier run: validate .keylist, plan (read, decide, build), commit all-or-nothing, report. */
#include "carrier.h"
#include "carrier-commit.h"
#include "carrier-console.h"
#include "carrier-measure.h"
#include "carrier-plan.h"
#include "carrier-event.h"
#include "sb-error.h"
#include "sb-string.h"

static const sb_guid guid_x509 = SB_GUID_CERT_X509;
static const sb_guid guid_global = SB_GUID_GLOBAL_VARIABLE;

/* Read a UEFI boolean-ish u8 variable (SecureBoot, SetupMode); -1 when absent or odd. */
static int read_u8_var(const struct carrier_ops *ops, const char *name)
{
	uint8_t *data;
	size_t len;
	uint32_t attrs;
	int v = -1;

	if (ops->get_variable(ops->ctx, name, &guid_global, &attrs, &data, &len))
		return -1;
	if (len == 1)
		v = data[0];
	ops->free(ops->ctx, data);
	return v;
}

static void report_mode(const struct carrier_ops *ops, struct carrier_result *res)
{
	struct carrier_msg m;

	res->secure_boot = read_u8_var(ops, "SecureBoot");
	res->setup_mode = read_u8_var(ops, "SetupMode");
	msg_init(&m, "carrier: SecureBoot=");
	if (res->secure_boot < 0)
		msg_str(&m, "unknown");
	else
		msg_uint(&m, (uint64_t)res->secure_boot);
	msg_str(&m, " SetupMode=");
	if (res->setup_mode < 0)
		msg_str(&m, "unknown");
	else
		msg_uint(&m, (uint64_t)res->setup_mode);
	if (res->secure_boot == 1 && res->setup_mode == 0)
		msg_str(&m, ": Secure Boot enforcing");
	else
		msg_str(&m, ": Secure Boot not enforcing; Linux reads MokListRT only under Secure Boot");
	carrier_say(ops, &m);
}

/* Lines for what was actually written, after every write succeeded. */
static void report_published(const struct carrier_ops *ops, const uint8_t *keylist,
			     size_t keylist_len, const struct carrier_result *res)
{
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	for (; i < res->ncerts && esl_next(keylist, keylist_len, &cursor, &e) == 1; i++) {
		const struct carrier_cert *c = &res->certs[i];
		struct carrier_msg m;

		if (c->decision != CARRIER_PUBLISHED && c->decision != CARRIER_ALREADY_PRESENT)
			continue;
		carrier_msg_cert(&m, i, e.data, e.len, c->sha256);
		if (res->variable_left) {
			msg_str(&m, c->decision == CARRIER_PUBLISHED ?
				": published in the MOK config table only" :
				": already in the MOK config table, kept");
		} else {
			msg_str(&m, c->decision == CARRIER_PUBLISHED ? ": published in MokListRT" :
				": already in MokListRT, kept");
			if (res->table_updated || res->table_created)
				msg_str(&m, " and the MOK config table");
		}
		carrier_say(ops, &m);
	}
}

static void report_done(const struct carrier_ops *ops, const struct carrier_plan *p,
			unsigned options, const struct carrier_result *res)
{
	struct carrier_msg m;

	msg_init(&m, "carrier: done: ");
	msg_uint(&m, res->published);
	msg_str(&m, " published, ");
	msg_uint(&m, res->present);
	msg_str(&m, " already present, ");
	msg_uint(&m, res->skipped);
	msg_str(&m, " skipped");
	msg_str(&m, res->table_updated ? "; MOK config table rebuilt" :
		res->table_created ? "; MOK config table created with MokListTrustedRT (opt-in)" :
		(p->tbl ? "; MOK config table has no MokListRT, left as is" : "; no MOK config table"));
	if (res->variable_left)
		msg_str(&m, "; MokListRT variable not extended");
	carrier_say(ops, &m);
	if (res->measured == 1) {
		msg_init(&m, "carrier: measured into PCR ");
		msg_uint(&m, CARRIER_EVENT_PCR);
		msg_str(&m, ": ");
		msg_uint(&m, res->ncerts);
		msg_str(&m, " certificate event(s) and the outcome (EV_EVENT_TAG 'SBKM')");
		carrier_say(ops, &m);
	}
	if (res->table_created)
		carrier_say_str(ops, "machine-keyring opt-in: Linux puts these certs in .machine, "
				"trusted for kernel modules too", NULL, 0);
	else if (p->tbl && (options & CARRIER_OPT_MACHINE_KEYRING))
		carrier_say_str(ops, "machine-keyring opt-in ignored: a MOK config table exists, "
				"its MokListTrustedRT setting is kept", NULL, 0);
}

/* The commit's last step: the outcome event; when it cannot be measured the writes are undone. */
struct outcome_step {
	const struct carrier_ops *ops;
	const struct carrier_plan *p;
	struct carrier_result *res;
};

static int measure_outcome_step(void *arg)
{
	const struct outcome_step *o = arg;

	return carrier_measure_outcome(o->ops, o->p, o->res);
}

int carrier_publish(const struct carrier_ops *ops, const uint8_t *keylist, size_t keylist_len,
		    unsigned options, struct carrier_result *res)
{
	struct carrier_plan p;
	struct outcome_step last = { ops, &p, res };
	int n, rc;

	memset(res, 0, sizeof(*res));
	memset(&p, 0, sizeof(p));
	res->secure_boot = res->setup_mode = -1;
	report_mode(ops, res);

	n = esl_validate(keylist, keylist_len, &guid_x509);
	if (n == 0)
		n = SB_E_ESL_TRUNCATED;
	if (n > CARRIER_MAX_CERTS)
		n = SB_E_UNSUPPORTED;
	if (n < 0) {
		carrier_say_str(ops, ".keylist is malformed: publishing nothing", NULL, n);
		carrier_measure_failure(ops, res, n);
		return n;
	}
	res->ncerts = (unsigned)n;

	rc = carrier_plan_read(ops, &p);
	if (rc == 0)
		rc = carrier_plan_route(ops, &p, options);
	res->shim = p.shim;
	if (rc)
		goto fail;
	carrier_plan_check_record(ops, &p);
	carrier_plan_decide(ops, &p, keylist, keylist_len, res);
	rc = carrier_plan_build(ops, &p, keylist, keylist_len, options, res);
	if (rc)
		goto fail;
	/* Measure, then act: the decisions are in the log before anything is written. */
	rc = carrier_measure_certs(ops, &p, keylist, keylist_len, res);
	if (rc)
		goto fail;
	rc = carrier_commit(ops, &p, measure_outcome_step, &last);
	if (rc)
		goto fail;

	res->table_updated = p.table_action == CARRIER_TABLE_REBUILD;
	res->table_created = p.table_action == CARRIER_TABLE_CREATE;
	res->variable_left = !p.to_var;
	for (unsigned i = 0; i < res->ncerts; i++) {
		if (res->certs[i].decision == CARRIER_PUBLISHED)
			res->published++;
		else if (res->certs[i].decision == CARRIER_ALREADY_PRESENT)
			res->present++;
	}
	report_published(ops, keylist, keylist_len, res);
	report_done(ops, &p, options, res);
	goto out;
fail:
	carrier_measure_failure(ops, res, rc);
	carrier_say_str(ops, "nothing published", NULL, rc);
out:
	carrier_plan_free(ops, &p);
	return rc;
}
