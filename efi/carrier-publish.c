// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier logic: validate .keylist, drop revoked certs, publish the rest all-or-nothing. */
#include "carrier.h"
#include "carrier-msg.h"
#include "der.h"
#include "mokvar.h"
#include "sb-error.h"
#include "sb-string.h"
#include "sha256.h"

static const sb_guid guid_x509 = SB_GUID_CERT_X509;
static const sb_guid guid_global = SB_GUID_GLOBAL_VARIABLE;
static const sb_guid guid_imgsec = SB_GUID_IMAGE_SECURITY;
static const sb_guid guid_shim = SB_GUID_SHIM_LOCK;
static const sb_guid guid_mokvar = SB_GUID_MOK_VARIABLE_TABLE;
static const sb_guid guid_sbkexec = SB_GUID_SBKEXEC;

/* A variable as read before any write: what to restore if a later write fails. */
struct var_snapshot {
	const char *name;
	const sb_guid *vendor;
	int exists;
	uint32_t attrs;
	uint8_t *data;
	size_t len;
};

static void say(const struct carrier_ops *ops, struct carrier_msg *m)
{
	ops->print(ops->ctx, m->buf);
}

static void say_str(const struct carrier_ops *ops, const char *a, const char *b, int err)
{
	struct carrier_msg m;

	msg_init(&m, "carrier: ");
	msg_str(&m, a);
	if (b)
		msg_str(&m, b);
	if (err) {
		msg_str(&m, " (");
		msg_str(&m, sb_strerror(err));
		msg_str(&m, ")");
	}
	say(ops, &m);
}

/*
 * Subject commonName of a certificate, for console lines only (RFC 5280 §4.1: TBSCertificate
 * = [0] version?, serial, signature, issuer, validity, subject, ...). Empty when not found.
 */
static void cert_cn(const uint8_t *cert, size_t len, const uint8_t **cn, size_t *cn_len)
{
	static const uint8_t oid_cn[] = { 0x06, 0x03, 0x55, 0x04, 0x03 };
	const uint8_t *tbs, *p;
	size_t tbs_len, hl, cl, rem;
	uint8_t tag;

	*cn = NULL;
	*cn_len = 0;
	if (der_x509_tbs(cert, len, &tbs, &tbs_len) ||
	    der_read_tlv(tbs, tbs_len, &tag, &hl, &cl))
		return;
	p = tbs + hl;
	rem = cl;
	/* Skip version (if any), serial, signature, issuer, validity. */
	for (int field = 0; field < 5; field++) {
		if (der_read_tlv(p, rem, &tag, &hl, &cl))
			return;
		if (field == 0 && tag != 0xa0)
			field++;  /* no explicit version: this TLV is the serial */
		p += hl + cl;
		rem -= hl + cl;
	}
	if (der_read_tlv(p, rem, &tag, &hl, &cl) || tag != 0x30)
		return;
	/* Subject: SEQUENCE OF SET OF SEQUENCE { OID, value }; search for the CN OID. */
	rem = cl;
	p += hl;
	while (rem) {
		const uint8_t *set, *atv;
		size_t shl, scl, ahl, acl;

		if (der_read_tlv(p, rem, &tag, &shl, &scl))
			return;
		set = p + shl;
		if (der_read_tlv(set, scl, &tag, &ahl, &acl) == 0 && tag == 0x30) {
			atv = set + ahl;
			if (acl > sizeof(oid_cn) && memcmp(atv, oid_cn, sizeof(oid_cn)) == 0 &&
			    der_read_tlv(atv + sizeof(oid_cn), acl - sizeof(oid_cn), &tag, &hl, &cl) == 0) {
				*cn = atv + sizeof(oid_cn) + hl;
				*cn_len = cl;
				return;
			}
		}
		p += shl + scl;
		rem -= shl + scl;
	}
}

