/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the TPM 2.0 event log (lib/tcg-eventlog.c) as key-loader status reads it from securityfs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "sb-error.h"
#include "tcg-eventlog.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcg_log log, again;
	struct tcg_cursor cur = { 0 };
	struct tcg_event ev;
	uint8_t pcr[32], before[32];
	unsigned seen = 0, extended, b;
	size_t end;
	int rc, n;

	memset(&log, 0xa5, sizeof(log));
	memcpy(&again, &log, sizeof(log));
	rc = tcg_log_parse(data, size, &log);
	if (rc != SB_OK) {
		/* Refused: a negative code, the output untouched (lib/tcg-eventlog.h). */
		FZ_ASSERT(rc < 0 && memcmp(&log, &again, sizeof(log)) == 0);
		return 0;
	}
	FZ_ASSERT(log.buf == data && log.len == size && log.events_off <= size);
	FZ_ASSERT(log.nbanks >= 1 && log.nbanks <= TCG_LOG_MAX_BANKS);
	/* An accepted log iterates to its end with no error, every event inside it, back to back. */
	end = log.events_off;
	while ((n = tcg_log_next(&log, &cur, &ev)) == 1) {
		seen++;
		FZ_ASSERT(ev.num == seen && ev.offset == end);
		FZ_ASSERT(ev.data >= data && ev.data_len <= size && (size_t)(ev.data - data) <= size - ev.data_len);
		for (b = 0; b < log.nbanks; b++)
			FZ_ASSERT(ev.digest[b] >= data && (size_t)(ev.digest[b] - data) <= size - log.banks[b].size);
		end = (size_t)(ev.data - data) + ev.data_len;
	}
	FZ_ASSERT(n == 0 && seen == log.nevents && end == size);
	/* Replay: every PCR either replays or the log has no SHA-256 bank; outputs untouched otherwise. */
	for (b = 0; b < 24; b++) {
		memset(pcr, 0x5a, sizeof(pcr));
		memcpy(before, pcr, sizeof(pcr));
		extended = 12345;
		rc = tcg_log_replay_sha256(&log, b, pcr, &extended);
		if (tcg_log_bank(&log, TCG_ALG_SHA256) < 0)
			FZ_ASSERT(rc == SB_E_UNSUPPORTED && memcmp(pcr, before, 32) == 0 && extended == 12345);
		else
			FZ_ASSERT(rc == SB_OK && extended <= log.nevents);
	}
	/* Parsing is a function of the bytes. */
	FZ_ASSERT(tcg_log_parse(data, size, &again) == SB_OK && again.nevents == log.nevents &&
		  again.nbanks == log.nbanks && again.events_off == log.events_off);
	return 0;
}
