// SPDX-License-Identifier: GPL-2.0-or-later
/* The key carrier's `.options` section: words that switch on opt-in behaviour (see carrier.h). */
#include "carrier.h"
#include "carrier-console.h"
#include "sb-string.h"

static const struct {
	const char *word;
	unsigned flag;
} known[] = {
	{ CARRIER_OPTION_MACHINE_KEYRING, CARRIER_OPT_MACHINE_KEYRING },
	{ CARRIER_OPTION_SHIM_ALLOWLIST, CARRIER_OPT_SHIM_ALLOWLIST },
};

static int is_separator(uint8_t c)
{
	return c == '\n' || c == 0 || c == ' ' || c == '\r';
}

unsigned carrier_parse_options(const struct carrier_ops *ops, const uint8_t *p, size_t len)
{
	unsigned flags = 0;
	size_t i = 0;

	while (i < len) {
		size_t start, n, k;

		while (i < len && is_separator(p[i]))
			i++;
		start = i;
		while (i < len && !is_separator(p[i]))
			i++;
		n = i - start;
		if (n == 0)
			break;
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			if (n == strlen(known[k].word) && memcmp(p + start, known[k].word, n) == 0) {
				flags |= known[k].flag;
				break;
			}
		}
		if (k == sizeof(known) / sizeof(known[0])) {
			struct carrier_msg m;

			msg_init(&m, "carrier: unknown .options word '");
			msg_bytes(&m, p + start, n > 40 ? 40 : n);
			msg_str(&m, "' ignored");
			carrier_say(ops, &m);
		}
	}
	return flags;
}
