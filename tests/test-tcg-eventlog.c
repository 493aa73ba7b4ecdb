// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/tcg-eventlog.c: a real OVMF + swtpm log (replay against the TPM and tpm2_eventlog), every prefix and byte flip of it, the generated corpus with exact codes. */
#include <stdlib.h>

#include <openssl/sha.h>

#include "test.h"
#include "test-util.h"
#include "carrier-event.h"
#include "gen-tcg-log.h"
#include "sb-error.h"
#include "tcg-eventlog.h"

/*
 * Recorded in OVMF 2022.11 + swtpm 0.7 (TPM 2.0, four PCR banks) after a db-signed carrier
 * carrying the test kexec CA and kernel-signing certs booted the Debian kernel: the guest's
 * /sys/kernel/security/tpm0/binary_bios_measurements and /sys/class/tpm/tpm0/pcr-sha256/14
 * (ovmf-tests/scenarios/carrier-tpm-measured.sh saves both, from boot 1, as
 * build/ovmf-tests/carrier-tpm-measured/binary_bios_measurements and pcr-sha256-14).
 */
#define SAMPLE "tests/data/q35-ovmf-swtpm-carrier-x.binary_bios_measurements"
#define SAMPLE_PCR14 "tests/data/q35-ovmf-swtpm-carrier-x.pcr-sha256-14"
/* tpm2_eventlog (tpm2-tools 5.4) of the same file: its own replay of the SHA-256 bank. */
#define TPM2_EVENTLOG_PCR0 "87ed0d849299ff67de70a6da0449c93b8aa52ab1eef86bfa5b7bd471e3613e63"
#define TPM2_EVENTLOG_PCR7 "ba2446ea23a236b0ab2afc652abe31322518f0df13a0cc9b5803af70703dc864"
#define TPM2_EVENTLOG_PCR14 "626d0294b780709a5a408c67220cdbf62518451e5bdfb5d20a01178cbaa6312d"

static uint8_t *sample;
static size_t sample_len;

