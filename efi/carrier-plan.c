// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier planning (see carrier-plan.h): read the state, route, decide per cert; no writes (building: carrier-build.c). */
#include "carrier-plan.h"
#include "carrier-console.h"
#include "keycarrier.h"
#include "sb-error.h"
#include "sb-string.h"
#include "sha256.h"

static const sb_guid guid_imgsec = SB_GUID_IMAGE_SECURITY;
static const sb_guid guid_shim = SB_GUID_SHIM_LOCK;
static const sb_guid guid_mokvar = SB_GUID_MOK_VARIABLE_TABLE;
static const sb_guid guid_sbkexec = SB_GUID_SBKEXEC;

/* Read a variable; absent is fine, any other read error is returned (fail closed). */
static int read_var(const struct carrier_ops *ops, struct carrier_var *v, const char *name,
		    const sb_guid *vendor)
{
	int rc;

	v->name = name;
	v->vendor = vendor;
	rc = ops->get_variable(ops->ctx, name, vendor, &v->attrs, &v->data, &v->len);
	if (rc == SB_E_NOT_FOUND)
		return 0;
	if (rc) {
		carrier_say_str(ops, "cannot read ", name, rc);
		return rc;
	}
	v->exists = 1;
	return 0;
}

static void free_var(const struct carrier_ops *ops, struct carrier_var *v)
{
	if (v->exists && v->data)
		ops->free(ops->ctx, v->data);
	v->data = NULL;
}

/* A revocation list must parse completely before it is used at all. */
static int check_revocation_list(const struct carrier_ops *ops, const struct carrier_var *v)
{
	int n;

	if (!v->exists)
		return 0;
	n = esl_validate(v->data, v->len, NULL);
	if (n >= 0)
		return 0;
	carrier_say_str(ops, v->name, " is malformed: its revocations cannot be trusted, publishing nothing", n);
	return n;
}

/* "MokListRT has attributes 0x00000007, not volatile BS|RT: replacing its content". */
static void say_foreign_attrs(const struct carrier_ops *ops, uint32_t attrs)
{
	struct carrier_msg m;
	uint8_t be[4] = { (uint8_t)(attrs >> 24), (uint8_t)(attrs >> 16), (uint8_t)(attrs >> 8),
			  (uint8_t)attrs };

	msg_init(&m, "carrier: MokListRT has attributes 0x");
	msg_hex(&m, be, 4);
	msg_str(&m, ", not volatile BS|RT: replacing its content");
	carrier_say(ops, &m);
}

/* A signature-list entry of the table: absent is fine, malformed is not. */
static int find_table_list(const struct carrier_ops *ops, const struct carrier_plan *p,
			   const char *name, struct mokvar_entry *e, int *found)
{
	int rc = mokvar_find(p->tbl, p->tbl_size, name, e);
	struct carrier_msg m;

	if (rc == SB_E_NOT_FOUND)
		return 0;
	if (rc)
		return rc;
	rc = esl_validate(e->data, e->len, NULL);
	if (rc < 0) {
		msg_init(&m, "carrier: ");
		msg_str(&m, name);
		msg_str(&m, " in the MOK config table is malformed (");
		msg_str(&m, sb_strerror(SB_E_MALFORMED));
		msg_str(&m, ")");
		carrier_say(ops, &m);
		return SB_E_MALFORMED;
	}
	*found = 1;
	return 0;
}

static int read_table(const struct carrier_ops *ops, struct carrier_plan *p)
{
	const void *tbl;
	size_t avail;
	int rc;

	tbl = ops->find_config_table(ops->ctx, &guid_mokvar, &avail);
	if (!tbl)
		return 0;
	rc = mokvar_validate(tbl, avail, &p->tbl_size);
	if (rc) {
		carrier_say_str(ops, "MOK variable config table is malformed", NULL, rc);
		return rc;
	}
	p->tbl = tbl;
	rc = find_table_list(ops, p, CARRIER_VAR_MOKLISTX, &p->tbl_mokx, &p->tbl_has_mokx);
	if (rc)
		return rc;
	return find_table_list(ops, p, CARRIER_VAR_MOKLIST, &p->tbl_moklist, &p->tbl_has_moklist);
}

