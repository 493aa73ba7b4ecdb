/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: the carrier's measured events in the TPM event log, PCR 14's replay against the TPM, and KeyCarrierRT against the events. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "lib/carrier-event.h"
#include "lib/sb-error.h"
#include "lib/tcg-eventlog.h"
#include "verifier/file-io.h"
#include "verifier/x509.h"
#include "kl.h"

#define TPM_LOG_PATH "/sys/kernel/security/tpm0/binary_bios_measurements"
/* Linux >= 5.12 (drivers/char/tpm/tpm-sysfs.c pcr_value_show(): upper-case hex and a newline). */
#define TPM_PCR_PATH "/sys/class/tpm/tpm0/pcr-sha256/14"
#define KL_MAX_TPM_LOG (16u << 20)

/* A certificate event of a run, and whether its run's outcome made it take effect. */
struct measured {
	uint8_t sha256[32];
	unsigned decision, event, outcome;
};

struct runs {
	struct measured *m;
	size_t n, pending;          /* m[n - pending .. n) wait for their run's outcome */
};

static const char *decision_name(unsigned d)
{
	static const char *const names[] = { "?", "published", "already present",
		"duplicate within .keylist", "revoked by dbx", "revoked by MokListXRT" };

	return d <= CARRIER_EVENT_DECISION_MAX ? names[d] : "?";
}

static void dest_text(unsigned dest, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s", dest ? "" : "nowhere",
		 dest & CARRIER_EVENT_DEST_VARIABLE ? "MokListRT variable" : "",
		 (dest & CARRIER_EVENT_DEST_VARIABLE) && (dest & 6) ? ", " : "",
		 dest & CARRIER_EVENT_DEST_TABLE ? "MOK config table" : "",
		 (dest & CARRIER_EVENT_DEST_TABLE) && (dest & CARRIER_EVENT_DEST_RECORD) ? ", " : "",
		 dest & CARRIER_EVENT_DEST_RECORD ? "KeyCarrierRT" : "");
}

/* Event data is untrusted: only printable ASCII reaches the journal. */
static void printable(const uint8_t *in, size_t n, char *out, size_t len)
{
	size_t i;

	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = in[i] >= 0x20 && in[i] < 0x7f && in[i] != '\'' ? (char)in[i] : '?';
	out[i] = '\0';
}

static const char *event_type_name(uint32_t type)
{
	switch (type) {
	case 0x00000003: return "EV_NO_ACTION";
	case 0x00000004: return "EV_SEPARATOR";
	case 0x00000005: return "EV_ACTION";
	case 0x00000006: return "EV_EVENT_TAG";
	case 0x0000000d: return "EV_IPL";
	case 0x800000e0: return "EV_EFI_VARIABLE_AUTHORITY";
	default:         return NULL;
	}
}

static int keep(struct runs *r, const struct carrier_event *ce, unsigned num)
{
	struct measured *m = realloc(r->m, (r->n + 1) * sizeof(*m));

	if (!m)
		return SB_E_NOMEM;
	r->m = m;
	memcpy(m[r->n].sha256, ce->sha256, 32);
	m[r->n].decision = ce->decision;
	m[r->n].event = num;
	m[r->n].outcome = 0;
	r->n++;
	r->pending++;
	return SB_OK;
}

/* One of our events: print it, and follow its run. Returns a finding (exit code) or 0. */
static int our_event(const struct tcg_log *log, const struct tcg_event *ev, const struct carrier_event *ce,
		     struct runs *r)
{
	int bank = tcg_log_bank(log, TCG_ALG_SHA256);
	char cn[CARRIER_EVENT_CN_MAX + 1], dest[80], sha[65];
	uint8_t d[32];
	size_t i;

	/* Only the digest is in the PCR: data whose digest differs says nothing. */
	SHA256(ev->data, ev->data_len, d);
	if (bank >= 0 && memcmp(ev->digest[bank], d, 32) != 0) {
		printf("%-14s #%u PCR 14: sbkexec event whose SHA-256 digest is not that of its data: not counted\n",
		       "tpm event", ev->num);
		return KL_EXIT_TPM_MISMATCH;
	}
	dest_text(ce->dest, dest, sizeof(dest));
	if (ce->kind == CARRIER_EVENT_KIND_CERT) {
		printable(ce->cn, ce->cn_len, cn, sizeof(cn));
		vf_hex(ce->sha256, 32, sha, sizeof(sha));
		printf("%-14s #%u PCR 14: sbkexec certificate %u '%s' sha256 %s: %s (to %s)\n", "tpm event",
		       ev->num, ce->index, cn, sha, decision_name(ce->decision), dest);
		return keep(r, ce, ev->num) == SB_OK ? 0 : VF_EXIT_FAILED;
	}
	printf("%-14s #%u PCR 14: sbkexec outcome: result %d (%s): %u published, %u already present, %u "
	       "skipped; wrote %s\n", "tpm event", ev->num, (int)ce->result,
	       ce->result == 0 ? "its certificate events took effect" : "nothing of its run was published",
	       ce->published, ce->present, ce->skipped, dest);
	for (i = r->n - r->pending; i < r->n; i++)
		r->m[i].outcome = ce->result == 0 ? ev->num : 0;
	r->pending = 0;
	return 0;
}

