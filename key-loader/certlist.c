/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The certificates of an X.509 signature-list buffer (.keylist, KeyCarrierRT), each with its revocation state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "verifier/alloc-guard.h"
#include "verifier/x509.h"
#include "lib/efi-guid.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "kl.h"

int kl_certlist_parse(const uint8_t *esl, size_t len, const struct vf_revocation *r,
		      struct kl_certlist *out, struct vf_verdict *v)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	struct kl_certlist l = { 0 };
	struct esl_entry e;
	size_t cursor = 0;
	uint8_t hash[32];
	int n, ret, i;

	/* Parse first, then trust: the whole buffer is validated before any entry is used. */
	n = esl_validate(esl, len, &x509);
	if (n < 0)
		return vf_fail(v, SB_E_MALFORMED, "keylist", "not a valid list of X.509 "
			       "EFI_SIGNATURE_LISTs (%s)", sb_strerror(n));
	if (n == 0)
		return vf_fail(v, SB_E_MALFORMED, "keylist", "holds no certificate");
	l.certs = calloc((size_t)n, sizeof(*l.certs));
	if (!l.certs)
		return vf_fail(v, SB_E_NOMEM, "keylist", "out of memory");
	while ((ret = esl_next(esl, len, &cursor, &e)) == 1) {
		struct kl_cert *c = &l.certs[l.n];
		const unsigned char *p = e.data;
		struct vf_verdict rv = { 0 };

		if (l.n == (unsigned)n) {
			ret = vf_fail(v, SB_E_MALFORMED, "keylist", "more entries than validated");
			goto fail;
		}
		c->der = e.data;
		c->der_len = e.len;
		/* The kernel's X.509 parser must accept it too: OpenSSL must take exactly these bytes. */
		c->x509 = d2i_X509(NULL, &p, (long)e.len);
		l.n++;
		if (!c->x509 || p != e.data + e.len) {
			ret = vf_fail(v, SB_E_MALFORMED, "keylist", "entry %u is not one parsable X.509 "
				      "certificate", l.n);
			goto fail;
		}
		vf_cert_name(c->x509, c->name, sizeof(c->name));
		vf_cert_skid_hex(c->x509, c->skid, sizeof(c->skid));
		SHA256(e.data, e.len, hash);
		vf_hex(hash, sizeof(hash), c->sha256, sizeof(c->sha256));
		for (i = 0; i < (int)l.n - 1; i++)
			if (l.certs[i].der_len == e.len && memcmp(l.certs[i].der, e.data, e.len) == 0)
				c->duplicate = true;
		ret = r ? vf_revoked_cert(r, c->x509, VF_CERT_ALONE, &rv) : SB_OK;
		if (ret == SB_E_REVOKED) {
			c->revoked = true;
			snprintf(c->why, sizeof(c->why), "%s", rv.reason);
		} else if (ret != SB_OK) {
			*v = rv;
			goto fail;
		}
		if (!c->revoked && !c->duplicate)
			l.usable++;
	}
	if (ret < 0) {
		ret = vf_fail(v, SB_E_MALFORMED, "keylist", "%s", sb_strerror(ret));
		goto fail;
	}
	/* OpenSSL answers a lost allocation like bad input (no SKID, a name cut): alloc-guard.h. */
	if (vf_alloc_lost()) {
		ret = vf_fail(v, SB_E_NOMEM, "keylist", "out of memory");
		goto fail;
	}
	*out = l;
	return SB_OK;
fail:
	kl_certlist_free(&l);
	return ret;
}

void kl_certlist_print(const struct kl_certlist *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++) {
		const struct kl_cert *c = &l->certs[i];

		printf("cert %u: %s\n", i + 1, c->name);
		printf("  skid %s  sha256 %s\n", c->skid, c->sha256);
		if (c->revoked)
			printf("  REVOKED: %s\n", c->why);
		else if (c->duplicate)
			printf("  duplicate of an earlier entry (used once)\n");
		else
			printf("  not revoked\n");
	}
}

void kl_certlist_free(struct kl_certlist *l)
{
	unsigned i;

	for (i = 0; l->certs && i < l->n; i++)
		X509_free(l->certs[i].x509);
	free(l->certs);
	memset(l, 0, sizeof(*l));
}
