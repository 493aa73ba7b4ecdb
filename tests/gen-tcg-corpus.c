/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writes the TPM event-log corpus with its manifest: valid logs and one malformed log per check of lib/tcg-eventlog.c. */
/*
 * Usage: gen-tcg-corpus OUTDIR. Writes OUTDIR/<name>.log and OUTDIR/manifest, one line per log:
 * "<name>.log <expected>", expected "ok:<events>" or sb_strerror() of the exact code
 * tcg_log_parse() must return. Grows with every bug found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "gen-tcg-log.h"

/* An SBKM-like tagged event and a plain EV_IPL, as data for the events below. */
static const uint8_t tag_data[24] = "SBKM\x10\0\0\0\x01\0\x02\0";
static const uint8_t ipl_data[8] = "MokList";

static void four(struct tcg_gen *g) { tcg_gen_start(g, tcg_gen_four_banks, 4, 0); }
static void sha256(struct tcg_gen *g) { tcg_gen_start(g, tcg_gen_sha256_only, 1, 0); }
static size_t ev14(struct tcg_gen *g) { return tcg_gen_event(g, 14, 6, tag_data, sizeof(tag_data)); }
static void three_events(struct tcg_gen *g)
{
	tcg_gen_event(g, 0, 8, (const uint8_t *)"\x01\x00", 2);
	tcg_gen_event(g, 14, 13, ipl_data, sizeof(ipl_data));
	ev14(g);
}
/* The Spec ID event's data starts at 32; its fields at these offsets. */
#define SPEC 32

static void ok_header_only(struct tcg_gen *g) { four(g); }
static void ok_four_banks(struct tcg_gen *g) { four(g); three_events(g); }
static void ok_sha256_only(struct tcg_gen *g) { sha256(g); three_events(g); }
static void ok_sha1_only(struct tcg_gen *g)
{
	static const struct tcg_gen_bank b[1] = { { 0x0004, 20 } };

	tcg_gen_start(g, b, 1, 0);
	three_events(g);
}
static void ok_reversed_digests(struct tcg_gen *g) { four(g); g->reverse = 1; three_events(g); }
static void ok_vendor_info(struct tcg_gen *g) { tcg_gen_start(g, tcg_gen_four_banks, 4, 7); ev14(g); }
static void ok_empty_event(struct tcg_gen *g) { four(g); tcg_gen_event(g, 14, 6, NULL, 0); }
static void ok_unknown_alg(struct tcg_gen *g)
{
	static const struct tcg_gen_bank b[2] = { { 0x000b, 32 }, { 0x7777, 24 } };

	tcg_gen_start(g, b, 2, 0);
	ev14(g);
}
static void ok_startup_locality(struct tcg_gen *g)
{
	four(g);
	tcg_gen_event(g, 0, 3, (const uint8_t *)"StartupLocality\0\x03", 17);
	three_events(g);
}

