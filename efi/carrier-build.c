// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier planning, second half: build the new MokListRT, KeyCarrierRT and MOK table values a plan's commit writes. */
#include "carrier-plan.h"
#include "carrier-console.h"
#include "keycarrier.h"
#include "sb-error.h"
#include "sb-string.h"

static const sb_guid guid_x509 = SB_GUID_CERT_X509;
static const sb_guid guid_sbkexec = SB_GUID_SBKEXEC;

/* Bytes needed for the selected certs as one-entry lists; 0 on overflow (never legit). */
static size_t certs_size(const uint8_t *keylist, size_t keylist_len, const uint8_t *selected)
{
	size_t cursor = 0, total = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(keylist, keylist_len, &cursor, &e) == 1 && i < CARRIER_MAX_CERTS) {
		if (selected[i++] && __builtin_add_overflow(total, esl_list_size(e.len), &total))
			return 0;
	}
	return total;
}

/* `prefix` + `base` + one X.509 list per selected cert, in a fresh ops->alloc buffer. */
static int build_list(const struct carrier_ops *ops, const uint8_t *prefix, size_t prefix_len,
		      const uint8_t *base, size_t base_len, const uint8_t *keylist,
		      size_t keylist_len, const uint8_t *selected, uint8_t **out, size_t *out_len)
{
	size_t add = certs_size(keylist, keylist_len, selected), total, pos, cursor = 0;
	struct esl_entry e;
	unsigned i = 0;
	uint8_t *buf;

	if (__builtin_add_overflow(prefix_len, base_len, &total) ||
	    __builtin_add_overflow(total, add, &total))
		return SB_E_NOMEM;
	buf = ops->alloc(ops->ctx, total ? total : 1);
	if (!buf)
		return SB_E_NOMEM;
	if (prefix_len)
		memcpy(buf, prefix, prefix_len);
	if (base_len)
		memcpy(buf + prefix_len, base, base_len);
	pos = prefix_len + base_len;
	while (esl_next(keylist, keylist_len, &cursor, &e) == 1 && i < CARRIER_MAX_CERTS) {
		if (selected[i++]) {
			long n = esl_build(&guid_x509, &guid_sbkexec, e.data, e.len, buf + pos,
					   total - pos);
			if (n > 0)
				pos += (size_t)n;
		}
	}
	if (pos != total) {
		ops->free(ops->ctx, buf);
		return SB_E_MALFORMED;
	}
	*out = buf;
	*out_len = total;
	return 0;
}

/* A new table: MokListRT = `list`, MokListTrustedRT = 1, terminator (the opt-in). */
static int build_trusted_table(const struct carrier_ops *ops, const uint8_t *list, size_t list_len,
			       uint8_t **out, size_t *out_size)
{
	static const uint8_t one = 1;
	size_t first, size;
	uint8_t *tmp, *tbl;
	int rc;

	rc = mokvar_rebuild_size(NULL, 0, CARRIER_VAR_MOKLIST, list_len, &first);
	if (rc)
		return rc;
	tmp = ops->alloc(ops->ctx, first);
	if (!tmp)
		return SB_E_NOMEM;
	rc = mokvar_rebuild(NULL, 0, CARRIER_VAR_MOKLIST, list, list_len, tmp, first);
	if (rc)
		goto out;
	rc = mokvar_rebuild_size(tmp, first, CARRIER_VAR_MOKTRUSTED, 1, &size);
	if (rc)
		goto out;
	tbl = ops->alloc_runtime(ops->ctx, size);
	if (!tbl) {
		rc = SB_E_NOMEM;
		goto out;
	}
	rc = mokvar_rebuild(tmp, first, CARRIER_VAR_MOKTRUSTED, &one, 1, tbl, size);
	if (rc) {
		ops->free_runtime(ops->ctx, tbl);
		goto out;
	}
	*out = tbl;
	*out_size = size;
out:
	ops->free(ops->ctx, tmp);
	return rc;
}

/* The installed table with its MokListRT entry extended by the selected certs. */
static int build_rebuilt_table(const struct carrier_ops *ops, struct carrier_plan *p,
			       const uint8_t *keylist, size_t keylist_len)
{
	uint8_t *entry = NULL;
	size_t entry_len = 0;
	int rc;

	rc = build_list(ops, NULL, 0, p->tbl_moklist.data, p->tbl_moklist.len, keylist,
			keylist_len, p->sel_tbl, &entry, &entry_len);
	if (rc)
		return rc;
	rc = mokvar_rebuild_size(p->tbl, p->tbl_size, CARRIER_VAR_MOKLIST, entry_len,
				 &p->newtbl_size);
	if (rc)
		goto out;
	p->newtbl = ops->alloc_runtime(ops->ctx, p->newtbl_size);
	if (!p->newtbl) {
		rc = SB_E_NOMEM;
		carrier_say_str(ops, "cannot allocate the new MOK config table", NULL, rc);
		goto out;
	}
	rc = mokvar_rebuild(p->tbl, p->tbl_size, CARRIER_VAR_MOKLIST, entry, entry_len,
			    p->newtbl, p->newtbl_size);
	if (rc) {
		ops->free_runtime(ops->ctx, p->newtbl);
		p->newtbl = NULL;
	}
out:
	ops->free(ops->ctx, entry);
	return rc;
}

int carrier_plan_build(const struct carrier_ops *ops, struct carrier_plan *p,
		       const uint8_t *keylist, size_t keylist_len, unsigned options,
		       const struct carrier_result *res)
{
	uint8_t hdr[KEYCARRIER_HDR_SIZE];
	int rc;

	for (unsigned i = 0; i < res->ncerts; i++)
		p->write_var |= p->sel_var[i];
	rc = build_list(ops, NULL, 0, p->moklist_kept ? p->moklist.data : NULL,
			p->moklist_kept ? p->moklist.len : 0, keylist, keylist_len, p->sel_var,
			&p->var, &p->var_len);
	if (rc)
		return rc;
	keycarrier_header(hdr, p->carriers + 1);
	rc = build_list(ops, hdr, sizeof(hdr), p->rec_list, p->rec_list_len, keylist, keylist_len,
			p->sel_rec, &p->rec, &p->rec_len);
	if (rc)
		return rc;
	if (p->tbl_has_moklist) {
		rc = build_rebuilt_table(ops, p, keylist, keylist_len);
		if (rc == 0)
			p->table_action = CARRIER_TABLE_REBUILD;
	} else if (!p->tbl && (options & CARRIER_OPT_MACHINE_KEYRING) && p->var_len) {
		/* The table's MokListRT is the whole new variable: Linux then reads only the table. */
		rc = build_trusted_table(ops, p->var, p->var_len, &p->newtbl, &p->newtbl_size);
		if (rc)
			carrier_say_str(ops, "cannot build the MOK config table", NULL, rc);
		else
			p->table_action = CARRIER_TABLE_CREATE;
	}
	return rc;
}

