// SPDX-License-Identifier: GPL-2.0-or-later
/* KeyCarrierRT record: parser and header writer (format in keycarrier.h). */
#include "byteorder.h"
#include "keycarrier.h"
#include "efi-guid.h"
#include "sb-error.h"
#include "sb-string.h"
#include "signature-list.h"

int keycarrier_parse(const uint8_t *buf, size_t len, const uint8_t **list, size_t *list_len,
		     uint32_t *carriers)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	size_t hdr;
	int n;

	if (!buf || len < KEYCARRIER_HDR_SIZE || memcmp(buf, KEYCARRIER_MAGIC, 4) != 0 ||
	    sb_get_le16(buf + 4) != KEYCARRIER_VERSION)
		return SB_E_MALFORMED;
	hdr = sb_get_le16(buf + 6);
	if (hdr < KEYCARRIER_HDR_SIZE || hdr > len)
		return SB_E_MALFORMED;
	n = esl_validate(buf + hdr, len - hdr, &x509);
	if (n < 0)
		return SB_E_MALFORMED;
	*list = buf + hdr;
	*list_len = len - hdr;
	*carriers = sb_get_le32(buf + 8);
	return n;
}

void keycarrier_header(uint8_t out[KEYCARRIER_HDR_SIZE], uint32_t carriers)
{
	memcpy(out, KEYCARRIER_MAGIC, 4);  /* NOLINT(bugprone-not-null-terminated-result): a 4-byte magic, no NUL in the record */
	sb_put_le16(out + 4, KEYCARRIER_VERSION);
	sb_put_le16(out + 6, KEYCARRIER_HDR_SIZE);
	sb_put_le32(out + 8, carriers);
	memset(out + 12, 0, 4);
}
