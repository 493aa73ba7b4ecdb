// SPDX-License-Identifier: GPL-2.0-or-later
/* Host tests of the key carrier logic (efi/carrier-*.c) against the fake firmware in fake-efi.c. */
#include <stdlib.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/sha.h>
#include "test.h"
#include "fake-efi.h"
#include "carrier.h"
#include "mokvar.h"
#include "carrier-event.h"
#include "sb-error.h"

static const sb_guid g_x509 = SB_GUID_CERT_X509;
static const sb_guid g_sha256 = SB_GUID_CERT_SHA256;
static const sb_guid g_x509_sha256 = SB_GUID_CERT_X509_SHA256;
static const sb_guid g_imgsec = SB_GUID_IMAGE_SECURITY;
static const sb_guid g_global = SB_GUID_GLOBAL_VARIABLE;
static const sb_guid g_shim = SB_GUID_SHIM_LOCK;
static const sb_guid g_mokvar = SB_GUID_MOK_VARIABLE_TABLE;
static const sb_guid g_sbkexec = SB_GUID_SBKEXEC;
static const sb_guid g_owner = {{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }};

#define VOL (CARRIER_VAR_BS | CARRIER_VAR_RT)

struct cert {
	uint8_t der[1024];
	size_t len;
	uint8_t tbs_sha[32], der_sha[32];
};

static struct cert c_a, c_b, c_c;

/* A throwaway self-signed EC certificate with subject CN=cn (the oracle is OpenSSL). */
static void make_cert(struct cert *c, const char *cn)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	unsigned char *p = c->der, *tbs = NULL;
	int tbs_len;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	X509_sign(x, key, EVP_sha256());
	c->len = (size_t)i2d_X509(x, NULL);
	if (c->len > sizeof(c->der))
		abort();
	i2d_X509(x, &p);
	tbs_len = i2d_re_X509_tbs(x, &tbs);
	SHA256(tbs, (size_t)tbs_len, c->tbs_sha);
	SHA256(c->der, c->len, c->der_sha);
	OPENSSL_free(tbs);
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(key);
}

/* Independent EFI_SIGNATURE_LIST writer (UEFI 2.10 §32.4.1), one entry; returns bytes written. */
static size_t esl(uint8_t *out, const sb_guid *type, const sb_guid *owner, const void *data,
		  size_t len)
{
	uint32_t list = (uint32_t)(28 + 16 + len), sig = (uint32_t)(16 + len), zero = 0;

	memcpy(out, type, 16);
	memcpy(out + 16, &list, 4);
	memcpy(out + 20, &zero, 4);
	memcpy(out + 24, &sig, 4);
	memcpy(out + 28, owner, 16);
	memcpy(out + 44, data, len);
	return list;
}

static size_t esl_cert(uint8_t *out, const struct cert *c, const sb_guid *owner)
{
	return esl(out, &g_x509, owner, c->der, c->len);
}

struct env {
	struct fake_efi f;
	struct carrier_ops ops;
	struct carrier_result res;
	uint8_t keylist[8192];
	size_t keylist_len;
	unsigned options;
};

static struct env *env_new(int secure_boot)
{
	static struct env e;
	uint8_t one = 1, zero = 0;

	fake_efi_init(&e.f, &e.ops);
	e.keylist_len = 0;
	e.options = 0;
	if (secure_boot >= 0) {
		fake_set(&e.f, "SecureBoot", &g_global, VOL, secure_boot ? &one : &zero, 1);
		fake_set(&e.f, "SetupMode", &g_global, VOL, &zero, 1);
	}
	return &e;
}

static void carry(struct env *e, const struct cert *c)
{
	e->keylist_len += esl_cert(e->keylist + e->keylist_len, c, &g_owner);
}

static int run(struct env *e)
{
	int rc = carrier_publish(&e->ops, e->keylist, e->keylist_len, e->options, &e->res);

	T_EQ_INT(e->f.allocs, 0);  /* every temporary buffer freed */
	return rc;
}

static int console_has(struct env *e, const char *s)
{
	return strstr(e->f.console, s) != NULL;
}

static int count_lines(struct env *e, const char *s)
{
	int n = 0;

	for (const char *p = e->f.console; (p = strstr(p, s)); p++)
		n++;
	return n;
}

/* The MokListRT we expect: `n` one-cert lists, the carrier's entries owned by SB_GUID_SBKEXEC. */
static void expect_var(struct env *e, const char *name, const sb_guid *vendor, const uint8_t *exp,
		       size_t exp_len)
{
	struct fake_var *v = fake_get(&e->f, name, vendor);

	T_CHECK(v != NULL);
	if (!v)
		return;
	T_EQ_INT(v->attrs, VOL);
	T_EQ_INT(v->len, exp_len);
	if (v->len == exp_len)
		T_EQ_MEM(v->data, exp, exp_len);
}

static size_t record_hdr(uint8_t *out, uint32_t carriers)
{
	memcpy(out, "SBKC", 4);
	out[4] = 1; out[5] = 0; out[6] = 16; out[7] = 0;
	memcpy(out + 8, &carriers, 4);
	memset(out + 12, 0, 4);
	return 16;
}

static void t_append_to_empty(void)
{
	struct env *e = env_new(1);
	uint8_t exp[4096], rec[4096];
	size_t n = 0, r;

	carry(e, &c_a);
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	n += esl_cert(exp + n, &c_a, &g_sbkexec);
	n += esl_cert(exp + n, &c_b, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	r = record_hdr(rec, 1);
	memcpy(rec + r, exp, n);
	expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r + n);
	T_EQ_INT(e->res.published, 2);
	T_EQ_INT(e->res.secure_boot, 1);
	T_CHECK(console_has(e, "Secure Boot enforcing"));
	T_CHECK(console_has(e, "cert 1 'carrier test A'"));
	T_CHECK(console_has(e, ": published in MokListRT"));
	T_EQ_INT(e->f.installs, 0);  /* no table installed, none created */
	T_CHECK(fake_find_table(&e->f, &g_mokvar) == NULL);
	fake_efi_reset(&e->f);
}

