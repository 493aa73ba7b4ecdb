/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Revocation: dbx and MokListXRT (efivarfs or files) and the kernel's .blacklist keyring. */
#ifndef KX_REVOCATION_H
#define KX_REVOCATION_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "cli.h"
#include "report.h"

struct kx_revocation {
	uint8_t *dbx, *mokx;        /* EFI_SIGNATURE_LIST buffers (attributes stripped), or NULL */
	size_t dbx_len, mokx_len;
	int32_t blacklist;          /* key_serial_t of the kernel's .blacklist keyring, 0 if none */
	char *blacklist_text;       /* --blacklist FILE: "bin:<hex>" / "tbs:<hex>" lines */
};

/*
 * Read the sources: --dbx/--mokx/--blacklist files, and unless --no-system-revocation, dbx and
 * MokListXRT from efivarfs and .blacklist from /proc/keys. A source that exists but does not
 * parse is an error (fail closed: we cannot tell what it revokes); an absent one is noted.
 */
int kx_revocation_open(const struct kx_opts *o, struct kx_revocation *r, struct kx_verdict *v);
void kx_revocation_close(struct kx_revocation *r);

/* SB_E_REVOKED (with *v) when the image's SHA-256 Authenticode digest is listed; else SB_OK. */
int kx_revoked_image(const struct kx_revocation *r, const uint8_t digest[32], struct kx_verdict *v);

/* SB_E_REVOKED when the certificate, or the SHA-256 of its TBS, is listed; else SB_OK. */
int kx_revoked_cert(const struct kx_revocation *r, X509 *cert, struct kx_verdict *v);

#endif
