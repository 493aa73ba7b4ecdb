/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Makes a real self-signed X.509 certificate (DER) with OpenSSL, for the DER and ESL tests. */
#ifndef SB_TESTS_GEN_X509_H
#define SB_TESTS_GEN_X509_H

#include <stdlib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/*
 * Returns a malloc'ed DER certificate (and its TBSCertificate DER in *tbs, *tbs_len when tbs
 * is not NULL, also malloc'ed), or NULL. EC P-256 keeps it fast; `cn` makes certs distinct.
 */
static inline uint8_t *gen_x509(const char *cn, size_t *len, uint8_t **tbs, size_t *tbs_len)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	X509_NAME *name;
	uint8_t *der = NULL, *p;
	int n;

	if (!key || !x)
		goto out;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 42);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, name);
	if (!X509_sign(x, key, EVP_sha256()))
		goto out;
	n = i2d_X509(x, NULL);
	if (n <= 0 || !(der = malloc((size_t)n)))
		goto out;
	p = der;
	i2d_X509(x, &p);
	*len = (size_t)n;
	if (tbs) {
		n = i2d_re_X509_tbs(x, NULL);
		if (n <= 0 || !(*tbs = malloc((size_t)n))) {
			free(der);
			der = NULL;
			goto out;
		}
		p = *tbs;
		i2d_re_X509_tbs(x, &p);
		*tbs_len = (size_t)n;
	}
out:
	X509_free(x);
	EVP_PKEY_free(key);
	return der;
}

#endif
