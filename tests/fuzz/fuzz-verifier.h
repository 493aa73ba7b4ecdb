/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verifier as the fuzz targets open it: two --trust anchors of the test PKI and revocation files in every signature type lib/signature-list.c knows. */
#ifndef SB_FUZZ_VERIFIER_H
#define SB_FUZZ_VERIFIER_H

#include <string.h>
#include "efi-guid.h"
#include "lib/sb-error.h"
#include "verifier/verifier.h"
#include "signature-list.h"
#include "test-util.h"
#include "fuzz-util.h"

/* Append one list of one entry to buf[*len..cap). */
static inline void fz_esl_add(uint8_t *buf, size_t *len, size_t cap, const sb_guid *type,
			      const void *data, size_t data_len)
{
	static const sb_guid owner = SB_GUID_SBKEXEC;
	long n = esl_build(type, &owner, data, data_len, buf + *len, cap - *len);

	if (n < 0)
		fz_die("revocation list buffer too small");
	*len += (size_t)n;
}

/*
 * Writes into the scratch directory and points the paths at:
 *   dbx:  the test PKI's `revoked` certificate (X.509), an EFI_CERT_SHA1/224/384/512 digest each
 *         and an EFI_CERT_X509_SHA256/384/512 entry (none of them matching anything real);
 *   mokx: the `untrusted` certificate (X.509: images it signed are revoked by key) and an
 *         EFI_CERT_SHA256 digest;
 *   blacklist: "bin:" and "tbs:" lines.
 * So a verification walks every form a revocation check knows, and seeds signed by `revoked` or
 * `untrusted` reach the revoked verdicts.
 */
static inline void fz_revocation_files(char dbx[512], char mokx[512], char blacklist[512])
{
	static const sb_guid x509 = SB_GUID_CERT_X509, sha1 = SB_GUID_CERT_SHA1,
		sha224 = SB_GUID_CERT_SHA224, sha256 = SB_GUID_CERT_SHA256, sha384 = SB_GUID_CERT_SHA384,
		sha512 = SB_GUID_CERT_SHA512, tbs256 = SB_GUID_CERT_X509_SHA256,
		tbs384 = SB_GUID_CERT_X509_SHA384, tbs512 = SB_GUID_CERT_X509_SHA512;
	static uint8_t buf[16384];
	uint8_t pattern[64 + 16];
	uint8_t *cert;
	size_t len = 0, cert_len = 0;

	memset(pattern, 0xa5, sizeof(pattern));
	cert = tu_read_file(fz_cert("revoked.der"), &cert_len);
	if (!cert)
		fz_die("cannot read the test PKI's revoked.der (make certs; SBK_FUZZ_CERTS)");
	fz_esl_add(buf, &len, sizeof(buf), &x509, cert, cert_len);
	free(cert);
	fz_esl_add(buf, &len, sizeof(buf), &sha1, pattern, 20);
	fz_esl_add(buf, &len, sizeof(buf), &sha224, pattern, 28);
	fz_esl_add(buf, &len, sizeof(buf), &sha384, pattern, 48);
	fz_esl_add(buf, &len, sizeof(buf), &sha512, pattern, 64);
	/* EFI_CERT_X509_SHA*: the TBS digest followed by a 16-byte EFI_TIME. */
	fz_esl_add(buf, &len, sizeof(buf), &tbs256, pattern, 32 + 16);
	fz_esl_add(buf, &len, sizeof(buf), &tbs384, pattern, 48 + 16);
	fz_esl_add(buf, &len, sizeof(buf), &tbs512, pattern, 64 + 16);
	snprintf(dbx, 512, "%s/dbx.esl", fz_scratch());
	fz_write(dbx, buf, len);

	len = 0;
	cert = tu_read_file(fz_cert("untrusted.der"), &cert_len);
	if (!cert)
		fz_die("cannot read the test PKI's untrusted.der");
	fz_esl_add(buf, &len, sizeof(buf), &x509, cert, cert_len);
	free(cert);
	fz_esl_add(buf, &len, sizeof(buf), &sha256, pattern, 32);
	snprintf(mokx, 512, "%s/mokx.esl", fz_scratch());
	fz_write(mokx, buf, len);

	snprintf(blacklist, 512, "%s/blacklist", fz_scratch());
	fz_write(blacklist, "bin:a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5\n"
		 "tbs:5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a\n", 138);
}

/* vf_open() as kexec --trust A --trust B --no-system-revocation --dbx/--mokx/--blacklist would. */
static inline void fz_verifier_open(struct vf_ctx *ctx, const char *program, const char *trust_a,
				    const char *trust_b)
{
	static char dbx[512], mokx[512], blacklist[512];
	struct vf_config cfg = { 0 };
	struct vf_verdict v = { 0 };

	vf_report_init(program);
	fz_revocation_files(dbx, mokx, blacklist);
	cfg.anchors.trust_files[0] = fz_cert(trust_a);
	cfg.anchors.trust_files[1] = fz_cert(trust_b);
	cfg.anchors.ntrust = 2;
	cfg.revocation.dbx_file = dbx;
	cfg.revocation.mokx_file = mokx;
	cfg.revocation.blacklist_file = blacklist;
	cfg.revocation.no_system = true;
	if (vf_open(ctx, &cfg, &v) != SB_OK) {
		fprintf(stderr, "%s: vf_open: %s: %s\n", program, v.check, v.reason);
		exit(2);
	}
}

#endif
