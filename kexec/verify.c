/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image verification: parse the PE once, check revocation, then each certificate-table entry. */
#include <string.h>

#include <openssl/evp.h>

#include "authenticode-verify.h"
#include "lib/pe.h"
#include "lib/sb-error.h"
#include "verify.h"

/* Rank of an entry's failure when no entry succeeded: the most telling one is reported. */
static int rank(int code)
{
	switch (code) {
	case SB_E_MALFORMED:   return 6;
	case SB_E_REVOKED:     return 5;
	case SB_E_REJECTED:    return 4;
	case SB_E_UNSUPPORTED: return 3;
	case SB_E_UNTRUSTED:   return 2;
	default:               return 1;
	}
}

int kx_verify_image(const char *path, const uint8_t *data, size_t len, struct kx_trust *t,
		    const struct kx_revocation *r, struct kx_verdict *v)
{
	struct pe_image img;
	struct pe_cert cert;
	struct kx_verdict worst = { 0 }, first_good = { 0 }, one;
	uint8_t digest[EVP_MAX_MD_SIZE];
	unsigned digest_len, n = 0, good = 0, first_good_index = 0;
	size_t cursor = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	int ret;

	kx_explain("image: %s (%zu bytes)", path, len);
	ret = pe_parse(data, len, PE_LAYOUT_FILE, &img);
	if (ret != SB_OK)
		return kx_fail(v, SB_E_MALFORMED, "pe", "not a valid PE/COFF image: %s", sb_strerror(ret));
	kx_explain("  PE32+: %u sections, certificate table %u bytes at %u", img.nsections,
		   img.cert_size, img.cert_offset);
	ret = kx_authenticode_digest(&img, EVP_sha256(), digest, &digest_len);
	if (ret != SB_OK)
		return kx_fail(v, SB_E_MALFORMED, "pe", "Authenticode digest failed: %s", sb_strerror(ret));
	kx_hex(digest, digest_len, hex, sizeof(hex));
	kx_explain("  Authenticode digest sha256:%s", hex);

	/* A revoked image stays revoked whoever signed it. */
	ret = kx_revoked_image(r, digest, v);
	if (ret != SB_OK)
		return ret;

	if (img.cert_size == 0) {
		ret = kx_ima_verify(path, data, len, t, r, v);
		if (ret == SB_OK)
			kx_explain("verdict: OK (IMA)");
		if (ret != SB_E_UNSIGNED)
			return ret;
		return kx_fail(v, SB_E_UNSIGNED, "signature", "no Authenticode signature (empty certificate "
			       "table) and no IMA signature");
	}
	while ((ret = pe_cert_next(&img, &cursor, &cert)) == 1) {
		memset(&one, 0, sizeof(one));
		kx_explain("signature entry %u: %zu bytes", n, cert.len);
		ret = kx_authenticode_verify_entry(&img, cert.data, cert.len, digest, t, r, &one);
		if (ret == SB_E_MALFORMED || ret == SB_E_REVOKED) {
			*v = one;
			return ret;
		}
		if (ret == SB_OK && good++ == 0) {
			first_good = one;
			first_good_index = n;
		}
		else if (worst.code == 0 || rank(ret) > rank(worst.code))
			worst = one;
		n++;
	}
	if (ret < 0)
		return kx_fail(v, SB_E_MALFORMED, "pe", "certificate table: %s", sb_strerror(ret));
	/* Seen on Debian 6.1: kexec_file_load verifies the first entry only and ignores the rest. */
	if (good > 0 && first_good_index > 0)
		kx_warn("%s: the trusted signature is entry %u of %u, but the kernel's kexec_file_load "
			"checks only the first entry: it will refuse this image", path, first_good_index, n);
	else if (n > 1)
		kx_explain("note: %u signature entries; the kernel checks only the first", n);
	if (good > 0) {
		kx_explain("verdict: OK (%u of %u signature entries trusted)", good, n);
		*v = first_good;
		return SB_OK;
	}
	if (n == 0)
		return kx_fail(v, SB_E_UNSIGNED, "signature", "certificate table has no entry");
	*v = worst;
	return worst.code;
}