static void hex(const uint8_t *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

static int replay_hex(const struct tcg_log *log, uint32_t pcr, char out[65], unsigned *n)
{
	uint8_t v[32];
	int ret = tcg_log_replay_sha256(log, pcr, v, n);

	if (ret == SB_OK)
		hex(v, 32, out);
	return ret;
}

static void t_sample(void)
{
	struct tcg_log log;
	char pcr[65], tpm[80] = "";
	unsigned n = 0, i;
	uint8_t *txt;
	size_t len = 0;

	T_EQ_INT(tcg_log_parse(sample, sample_len, &log), SB_OK);
	T_EQ_INT(log.nevents, 33);
	T_EQ_INT(log.nbanks, 4);
	T_EQ_INT(log.banks[0].alg, TCG_ALG_SHA1);
	T_EQ_INT(log.banks[1].alg, TCG_ALG_SHA256);
	T_EQ_INT(log.banks[2].alg, TCG_ALG_SHA384);
	T_EQ_INT(log.banks[3].alg, TCG_ALG_SHA512);
	T_EQ_INT(log.spec_major, 2);
	T_EQ_INT(log.uintn_size, 2);
	T_EQ_INT(log.events_off, 32 + 45);
	T_EQ_INT(replay_hex(&log, 14, pcr, &n), SB_OK);
	T_EQ_INT(n, 3);
	T_CHECK(strcmp(pcr, TPM2_EVENTLOG_PCR14) == 0);
	/* The TPM's own value, as Linux's sysfs shows it (upper-case hex and a newline). */
	txt = tu_read_file(SAMPLE_PCR14, &len);
	T_CHECK(txt && len == 65);
	if (txt && len == 65) {
		for (i = 0; i < 64; i++)
			tpm[i] = (char)(txt[i] >= 'A' && txt[i] <= 'F' ? txt[i] + 32 : txt[i]);
		T_CHECK(strcmp(pcr, tpm) == 0);
	}
	free(txt);
	T_EQ_INT(replay_hex(&log, 0, pcr, &n), SB_OK);
	T_CHECK(strcmp(pcr, TPM2_EVENTLOG_PCR0) == 0);
	T_EQ_INT(replay_hex(&log, 7, pcr, &n), SB_OK);
	T_CHECK(strcmp(pcr, TPM2_EVENTLOG_PCR7) == 0);
	T_EQ_INT(n, 7);
	/* A PCR nothing was measured into replays to zero. */
	T_EQ_INT(replay_hex(&log, 23, pcr, &n), SB_OK);
	T_EQ_INT(n, 0);
	T_CHECK(strcmp(pcr, "0000000000000000000000000000000000000000000000000000000000000000") == 0);
}

/* The carrier's three events, as the documented format (lib/carrier-event.h) reads them. */
static void t_sample_carrier_events(void)
{
	struct tcg_log log;
	struct tcg_event ev;
	struct carrier_event ce;
	struct tcg_cursor cursor = { 0, 0 };
	unsigned ours = 0, other_tags = 0, n = 0;
	uint8_t d[32];

	if (tcg_log_parse(sample, sample_len, &log) != SB_OK) {
		T_CHECK(0);
		return;
	}
	while (tcg_log_next(&log, &cursor, &ev) == 1) {
		n++;
		T_EQ_INT(ev.num, n);
		if (ev.type != TCG_EV_EVENT_TAG)
			continue;
		if (carrier_event_parse(ev.data, ev.data_len, &ce) != 0) {
			/* Linux's EFI stub measures the initrd into PCR 9 with its own tag. */
			T_EQ_INT(carrier_event_parse(ev.data, ev.data_len, &ce), SB_E_NOT_FOUND);
			T_EQ_INT(ev.pcr, 9);
			other_tags++;
			continue;
		}
		ours++;
		T_EQ_INT(ev.pcr, CARRIER_EVENT_PCR);
		SHA256(ev.data, ev.data_len, d);
		T_EQ_MEM(ev.digest[1], d, 32);
		if (ev.num == 27) {
			T_EQ_INT(ce.kind, CARRIER_EVENT_KIND_CERT);
			T_EQ_INT(ce.index, 1);
			T_EQ_INT(ce.decision, 1);
			T_EQ_INT(ce.dest, CARRIER_EVENT_DEST_VARIABLE | CARRIER_EVENT_DEST_RECORD);
			T_CHECK(ce.cn_len == 21 && memcmp(ce.cn, "sbkexec test kexec CA", 21) == 0);
		} else if (ev.num == 28) {
			T_EQ_INT(ce.index, 2);
			T_CHECK(ce.cn_len == 27 && memcmp(ce.cn, "sbkexec test kernel signing", 27) == 0);
		} else {
			T_EQ_INT(ev.num, 29);
			T_EQ_INT(ce.kind, CARRIER_EVENT_KIND_OUTCOME);
			T_EQ_INT(ce.result, 0);
			T_EQ_INT(ce.published, 2);
		}
	}
	T_EQ_INT(n, 33);
	T_EQ_INT(ours, 3);
	T_EQ_INT(other_tags, 1);
}

/* Event boundaries of the sample, in order (the header's end first). */
static size_t boundaries(size_t *out, size_t max)
{
	struct tcg_log log;
	struct tcg_event ev;
	struct tcg_cursor cursor = { 0, 0 };
	size_t n = 0;

	if (tcg_log_parse(sample, sample_len, &log) != SB_OK)
		return 0;
	out[n++] = log.events_off;
	while (n < max && tcg_log_next(&log, &cursor, &ev) == 1)
		out[n++] = (size_t)(ev.data - sample) + ev.data_len;
	return n;
}

/* Every prefix: a valid log exactly at an event boundary, else one of the truncation codes. */
static void t_prefixes(void)
{
	size_t b[64], nb = boundaries(b, 64), k = 0, len;
	struct tcg_log log;
	unsigned bad = 0;
	int ret;

	T_EQ_INT(nb, 34);
	for (len = 0; len < sample_len; len++) {
		uint8_t *copy = malloc(len ? len : 1);

		memcpy(copy, sample, len);
		ret = tcg_log_parse(copy, len, &log);
		while (k < nb && b[k] < len)
			k++;
		if (k < nb && b[k] == len) {
			if (ret != SB_OK || log.nevents != k)
				bad++;
		} else if (len < 32 + 45) {
			if (ret != SB_E_TCG_HEADER)
				bad++;
		} else if (ret != SB_E_TCG_EVENT_TRUNCATED && ret != SB_E_TCG_EVENT_SIZE) {
			bad++;
		}
		free(copy);
	}
	if (bad)
		printf("#   %u prefixes gave another result\n", bad);
	T_EQ_INT(bad, 0);
}

/* Every single-byte change: a parse that succeeds iterates exactly its events; none crashes. */
static void t_flips(void)
{
	uint8_t *copy = malloc(sample_len);
	struct tcg_log log;
	struct tcg_event ev;
	struct tcg_cursor cursor;
	unsigned bad = 0, ok = 0, refused = 0, n;
	uint8_t v[32];
	size_t i;

	memcpy(copy, sample, sample_len);
	for (i = 0; i < sample_len; i++) {
		copy[i] ^= 0x80;
		if (tcg_log_parse(copy, sample_len, &log) == SB_OK) {
			ok++;
			memset(&cursor, 0, sizeof(cursor));
			n = 0;
			while (tcg_log_next(&log, &cursor, &ev) == 1)
				n++;
			if (n != log.nevents || tcg_log_replay_sha256(&log, 14, v, &n) != SB_OK)
				bad++;
		} else {
			refused++;
		}
		copy[i] ^= 0x80;
	}
	printf("#   %u flips still parse (digests, data), %u are refused\n", ok, refused);
	T_EQ_INT(bad, 0);
	T_CHECK(refused > 0 && ok > 0);
	free(copy);
}

static int code_of(const char *name)
{
	static const int codes[] = {
		SB_E_UNSUPPORTED, SB_E_TCG_HEADER, SB_E_TCG_SPEC_ID, SB_E_TCG_ALGS,
		SB_E_TCG_EVENT_TRUNCATED, SB_E_TCG_DIGEST_COUNT, SB_E_TCG_DIGEST_ALG, SB_E_TCG_EVENT_SIZE,
	};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(sb_strerror(codes[i]), name) == 0)
			return codes[i];
	return 1;
}