int carrier_plan_read(const struct carrier_ops *ops, struct carrier_plan *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = read_var(ops, &p->dbx, "dbx", &guid_imgsec)) ||
	    (rc = read_var(ops, &p->mokx, CARRIER_VAR_MOKLISTX, &guid_shim)) ||
	    (rc = read_var(ops, &p->moklist, CARRIER_VAR_MOKLIST, &guid_shim)) ||
	    (rc = read_var(ops, &p->record, CARRIER_VAR_RECORD, &guid_sbkexec)))
		return rc;
	if ((rc = check_revocation_list(ops, &p->dbx)) ||
	    (rc = check_revocation_list(ops, &p->mokx)))
		return rc;

	p->moklist_kept = p->moklist.exists;
	if (p->moklist.exists && p->moklist.attrs != CARRIER_VAR_VOLATILE_RT) {
		/* Not made by shim or a carrier this boot (they create it volatile BS|RT): it may
		   have been planted from a running OS, so its content is not carried forward. */
		say_foreign_attrs(ops, p->moklist.attrs);
		p->moklist_kept = 0;
	}
	if (p->moklist_kept && esl_validate(p->moklist.data, p->moklist.len, NULL) < 0) {
		carrier_say_str(ops, "existing MokListRT is malformed", NULL, SB_E_MALFORMED);
		return SB_E_MALFORMED;
	}

	if (p->record.exists && p->record.attrs != CARRIER_VAR_VOLATILE_RT) {
		/* Same reasoning as for MokListRT: only volatile content is from this boot. */
		carrier_say_str(ops, "KeyCarrierRT is not volatile BS|RT: replacing it", NULL, 0);
	} else if (p->record.exists &&
		   keycarrier_parse(p->record.data, p->record.len, &p->rec_list, &p->rec_list_len,
				    &p->carriers) < 0) {
		carrier_say_str(ops, "existing KeyCarrierRT is malformed", NULL, SB_E_MALFORMED);
		return SB_E_MALFORMED;
	}
	return read_table(ops, p);
}

int carrier_plan_route(const struct carrier_ops *ops, struct carrier_plan *p, unsigned options)
{
	p->shim = ops->shim_present && ops->shim_present(ops->ctx);
	p->to_var = !p->shim || (options & CARRIER_OPT_SHIM_ALLOWLIST);
	if (!p->shim)
		return 0;
	if (p->to_var) {
		carrier_say_str(ops, "shim-allowlist opt-in: extending the MokListRT variable, so shim "
				"trusts images signed by these certs for the rest of this boot", NULL, 0);
		return 0;
	}
	if (p->tbl_has_moklist) {
		carrier_say_str(ops, "shim is verifying this boot: publishing through its MOK config "
				"table only, MokListRT (shim's allow-list) is left as shim made it", NULL, 0);
		return 0;
	}
	carrier_say_str(ops, "shim is verifying this boot and has no MOK config table with "
			"MokListRT: only the MokListRT variable reaches Linux, and extending it widens "
			"shim's allow-list; publishing nothing (.options shim-allowlist allows it)",
			NULL, SB_E_UNSUPPORTED);
	return SB_E_UNSUPPORTED;
}

void carrier_plan_check_record(const struct carrier_ops *ops, const struct carrier_plan *p)
{
	const uint8_t *src = p->tbl_has_moklist ? p->tbl_moklist.data :
			     p->moklist_kept ? p->moklist.data : NULL;
	size_t src_len = p->tbl_has_moklist ? p->tbl_moklist.len :
			 p->moklist_kept ? p->moklist.len : 0;
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(p->rec_list, p->rec_list_len, &cursor, &e) == 1) {
		struct carrier_msg m;
		uint8_t sha[32];

		if (!esl_contains_x509(src, src_len, e.data, e.len)) {
			sha256(e.data, e.len, sha);
			carrier_msg_cert(&m, i, e.data, e.len, sha);
			msg_str(&m, p->tbl_has_moklist ? ": recorded in KeyCarrierRT but not in the MOK "
				"config table: replaced after an earlier carrier ran (before shim?)" :
				": recorded in KeyCarrierRT but not in MokListRT: replaced after an "
				"earlier carrier ran (before shim?)");
			/* "cert N" numbers the record here, not .keylist. */
			carrier_say(ops, &m);
		}
		i++;
	}
}