static void t_append_to_existing(void)
{
	struct env *e = env_new(1);
	uint8_t old[4096], exp[4096];
	size_t n;

	n = esl_cert(old, &c_c, &g_shim);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	memcpy(exp, old, n);
	n += esl_cert(exp + n, &c_a, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	fake_efi_reset(&e->f);
}

static void t_already_present_kept(void)
{
	struct env *e = env_new(1);
	uint8_t old[4096], exp[4096], rec[4096];
	size_t n, r;

	n = esl_cert(old, &c_a, &g_shim);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	carry(e, &c_a);
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	memcpy(exp, old, n);
	n += esl_cert(exp + n, &c_b, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	T_EQ_INT(e->res.certs[0].decision, CARRIER_ALREADY_PRESENT);
	T_EQ_INT(e->res.certs[1].decision, CARRIER_PUBLISHED);
	T_CHECK(console_has(e, "already in MokListRT"));
	/* The record names both: the carrier vouches for what is in MokListRT now. */
	r = record_hdr(rec, 1);
	r += esl_cert(rec + r, &c_a, &g_sbkexec);
	r += esl_cert(rec + r, &c_b, &g_sbkexec);
	expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r);
	fake_efi_reset(&e->f);
}

static void t_duplicate_in_keylist(void)
{
	struct env *e = env_new(1);
	uint8_t exp[4096];
	size_t n;

	carry(e, &c_a);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	n = esl_cert(exp, &c_a, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	T_EQ_INT(e->res.certs[1].decision, CARRIER_DUPLICATE);
	T_CHECK(console_has(e, "cert 2 'carrier test A'"));
	T_CHECK(console_has(e, "duplicate"));
	fake_efi_reset(&e->f);
}

/* dbx/MokListXRT revocation of cert A in one form; B must still be published. */
static void revoked_case(const char *var, const sb_guid *vendor, int form, enum esl_revocation how,
			 enum carrier_decision decision, const char *says)
{
	struct env *e = env_new(1);
	uint8_t list[4096], exp[4096];
	size_t n, m;
	static const uint8_t other[32] = { 0xee };
	/* EFI_CERT_X509_SHA256 data: the TBS hash, then an EFI_TIME of revocation (UEFI 2.10 §32.4.1). */
	uint8_t tbs48[48] = { 0 };

	memcpy(tbs48, c_a.tbs_sha, 32);

	/* An unrelated entry first, so the match is not just "first entry". */
	n = esl(list, &g_sha256, &g_owner, other, 32);
	if (form == 0)
		n += esl(list + n, &g_x509, &g_owner, c_a.der, c_a.len);
	else if (form == 1)
		n += esl(list + n, &g_x509_sha256, &g_owner, tbs48, sizeof(tbs48));
	else
		n += esl(list + n, &g_sha256, &g_owner, c_a.der_sha, 32);
	fake_set(&e->f, var, vendor, VOL | CARRIER_VAR_NV, list, n);
	carry(e, &c_a);
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	m = esl_cert(exp, &c_b, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, m);
	T_EQ_INT(e->res.certs[0].decision, decision);
	T_EQ_INT(e->res.certs[0].how, how);
	T_EQ_INT(e->res.certs[1].decision, CARRIER_PUBLISHED);
	T_CHECK(console_has(e, says));
	T_CHECK(console_has(e, "not published"));
	fake_efi_reset(&e->f);
}

static void t_revoked_dbx_x509(void)
{
	revoked_case("dbx", &g_imgsec, 0, ESL_REVOKED_X509, CARRIER_REVOKED_DBX,
		     "'carrier test A' (sha256 ");
}

static void t_revoked_dbx_tbs(void)
{
	revoked_case("dbx", &g_imgsec, 1, ESL_REVOKED_X509_SHA256, CARRIER_REVOKED_DBX,
		     "REVOKED by dbx (X509_SHA256 of its TBSCertificate)");
}

static void t_revoked_dbx_sha256(void)
{
	revoked_case("dbx", &g_imgsec, 2, ESL_REVOKED_SHA256, CARRIER_REVOKED_DBX,
		     "REVOKED by dbx (SHA256 of its DER)");
}

static void t_revoked_mokx(void)
{
	revoked_case("MokListXRT", &g_shim, 0, ESL_REVOKED_X509, CARRIER_REVOKED_MOKX,
		     "REVOKED by MokListXRT");
}

/* Malformed .keylist variants: each publishes nothing at all. */
static void t_malformed_keylists(void)
{
	struct env *e;
	uint8_t buf[4096];
	size_t n;
	struct { const char *what; int mutate; } cases[] = {
		{ "empty .keylist", 0 },
		{ "truncated list", 1 },
		{ "SignatureListSize too large", 2 },
		{ "wrong signature type (SHA256)", 3 },
		{ "DER outer length does not match", 4 },
		{ "trailing garbage", 5 },
		{ "second list malformed (all-or-nothing)", 6 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		uint32_t big;

		e = env_new(1);
		t_case_failed = 0;
		n = esl_cert(buf, &c_a, &g_owner);
		switch (cases[i].mutate) {
		case 0: n = 0; break;
		case 1: n -= 10; break;
		case 2: memcpy(&big, buf + 16, 4); big += 100; memcpy(buf + 16, &big, 4); break;
		case 3: memcpy(buf, &g_sha256, 16); break;
		case 4: buf[44 + 3] ^= 1; break;  /* 30 82 LL LL: length low byte */
		case 5: buf[n++] = 0; break;
		case 6: n += esl_cert(buf + n, &c_b, &g_owner); buf[n - c_b.len + 3] ^= 0x40;
			break;
		}
		memcpy(e->keylist, buf, n);
		e->keylist_len = n;
		rc = run(e);
		T_CHECK(rc < 0);
		T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) == NULL);
		T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
		T_EQ_INT(e->f.set_calls, 0);
		T_CHECK(console_has(e, ".keylist is malformed: publishing nothing"));
		t_result(!t_case_failed, "malformed keylist: %s", cases[i].what);
		fake_efi_reset(&e->f);
	}
}

/* A shim-style MOK table: MokListRT, then SbatLevelRT, then MokIgnoreDB (order matters). */
static size_t mok_entry(uint8_t *out, const char *name, const void *data, size_t len)
{
	uint64_t l = len;

	memset(out, 0, 256);
	memcpy(out, name, strlen(name));
	memcpy(out + 256, &l, 8);
	memcpy(out + 264, data, len);
	return 264 + len;
}

static void t_mokvar_table_rebuilt(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192], exp[8192];
	uint8_t list[4096], newlist[4096];
	size_t n, l, nl, en;
	static const char sbat[] = "sbat,1,2022052400\ngrub,2\n";
	uint8_t ignore = 1;
	struct fake_table *t;

	l = esl_cert(list, &c_c, &g_shim);
	n = mok_entry(tbl, "MokListRT", list, l);
	n += mok_entry(tbl + n, "SbatLevelRT", sbat, sizeof(sbat) - 1);
	n += mok_entry(tbl + n, "MokIgnoreDB", &ignore, 1);
	memset(tbl + n, 0, 264);
	n += 264;
	memset(tbl + n, 0xa5, 100);  /* bytes after the terminator must not be copied */
	fake_add_table(&e->f, &g_mokvar, tbl, n + 100);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, list, l);

	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.table_updated, 1);
	t = fake_find_table(&e->f, &g_mokvar);
	T_CHECK(t && t->ptr != tbl);
	memcpy(newlist, list, l);
	nl = l + esl_cert(newlist + l, &c_a, &g_sbkexec);
	en = mok_entry(exp, "MokListRT", newlist, nl);
	en += mok_entry(exp + en, "SbatLevelRT", sbat, sizeof(sbat) - 1);
	en += mok_entry(exp + en, "MokIgnoreDB", &ignore, 1);
	memset(exp + en, 0, 264);
	en += 264;
	if (t) {
		T_EQ_INT(t->avail, en);  /* allocation is exactly the table, terminator included */
		if (t->avail == en)
			T_EQ_MEM(t->ptr, exp, en);
	}
	expect_var(e, "MokListRT", &g_shim, newlist, nl);
	T_CHECK(console_has(e, "MOK config table rebuilt"));
	fake_efi_reset(&e->f);
}