static void run_corpus(void)
{
	char dir[4096], path[8192], line[512], file[256], expect[64];
	struct tcg_log log;
	unsigned negatives = 0;
	FILE *m;

	snprintf(dir, sizeof(dir), "%s/tests/tcg-corpus", tu_build_dir());
	snprintf(path, sizeof(path), "%s/manifest", dir);
	m = fopen(path, "r");
	t_result(m != NULL, "tcg corpus manifest %s exists", path);
	if (!m)
		return;
	while (fgets(line, sizeof(line), m)) {
		uint8_t *buf;
		size_t len = 0;
		int ret, want;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%255s %63s", file, expect) != 2) {
			t_result(0, "manifest line parses: %s", line);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		buf = tu_read_file(path, &len);
		ret = buf ? tcg_log_parse(buf, len, &log) : 1;
		if (strncmp(expect, "ok:", 3) == 0) {
			t_result(ret == SB_OK && log.nevents == (unsigned)atoi(expect + 3),
				 "tcg corpus %s -> %s (got %s)", file, expect, sb_strerror(ret));
		} else {
			want = code_of(expect);
			negatives++;
			t_result(ret == want, "tcg corpus %s -> %s (got %s)", file, expect, sb_strerror(ret));
		}
		free(buf);
	}
	fclose(m);
	t_result(negatives >= 30, "tcg corpus has %u malformed logs", negatives);
}

