/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds crypto-agile TPM event logs for the tests, with digests computed by OpenSSL (an independent writer of lib/tcg-eventlog.h's format). */
#ifndef SB_TESTS_GEN_TCG_LOG_H
#define SB_TESTS_GEN_TCG_LOG_H

#include <stddef.h>
#include <stdint.h>

struct tcg_gen_bank {
	uint16_t alg, size;
};

/* A log being written: a growing buffer and the banks its Spec ID event declared. */
struct tcg_gen {
	uint8_t *d;
	size_t len, cap;
	unsigned nbanks;
	struct tcg_gen_bank banks[16];
	int reverse;                /* write each event's digests in reverse bank order */
};

/* Start a log whose Spec ID event lists banks[0..n) and vendor_len vendorInfo bytes. */
void tcg_gen_start(struct tcg_gen *g, const struct tcg_gen_bank *banks, unsigned n, unsigned vendor_len);
/* Append one TCG_PCR_EVENT2; every digest is the bank's hash of data (SHA-1/256/384/512 by
   OpenSSL, other algorithms 0xa5 filler). Returns the event's offset. */
size_t tcg_gen_event(struct tcg_gen *g, uint32_t pcr, uint32_t type, const uint8_t *data, uint32_t len);
/* Offset of event `off`'s digest of bank index `bank` (in bank order, as tcg_gen_event wrote it). */
size_t tcg_gen_digest_at(const struct tcg_gen *g, size_t off, unsigned bank);
void tcg_gen_bytes(struct tcg_gen *g, const void *p, size_t n);
void tcg_gen_free(struct tcg_gen *g);

/* The banks of an OVMF + swtpm log (tests/data/q35-ovmf-swtpm-*). */
extern const struct tcg_gen_bank tcg_gen_four_banks[4];
extern const struct tcg_gen_bank tcg_gen_sha256_only[1];

#endif