static void t_mokvar_table_without_moklist(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[1024];
	size_t n;
	uint8_t one = 1;

	n = mok_entry(tbl, "MokSBStateRT", &one, 1);
	memset(tbl + n, 0, 264);
	n += 264;
	fake_add_table(&e->f, &g_mokvar, tbl, n);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->f.installs, 0);  /* Linux reads the variable then: the table stays as it is */
	T_CHECK(fake_find_table(&e->f, &g_mokvar)->ptr == tbl);
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) != NULL);
	fake_efi_reset(&e->f);
}

static void t_mokvar_table_malformed(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[1024];
	size_t n;
	uint8_t one = 1;

	n = mok_entry(tbl, "MokSBStateRT", &one, 1);
	fake_add_table(&e->f, &g_mokvar, tbl, n + 100);  /* no terminator within the region */
	memset(tbl + n, 0x41, 100);
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_CHECK(console_has(e, "MOK variable config table is malformed"));
	fake_efi_reset(&e->f);
}

/* Failure injection: the n-th write fails; the store must end exactly as it started. */
static void failure_case(int with_old, int fail_set, int fail_install, int with_table)
{
	struct env *e = env_new(1);
	static uint8_t tbl[4096];
	uint8_t old[4096];
	size_t n = 0, tn;
	struct fake_var *v;

	if (with_old) {
		n = esl_cert(old, &c_c, &g_shim);
		fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	}
	if (with_table) {
		tn = mok_entry(tbl, "MokListRT", old, n);
		memset(tbl + tn, 0, 264);
		fake_add_table(&e->f, &g_mokvar, tbl, tn + 264);
	}
	carry(e, &c_a);
	e->f.fail_set = fail_set;
	e->f.fail_install = fail_install;
	T_CHECK(run(e) < 0);
	v = fake_get(&e->f, "MokListRT", &g_shim);
	if (with_old) {
		T_CHECK(v && v->len == n && memcmp(v->data, old, n) == 0 && v->attrs == VOL);
	} else {
		T_CHECK(v == NULL);
	}
	T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
	if (with_table)
		T_CHECK(fake_find_table(&e->f, &g_mokvar)->ptr == tbl);
	T_EQ_INT(e->f.nruntime, 0);  /* the unused new table was freed */
	T_CHECK(console_has(e, "nothing published"));
	fake_efi_reset(&e->f);
}

static void t_fail_first_write(void) { failure_case(1, 1, 0, 0); }
static void t_fail_record_write_new(void) { failure_case(0, 2, 0, 0); }
static void t_fail_record_write_old(void) { failure_case(1, 2, 0, 0); }
static void t_fail_install_table(void) { failure_case(1, 0, 1, 1); }

static void t_fail_alloc_runtime(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[4096];
	uint8_t old[4096];
	size_t n, tn;

	n = esl_cert(old, &c_c, &g_shim);
	tn = mok_entry(tbl, "MokListRT", old, n);
	memset(tbl + tn, 0, 264);
	fake_add_table(&e->f, &g_mokvar, tbl, tn + 264);
	carry(e, &c_a);
	e->f.fail_alloc_runtime = 1;
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	fake_efi_reset(&e->f);
}

static void t_fail_read_dbx(void)
{
	struct env *e = env_new(1);

	carry(e, &c_a);
	e->f.fail_get_dbx = 1;
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_CHECK(console_has(e, "cannot read dbx"));
	fake_efi_reset(&e->f);
}

/* A MokListRT that is non-volatile was not made by shim this boot: its content is dropped. */
static void t_nonvolatile_moklist_replaced(void)
{
	struct env *e = env_new(1);
	uint8_t old[4096], exp[4096];
	size_t n;

	n = esl_cert(old, &c_c, &g_owner);
	fake_set(&e->f, "MokListRT", &g_shim, VOL | CARRIER_VAR_NV, old, n);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	n = esl_cert(exp, &c_a, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	T_CHECK(console_has(e, "not volatile BS|RT"));
	fake_efi_reset(&e->f);
}

/* Two carriers in one boot: the second extends MokListRT and the record (carriers = 2). */
static void t_two_carriers(void)
{
	struct env *e = env_new(1);
	uint8_t exp[4096], rec[4096];
	size_t n = 0, r;

	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	e->keylist_len = 0;
	carry(e, &c_b);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	n += esl_cert(exp + n, &c_a, &g_sbkexec);
	n += esl_cert(exp + n, &c_b, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, n);
	r = record_hdr(rec, 2);
	memcpy(rec + r, exp, n);
	expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r + n);
	fake_efi_reset(&e->f);
}

static void t_malformed_record(void)
{
	struct env *e = env_new(1);

	fake_set(&e->f, "KeyCarrierRT", &g_sbkexec, VOL, "SBKCxxxxxxxxxxxxxxxx", 20);
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_CHECK(console_has(e, "existing KeyCarrierRT is malformed"));
	fake_efi_reset(&e->f);
}

static void t_not_enforcing_reported(void)
{
	struct env *e = env_new(0);

	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.secure_boot, 0);
	T_CHECK(console_has(e, "SecureBoot=0 SetupMode=0: Secure Boot not enforcing"));
	fake_efi_reset(&e->f);
}

