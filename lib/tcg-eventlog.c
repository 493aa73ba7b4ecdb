// SPDX-License-Identifier: GPL-2.0-or-later
/* The TPM 2.0 crypto-agile event log: strict parser, iterator and SHA-256 PCR replay (format in tcg-eventlog.h). */
#include "byteorder.h"
#include "sb-error.h"
#include "sb-string.h"
#include "sha256.h"
#include "tcg-eventlog.h"

/* The digest sizes of the TPM algorithms a PC Client log may name (TCG Algorithm Registry). */
static unsigned known_digest_size(uint16_t alg)
{
	switch (alg) {
	case TCG_ALG_SHA1:
		return 20;
	case TCG_ALG_SHA256:
	case TCG_ALG_SM3_256:
	case 0x0027:            /* SHA3-256 */
		return 32;
	case TCG_ALG_SHA384:
	case 0x0028:            /* SHA3-384 */
		return 48;
	case TCG_ALG_SHA512:
	case 0x0029:            /* SHA3-512 */
		return 64;
	default:
		return 0;
	}
}

/* The TCG_EfiSpecIDEvent in d[0..n): its fields into *log. */
static int parse_spec_id(const uint8_t *d, size_t n, struct tcg_log *log)
{
	unsigned nalg, i, j;
	size_t off;

	/* Fixed part (28 bytes) and the vendorInfoSize byte at least. */
	if (n < 29)
		return SB_E_TCG_SPEC_ID;
	log->platform_class = sb_get_le32(d + 16);
	log->spec_minor = d[20];
	log->spec_major = d[21];
	log->spec_errata = d[22];
	log->uintn_size = d[23];
	if (log->spec_major != 2 || (log->uintn_size != 1 && log->uintn_size != 2))
		return SB_E_TCG_SPEC_ID;
	if (sb_get_le32(d + 24) == 0 || sb_get_le32(d + 24) > TCG_LOG_MAX_BANKS)
		return SB_E_TCG_ALGS;
	nalg = sb_get_le32(d + 24);
	/* At most 16 algorithms: 28 + 4 * 16 + 1 cannot overflow. */
	off = 28 + 4 * (size_t)nalg;
	if (off + 1 > n || d[off] != n - off - 1)
		return SB_E_TCG_SPEC_ID;
	for (i = 0; i < nalg; i++) {
		uint16_t alg = sb_get_le16(d + 28 + 4 * (size_t)i), size = sb_get_le16(d + 30 + 4 * (size_t)i);
		unsigned known = known_digest_size(alg);

		if (size == 0 || size > TCG_LOG_MAX_DIGEST || (known && known != size))
			return SB_E_TCG_ALGS;
		for (j = 0; j < i; j++)
			if (log->banks[j].alg == alg)
				return SB_E_TCG_ALGS;
		log->banks[i].alg = alg;
		log->banks[i].size = size;
	}
	log->nbanks = nalg;
	return SB_OK;
}

/* One TCG_PCR_EVENT2 at off: *ev and where the next one starts. Every bound is checked here. */
static int parse_event(const struct tcg_log *log, size_t off, struct tcg_event *ev, size_t *next)
{
	const uint8_t *b = log->buf;
	size_t len = log->len, p = off;
	uint8_t seen[TCG_LOG_MAX_BANKS] = { 0 };
	uint32_t count, size;
	unsigned i, j;

	if (off > len || len - off < 12)
		return SB_E_TCG_EVENT_TRUNCATED;
	ev->offset = off;
	ev->pcr = sb_get_le32(b + p);
	ev->type = sb_get_le32(b + p + 4);
	count = sb_get_le32(b + p + 8);
	p += 12;
	if (count != log->nbanks)
		return SB_E_TCG_DIGEST_COUNT;
	for (i = 0; i < count; i++) {
		uint16_t alg;

		if (len - p < 2)
			return SB_E_TCG_EVENT_TRUNCATED;
		alg = sb_get_le16(b + p);
		p += 2;
		for (j = 0; j < log->nbanks && log->banks[j].alg != alg; j++)
			;
		if (j == log->nbanks || seen[j])
			return SB_E_TCG_DIGEST_ALG;
		seen[j] = 1;
		if (len - p < log->banks[j].size)
			return SB_E_TCG_EVENT_TRUNCATED;
		ev->digest[j] = b + p;
		p += log->banks[j].size;
	}
	if (len - p < 4)
		return SB_E_TCG_EVENT_TRUNCATED;
	size = sb_get_le32(b + p);
	p += 4;
	if (size > len - p)
		return SB_E_TCG_EVENT_SIZE;
	ev->data = b + p;
	ev->data_len = size;
	*next = p + size;
	return SB_OK;
}