/* "cert N 'CN' (sha256 0123abcd…)" prefix of every per-cert line. */
static void msg_cert(struct carrier_msg *m, unsigned idx, const struct esl_entry *e,
		     const uint8_t sha[32])
{
	const uint8_t *cn;
	size_t cn_len;

	msg_init(m, "carrier: cert ");
	msg_uint(m, idx + 1);
	cert_cn(e->data, e->len, &cn, &cn_len);
	if (cn_len) {
		msg_str(m, " '");
		msg_bytes(m, cn, cn_len > 64 ? 64 : cn_len);
		msg_str(m, "'");
	}
	msg_str(m, " (sha256 ");
	msg_hex(m, sha, 8);
	msg_str(m, "...)");
}

static const char *revocation_name(enum esl_revocation how)
{
	switch (how) {
	case ESL_REVOKED_X509:        return "the certificate itself";
	case ESL_REVOKED_X509_SHA256: return "X509_SHA256 of its TBSCertificate";
	case ESL_REVOKED_SHA256:      return "SHA256 of its DER";
	default:                      return "?";
	}
}

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
	say(ops, &m);
}

/* Snapshot a variable; absent is fine, any other read error is returned (fail closed). */
static int snapshot(const struct carrier_ops *ops, struct var_snapshot *s, const char *name,
		    const sb_guid *vendor)
{
	int rc;

	s->name = name;
	s->vendor = vendor;
	s->exists = 0;
	s->data = NULL;
	s->len = 0;
	s->attrs = 0;
	rc = ops->get_variable(ops->ctx, name, vendor, &s->attrs, &s->data, &s->len);
	if (rc == SB_E_NOT_FOUND)
		return 0;
	if (rc) {
		say_str(ops, "cannot read ", name, rc);
		return rc;
	}
	s->exists = 1;
	return 0;
}

static void snapshot_free(const struct carrier_ops *ops, struct var_snapshot *s)
{
	if (s->exists && s->data)
		ops->free(ops->ctx, s->data);
	s->data = NULL;
}

/* Put a variable back as the snapshot saw it; says so when even that fails. */
static void restore(const struct carrier_ops *ops, const struct var_snapshot *s)
{
	int rc;

	if (s->exists) {
		/* A variable of other attributes must go before it can be recreated. */
		ops->set_variable(ops->ctx, s->name, s->vendor, 0, NULL, 0);
		rc = ops->set_variable(ops->ctx, s->name, s->vendor, s->attrs, s->data, s->len);
	} else {
		rc = ops->set_variable(ops->ctx, s->name, s->vendor, 0, NULL, 0);
	}
	if (rc)
		say_str(ops, "could not restore ", s->name, rc);
}

/* Write `name` as volatile BS|RT, replacing a variable of other attributes. */
static int write_volatile(const struct carrier_ops *ops, const struct var_snapshot *s,
			  const uint8_t *data, size_t len)
{
	int rc;

	if (s->exists && s->attrs != CARRIER_VAR_VOLATILE_RT) {
		rc = ops->set_variable(ops->ctx, s->name, s->vendor, 0, NULL, 0);
		if (rc) {
			say_str(ops, "cannot delete ", s->name, rc);
			return rc;
		}
	}
	rc = ops->set_variable(ops->ctx, s->name, s->vendor, CARRIER_VAR_VOLATILE_RT, data, len);
	if (rc) {
		say_str(ops, "cannot set ", s->name, rc);
		if (s->exists && s->attrs != CARRIER_VAR_VOLATILE_RT)
			restore(ops, s);
	}
	return rc;
}

/* Append one X.509 list per selected cert to out at *pos; sizes were computed beforehand. */
static void append_certs(uint8_t *out, size_t out_len, size_t *pos, const uint8_t *keylist,
			 size_t keylist_len, const uint8_t *selected)
{
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(keylist, keylist_len, &cursor, &e) == 1) {
		if (selected[i++]) {
			long n = esl_build(&guid_x509, &guid_sbkexec, e.data, e.len, out + *pos,
					   out_len - *pos);
			if (n > 0)
				*pos += (size_t)n;
		}
	}
}

