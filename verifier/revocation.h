/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Revocation: dbx and MokListXRT (efivarfs or files) and the kernel's .blacklist, in every form UEFI defines. */
#ifndef VF_REVOCATION_H
#define VF_REVOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "verifier/digest.h"
#include "verifier/report.h"
#include "verifier/x509.h"

/* Where revocation data comes from. A zero-initialised struct means: the live system only. */
struct vf_revocation_sources {
	const char *dbx_file;       /* a bare EFI_SIGNATURE_LIST buffer used instead of efivarfs dbx */
	const char *mokx_file;      /* ... instead of efivarfs MokListXRT */
	const char *blacklist_file; /* "bin:<hex>" / "tbs:<hex>" lines, as the kernel's .blacklist names keys */
	bool no_system;             /* do not read efivarfs dbx/MokListXRT nor the .blacklist keyring */
	const char *efivars_dir;    /* NULL: /sys/firmware/efi/efivars */
};

struct vf_revocation {
	uint8_t *dbx, *mokx;        /* EFI_SIGNATURE_LIST buffers (attributes stripped), or NULL */
	size_t dbx_len, mokx_len;
	STACK_OF(X509) *dbx_certs, *mokx_certs;  /* their X.509 entries, parsed once (revocation by key) */
	int32_t blacklist;          /* key_serial_t of the kernel's .blacklist keyring, 0 if none */
	char *blacklist_text;       /* the --blacklist file */
};

/*
 * Read the sources. A source that exists but does not parse is an error, SB_E_MALFORMED (fail
 * closed: what it revokes is unknown), as is an X.509 entry OpenSSL cannot parse; an absent one
 * is noted in the trace. SB_OK, or an SB_E_* code with *v filled (*r then closed).
 */
int vf_revocation_open(struct vf_revocation *r, const struct vf_revocation_sources *src,
		       struct vf_verdict *v);
void vf_revocation_close(struct vf_revocation *r);

/* The digest algorithms an image must be hashed with to check it: SHA-256 (.blacklist bin:,
   and what signatures use) plus every algorithm dbx or MokListXRT lists image digests in. */
unsigned vf_revocation_digest_algs(const struct vf_revocation *r);

/*
 * SB_E_REVOKED (with *v) when one of the digests in d is listed: dbx / MokListXRT EFI_CERT_SHA*
 * of the same algorithm, or .blacklist "bin:<hex>"; both the signing tools' and the firmware's
 * digest are looked up (struct vf_digests). `what` is "image digest" or "file digest".
 */
int vf_revoked_digests(const struct vf_revocation *r, const struct vf_digests *d, const char *what,
		       struct vf_verdict *v);

/*
 * SB_E_REVOKED when the certificate is revoked: by dbx or MokListXRT as the certificate itself
 * (EFI_CERT_X509), as the SHA-256/384/512 of its TBSCertificate (EFI_CERT_X509_SHA*), as the
 * SHA-256 of its DER (EFI_CERT_SHA256), or by key: it has the public key of a listed X.509
 * certificate, or (VF_CERT_IN_CHAIN) its signature verifies with such a key; or by .blacklist
 * "tbs:<hex>" in SHA-256/384/512. SB_OK when not; another SB_E_* when it cannot be checked.
 *
 * VF_CERT_ALONE leaves out who signed it: for a certificate about to become an anchor
 * (key-loader's carried certificates), whose own signature no verification relies on. Every
 * certificate of a chain, the anchor certificate included, is checked VF_CERT_IN_CHAIN.
 */
enum vf_cert_scope { VF_CERT_IN_CHAIN, VF_CERT_ALONE };
int vf_revoked_cert(const struct vf_revocation *r, X509 *cert, enum vf_cert_scope scope,
		    struct vf_verdict *v);

/* SB_E_REVOKED when the key of a certificate listed in dbx or MokListXRT verifies s: the
   signature was made by a revoked key, whoever holds it now (an IMA signature, a keyring link). */
int vf_revoked_signature(const struct vf_revocation *r, const struct vf_signed *s, const char *what,
			 struct vf_verdict *v);

/*
 * A keyring key used as an anchor (its certificate is not readable from userspace): SB_E_REVOKED
 * when a certificate listed in dbx or MokListXRT is, by the kernel's own identifiers (SKID,
 * serial+issuer: vf_x509_key_ids()), that very key of `ring`. What is and is not covered:
 * verifier/README.md, "Revocation of keyring anchors".
 */
int vf_revoked_keyring_key(const struct vf_revocation *r, int32_t ring, int32_t key,
			   struct vf_verdict *v);

#endif