static void t_all_revoked_writes_record_only(void)
{
	struct env *e = env_new(1);
	uint8_t list[4096];
	size_t n;

	n = esl(list, &g_sha256, &g_owner, c_a.der_sha, 32);
	fake_set(&e->f, "dbx", &g_imgsec, VOL | CARRIER_VAR_NV, list, n);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) == NULL);
	T_EQ_INT(e->res.published, 0);
	T_EQ_INT(e->res.skipped, 1);
	/* The header-only record it left must not stop the next carrier. */
	e->keylist_len = 0;
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	{
		uint8_t rec[4096];
		size_t r = record_hdr(rec, 2);

		r += esl_cert(rec + r, &c_b, &g_sbkexec);
		expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r);
	}
	fake_efi_reset(&e->f);
}

/* Opt-in: no table installed -> MokListRT + MokListTrustedRT table created. */
static void t_optin_creates_table(void)
{
	struct env *e = env_new(1);
	uint8_t list[4096], exp[8192];
	size_t n, en;
	struct fake_table *t;

	carry(e, &c_a);
	e->options = CARRIER_OPT_MACHINE_KEYRING;
	T_EQ_INT(run(e), 0);
	n = esl_cert(list, &c_a, &g_sbkexec);
	en = mok_entry(exp, "MokListRT", list, n);
	en += mok_entry(exp + en, "MokListTrustedRT", "\1", 1);
	memset(exp + en, 0, 264);
	en += 264;
	t = fake_find_table(&e->f, &g_mokvar);
	T_CHECK(t != NULL);
	if (t) {
		T_EQ_INT(t->avail, en);
		if (t->avail == en)
			T_EQ_MEM(t->ptr, exp, en);
	}
	expect_var(e, "MokListRT", &g_shim, list, n);
	T_EQ_INT(e->res.table_created, 1);
	T_CHECK(console_has(e, "created with MokListTrustedRT (opt-in)"));
	T_CHECK(console_has(e, "trusted for kernel modules too"));
	fake_efi_reset(&e->f);
}

/* Opt-in with shim's table present: rebuilt as usual, no MokListTrustedRT added. */
static void t_optin_keeps_shim_decision(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[4096];
	uint8_t old[4096];
	size_t n, tn;
	struct fake_table *t;
	struct mokvar_entry me;
	size_t size;

	n = esl_cert(old, &c_c, &g_shim);
	tn = mok_entry(tbl, "MokListRT", old, n);
	memset(tbl + tn, 0, 264);
	fake_add_table(&e->f, &g_mokvar, tbl, tn + 264);
	carry(e, &c_a);
	e->options = CARRIER_OPT_MACHINE_KEYRING;
	T_EQ_INT(run(e), 0);
	t = fake_find_table(&e->f, &g_mokvar);
	T_CHECK(t && t->ptr != tbl);
	if (t) {
		T_EQ_INT(mokvar_validate(t->ptr, t->avail, &size), 0);
		T_EQ_INT(mokvar_find(t->ptr, size, "MokListTrustedRT", &me), SB_E_NOT_FOUND);
		T_EQ_INT(mokvar_find(t->ptr, size, "MokListRT", &me), 0);
	}
	T_CHECK(console_has(e, "opt-in ignored"));
	fake_efi_reset(&e->f);
}

static void t_optin_install_fails(void)
{
	struct env *e = env_new(1);

	carry(e, &c_a);
	e->options = CARRIER_OPT_MACHINE_KEYRING;
	e->f.fail_install = 1;
	T_CHECK(run(e) < 0);
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) == NULL);
	T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
	T_CHECK(fake_find_table(&e->f, &g_mokvar) == NULL);
	T_EQ_INT(e->f.nruntime, 0);
	fake_efi_reset(&e->f);
}

static void t_parse_options(void)
{
	struct env *e = env_new(1);
	static const char a[] = "machine-keyring\n", b[] = "frobnicate\nmachine-keyring";
	static const char c[] = "machine-keyringX\n";

	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)a, sizeof(a) - 1),
		 CARRIER_OPT_MACHINE_KEYRING);
	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)b, sizeof(b)),
		 CARRIER_OPT_MACHINE_KEYRING);
	T_CHECK(console_has(e, "unknown .options word 'frobnicate' ignored"));
	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)c, sizeof(c) - 1), 0);
	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)"", 0), 0);
	fake_efi_reset(&e->f);
}


/*
 * Malformed revocation data (issue #8 point 8): any list that does not parse, anywhere in dbx
 * or MokListXRT, means nothing is published, even when a later, well-formed list revokes a
 * carried cert (a scan that stopped at the bad list would publish that cert).
 */
enum bad_list {
	BAD_SIGSIZE,        /* SignatureSize does not divide the list: structurally broken */
	BAD_X509_ENTRY,     /* X.509 list whose 2nd entry is not DER (OVMF accepts this one) */
	BAD_TRAILING,       /* bytes after the last list */
	BAD_HASH_SIZE,      /* EFI_CERT_SHA256 entry of 31 bytes */
};

static size_t bad_list(uint8_t *out, enum bad_list kind)
{
	static const uint8_t h[32] = { 0x11 };
	uint32_t v;
	size_t n;

	switch (kind) {
	case BAD_SIGSIZE:
		n = esl(out, &g_sha256, &g_owner, h, 32);
		v = 16 + 31;  /* 48-byte entry area, SignatureSize 47 */
		memcpy(out + 24, &v, 4);
		return n;
	case BAD_X509_ENTRY:
		/* One list, SignatureSize 16 + len(B), entries: B's DER, then len(B) bytes of 0x5a. */
		n = esl(out, &g_x509, &g_owner, c_b.der, c_b.len);
		memcpy(out + n, &g_owner, 16);
		memset(out + n + 16, 0x5a, c_b.len);
		n += 16 + c_b.len;
		v = (uint32_t)n;
		memcpy(out + 16, &v, 4);
		return n;
	case BAD_TRAILING:
		n = esl(out, &g_sha256, &g_owner, h, 32);
		memset(out + n, 0, 7);
		return n + 7;
	case BAD_HASH_SIZE:
		return esl(out, &g_sha256, &g_owner, h, 31);
	}
	return 0;
}