/* Every event of PCR 14, in order; ours decoded (lib/carrier-event.h). */
static int show_events(const struct tcg_log *log, struct runs *r)
{
	struct carrier_event ce;
	struct tcg_cursor cur = { 0, 0 };
	struct tcg_event ev;
	const char *name;
	char tname[40];
	int ret, finding = 0, f;

	while ((ret = tcg_log_next(log, &cur, &ev)) == 1) {
		if (ev.pcr != CARRIER_EVENT_PCR)
			continue;
		name = event_type_name(ev.type);
		ret = ev.type == CARRIER_EVENT_TYPE ? carrier_event_parse(ev.data, ev.data_len, &ce) : SB_E_NOT_FOUND;
		if (ret == SB_OK) {
			f = our_event(log, &ev, &ce, r);
			finding = finding ? finding : f;
		} else if (ret == SB_E_NOT_FOUND) {
			if (name)
				snprintf(tname, sizeof(tname), "%s", name);
			else
				snprintf(tname, sizeof(tname), "event type 0x%08x", ev.type);
			printf("%-14s #%u PCR 14: %s, %u bytes (not the carrier's)\n", "tpm event", ev.num, tname,
			       ev.data_len);
		} else if (ret == SB_E_UNSUPPORTED) {
			printf("%-14s #%u PCR 14: sbkexec event of another version or kind: not read\n", "tpm event",
			       ev.num);
		} else {
			printf("%-14s #%u PCR 14: sbkexec event that does not parse (%s)\n", "tpm event", ev.num,
			       sb_strerror(ret));
			finding = finding ? finding : KL_EXIT_TPM_MISMATCH;
		}
	}
	if (r->pending)
		printf("%-14s %zu certificate event(s) without an outcome event: their run published nothing\n",
		       "tpm event", r->pending);
	return ret < 0 ? VF_EXIT_MALFORMED : finding;
}

/* The TPM's PCR 14 as sysfs shows it: 64 hex digits, a newline. */
/* The value of one hex digit, or -1. */
static int hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_pcr(const char *path, uint8_t out[32])
{
	uint8_t *buf = NULL;
	size_t len = 0, i;
	int ret;

	ret = vf_read_file(path, &buf, &len, 4096);
	if (ret != SB_OK)
		return ret;
	ret = SB_E_MALFORMED;
	if ((len == 64 || (len == 65 && buf[64] == '\n'))) {
		for (i = 0; i < 32; i++) {
			int hi = hex_digit(buf[2 * i]), lo = hex_digit(buf[2 * i + 1]);

			if (hi < 0 || lo < 0)
				break;
			out[i] = (uint8_t)(hi << 4 | lo);
		}
		if (i == 32)
			ret = SB_OK;
	}
	free(buf);
	return ret;
}

static int show_replay(const struct kl_opts *o, const struct tcg_log *log)
{
	const char *path = o->tpm_pcr_file ? o->tpm_pcr_file : o->efivars_dir ? NULL : TPM_PCR_PATH;
	uint8_t mine[32], tpm[32];
	char hex[65], theirs[65];
	unsigned n = 0;
	int ret;

	ret = tcg_log_replay_sha256(log, CARRIER_EVENT_PCR, mine, &n);
	if (ret == SB_E_UNSUPPORTED) {
		printf("%-14s no SHA-256 bank in the log: PCR 14 not replayed\n", "tpm replay");
		return 0;
	}
	if (ret != SB_OK)
		return VF_EXIT_MALFORMED;
	vf_hex(mine, 32, hex, sizeof(hex));
	if (!path) {
		printf("%-14s PCR 14 (sha256) from %u event(s): %s; not compared (--efivars: --tpm-pcr FILE "
		       "gives the TPM's value)\n", "tpm replay", n, hex);
		return 0;
	}
	ret = read_pcr(path, tpm);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s PCR 14 (sha256) from %u event(s): %s; %s absent (Linux < 5.12?): not compared\n",
		       "tpm replay", n, hex, path);
		return 0;
	}
	if (ret != SB_OK) {
		printf("%-14s PCR 14 (sha256) from %u event(s): %s; %s %s: not compared\n", "tpm replay", n, hex,
		       path, ret == SB_E_MALFORMED ? "holds no SHA-256 value" : "cannot be read");
		return ret == SB_E_MALFORMED ? VF_EXIT_MALFORMED : VF_EXIT_FAILED;
	}
	vf_hex(tpm, 32, theirs, sizeof(theirs));
	if (memcmp(mine, tpm, 32) == 0) {
		printf("%-14s PCR 14 (sha256) from %u event(s): %s; the TPM's (%s) is the same: replay matches\n",
		       "tpm replay", n, hex, path);
		return 0;
	}
	printf("%-14s PCR 14 (sha256) from %u event(s): %s; the TPM's (%s) is %s: replay DOES NOT MATCH\n",
	       "tpm replay", n, hex, path, theirs);
	return KL_EXIT_TPM_MISMATCH;
}

