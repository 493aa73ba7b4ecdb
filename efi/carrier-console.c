// SPDX-License-Identifier: GPL-2.0-or-later
/* The key carrier's console lines (see carrier-console.h). */
#include "carrier-console.h"
#include "der.h"
#include "sb-error.h"

#define CN_SHOWN_MAX 64

void carrier_say(const struct carrier_ops *ops, struct carrier_msg *m)
{
	ops->print(ops->ctx, m->buf);
}

void carrier_say_str(const struct carrier_ops *ops, const char *a, const char *b, int err)
{
	struct carrier_msg m;

	msg_init(&m, "carrier: ");
	msg_str(&m, a);
	if (b)
		msg_str(&m, b);
	if (err) {
		msg_str(&m, " (");
		msg_str(&m, sb_strerror(err));
		msg_str(&m, ")");
	}
	carrier_say(ops, &m);
}

void carrier_msg_cert(struct carrier_msg *m, unsigned idx, const uint8_t *der, size_t len,
		      const uint8_t sha256[32])
{
	const uint8_t *cn;
	size_t cn_len;

	msg_init(m, "carrier: cert ");
	msg_uint(m, idx + 1);
	if (der_x509_subject_cn(der, len, &cn, &cn_len) == 0 && cn_len) {
		msg_str(m, " '");
		/* msg_bytes replaces anything unprintable: a CN cannot drive the console. */
		msg_bytes(m, cn, cn_len > CN_SHOWN_MAX ? CN_SHOWN_MAX : cn_len);
		msg_str(m, "'");
	}
	msg_str(m, " (sha256 ");
	msg_hex(m, sha256, 8);
	msg_str(m, "...)");
}

const char *carrier_revocation_name(enum esl_revocation how)
{
	switch (how) {
	case ESL_REVOKED_X509:        return "the certificate itself";
	case ESL_REVOKED_X509_SHA256: return "X509_SHA256 of its TBSCertificate";
	case ESL_REVOKED_SHA256:      return "SHA256 of its DER";
	default:                      return "?";
	}
}