static void malformed_revocation_case(const char *var, const sb_guid *vendor, enum bad_list kind,
				      int bad_first, const char *what)
{
	struct env *e = env_new(1);
	uint8_t list[8192], tbs48[48] = { 0 };
	char want[128];
	size_t n = 0;

	t_case_failed = 0;
	memcpy(tbs48, c_a.tbs_sha, 32);
	if (bad_first && kind != BAD_TRAILING)
		n += bad_list(list + n, kind);
	/* The well-formed list that revokes cert A (by its TBS hash). */
	n += esl(list + n, &g_x509_sha256, &g_owner, tbs48, sizeof(tbs48));
	if (!bad_first || kind == BAD_TRAILING)
		n += bad_list(list + n, kind);
	fake_set(&e->f, var, vendor, VOL | CARRIER_VAR_NV, list, n);
	carry(e, &c_a);
	carry(e, &c_c);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) == NULL);
	T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
	T_EQ_INT(e->res.published, 0);
	snprintf(want, sizeof(want), "carrier: %s is malformed: its revocations cannot be trusted, "
		 "publishing nothing (", var);
	T_CHECK(console_has(e, want));
	T_CHECK(console_has(e, "carrier: nothing published ("));
	/* No per-cert verdict was printed from a list that could not be trusted. */
	T_CHECK(!console_has(e, "REVOKED"));
	T_CHECK(!console_has(e, ": published in"));
	t_result(!t_case_failed, "malformed %s (%s): nothing published, console names it", var, what);
	fake_efi_reset(&e->f);
}

static void t_malformed_revocation_lists(void)
{
	malformed_revocation_case("dbx", &g_imgsec, BAD_SIGSIZE, 1,
				  "broken list before the list that revokes a carried cert");
	malformed_revocation_case("dbx", &g_imgsec, BAD_X509_ENTRY, 1,
				  "X.509 list whose 2nd entry is not DER, then the revoking list");
	malformed_revocation_case("dbx", &g_imgsec, BAD_SIGSIZE, 0, "broken list after the revoking list");
	malformed_revocation_case("dbx", &g_imgsec, BAD_TRAILING, 0, "trailing bytes");
	malformed_revocation_case("dbx", &g_imgsec, BAD_HASH_SIZE, 1, "31-byte SHA256 entry");
	malformed_revocation_case("MokListXRT", &g_shim, BAD_SIGSIZE, 1, "broken list first");
	malformed_revocation_case("MokListXRT", &g_shim, BAD_X509_ENTRY, 0, "X.509 entry not DER, last");
	malformed_revocation_case("MokListXRT", &g_shim, BAD_TRAILING, 0, "trailing bytes");
}

/* The same lists well-formed: A is revoked, C published (the case above is fail-closed only). */
static void t_wellformed_revocation_after_other_lists(void)
{
	struct env *e = env_new(1);
	uint8_t list[8192], tbs48[48] = { 0 }, exp[4096];
	static const uint8_t h[32] = { 0x11 };
	size_t n = 0, m;

	memcpy(tbs48, c_a.tbs_sha, 32);
	n += esl(list + n, &g_sha256, &g_owner, h, 32);
	n += esl(list + n, &g_x509, &g_owner, c_b.der, c_b.len);
	n += esl(list + n, &g_x509_sha256, &g_owner, tbs48, sizeof(tbs48));
	fake_set(&e->f, "dbx", &g_imgsec, VOL | CARRIER_VAR_NV, list, n);
	carry(e, &c_a);
	carry(e, &c_c);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.certs[0].decision, CARRIER_REVOKED_DBX);
	T_EQ_INT(e->res.certs[1].decision, CARRIER_PUBLISHED);
	m = esl_cert(exp, &c_c, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, m);
	fake_efi_reset(&e->f);
}

/*
 * Least privilege toward shim (issue #9 point 2). A shim-style table whose MokListRT is `old`
 * (shim's vendor cert here: C), and the same MokListRT variable, as shim leaves them.
 */
static size_t shim_state(struct env *e, uint8_t *tbl, const uint8_t *old, size_t n,
			 const uint8_t *mokx, size_t mokx_len)
{
	static const char sbat[] = "sbat,1,2025021800\nshim,4\ngrub,5\n";
	uint8_t one = 1;
	size_t tn;

	e->f.shim = 1;
	tn = mok_entry(tbl, "MokListRT", old, n);
	if (mokx)
		tn += mok_entry(tbl + tn, "MokListXRT", mokx, mokx_len);
	tn += mok_entry(tbl + tn, "SbatLevelRT", sbat, sizeof(sbat) - 1);
	tn += mok_entry(tbl + tn, "MokListTrustedRT", &one, 1);
	memset(tbl + tn, 0, 264);
	tn += 264;
	fake_add_table(&e->f, &g_mokvar, tbl, tn);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	return tn;
}

/* The table's MokListRT entry, or an empty one (size SIZE_MAX) when there is none. */
static struct mokvar_entry table_moklist(struct env *e)
{
	struct fake_table *t = fake_find_table(&e->f, &g_mokvar);
	struct mokvar_entry me = { NULL, NULL, (size_t)-1 };
	size_t size;

	if (t && mokvar_validate(t->ptr, t->avail, &size) == 0)
		mokvar_find(t->ptr, size, "MokListRT", &me);
	return me;
}

static void t_shim_table_only(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096], exp[8192], rec[4096];
	size_t n, en, r;
	struct mokvar_entry me;

	n = esl_cert(old, &c_c, &g_shim);
	shim_state(e, tbl, old, n, NULL, 0);
	carry(e, &c_a);
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	/* The variable is exactly shim's; the table's MokListRT is shim's content + A + B. */
	expect_var(e, "MokListRT", &g_shim, old, n);
	memcpy(exp, old, n);
	en = n + esl_cert(exp + n, &c_a, &g_sbkexec);
	en += esl_cert(exp + en, &c_b, &g_sbkexec);
	me = table_moklist(e);
	T_EQ_INT(me.len, en);
	if (me.len == en)
		T_EQ_MEM(me.data, exp, en);
	r = record_hdr(rec, 1);
	memcpy(rec + r, exp + n, en - n);
	expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r + en - n);
	T_EQ_INT(e->f.set_calls, 1);  /* KeyCarrierRT only */
	T_EQ_INT(e->res.shim, 1);
	T_EQ_INT(e->res.variable_left, 1);
	T_EQ_INT(e->res.table_updated, 1);
	T_EQ_INT(e->res.published, 2);
	T_CHECK(console_has(e, "shim is verifying this boot: publishing through its MOK config table only"));
	T_CHECK(console_has(e, "cert 1 'carrier test A'"));
	T_CHECK(console_has(e, ": published in the MOK config table only"));
	T_CHECK(console_has(e, "MOK config table rebuilt; MokListRT variable not extended"));
	T_CHECK(!console_has(e, "published in MokListRT"));
	fake_efi_reset(&e->f);
}