int tcg_log_parse(const uint8_t *buf, size_t len, struct tcg_log *out)
{
	static const uint8_t zero[20];
	struct tcg_log log;
	struct tcg_event ev;
	size_t n, off, next;
	int ret;

	if (!buf || !out || len < TCG_LOG_HEADER_SIZE)
		return SB_E_TCG_HEADER;
	n = sb_get_le32(buf + 28);
	if (n > len - TCG_LOG_HEADER_SIZE)
		return SB_E_TCG_HEADER;
	/* Without the signature this is not a crypto-agile log (e.g. a TPM 1.2 SHA-1 log). */
	if (n < 16 || memcmp(buf + TCG_LOG_HEADER_SIZE, TCG_SPEC_ID_SIGNATURE, 16) != 0)
		return SB_E_UNSUPPORTED;
	if (sb_get_le32(buf) != 0 || sb_get_le32(buf + 4) != TCG_EV_NO_ACTION ||
	    memcmp(buf + 8, zero, sizeof(zero)) != 0)
		return SB_E_TCG_HEADER;
	memset(&log, 0, sizeof(log));
	log.buf = buf;
	log.len = len;
	ret = parse_spec_id(buf + TCG_LOG_HEADER_SIZE, n, &log);
	if (ret != SB_OK)
		return ret;
	log.events_off = TCG_LOG_HEADER_SIZE + n;
	for (off = log.events_off; off < len; off = next) {
		ret = parse_event(&log, off, &ev, &next);
		if (ret != SB_OK)
			return ret;
		log.nevents++;
	}
	*out = log;
	return SB_OK;
}

int tcg_log_next(const struct tcg_log *log, struct tcg_cursor *cursor, struct tcg_event *out)
{
	struct tcg_event ev;
	size_t off, next;
	int ret;

	off = cursor->off ? cursor->off : log->events_off;
	if (off >= log->len)
		return 0;
	memset(&ev, 0, sizeof(ev));
	ret = parse_event(log, off, &ev, &next);
	if (ret != SB_OK)
		return ret;
	ev.num = cursor->num + 1;
	cursor->off = next;
	cursor->num = ev.num;
	*out = ev;
	return 1;
}

int tcg_log_bank(const struct tcg_log *log, uint16_t alg)
{
	unsigned i;

	for (i = 0; i < log->nbanks; i++)
		if (log->banks[i].alg == alg)
			return (int)i;
	return -1;
}

int tcg_log_replay_sha256(const struct tcg_log *log, uint32_t pcr, uint8_t out[32], unsigned *extended)
{
	struct sha256_ctx ctx;
	struct tcg_event ev = { 0 };
	struct tcg_cursor cursor = { 0, 0 };
	uint8_t value[32] = { 0 };
	unsigned n = 0;
	int bank = tcg_log_bank(log, TCG_ALG_SHA256), ret;

	if (bank < 0)
		return SB_E_UNSUPPORTED;
	while ((ret = tcg_log_next(log, &cursor, &ev)) == 1) {
		if (ev.pcr != pcr)
			continue;
		if (ev.type == TCG_EV_NO_ACTION) {
			/* §10.4.5.3: a locality-3/4 start sets PCR 0's initial value before any extend. */
			if (pcr == 0 && n == 0 && ev.data_len == 17 &&
			    memcmp(ev.data, TCG_STARTUP_LOCALITY, 16) == 0)
				value[31] = ev.data[16];
			continue;
		}
		sha256_init(&ctx);
		sha256_update(&ctx, value, sizeof(value));
		sha256_update(&ctx, ev.digest[bank], 32);
		sha256_final(&ctx, value);
		n++;
	}
	if (ret < 0)
		return ret;
	memcpy(out, value, sizeof(value));
	*extended = n;
	return SB_OK;
}