/* Each recorded cert: a certificate event (published or already present) whose run took effect. */
static int show_recorded(const struct kl_certlist *recorded, const struct runs *r)
{
	char label[32], sha[65];
	unsigned i;
	size_t k;
	int finding = 0;

	for (i = 0; i < recorded->n; i++) {
		const struct kl_cert *c = &recorded->certs[i];
		const struct measured *hit = NULL;

		for (k = 0; k < r->n && !hit; k++) {
			vf_hex(r->m[k].sha256, 32, sha, sizeof(sha));
			if (r->m[k].outcome && (r->m[k].decision == 1 || r->m[k].decision == 2) &&
			    strcmp(sha, c->sha256) == 0)
				hit = &r->m[k];
		}
		snprintf(label, sizeof(label), "tpm cert %u", i + 1);
		if (hit) {
			printf("%-14s %s: measured: event #%u (%s), outcome #%u with result 0\n", label, c->name,
			       hit->event, decision_name(hit->decision), hit->outcome);
		} else {
			printf("%-14s %s: NOT measured: no certificate event of it (published or already present) "
			       "followed by an outcome with result 0\n", label, c->name);
			finding = KL_EXIT_TPM_MISMATCH;
		}
	}
	return finding;
}

int kl_tpm_status(const struct kl_opts *o, const struct kl_certlist *recorded)
{
	const char *path = o->tpm_log_file ? o->tpm_log_file : o->efivars_dir ? NULL : TPM_LOG_PATH;
	struct runs r = { 0 };
	struct tcg_log log;
	char banks[128] = "";
	uint8_t *buf = NULL;
	size_t len = 0;
	unsigned i;
	int ret, finding, f;

	if (!path) {
		printf("%-14s not checked (--efivars names other variables than this boot's; --tpm-log FILE "
		       "gives a recorded log)\n", "tpm");
		return VF_EXIT_OK;
	}
	ret = vf_read_file(path, &buf, &len, KL_MAX_TPM_LOG);
	if (ret == SB_E_NOT_FOUND) {
		printf("%-14s no TPM event log (%s absent): no TPM, or securityfs not mounted; nothing measured "
		       "to show\n", "tpm", path);
		return VF_EXIT_OK;
	}
	if (ret != SB_OK) {
		printf("%-14s %s: cannot read it (%s)\n", "tpm log", path, strerror(errno));
		return VF_EXIT_FAILED;
	}
	ret = tcg_log_parse(buf, len, &log);
	if (ret == SB_E_UNSUPPORTED) {
		printf("%-14s %s: not a TPM 2.0 crypto-agile log (no Spec ID Event03); the carrier measures "
		       "through EFI_TCG2_PROTOCOL only: nothing measured to show\n", "tpm log", path);
		free(buf);
		return VF_EXIT_OK;
	}
	if (ret != SB_OK) {
		printf("%-14s %s: MALFORMED (%s): the firmware's event log does not parse\n", "tpm log", path,
		       sb_strerror(ret));
		free(buf);
		return VF_EXIT_MALFORMED;
	}
	for (i = 0; i < log.nbanks; i++) {
		int b = log.banks[i].alg;

		snprintf(banks + strlen(banks), sizeof(banks) - strlen(banks), " %s",
			 b == TCG_ALG_SHA1 ? "sha1" : b == TCG_ALG_SHA256 ? "sha256" : b == TCG_ALG_SHA384 ?
			 "sha384" : b == TCG_ALG_SHA512 ? "sha512" : b == TCG_ALG_SM3_256 ? "sm3_256" : "other");
	}
	printf("%-14s %s: %u events, banks%s\n", "tpm log", path, log.nevents, banks);
	finding = show_events(&log, &r);
	f = show_replay(o, &log);
	finding = finding ? finding : f;
	/* Without a SHA-256 bank nothing ties an event's data to the PCR: nothing to compare. */
	if (recorded && tcg_log_bank(&log, TCG_ALG_SHA256) < 0) {
		printf("%-14s not compared with KeyCarrierRT: without a SHA-256 bank the events' data is "
		       "not checked against the PCR\n", "tpm cert");
	} else if (recorded) {
		f = show_recorded(recorded, &r);
		finding = finding ? finding : f;
	}
	free(r.m);
	free(buf);
	return finding;
}