static void t_shim_allowlist_optin(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096], exp[8192];
	size_t n, en;
	struct mokvar_entry me;

	n = esl_cert(old, &c_c, &g_shim);
	shim_state(e, tbl, old, n, NULL, 0);
	carry(e, &c_a);
	e->options = CARRIER_OPT_SHIM_ALLOWLIST;
	T_EQ_INT(run(e), 0);
	memcpy(exp, old, n);
	en = n + esl_cert(exp + n, &c_a, &g_sbkexec);
	expect_var(e, "MokListRT", &g_shim, exp, en);
	me = table_moklist(e);
	T_EQ_INT(me.len, en);
	if (me.len == en)
		T_EQ_MEM(me.data, exp, en);
	T_EQ_INT(e->res.variable_left, 0);
	T_CHECK(console_has(e, "shim-allowlist opt-in: extending the MokListRT variable, so shim "
			    "trusts images signed by these certs"));
	T_CHECK(console_has(e, ": published in MokListRT and the MOK config table"));
	fake_efi_reset(&e->f);
}

static void t_shim_without_table(void)
{
	struct env *e = env_new(1);
	uint8_t old[4096];
	size_t n;

	e->f.shim = 1;
	n = esl_cert(old, &c_c, &g_shim);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	expect_var(e, "MokListRT", &g_shim, old, n);
	T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
	T_CHECK(console_has(e, "shim is verifying this boot and has no MOK config table with "
			    "MokListRT"));
	T_CHECK(console_has(e, "nothing published (unsupported)"));
	fake_efi_reset(&e->f);

	/* The same with the opt-in: the variable is the way, deliberately. */
	e = env_new(1);
	e->f.shim = 1;
	fake_set(&e->f, "MokListRT", &g_shim, VOL, old, n);
	carry(e, &c_a);
	e->options = CARRIER_OPT_SHIM_ALLOWLIST;
	T_EQ_INT(run(e), 0);
	{
		uint8_t exp[4096];
		size_t en;

		memcpy(exp, old, n);
		en = n + esl_cert(exp + n, &c_a, &g_sbkexec);
		expect_var(e, "MokListRT", &g_shim, exp, en);
	}
	fake_efi_reset(&e->f);
}

/* A carried cert shim already has (an enrolled MOK): kept, recorded, not duplicated. */
static void t_shim_already_in_table(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096], rec[4096];
	size_t n, r;
	struct mokvar_entry me;

	n = esl_cert(old, &c_c, &g_shim);
	n += esl_cert(old + n, &c_a, &g_shim);
	shim_state(e, tbl, old, n, NULL, 0);
	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.certs[0].decision, CARRIER_ALREADY_PRESENT);
	me = table_moklist(e);
	T_EQ_INT(me.len, n);
	r = record_hdr(rec, 1);
	r += esl_cert(rec + r, &c_a, &g_sbkexec);
	expect_var(e, "KeyCarrierRT", &g_sbkexec, rec, r);
	T_CHECK(console_has(e, ": already in the MOK config table, kept"));
	fake_efi_reset(&e->f);
}

/* shim's MokListXRT in the table revokes too (Linux reads it there); malformed: nothing. */
static void t_table_mokx(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096], mokx[4096];
	size_t n, xn;
	struct mokvar_entry me;

	n = esl_cert(old, &c_c, &g_shim);
	xn = esl(mokx, &g_sha256, &g_owner, c_a.der_sha, 32);
	shim_state(e, tbl, old, n, mokx, xn);
	carry(e, &c_a);
	carry(e, &c_b);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.certs[0].decision, CARRIER_REVOKED_MOKX);
	T_EQ_INT(e->res.certs[1].decision, CARRIER_PUBLISHED);
	me = table_moklist(e);
	T_EQ_INT(me.len, n + 44 + c_b.len);
	T_CHECK(console_has(e, "REVOKED by MokListXRT (SHA256 of its DER), not published"));
	fake_efi_reset(&e->f);

	e = env_new(1);
	xn = bad_list(mokx, BAD_SIGSIZE);
	shim_state(e, tbl, old, n, mokx, xn);
	carry(e, &c_b);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_CHECK(fake_find_table(&e->f, &g_mokvar)->ptr == tbl);
	T_CHECK(console_has(e, "MokListXRT in the MOK config table is malformed"));
	fake_efi_reset(&e->f);
}

/* A carrier before shim: its record survives, shim's table does not hold its cert. */
static void t_record_not_in_table(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096];
	size_t n;

	carry(e, &c_a);
	T_EQ_INT(run(e), 0);           /* carrier 1, no shim: variable + record */
	n = esl_cert(old, &c_c, &g_shim);
	shim_state(e, tbl, old, n, NULL, 0);  /* shim replaces MokListRT, installs its table */
	e->keylist_len = 0;
	carry(e, &c_b);
	fake_efi_reset_console(&e->f);
	T_EQ_INT(run(e), 0);           /* carrier 2, behind shim */
	T_CHECK(console_has(e, "carrier: cert 1 'carrier test A' (sha256 "));
	T_CHECK(console_has(e, ": recorded in KeyCarrierRT but not in the MOK config table: "
			    "replaced after an earlier carrier ran (before shim?)"));
	/* Only A is named: B was just published into the table. */
	T_EQ_INT(count_lines(e, "recorded in KeyCarrierRT"), 1);
	T_EQ_INT(e->res.published, 1);
	fake_efi_reset(&e->f);
}

/*
 * shim split MokListRT (firmware with small variables, shim mok.c mirror_mok_db): MokListRT
 * holds the vendor cert, MokListRT1 the MOK; the table holds the whole list.
 */
static void split_case(unsigned options)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t full[4096], part0[2048], part1[2048], exp[8192];
	size_t n0, n1, en;
	struct mokvar_entry me;

	n0 = esl_cert(part0, &c_c, &g_shim);
	n1 = esl_cert(part1, &c_b, &g_shim);
	memcpy(full, part0, n0);
	memcpy(full + n0, part1, n1);
	shim_state(e, tbl, full, n0 + n1, NULL, 0);
	fake_set(&e->f, "MokListRT", &g_shim, VOL, part0, n0);
	fake_set(&e->f, "MokListRT1", &g_shim, VOL, part1, n1);
	carry(e, &c_a);
	e->options = options;
	T_EQ_INT(run(e), 0);
	memcpy(exp, full, n0 + n1);
	en = n0 + n1 + esl_cert(exp + n0 + n1, &c_a, &g_sbkexec);
	me = table_moklist(e);
	T_EQ_INT(me.len, en);
	if (me.len == en)
		T_EQ_MEM(me.data, exp, en);
	expect_var(e, "MokListRT1", &g_shim, part1, n1);
	if (options & CARRIER_OPT_SHIM_ALLOWLIST) {
		/* shim's allow-list check reads MokListRT only: that is the one extended. */
		memcpy(exp, part0, n0);
		en = n0 + esl_cert(exp + n0, &c_a, &g_sbkexec);
		expect_var(e, "MokListRT", &g_shim, exp, en);
	} else {
		expect_var(e, "MokListRT", &g_shim, part0, n0);
	}
	fake_efi_reset(&e->f);
}

