/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors: certificates from files or signature lists, labelled by source, and one keyring. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/efi-guid.h"
#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "verifier/alloc-guard.h"
#include "verifier/anchors.h"
#include "verifier/keyring.h"
#include "verifier/x509.h"

int vf_anchors_use_certs(struct vf_anchors *a, struct vf_verdict *v)
{
	if (!a->store)
		a->store = X509_STORE_new();
	if (!a->certs)
		a->certs = sk_X509_new_null();
	if (!a->store || !a->certs)
		return vf_fail(v, SB_E_NOMEM, "trust", "out of memory");
	return SB_OK;
}

int vf_anchors_add_cert(struct vf_anchors *a, X509 *cert, const char *label, struct vf_verdict *v)
{
	char (*labels)[48];
	int n, ret;

	ret = vf_anchors_use_certs(a, v);
	if (ret != SB_OK)
		return ret;
	n = sk_X509_num(a->certs);
	labels = realloc(a->labels, ((size_t)n + 1) * sizeof(*labels));
	if (!labels) {
		vf_alloc_failed();
		return vf_fail(v, SB_E_NOMEM, "trust", "out of memory");
	}
	a->labels = labels;
	if (!X509_STORE_add_cert(a->store, cert) || !X509_up_ref(cert))
		return vf_fail(v, SB_E_NOMEM, "trust", "cannot add an anchor");
	if (!sk_X509_push(a->certs, cert)) {
		X509_free(cert);
		return vf_fail(v, SB_E_NOMEM, "trust", "cannot add an anchor");
	}
	snprintf(a->labels[n], sizeof(a->labels[n]), "%s", label);
	return SB_OK;
}

int vf_anchors_add_esl(struct vf_anchors *a, const char *what, const char *label,
		       const uint8_t *esl, size_t len, unsigned *added, struct vf_verdict *v)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	struct esl_entry e;
	size_t cursor = 0;
	int n, ret;

	n = esl_validate(esl, len, NULL);
	if (n < 0)
		return vf_fail(v, SB_E_MALFORMED, what, "not a valid signature list (%s)", sb_strerror(n));
	ret = vf_anchors_use_certs(a, v);
	if (ret != SB_OK)
		return ret;
	while ((ret = esl_next(esl, len, &cursor, &e)) == 1) {
		const unsigned char *p = e.data;
		X509 *c;
		char name[256];

		if (memcmp(e.type, &x509, sizeof(x509)) != 0)
			continue;   /* hashes allow one image each; callers look those up themselves */
		c = d2i_X509(NULL, &p, (long)e.len);
		if (!c) {
			vf_openssl_errors(what);
			vf_explain("anchors: %s: an X.509 entry OpenSSL cannot parse, skipped", what);
			continue;
		}
		vf_cert_name(c, name, sizeof(name));
		ret = vf_anchors_add_cert(a, c, label, v);
		X509_free(c);
		if (ret != SB_OK)
			return ret;
		vf_explain("anchor from %s: %s", what, name);
		(*added)++;
	}
	if (ret < 0)
		return vf_fail(v, SB_E_MALFORMED, what, "%s", sb_strerror(ret));
	return vf_alloc_check(v, SB_OK);
}

const char *vf_anchors_label(const struct vf_anchors *a, X509 *cert)
{
	int i;

	for (i = 0; a->certs && i < sk_X509_num(a->certs); i++)
		if (X509_cmp(sk_X509_value(a->certs, i), cert) == 0)
			return a->labels[i];
	return NULL;
}

/* The anchor keyring: found by name or id; its key count says whether it anchors anything. */
static int open_keyring(struct vf_anchors *a, const char *name, struct vf_verdict *v)
{
	int32_t id = vf_keyring_find(name);
	long n;

	snprintf(a->keyring_name, sizeof(a->keyring_name), "%s", name);
	if (id < 0)
		return vf_fail(v, SB_E_IO, "keyring", "keyring '%s': /proc/keys cannot be read: %s", name,
			       strerror(errno));
	if (id == 0) {
		vf_explain("keyring '%s': not found", name);
		return SB_OK;
	}
	n = vf_keyring_count(id);
	if (n < 0) {
		vf_explain("keyring '%s' (%d): cannot list it", name, id);
		return SB_OK;
	}
	a->keyring = id;
	a->keyring_keys = (unsigned)n;
	vf_explain("keyring '%s': id %d, %u key(s)", name, id, a->keyring_keys);
	return SB_OK;
}

int vf_anchors_open(struct vf_anchors *a, const struct vf_anchor_sources *src, struct vf_verdict *v)
{
	const char *const *files = src->trust_files;
	unsigned i;
	int ret = SB_OK;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < src->ntrust && i < VF_MAX_TRUST && ret == SB_OK; i++) {
		STACK_OF(X509) *certs = vf_load_cert_file(files[i]);
		int j;

		if (!certs) {
			ret = vf_fail(v, SB_E_IO, "trust", "%s: cannot load trusted certificates", files[i]);
			break;
		}
		for (j = 0; j < sk_X509_num(certs) && ret == SB_OK; j++) {
			X509 *c = sk_X509_value(certs, j);
			char name[256];

			vf_cert_name(c, name, sizeof(name));
			vf_explain("trusted certificate from %s: %s", files[i], name);
			ret = vf_anchors_add_cert(a, c, "--trust certificate", v);
		}
		sk_X509_pop_free(certs, X509_free);
	}
	if (ret != SB_OK) {
		vf_anchors_close(a);
		return ret;
	}
	if (src->keyring && (ret = open_keyring(a, src->keyring, v)) != SB_OK) {
		vf_anchors_close(a);
		return ret;
	}
	return SB_OK;
}

void vf_anchors_close(struct vf_anchors *a)
{
	X509_STORE_free(a->store);
	if (a->certs)
		sk_X509_pop_free(a->certs, X509_free);
	free(a->labels);
	memset(a, 0, sizeof(*a));
}