/* Revoked by dbx first, then MokListXRT; both were validated by carrier_plan_read. */
static enum carrier_decision revocation(const struct carrier_plan *p, const struct esl_entry *e,
					enum esl_revocation *how)
{
	*how = ESL_NOT_REVOKED;
	if (p->dbx.exists && (*how = esl_cert_revoked(p->dbx.data, p->dbx.len, e->data, e->len)))
		return CARRIER_REVOKED_DBX;
	if (p->mokx.exists && (*how = esl_cert_revoked(p->mokx.data, p->mokx.len, e->data, e->len)))
		return CARRIER_REVOKED_MOKX;
	if (p->tbl_has_mokx &&
	    (*how = esl_cert_revoked(p->tbl_mokx.data, p->tbl_mokx.len, e->data, e->len)))
		return CARRIER_REVOKED_MOKX;
	return CARRIER_PUBLISHED;
}

static void say_skipped(const struct carrier_ops *ops, unsigned i, const struct esl_entry *e,
			const struct carrier_cert *c)
{
	struct carrier_msg m;

	carrier_msg_cert(&m, i, e->data, e->len, c->sha256);
	if (c->decision == CARRIER_DUPLICATE) {
		msg_str(&m, ": duplicate within .keylist, skipped");
	} else {
		msg_str(&m, c->decision == CARRIER_REVOKED_DBX ? ": REVOKED by dbx (" :
			": REVOKED by MokListXRT (");
		msg_str(&m, carrier_revocation_name(c->how));
		msg_str(&m, "), not published");
	}
	carrier_say(ops, &m);
}

void carrier_plan_decide(const struct carrier_ops *ops, struct carrier_plan *p,
			 const uint8_t *keylist, size_t keylist_len, struct carrier_result *res)
{
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (i < res->ncerts && esl_next(keylist, keylist_len, &cursor, &e) == 1) {
		struct carrier_cert *c = &res->certs[i];

		sha256(e.data, e.len, c->sha256);
		c->decision = revocation(p, &e, &c->how);
		if (c->decision == CARRIER_PUBLISHED) {
			for (unsigned j = 0; j < i; j++)
				if (res->certs[j].decision != CARRIER_DUPLICATE &&
				    memcmp(res->certs[j].sha256, c->sha256, 32) == 0)
					c->decision = CARRIER_DUPLICATE;
		}
		if (c->decision == CARRIER_PUBLISHED) {
			/* "Already present" in what this run extends: the variable, or (behind shim,
			   without the opt-in) the table. */
			if (p->to_var ? p->moklist_kept &&
				esl_contains_x509(p->moklist.data, p->moklist.len, e.data, e.len) :
			    esl_contains_x509(p->tbl_moklist.data, p->tbl_moklist.len, e.data, e.len))
				c->decision = CARRIER_ALREADY_PRESENT;
			p->sel_var[i] = p->to_var && c->decision == CARRIER_PUBLISHED;
			p->sel_tbl[i] = p->tbl_has_moklist &&
				!esl_contains_x509(p->tbl_moklist.data, p->tbl_moklist.len, e.data, e.len);
			p->sel_rec[i] = !esl_contains_x509(p->rec_list, p->rec_list_len, e.data, e.len);
		} else {
			say_skipped(ops, i, &e, c);
			res->skipped++;
		}
		i++;
	}
}

void carrier_plan_free(const struct carrier_ops *ops, struct carrier_plan *p)
{
	if (p->newtbl)
		ops->free_runtime(ops->ctx, p->newtbl);
	if (p->rec)
		ops->free(ops->ctx, p->rec);
	if (p->var)
		ops->free(ops->ctx, p->var);
	p->newtbl = p->rec = p->var = NULL;
	free_var(ops, &p->record);
	free_var(ops, &p->moklist);
	free_var(ops, &p->mokx);
	free_var(ops, &p->dbx);
}
