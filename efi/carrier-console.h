/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key carrier's console lines: one helper per kind of line, shared by planning, commit and publish. */
#ifndef SB_CARRIER_CONSOLE_H
#define SB_CARRIER_CONSOLE_H

#include "carrier.h"
#include "carrier-msg.h"

/* Print an assembled line. */
void carrier_say(const struct carrier_ops *ops, struct carrier_msg *m);

/* "carrier: <a><b>[ (<sb_strerror(err)>)]"; b may be NULL, err 0 for none. */
void carrier_say_str(const struct carrier_ops *ops, const char *a, const char *b, int err);

/* Start a per-certificate line: "carrier: cert N 'CN' (sha256 0123abcd...)". */
void carrier_msg_cert(struct carrier_msg *m, unsigned idx, const uint8_t *der, size_t len,
		      const uint8_t sha256[32]);

/* "the certificate itself" / "X509_SHA256 of its TBSCertificate" / "SHA256 of its DER". */
const char *carrier_revocation_name(enum esl_revocation how);

#endif