static void t_shim_split_table_only(void) { split_case(0); }
static void t_shim_split_allowlist(void) { split_case(CARRIER_OPT_SHIM_ALLOWLIST); }

/* TPM measurements (issue #9 point 4): events parse as lib/carrier-event.h documents them. */
static struct carrier_event event(struct env *e, int i)
{
	struct carrier_event ev = { 0 };

	T_CHECK(i < e->f.nevents);
	if (i < e->f.nevents) {
		T_EQ_INT(e->f.events[i].pcr, CARRIER_EVENT_PCR);
		T_EQ_INT(e->f.events[i].type, CARRIER_EVENT_TYPE);
		T_EQ_INT(carrier_event_parse(e->f.events[i].data, e->f.events[i].len, &ev), 0);
	}
	return ev;
}

static void t_tpm_absent(void)
{
	struct env *e = env_new(1);

	carry(e, &c_a);
	T_EQ_INT(run(e), 0);
	T_EQ_INT(e->res.measured, 0);
	T_EQ_INT(e->f.nevents, 0);
	T_CHECK(console_has(e, "carrier: no TPM (EFI_TCG2_PROTOCOL not found): publishing unmeasured"));
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) != NULL);
	fake_efi_reset(&e->f);
}

/* A published, C revoked by dbx (TBS hash): 2 cert events before any write, then the outcome. */
static void tpm_run(struct env *e, const struct cert *first)
{
	uint8_t list[256], tbs48[48] = { 0 };
	size_t n;

	memcpy(tbs48, c_c.tbs_sha, 32);
	n = esl(list, &g_x509_sha256, &g_owner, tbs48, sizeof(tbs48));
	fake_set(&e->f, "dbx", &g_imgsec, VOL | CARRIER_VAR_NV, list, n);
	e->f.tpm = 1;
	carry(e, first);
	carry(e, &c_c);
	T_EQ_INT(run(e), 0);
}

static void t_tpm_measured(void)
{
	struct env *e = env_new(1);
	struct carrier_event ev;

	tpm_run(e, &c_a);
	T_EQ_INT(e->res.measured, 1);
	T_EQ_INT(e->f.nevents, 3);
	T_EQ_INT(e->f.events_at_first_set, 2);  /* measure, then act */
	ev = event(e, 0);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_CERT);
	T_EQ_INT(ev.index, 1);
	T_EQ_INT(ev.decision, CARRIER_PUBLISHED);
	T_EQ_INT(ev.form, 0);
	T_EQ_INT(ev.dest, CARRIER_EVENT_DEST_VARIABLE | CARRIER_EVENT_DEST_RECORD);
	T_EQ_MEM(ev.sha256, c_a.der_sha, 32);
	T_CHECK(ev.cn_len == 14 && memcmp(ev.cn, "carrier test A", 14) == 0);
	ev = event(e, 1);
	T_EQ_INT(ev.index, 2);
	T_EQ_INT(ev.decision, CARRIER_REVOKED_DBX);
	T_EQ_INT(ev.form, ESL_REVOKED_X509_SHA256);
	T_EQ_INT(ev.dest, 0);
	T_EQ_MEM(ev.sha256, c_c.der_sha, 32);
	ev = event(e, 2);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_OUTCOME);
	T_EQ_INT(ev.result, 0);
	T_EQ_INT(ev.published, 1);
	T_EQ_INT(ev.present, 0);
	T_EQ_INT(ev.skipped, 1);
	T_EQ_INT(ev.dest, CARRIER_EVENT_DEST_VARIABLE | CARRIER_EVENT_DEST_RECORD);
	T_CHECK(console_has(e, "carrier: measured into PCR 14: 2 certificate event(s) and the outcome"));
	T_CHECK(!console_has(e, "no TPM"));
	fake_efi_reset(&e->f);
}

/* Same certs, same PCR 14; other certs, another PCR 14 (the fake replays SHA-256 extends). */
static void t_tpm_pcr_determined_by_certs(void)
{
	uint8_t first[32], again[32], other[32];
	struct env *e = env_new(1);

	tpm_run(e, &c_a);
	memcpy(first, e->f.pcr14, 32);
	fake_efi_reset(&e->f);
	e = env_new(1);
	tpm_run(e, &c_a);
	memcpy(again, e->f.pcr14, 32);
	fake_efi_reset(&e->f);
	e = env_new(1);
	tpm_run(e, &c_b);
	memcpy(other, e->f.pcr14, 32);
	fake_efi_reset(&e->f);
	T_EQ_MEM(first, again, 32);
	T_CHECK(memcmp(first, other, 32) != 0);
}

static void t_tpm_fails_first(void)
{
	struct env *e = env_new(1);

	e->f.fail_measure = 1;
	e->f.tpm = 1;
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_CHECK(e->res.measured < 0);
	T_EQ_INT(e->f.set_calls, 0);
	T_EQ_INT(e->f.nevents, 0);   /* nor an outcome: the TPM already failed */
	T_CHECK(console_has(e, "carrier: TPM measurement failed: publishing nothing (fail closed"));
	T_CHECK(console_has(e, "carrier: nothing published (io)"));
	fake_efi_reset(&e->f);
}

/* The outcome is the commit's last step: when it fails, every write is undone. */
static void t_tpm_outcome_fails_undoes(void)
{
	struct env *e = env_new(1);
	static uint8_t tbl[8192];
	uint8_t old[4096];
	size_t n;
	struct fake_table *t;

	n = esl_cert(old, &c_c, &g_shim);
	shim_state(e, tbl, old, n, NULL, 0);
	e->f.tpm = 1;
	e->f.fail_measure = 3;           /* 2 cert events, then the outcome */
	carry(e, &c_a);
	carry(e, &c_b);
	e->options = CARRIER_OPT_SHIM_ALLOWLIST;  /* so the variable is written too */
	T_CHECK(run(e) < 0);
	expect_var(e, "MokListRT", &g_shim, old, n);
	T_CHECK(fake_get(&e->f, "KeyCarrierRT", &g_sbkexec) == NULL);
	t = fake_find_table(&e->f, &g_mokvar);
	T_CHECK(t && t->ptr == tbl);
	T_EQ_INT(e->f.nruntime, 0);      /* the new table was freed on undo */
	T_EQ_INT(e->f.nevents, 2);
	T_CHECK(console_has(e, "carrier: TPM measurement failed: publishing nothing"));
	fake_efi_reset(&e->f);
}