/* Bytes needed for the selected certs as one-entry lists; 0 on overflow (never legit). */
static size_t certs_size(const uint8_t *keylist, size_t keylist_len, const uint8_t *selected)
{
	size_t cursor = 0, total = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(keylist, keylist_len, &cursor, &e) == 1) {
		if (selected[i++] && __builtin_add_overflow(total, esl_list_size(e.len), &total))
			return 0;
	}
	return total;
}

/* Build `base` + the selected certs into a fresh ops->alloc buffer (prefix bytes first). */
static int build_list(const struct carrier_ops *ops, const uint8_t *prefix, size_t prefix_len,
		      const uint8_t *base, size_t base_len, const uint8_t *keylist,
		      size_t keylist_len, const uint8_t *selected, uint8_t **out, size_t *out_len)
{
	size_t add = certs_size(keylist, keylist_len, selected), total, pos;
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
	append_certs(buf, total, &pos, keylist, keylist_len, selected);
	if (pos != total) {
		ops->free(ops->ctx, buf);
		return SB_E_MALFORMED;
	}
	*out = buf;
	*out_len = total;
	return 0;
}

/* State of one carrier_publish() run; all buffers freed at the end. */
struct run {
	struct var_snapshot dbx, mokx, moklist, record;
	const uint8_t *tbl;
	size_t tbl_size;
	struct mokvar_entry tbl_entry;
	int tbl_has_entry;
	int moklist_kept;           /* existing MokListRT content is kept (sane attrs) */
	uint8_t sel_var[CARRIER_MAX_CERTS];     /* to append to the variable */
	uint8_t sel_tbl[CARRIER_MAX_CERTS];     /* to append to the table's MokListRT */
	uint8_t sel_rec[CARRIER_MAX_CERTS];     /* to append to KeyCarrierRT */
};

/* Decide per cert; prints the revoked/duplicate lines, which are final whatever happens next. */
static void decide(const struct carrier_ops *ops, struct run *r, const uint8_t *keylist,
		   size_t keylist_len, const uint8_t *rec_list, size_t rec_len,
		   struct carrier_result *res)
{
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(keylist, keylist_len, &cursor, &e) == 1) {
		struct carrier_cert *c = &res->certs[i];
		struct carrier_msg m;

		sha256(e.data, e.len, c->sha256);
		c->how = ESL_NOT_REVOKED;
		if (r->dbx.exists)
			c->how = esl_cert_revoked(r->dbx.data, r->dbx.len, e.data, e.len);
		if (c->how != ESL_NOT_REVOKED) {
			c->decision = CARRIER_REVOKED_DBX;
		} else if (r->mokx.exists &&
			   (c->how = esl_cert_revoked(r->mokx.data, r->mokx.len, e.data, e.len))) {
			c->decision = CARRIER_REVOKED_MOKX;
		} else {
			c->decision = CARRIER_PUBLISHED;
			for (unsigned j = 0; j < i; j++)
				if (res->certs[j].decision != CARRIER_DUPLICATE &&
				    memcmp(res->certs[j].sha256, c->sha256, 32) == 0)
					c->decision = CARRIER_DUPLICATE;
		}
		if (c->decision == CARRIER_PUBLISHED) {
			if (r->moklist_kept &&
			    esl_contains_x509(r->moklist.data, r->moklist.len, e.data, e.len))
				c->decision = CARRIER_ALREADY_PRESENT;
			r->sel_var[i] = c->decision == CARRIER_PUBLISHED;
			r->sel_tbl[i] = r->tbl && r->tbl_has_entry &&
				!esl_contains_x509(r->tbl_entry.data, r->tbl_entry.len, e.data, e.len);
			r->sel_rec[i] = !esl_contains_x509(rec_list, rec_len, e.data, e.len);
		}
		if (c->decision != CARRIER_PUBLISHED && c->decision != CARRIER_ALREADY_PRESENT) {
			msg_cert(&m, i, &e, c->sha256);
			if (c->decision == CARRIER_DUPLICATE) {
				msg_str(&m, ": duplicate within .keylist, skipped");
			} else {
				msg_str(&m, c->decision == CARRIER_REVOKED_DBX ?
					": REVOKED by dbx (" : ": REVOKED by MokListXRT (");
				msg_str(&m, revocation_name(c->how));
				msg_str(&m, "), not published");
			}
			say(ops, &m);
			res->skipped++;
		}
		i++;
	}
}

