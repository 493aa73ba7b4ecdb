/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the key carrier's TPM event records (lib/carrier-event.c) as a reader of the event log meets them: parse, and rebuild byte for byte. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "carrier-event.h"
#include "sb-error.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[CARRIER_EVENT_MAX_SIZE];
	struct carrier_event ev;
	long n;
	int rc;

	rc = carrier_event_parse(data, size, &ev);
	if (rc != 0) {
		FZ_ASSERT(rc == SB_E_MALFORMED || rc == SB_E_NOT_FOUND || rc == SB_E_UNSUPPORTED);
		return 0;
	}
	/* What parses is exactly what the builder writes for the same fields. */
	if (ev.kind == CARRIER_EVENT_KIND_CERT) {
		FZ_ASSERT(ev.cn >= data && ev.cn_len <= CARRIER_EVENT_CN_MAX &&
			  (size_t)(ev.cn - data) + ev.cn_len == size);
		n = carrier_event_cert(out, sizeof(out), ev.index, ev.decision, ev.form, ev.dest, ev.sha256,
				       ev.cn, ev.cn_len);
		FZ_ASSERT(carrier_event_cert(out, size - 1, ev.index, ev.decision, ev.form, ev.dest,
					     ev.sha256, ev.cn, ev.cn_len) == SB_E_BUFFER_SMALL);
	} else {
		FZ_ASSERT(ev.kind == CARRIER_EVENT_KIND_OUTCOME);
		n = carrier_event_outcome(out, sizeof(out), ev.result, ev.published, ev.present, ev.skipped,
					  ev.dest);
	}
	FZ_ASSERT(n > 0 && (size_t)n == size && memcmp(out, data, size) == 0);
	return 0;
}
