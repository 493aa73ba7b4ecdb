/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chains to an anchor certificate, built with OpenSSL (partial chains: a trusted leaf or intermediate anchors). */
#include <stdio.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "lib/sb-error.h"
#include "verifier/chain.h"

/* Which X509_V_ERR_* mean "no trusted key" and which mean "a signature in the chain is bad". */
static int classify_store_error(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		return SB_E_REJECTED;
	default:
		return SB_E_UNTRUSTED;
	}
}

int vf_chain_to_cert(const struct vf_anchors *a, X509 *signer, STACK_OF(X509) *embedded,
		     struct vf_chain *chain, struct vf_verdict *v)
{
	X509_STORE_CTX *ctx = NULL;
	X509 *anchor, *at;
	const char *label;
	char name[256];
	int ret, err;

	memset(chain, 0, sizeof(*chain));
	if (!a->store)
		return vf_fail(v, SB_E_UNTRUSTED, "trust", "no --trust certificate given");
	ctx = X509_STORE_CTX_new();
	if (!ctx || !X509_STORE_CTX_init(ctx, a->store, signer, embedded)) {
		ret = vf_fail(v, SB_E_NOMEM, "trust", "cannot set up certificate verification");
		goto out;
	}
	/*
	 * Partial chains: a trusted leaf or intermediate is an anchor, as a key in a keyring is.
	 * No time check: the kernel's PKCS#7 code ignores validity periods, and a crash kernel
	 * must load on machines whose clock is wrong. The CA, algorithm and key rules are ours
	 * (vf_chain_policy()), the same as for keyring anchors.
	 */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
	if (X509_verify_cert(ctx) != 1) {
		err = X509_STORE_CTX_get_error(ctx);
		at = X509_STORE_CTX_get_current_cert(ctx);
		vf_cert_name(at ? at : signer, name, sizeof(name));
		ret = vf_fail(v, classify_store_error(err), "chain",
			      "%s: %s (no --trust certificate anchors it)", name,
			      X509_verify_cert_error_string(err));
		vf_openssl_errors("chain");
		/* What was built, at least the signer, for the revocation check (revoked beats
		   untrusted). */
		chain->certs = X509_STORE_CTX_get1_chain(ctx);
		if (!chain->certs && (chain->certs = sk_X509_new_null()) != NULL &&
		    (!X509_up_ref(signer) || !sk_X509_push(chain->certs, signer))) {
			sk_X509_free(chain->certs);
			chain->certs = NULL;
			ret = vf_fail(v, SB_E_NOMEM, "chain", "out of memory");
		}
		goto out;
	}
	chain->certs = X509_STORE_CTX_get1_chain(ctx);
	if (!chain->certs) {
		ret = vf_fail(v, SB_E_NOMEM, "chain", "cannot copy the verified chain");
		goto out;
	}
	anchor = sk_X509_value(chain->certs, sk_X509_num(chain->certs) - 1);
	label = vf_anchors_label(a, anchor);
	vf_cert_name(anchor, name, sizeof(name));
	snprintf(chain->anchor, sizeof(chain->anchor), "%s %.200s", label ? label : "certificate", name);
	chain->anchor_is_cert = true;
	ret = SB_OK;
out:
	X509_STORE_CTX_free(ctx);
	return ret;
}