static void empty(struct tcg_gen *g) { four(g); g->len = 0; }
static void header_31_bytes(struct tcg_gen *g) { four(g); g->len = 31; }
static void header_data_past_end(struct tcg_gen *g) { four(g); g->len -= 1; }
static void header_size_ffffffff(struct tcg_gen *g) { four(g); sb_put_le32(g->d + 28, 0xffffffff); }
static void tpm12_log(struct tcg_gen *g) { four(g); memcpy(g->d + SPEC, "Spec ID Event00", 16); }
static void header_short_data(struct tcg_gen *g) { four(g); sb_put_le32(g->d + 28, 12); g->len = 44; }
static void header_pcr_1(struct tcg_gen *g) { four(g); sb_put_le32(g->d, 1); }
static void header_type_not_no_action(struct tcg_gen *g) { four(g); sb_put_le32(g->d + 4, 8); }
static void header_digest_nonzero(struct tcg_gen *g) { four(g); g->d[27] = 1; }
static void spec_major_1(struct tcg_gen *g) { four(g); g->d[SPEC + 21] = 1; }
static void spec_uintn_3(struct tcg_gen *g) { four(g); g->d[SPEC + 23] = 3; }
static void spec_uintn_0(struct tcg_gen *g) { four(g); g->d[SPEC + 23] = 0; }
static void spec_28_bytes(struct tcg_gen *g) { four(g); sb_put_le32(g->d + 28, 28); g->len = 32 + 28; }
static void spec_vendor_past(struct tcg_gen *g) { tcg_gen_start(g, tcg_gen_four_banks, 4, 2); g->d[SPEC + 44] = 3; }
static void spec_vendor_short(struct tcg_gen *g) { tcg_gen_start(g, tcg_gen_four_banks, 4, 2); g->d[SPEC + 44] = 1; }
static void spec_trailing_byte(struct tcg_gen *g)
{
	four(g);
	tcg_gen_bytes(g, "x", 1);
	sb_put_le32(g->d + 28, 46);
}
static void spec_table_past_event(struct tcg_gen *g) { four(g); sb_put_le32(g->d + SPEC + 24, 5); }
static void algs_zero(struct tcg_gen *g) { four(g); sb_put_le32(g->d + SPEC + 24, 0); }
static void algs_17(struct tcg_gen *g) { four(g); sb_put_le32(g->d + SPEC + 24, 17); }
static void algs_ffffffff(struct tcg_gen *g) { four(g); sb_put_le32(g->d + SPEC + 24, 0xffffffff); }
static void alg_twice(struct tcg_gen *g) { four(g); sb_put_le16(g->d + SPEC + 28 + 8, 0x0004); sb_put_le16(g->d + SPEC + 30 + 8, 20); }
static void alg_sha256_size_20(struct tcg_gen *g) { four(g); sb_put_le16(g->d + SPEC + 30 + 4, 20); }
static void alg_size_0(struct tcg_gen *g)
{
	static const struct tcg_gen_bank b[1] = { { 0x7777, 0 } };

	tcg_gen_start(g, b, 1, 0);
}
static void alg_size_65(struct tcg_gen *g)
{
	static const struct tcg_gen_bank b[1] = { { 0x7777, 65 } };

	tcg_gen_start(g, b, 1, 0);
}
static void event_header_11_bytes(struct tcg_gen *g) { four(g); three_events(g); tcg_gen_bytes(g, NULL, 11); }
static void trailing_byte(struct tcg_gen *g) { four(g); three_events(g); tcg_gen_bytes(g, "\0", 1); }
static void digest_cut(struct tcg_gen *g) { four(g); g->len = tcg_gen_digest_at(g, ev14(g), 2) + 10; }
static void alg_field_cut(struct tcg_gen *g) { four(g); g->len = tcg_gen_digest_at(g, ev14(g), 1) - 1; }
static void event_size_field_cut(struct tcg_gen *g) { four(g); ev14(g); g->len -= sizeof(tag_data) + 2; }
static void count_more(struct tcg_gen *g) { size_t e; four(g); e = ev14(g); sb_put_le32(g->d + e + 8, 5); }
static void count_less(struct tcg_gen *g) { size_t e; four(g); e = ev14(g); sb_put_le32(g->d + e + 8, 3); }
static void count_zero(struct tcg_gen *g) { size_t e; four(g); e = ev14(g); sb_put_le32(g->d + e + 8, 0); }
static void count_ffffffff(struct tcg_gen *g) { size_t e; four(g); e = ev14(g); sb_put_le32(g->d + e + 8, 0xffffffff); }
static void digest_alg_unknown(struct tcg_gen *g) { size_t e; four(g); e = tcg_gen_digest_at(g, ev14(g), 1); sb_put_le16(g->d + e - 2, 0x0012); }
static void digest_alg_twice(struct tcg_gen *g) { size_t e; four(g); e = tcg_gen_digest_at(g, ev14(g), 1); sb_put_le16(g->d + e - 2, 0x0004); }
static void event_size_oversized(struct tcg_gen *g) { four(g); ev14(g); sb_put_le32(g->d + g->len - sizeof(tag_data) - 4, sizeof(tag_data) + 1); }
static void event_size_ffffffff(struct tcg_gen *g) { four(g); ev14(g); sb_put_le32(g->d + g->len - sizeof(tag_data) - 4, 0xffffffff); }
static void event_size_short(struct tcg_gen *g)
{
	/* One byte less: the last data byte is then read as the next event's (truncated) header. */
	four(g);
	ev14(g);
	sb_put_le32(g->d + g->len - sizeof(tag_data) - 4, sizeof(tag_data) - 1);
}
static void bad_event_after_good(struct tcg_gen *g) { size_t e; four(g); three_events(g); e = ev14(g); sb_put_le32(g->d + e + 8, 2); }