/* A commit that fails logs an outcome saying so, after the (planned) cert events. */
static void t_tpm_commit_fails_logged(void)
{
	struct env *e = env_new(1);
	struct carrier_event ev;

	e->f.tpm = 1;
	e->f.fail_set = 2;               /* KeyCarrierRT */
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.nevents, 2);
	ev = event(e, 1);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_OUTCOME);
	T_EQ_INT(ev.result, SB_E_IO);
	T_EQ_INT(ev.dest, 0);
	T_CHECK(fake_get(&e->f, "MokListRT", &g_shim) == NULL);
	fake_efi_reset(&e->f);
}

/* Runs that stop before deciding log their outcome alone. */
static void t_tpm_early_failures_logged(void)
{
	struct env *e = env_new(1);
	struct carrier_event ev;
	uint8_t list[256];
	size_t n;

	e->f.tpm = 1;
	e->keylist_len = 0;
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.nevents, 1);
	ev = event(e, 0);
	T_EQ_INT(ev.kind, CARRIER_EVENT_KIND_OUTCOME);
	T_EQ_INT(ev.result, SB_E_ESL_TRUNCATED);
	fake_efi_reset(&e->f);

	e = env_new(1);
	e->f.tpm = 1;
	n = bad_list(list, BAD_SIGSIZE);
	fake_set(&e->f, "dbx", &g_imgsec, VOL | CARRIER_VAR_NV, list, n);
	carry(e, &c_a);
	T_CHECK(run(e) < 0);
	T_EQ_INT(e->f.nevents, 1);
	ev = event(e, 0);
	T_EQ_INT(ev.result, SB_E_ESL_SIZE);
	fake_efi_reset(&e->f);
}

static void t_parse_options_shim_allowlist(void)
{
	struct env *e = env_new(1);
	static const char a[] = "shim-allowlist\nmachine-keyring\n", b[] = "shim-allowlist2";

	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)a, sizeof(a) - 1),
		 CARRIER_OPT_SHIM_ALLOWLIST | CARRIER_OPT_MACHINE_KEYRING);
	T_EQ_INT(carrier_parse_options(&e->ops, (const uint8_t *)b, sizeof(b) - 1), 0);
	T_CHECK(console_has(e, "unknown .options word 'shim-allowlist2' ignored"));
	fake_efi_reset(&e->f);
}

int main(void)
{
	make_cert(&c_a, "carrier test A");
	make_cert(&c_b, "carrier test B");
	make_cert(&c_c, "carrier test C (shim MOK)");

	t_run("append to empty MokListRT, record written, no table created", t_append_to_empty);
	t_run("append to existing MokListRT keeps its content", t_append_to_existing);
	t_run("cert already in MokListRT is kept, not duplicated", t_already_present_kept);
	t_run("duplicate within .keylist skipped", t_duplicate_in_keylist);
	t_run("revoked: dbx X.509 exact", t_revoked_dbx_x509);
	t_run("revoked: dbx X509_SHA256 of TBSCertificate", t_revoked_dbx_tbs);
	t_run("revoked: dbx SHA256 of DER", t_revoked_dbx_sha256);
	t_run("revoked: MokListXRT", t_revoked_mokx);
	t_malformed_keylists();
	t_run("MOK config table rebuilt, other entries intact, terminator", t_mokvar_table_rebuilt);
	t_run("MOK config table without MokListRT left alone", t_mokvar_table_without_moklist);
	t_run("malformed MOK config table: nothing published", t_mokvar_table_malformed);
	t_run("SetVariable(MokListRT) fails: nothing changed", t_fail_first_write);
	t_run("SetVariable(KeyCarrierRT) fails: new MokListRT deleted", t_fail_record_write_new);
	t_run("SetVariable(KeyCarrierRT) fails: old MokListRT restored", t_fail_record_write_old);
	t_run("InstallConfigurationTable fails: variables restored, old table kept",
	      t_fail_install_table);
	t_run("runtime allocation fails: nothing written", t_fail_alloc_runtime);
	t_run("dbx unreadable: fail closed", t_fail_read_dbx);
	t_run("non-volatile MokListRT replaced, content not carried", t_nonvolatile_moklist_replaced);
	t_run("two carriers in one boot", t_two_carriers);
	t_run("malformed KeyCarrierRT: nothing published", t_malformed_record);
	t_run("Secure Boot off reported", t_not_enforcing_reported);
	t_run("all certs revoked: MokListRT untouched, next carrier still works",
	      t_all_revoked_writes_record_only);
	t_run("opt-in: MOK config table created with MokListTrustedRT", t_optin_creates_table);
	t_run("opt-in: shim's table rebuilt, its trust decision kept", t_optin_keeps_shim_decision);
	t_run("opt-in: InstallConfigurationTable fails, nothing left", t_optin_install_fails);
	t_run(".options parsing: known, unknown, near-miss, empty", t_parse_options);
	t_malformed_revocation_lists();
	t_run("well-formed dbx: the 3rd list revokes A, C published",
	      t_wellformed_revocation_after_other_lists);
	t_run("behind shim: table extended, MokListRT variable left as shim made it",
	      t_shim_table_only);
	t_run("behind shim, shim-allowlist opt-in: variable and table extended", t_shim_allowlist_optin);
	t_run("behind shim without a table: nothing published; with the opt-in: the variable",
	      t_shim_without_table);
	t_run("behind shim: a cert already in the table is kept and recorded", t_shim_already_in_table);
	t_run("the table's MokListXRT revokes; malformed: nothing published", t_table_mokx);
	t_run("a record entry the table does not hold is named (carrier before shim)",
	      t_record_not_in_table);
	t_run("shim split MokListRT/MokListRT1: table extended, both variables untouched",
	      t_shim_split_table_only);
	t_run("shim split MokListRT/MokListRT1, shim-allowlist: MokListRT extended, MokListRT1 not",
	      t_shim_split_allowlist);
	t_run(".options: shim-allowlist with machine-keyring; near-miss ignored",
	      t_parse_options_shim_allowlist);
	t_run("no TPM: published unmeasured, and said so", t_tpm_absent);
	t_run("TPM: one event per cert before any write, then the outcome; fields as documented",
	      t_tpm_measured);
	t_run("TPM: same certs give the same PCR 14, other certs another", t_tpm_pcr_determined_by_certs);
	t_run("TPM fails to measure: nothing published (fail closed)", t_tpm_fails_first);
	t_run("TPM fails on the outcome: every write undone, old table back", t_tpm_outcome_fails_undoes);
	t_run("TPM: a failed commit is logged as the outcome", t_tpm_commit_fails_logged);
	t_run("TPM: runs that stop early log their outcome alone", t_tpm_early_failures_logged);
	return t_done();
}