/* Replay rules on generated logs: EV_NO_ACTION not extended, StartupLocality, no SHA-256 bank. */
static void t_replay_rules(void)
{
	static const struct tcg_gen_bank sha1[1] = { { TCG_ALG_SHA1, 20 } };
	struct tcg_gen g;
	struct tcg_log log;
	uint8_t v[32], want[32] = { 0 }, d[32], cat[64], untouched[32];
	unsigned n = 99;

	tcg_gen_start(&g, tcg_gen_four_banks, 4, 0);
	tcg_gen_event(&g, 0, TCG_EV_NO_ACTION, (const uint8_t *)"StartupLocality\0\x03", 17);
	tcg_gen_event(&g, 0, 8, (const uint8_t *)"crtm", 4);
	tcg_gen_event(&g, 0, TCG_EV_NO_ACTION, (const uint8_t *)"not extended", 12);
	T_EQ_INT(tcg_log_parse(g.d, g.len, &log), SB_OK);
	T_EQ_INT(tcg_log_replay_sha256(&log, 0, v, &n), SB_OK);
	T_EQ_INT(n, 1);
	want[31] = 3;
	SHA256((const uint8_t *)"crtm", 4, d);
	memcpy(cat, want, 32);
	memcpy(cat + 32, d, 32);
	SHA256(cat, 64, want);
	T_EQ_MEM(v, want, 32);
	tcg_gen_free(&g);

	tcg_gen_start(&g, sha1, 1, 0);
	tcg_gen_event(&g, 14, 6, (const uint8_t *)"x", 1);
	T_EQ_INT(tcg_log_parse(g.d, g.len, &log), SB_OK);
	memset(untouched, 0x5a, 32);
	memcpy(v, untouched, 32);
	n = 7;
	T_EQ_INT(tcg_log_replay_sha256(&log, 14, v, &n), SB_E_UNSUPPORTED);
	T_EQ_MEM(v, untouched, 32);
	T_EQ_INT(n, 7);
	T_EQ_INT(tcg_log_bank(&log, TCG_ALG_SHA256), -1);
	T_EQ_INT(tcg_log_bank(&log, TCG_ALG_SHA1), 0);
	tcg_gen_free(&g);
}

/* The parser leaves *log alone on failure; next() past the end says 0. */
static void t_outputs(void)
{
	struct tcg_log log, before;
	struct tcg_event ev;
	struct tcg_cursor cursor;

	memset(&log, 0x5a, sizeof(log));
	before = log;
	T_EQ_INT(tcg_log_parse(sample, 40, &log), SB_E_TCG_HEADER);
	T_EQ_MEM(&log, &before, sizeof(log));
	T_EQ_INT(tcg_log_parse(NULL, 0, &log), SB_E_TCG_HEADER);
	if (tcg_log_parse(sample, sample_len, &log) != SB_OK) {
		T_CHECK(0);
		return;
	}
	cursor.off = sample_len;
	cursor.num = 33;
	T_EQ_INT(tcg_log_next(&log, &cursor, &ev), 0);
}

int main(void)
{
	sample = tu_read_file(SAMPLE, &sample_len);
	t_result(sample != NULL && sample_len == 11404, "recorded log %s is there (11404 bytes)", SAMPLE);
	if (!sample)
		return t_done();
	t_run("recorded OVMF+swtpm log: banks, events, replay = the TPM's PCR 14 and tpm2_eventlog's", t_sample);
	t_run("recorded log: the carrier's three SBKM events, their digests, another tag in PCR 9", t_sample_carrier_events);
	t_run("every prefix of the recorded log: valid at event boundaries only, else truncated", t_prefixes);
	t_run("every single-byte flip of the recorded log: parsed fully or refused, no crash", t_flips);
	run_corpus();
	t_run("replay: StartupLocality, EV_NO_ACTION not extended, no SHA-256 bank: unsupported", t_replay_rules);
	t_run("outputs untouched on failure; next() at the end", t_outputs);
	free(sample);
	return t_done();
}