static const struct {
	const char *name, *expect;
	void (*make)(struct tcg_gen *g);
} cases[] = {
	{ "ok-header-only",            "ok:0",                 ok_header_only },
	{ "ok-four-banks",             "ok:3",                 ok_four_banks },
	{ "ok-sha256-only",            "ok:3",                 ok_sha256_only },
	{ "ok-sha1-only",              "ok:3",                 ok_sha1_only },
	{ "ok-digests-reversed",       "ok:3",                 ok_reversed_digests },
	{ "ok-vendor-info",            "ok:1",                 ok_vendor_info },
	{ "ok-empty-event",            "ok:1",                 ok_empty_event },
	{ "ok-unknown-algorithm",      "ok:1",                 ok_unknown_alg },
	{ "ok-startup-locality",       "ok:4",                 ok_startup_locality },
	{ "empty",                     "tcg-header",           empty },
	{ "header-31-bytes",           "tcg-header",           header_31_bytes },
	{ "header-data-past-end",      "tcg-header",           header_data_past_end },
	{ "header-size-ffffffff",      "tcg-header",           header_size_ffffffff },
	{ "header-pcr-1",              "tcg-header",           header_pcr_1 },
	{ "header-type-not-no-action", "tcg-header",           header_type_not_no_action },
	{ "header-digest-nonzero",     "tcg-header",           header_digest_nonzero },
	{ "tpm12-log",                 "unsupported",          tpm12_log },
	{ "header-data-12-bytes",      "unsupported",          header_short_data },
	{ "spec-major-1",              "tcg-spec-id",          spec_major_1 },
	{ "spec-uintn-3",              "tcg-spec-id",          spec_uintn_3 },
	{ "spec-uintn-0",              "tcg-spec-id",          spec_uintn_0 },
	{ "spec-28-bytes",             "tcg-spec-id",          spec_28_bytes },
	{ "spec-vendor-past-event",    "tcg-spec-id",          spec_vendor_past },
	{ "spec-vendor-short",         "tcg-spec-id",          spec_vendor_short },
	{ "spec-trailing-byte",        "tcg-spec-id",          spec_trailing_byte },
	{ "spec-table-past-event",     "tcg-spec-id",          spec_table_past_event },
	{ "algs-zero",                 "tcg-algorithms",       algs_zero },
	{ "algs-17",                   "tcg-algorithms",       algs_17 },
	{ "algs-ffffffff",             "tcg-algorithms",       algs_ffffffff },
	{ "alg-twice",                 "tcg-algorithms",       alg_twice },
	{ "alg-sha256-size-20",        "tcg-algorithms",       alg_sha256_size_20 },
	{ "alg-size-0",                "tcg-algorithms",       alg_size_0 },
	{ "alg-size-65",               "tcg-algorithms",       alg_size_65 },
	{ "event-header-11-bytes",     "tcg-event-truncated",  event_header_11_bytes },
	{ "trailing-byte",             "tcg-event-truncated",  trailing_byte },
	{ "digest-cut",                "tcg-event-truncated",  digest_cut },
	{ "alg-field-cut",             "tcg-event-truncated",  alg_field_cut },
	{ "event-size-field-cut",      "tcg-event-truncated",  event_size_field_cut },
	{ "event-size-one-short",      "tcg-event-truncated",  event_size_short },
	{ "count-5-of-4",              "tcg-digest-count",     count_more },
	{ "count-3-of-4",              "tcg-digest-count",     count_less },
	{ "count-0",                   "tcg-digest-count",     count_zero },
	{ "count-ffffffff",            "tcg-digest-count",     count_ffffffff },
	{ "digest-alg-not-in-table",   "tcg-digest-algorithm", digest_alg_unknown },
	{ "digest-alg-twice",          "tcg-digest-algorithm", digest_alg_twice },
	{ "event-size-one-over",       "tcg-event-size",       event_size_oversized },
	{ "event-size-ffffffff",       "tcg-event-size",       event_size_ffffffff },
	{ "bad-event-after-good",      "tcg-digest-count",     bad_event_after_good },
};

int main(int argc, char **argv)
{
	char path[4096];
	FILE *manifest, *f;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/manifest", argv[1]);
	manifest = fopen(path, "w");
	if (!manifest) {
		perror(path);
		return 1;
	}
	fprintf(manifest, "# generated by tests/gen-tcg-corpus.c: <file> <expected>\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcg_gen g;

		cases[i].make(&g);
		snprintf(path, sizeof(path), "%s/%s.log", argv[1], cases[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(g.d, 1, g.len, f) != g.len || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		fprintf(manifest, "%s.log %s\n", cases[i].name, cases[i].expect);
		tcg_gen_free(&g);
	}
	return fclose(manifest) == 0 ? 0 : 1;
}