/* Lines for what was actually written, after every write succeeded. */
static void report_published(const struct carrier_ops *ops, const uint8_t *keylist,
			     size_t keylist_len, struct carrier_result *res)
{
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;

	while (esl_next(keylist, keylist_len, &cursor, &e) == 1) {
		struct carrier_cert *c = &res->certs[i];
		struct carrier_msg m;

		if (c->decision == CARRIER_PUBLISHED || c->decision == CARRIER_ALREADY_PRESENT) {
			msg_cert(&m, i, &e, c->sha256);
			msg_str(&m, c->decision == CARRIER_PUBLISHED ? ": published in MokListRT" :
				": already in MokListRT, kept");
			if (res->table_updated || res->table_created)
				msg_str(&m, " and the MOK config table");
			say(ops, &m);
		}
		i++;
	}
}

static int read_state(const struct carrier_ops *ops, struct run *r)
{
	const void *tbl;
	size_t avail;
	int rc;

	if ((rc = snapshot(ops, &r->dbx, "dbx", &guid_imgsec)) ||
	    (rc = snapshot(ops, &r->mokx, CARRIER_VAR_MOKLISTX, &guid_shim)) ||
	    (rc = snapshot(ops, &r->moklist, CARRIER_VAR_MOKLIST, &guid_shim)) ||
	    (rc = snapshot(ops, &r->record, CARRIER_VAR_RECORD, &guid_sbkexec)))
		return rc;

	r->moklist_kept = r->moklist.exists;
	if (r->moklist.exists && r->moklist.attrs != CARRIER_VAR_VOLATILE_RT) {
		/* Not made by shim or a carrier this boot (they create it volatile BS|RT): it may have
		   been planted from a running OS, so its content is not carried forward. */
		struct carrier_msg m;

		msg_init(&m, "carrier: MokListRT has attributes 0x");
		msg_hex(&m, (const uint8_t[]){ (uint8_t)(r->moklist.attrs >> 24),
			(uint8_t)(r->moklist.attrs >> 16), (uint8_t)(r->moklist.attrs >> 8),
			(uint8_t)r->moklist.attrs }, 4);
		msg_str(&m, ", not volatile BS|RT: replacing its content");
		say(ops, &m);
		r->moklist_kept = 0;
	}
	if (r->moklist_kept && esl_validate(r->moklist.data, r->moklist.len, NULL) < 0) {
		say_str(ops, "existing MokListRT is malformed", NULL, SB_E_MALFORMED);
		return SB_E_MALFORMED;
	}

	tbl = ops->find_config_table(ops->ctx, &guid_mokvar, &avail);
	if (tbl) {
		rc = mokvar_validate(tbl, avail, &r->tbl_size);
		if (rc) {
			say_str(ops, "MOK variable config table is malformed", NULL, rc);
			return rc;
		}
		r->tbl = tbl;
		rc = mokvar_find(r->tbl, r->tbl_size, CARRIER_VAR_MOKLIST, &r->tbl_entry);
		if (rc == 0) {
			if (esl_validate(r->tbl_entry.data, r->tbl_entry.len, NULL) < 0) {
				say_str(ops, "MokListRT in the MOK config table is malformed", NULL,
					SB_E_MALFORMED);
				return SB_E_MALFORMED;
			}
			r->tbl_has_entry = 1;
		} else if (rc != SB_E_NOT_FOUND) {
			return rc;
		}
	}
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

unsigned carrier_parse_options(const struct carrier_ops *ops, const uint8_t *p, size_t len)
{
	unsigned flags = 0;
	size_t i = 0;

	while (i < len) {
		size_t start, n;

		while (i < len && (p[i] == '\n' || p[i] == 0 || p[i] == ' ' || p[i] == '\r'))
			i++;
		start = i;
		while (i < len && p[i] != '\n' && p[i] != 0 && p[i] != ' ' && p[i] != '\r')
			i++;
		n = i - start;
		if (n == 0)
			break;
		if (n == sizeof(CARRIER_OPTION_MACHINE_KEYRING) - 1 &&
		    memcmp(p + start, CARRIER_OPTION_MACHINE_KEYRING, n) == 0) {
			flags |= CARRIER_OPT_MACHINE_KEYRING;
		} else {
			struct carrier_msg m;

			msg_init(&m, "carrier: unknown .options word '");
			msg_bytes(&m, p + start, n > 40 ? 40 : n);
			msg_str(&m, "' ignored");
			say(ops, &m);
		}
	}
	return flags;
}

int carrier_publish(const struct carrier_ops *ops, const uint8_t *keylist, size_t keylist_len,
		    unsigned options, struct carrier_result *res)
{
	struct run r;
	const uint8_t *rec_list = NULL;
	size_t rec_len = 0, var_len = 0, entry_len = 0, newrec_len = 0, newtbl_size = 0;
	uint32_t carriers = 0;
	uint8_t *var = NULL, *entry = NULL, *newrec = NULL, *newtbl = NULL;
	uint8_t hdr[KEYCARRIER_HDR_SIZE];
	int n, rc, wrote_var = 0;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	res->secure_boot = res->setup_mode = -1;
	report_mode(ops, res);

	n = esl_validate(keylist, keylist_len, &guid_x509);
	if (n == 0)
		n = SB_E_ESL_TRUNCATED;
	if (n > CARRIER_MAX_CERTS)
		n = SB_E_UNSUPPORTED;
	if (n < 0) {
		say_str(ops, ".keylist is malformed: publishing nothing", NULL, n);
		return n;
	}
	res->ncerts = (unsigned)n;

	rc = read_state(ops, &r);
	if (rc)
		goto out_nothing;
	if (r.record.exists && r.record.attrs != CARRIER_VAR_VOLATILE_RT) {
		/* Same reasoning as for MokListRT: only volatile content is from this boot. */
		say_str(ops, "KeyCarrierRT is not volatile BS|RT: replacing it", NULL, 0);
	} else if (r.record.exists &&
		   keycarrier_parse(r.record.data, r.record.len, &rec_list, &rec_len, &carriers) < 0) {
		rc = SB_E_MALFORMED;
		say_str(ops, "existing KeyCarrierRT is malformed", NULL, rc);
		goto out_nothing;
	}
	decide(ops, &r, keylist, keylist_len, rec_list, rec_len, res);

	/* Build everything before writing anything. */
	rc = build_list(ops, NULL, 0, r.moklist_kept ? r.moklist.data : NULL,
			r.moklist_kept ? r.moklist.len : 0, keylist, keylist_len, r.sel_var,
			&var, &var_len);
	if (rc)
		goto out_nothing;
	keycarrier_header(hdr, carriers + 1);
	rc = build_list(ops, hdr, sizeof(hdr), rec_list, rec_len, keylist, keylist_len, r.sel_rec,
			&newrec, &newrec_len);
	if (rc)
		goto out_free;
	if (r.tbl_has_entry) {
		rc = build_list(ops, NULL, 0, r.tbl_entry.data, r.tbl_entry.len, keylist,
				keylist_len, r.sel_tbl, &entry, &entry_len);
		if (rc)
			goto out_free;
		rc = mokvar_rebuild_size(r.tbl, r.tbl_size, CARRIER_VAR_MOKLIST, entry_len,
					 &newtbl_size);
		if (rc)
			goto out_free;
		newtbl = ops->alloc_runtime(ops->ctx, newtbl_size);
		if (!newtbl) {
			rc = SB_E_NOMEM;
			say_str(ops, "cannot allocate the new MOK config table", NULL, rc);
			goto out_free;
		}
		rc = mokvar_rebuild(r.tbl, r.tbl_size, CARRIER_VAR_MOKLIST, entry, entry_len,
				    newtbl, newtbl_size);
		if (rc)
			goto out_free_tbl;
	} else if (!r.tbl && (options & CARRIER_OPT_MACHINE_KEYRING) && var_len) {
		/* The table's MokListRT is the whole new variable: Linux then reads only the table. */
		rc = build_trusted_table(ops, var, var_len, &newtbl, &newtbl_size);
		if (rc) {
			say_str(ops, "cannot build the MOK config table", NULL, rc);
			goto out_free;
		}
	}

	/* Writes, each undone if a later one fails. MokListRT is left alone when nothing is new. */
	for (unsigned i = 0; i < res->ncerts; i++)
		wrote_var |= r.sel_var[i];
	if (wrote_var) {
		rc = write_volatile(ops, &r.moklist, var, var_len);
		if (rc)
			goto out_free_tbl;
	}
	rc = write_volatile(ops, &r.record, newrec, newrec_len);
	if (rc)
		goto out_restore_moklist;
	if (newtbl) {
		rc = ops->install_config_table(ops->ctx, &guid_mokvar, newtbl);
		if (rc) {
			say_str(ops, "cannot install the new MOK config table", NULL, rc);
			goto out_restore_record;
		}
		if (r.tbl)
			res->table_updated = 1;
		else
			res->table_created = 1;
		newtbl = NULL;  /* now owned by the configuration table */
	}

	for (unsigned i = 0; i < res->ncerts; i++) {
		if (res->certs[i].decision == CARRIER_PUBLISHED)
			res->published++;
		else if (res->certs[i].decision == CARRIER_ALREADY_PRESENT)
			res->present++;
	}
	report_published(ops, keylist, keylist_len, res);
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
			(r.tbl ? "; MOK config table has no MokListRT, left as is" :
			 "; no MOK config table"));
		say(ops, &m);
		if (res->table_created)
			say_str(ops, "machine-keyring opt-in: Linux puts these certs in .machine, "
				"trusted for kernel modules too", NULL, 0);
		else if (r.tbl && (options & CARRIER_OPT_MACHINE_KEYRING))
			say_str(ops, "machine-keyring opt-in ignored: a MOK config table exists, "
				"its MokListTrustedRT setting is kept", NULL, 0);
	}
	rc = 0;
	goto out_free;

out_restore_record:
	restore(ops, &r.record);
out_restore_moklist:
	if (wrote_var)
		restore(ops, &r.moklist);
out_free_tbl:
	if (newtbl)
		ops->free_runtime(ops->ctx, newtbl);
out_free:
	if (entry)
		ops->free(ops->ctx, entry);
	if (newrec)
		ops->free(ops->ctx, newrec);
	if (var)
		ops->free(ops->ctx, var);
	if (rc)
		say_str(ops, "nothing published", NULL, rc);
	goto out_snapshots;
out_nothing:
	say_str(ops, "nothing published", NULL, rc);
out_snapshots:
	snapshot_free(ops, &r.record);
	snapshot_free(ops, &r.moklist);
	snapshot_free(ops, &r.mokx);
	snapshot_free(ops, &r.dbx);
	return rc;
}
