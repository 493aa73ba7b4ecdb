// SPDX-License-Identifier: GPL-2.0-or-later
/* The key carrier's TPM event records: builders and a strict parser (format in carrier-event.h). */
#include "byteorder.h"
#include "carrier-event.h"
#include "sb-error.h"
#include "sb-string.h"

static void put_header(uint8_t *out, size_t size, unsigned kind)
{
	sb_put_le32(out, CARRIER_EVENT_TAG_ID);
	sb_put_le32(out + 4, (uint32_t)(size - 8));
	sb_put_le16(out + 8, CARRIER_EVENT_VERSION);
	sb_put_le16(out + 10, (uint16_t)kind);
}

long carrier_event_cert(uint8_t *out, size_t out_len, unsigned index, unsigned decision,
			unsigned form, unsigned dest, const uint8_t sha256[32], const uint8_t *cn,
			size_t cn_len)
{
	size_t size;

	if (!out || !sha256 || (!cn && cn_len) || index == 0 || index > 0xffff || decision == 0 ||
	    decision > CARRIER_EVENT_DECISION_MAX || form > CARRIER_EVENT_FORM_MAX || dest > 7)
		return SB_E_MALFORMED;
	if (cn_len > CARRIER_EVENT_CN_MAX)
		cn_len = CARRIER_EVENT_CN_MAX;
	size = CARRIER_EVENT_CERT_SIZE(cn_len);
	if (out_len < size)
		return SB_E_BUFFER_SMALL;
	put_header(out, size, CARRIER_EVENT_KIND_CERT);
	sb_put_le16(out + 12, (uint16_t)index);
	sb_put_le16(out + 14, (uint16_t)decision);
	sb_put_le16(out + 16, (uint16_t)form);
	sb_put_le16(out + 18, (uint16_t)dest);
	memcpy(out + 20, sha256, 32);
	sb_put_le16(out + 52, (uint16_t)cn_len);
	if (cn_len)
		memcpy(out + 54, cn, cn_len);
	return (long)size;
}

long carrier_event_outcome(uint8_t *out, size_t out_len, int32_t result, unsigned published,
			   unsigned present, unsigned skipped, unsigned dest)
{
	if (!out || result > 0 || published > 0xffff || present > 0xffff || skipped > 0xffff ||
	    dest > 7)
		return SB_E_MALFORMED;
	if (out_len < CARRIER_EVENT_OUTCOME_SIZE)
		return SB_E_BUFFER_SMALL;
	put_header(out, CARRIER_EVENT_OUTCOME_SIZE, CARRIER_EVENT_KIND_OUTCOME);
	sb_put_le32(out + 12, (uint32_t)result);
	sb_put_le16(out + 16, (uint16_t)published);
	sb_put_le16(out + 18, (uint16_t)present);
	sb_put_le16(out + 20, (uint16_t)skipped);
	sb_put_le16(out + 22, (uint16_t)dest);
	return CARRIER_EVENT_OUTCOME_SIZE;
}

int carrier_event_parse(const uint8_t *buf, size_t len, struct carrier_event *out)
{
	struct carrier_event ev;
	size_t cn_len;

	if (!buf || len < 8)
		return SB_E_MALFORMED;
	if (sb_get_le32(buf) != CARRIER_EVENT_TAG_ID)
		return SB_E_NOT_FOUND;
	/* The tagged event's own size must account for every byte, and the header be there. */
	if (sb_get_le32(buf + 4) != len - 8 || len < CARRIER_EVENT_HDR_SIZE)
		return SB_E_MALFORMED;
	if (sb_get_le16(buf + 8) != CARRIER_EVENT_VERSION)
		return SB_E_UNSUPPORTED;
	memset(&ev, 0, sizeof(ev));
	ev.kind = sb_get_le16(buf + 10);
	switch (ev.kind) {
	case CARRIER_EVENT_KIND_CERT:
		if (len < CARRIER_EVENT_CERT_SIZE(0))
			return SB_E_MALFORMED;
		cn_len = sb_get_le16(buf + 52);
		if (cn_len > CARRIER_EVENT_CN_MAX || len != CARRIER_EVENT_CERT_SIZE(cn_len))
			return SB_E_MALFORMED;
		ev.index = sb_get_le16(buf + 12);
		ev.decision = sb_get_le16(buf + 14);
		ev.form = sb_get_le16(buf + 16);
		ev.dest = sb_get_le16(buf + 18);
		if (ev.index == 0 || ev.decision == 0 || ev.decision > CARRIER_EVENT_DECISION_MAX ||
		    ev.form > CARRIER_EVENT_FORM_MAX || ev.dest > 7)
			return SB_E_MALFORMED;
		memcpy(ev.sha256, buf + 20, 32);
		ev.cn = buf + 54;
		ev.cn_len = cn_len;
		break;
	case CARRIER_EVENT_KIND_OUTCOME:
		if (len != CARRIER_EVENT_OUTCOME_SIZE)
			return SB_E_MALFORMED;
		ev.result = (int32_t)sb_get_le32(buf + 12);
		ev.published = sb_get_le16(buf + 16);
		ev.present = sb_get_le16(buf + 18);
		ev.skipped = sb_get_le16(buf + 20);
		ev.dest = sb_get_le16(buf + 22);
		if (ev.result > 0 || ev.dest > 7)
			return SB_E_MALFORMED;
		break;
	default:
		return SB_E_UNSUPPORTED;
	}
	*out = ev;
	return 0;
}
