/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TPM 2.0 firmware event log (crypto-agile format): layout, a strict parser of untrusted bytes, PCR replay. */
#ifndef SB_TCG_EVENTLOG_H
#define SB_TCG_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>

/*
 * TCG PC Client Platform Firmware Profile Specification (Family 2.0, rev 1.05), §10: what UEFI
 * firmware hands the OS (EFI_TCG2_PROTOCOL.GetEventLog, EFI_TCG2_EVENT_LOG_FORMAT_TCG_2) and Linux
 * exposes as /sys/kernel/security/tpm0/binary_bios_measurements. All integers little-endian.
 *
 * First event, SHA-1 format (TCG_PCClientPCREvent, §10.2.1), 32 bytes + data:
 *   off 0  u32 PCRIndex     0
 *   off 4  u32 EventType    EV_NO_ACTION (3)
 *   off 8  u8  Digest[20]   all zero
 *   off 28 u32 EventSize    N
 *   off 32 TCG_EfiSpecIDEvent (§10.4.5.1), exactly N bytes:
 *     off 0  u8  signature[16]      "Spec ID Event03\0" (else not a crypto-agile log: unsupported)
 *     off 16 u32 platformClass
 *     off 20 u8  specVersionMinor, specVersionMajor (2), specErrata, uintnSize (1: UINT32, 2: UINT64)
 *     off 24 u32 numberOfAlgorithms n (1..TCG_LOG_MAX_BANKS)
 *     off 28 { u16 algorithmId; u16 digestSize; } [n]   (each algorithm once, 1..64 bytes,
 *                                                       the known ones at their own size)
 *     then   u8  vendorInfoSize, vendorInfo[vendorInfoSize]
 * Then TCG_PCR_EVENT2 records (§10.2.2) back to back up to the end, no trailing bytes:
 *   u32 PCRIndex, u32 EventType,
 *   TPML_DIGEST_VALUES { u32 count (= n, as Linux's __calc_tpm2_event_size() requires);
 *                        TPMT_HA { u16 hashAlg; u8 digest[size of that bank]; } [count] }
 *     (each bank once: every active bank's digest, in any order),
 *   u32 EventSize, u8 Event[EventSize].
 * EV_NO_ACTION events are never extended (§10.4.5: the Spec ID and StartupLocality events).
 *
 * Numbering, as tpm2_eventlog's EventNum: the Spec ID event is 0, the first TCG_PCR_EVENT2 is 1.
 */
#define TCG_EV_NO_ACTION      0x00000003u
#define TCG_EV_EVENT_TAG      0x00000006u
#define TCG_ALG_SHA1          0x0004
#define TCG_ALG_SHA256        0x000b
#define TCG_ALG_SHA384        0x000c
#define TCG_ALG_SHA512        0x000d
#define TCG_ALG_SM3_256       0x0012
#define TCG_LOG_MAX_BANKS     16
#define TCG_LOG_MAX_DIGEST    64
#define TCG_LOG_HEADER_SIZE   32            /* the SHA-1 format event before its data */
#define TCG_SPEC_ID_SIGNATURE "Spec ID Event03"  /* 15 characters and a NUL */
#define TCG_STARTUP_LOCALITY  "StartupLocality"  /* §10.4.5.3: 16 bytes with the NUL, then u8 locality */

struct tcg_log_bank {
	uint16_t alg;
	uint16_t size;
};

/* A log tcg_log_parse() accepted: every byte of buf[0..len) belongs to a valid event. */
struct tcg_log {
	const uint8_t *buf;
	size_t len;
	size_t events_off;          /* where the first TCG_PCR_EVENT2 starts */
	unsigned nevents;           /* TCG_PCR_EVENT2 records (the Spec ID event not counted) */
	unsigned nbanks;
	struct tcg_log_bank banks[TCG_LOG_MAX_BANKS];   /* in the Spec ID event's order */
	uint32_t platform_class;
	uint8_t spec_minor, spec_major, spec_errata, uintn_size;
};

struct tcg_event {
	unsigned num;               /* 1-based, as tpm2_eventlog's EventNum */
	size_t offset;              /* of the record in the log */
	uint32_t pcr, type;
	const uint8_t *digest[TCG_LOG_MAX_BANKS];   /* per bank of the log, points into the log */
	const uint8_t *data;        /* the event data, points into the log */
	uint32_t data_len;
};

/*
 * Validate a whole log (the fuzz entry point: bytes in, validated struct out). SB_OK with *log
 * filled; otherwise (log untouched) SB_E_UNSUPPORTED when the first event is a well-formed
 * SHA-1 event without the crypto-agile Spec ID signature (a TPM 1.2 style log), or a fine code:
 *   SB_E_TCG_HEADER          shorter than the first event's header, or it is not PCR 0,
 *                            EV_NO_ACTION with a zero digest, or its data runs past the end
 *   SB_E_TCG_SPEC_ID         Spec ID fields: version 2.x, uintnSize 1 or 2, the sizes do not add
 *                            up to exactly the event's data
 *   SB_E_TCG_ALGS            no algorithm, more than TCG_LOG_MAX_BANKS, one twice, a digest size
 *                            0 or above TCG_LOG_MAX_DIGEST, a known algorithm at another size
 *   SB_E_TCG_EVENT_TRUNCATED an event's header (PCR, type, count), a digest or its EventSize
 *                            field past the end
 *   SB_E_TCG_DIGEST_COUNT    a count other than numberOfAlgorithms
 *   SB_E_TCG_DIGEST_ALG      a digest of an algorithm the Spec ID event does not list, or twice
 *   SB_E_TCG_EVENT_SIZE      an EventSize past the end of the log
 */
int tcg_log_parse(const uint8_t *buf, size_t len, struct tcg_log *log);

/*
 * Iterate a log tcg_log_parse() accepted: the cursor starts zeroed; returns 1 with *ev set, 0 at
 * the end, a negative code on malformed input (it re-checks every bound, so it is safe on any log).
 */
struct tcg_cursor {
	size_t off;                 /* of the next record; 0: the first one */
	unsigned num;               /* records returned so far */
};
int tcg_log_next(const struct tcg_log *log, struct tcg_cursor *cursor, struct tcg_event *ev);

/* The bank index of alg in log, or -1. */
int tcg_log_bank(const struct tcg_log *log, uint16_t alg);

/*
 * Replay PCR `pcr` of the SHA-256 bank: from zero (PCR 0: the StartupLocality event's locality
 * in the last byte), extend with the SHA-256 digest of every event of that PCR but EV_NO_ACTION,
 * in log order. SB_OK with out and *extended (events extended); SB_E_UNSUPPORTED when the log
 * has no SHA-256 bank; a negative code from tcg_log_next otherwise (outputs untouched).
 */
int tcg_log_replay_sha256(const struct tcg_log *log, uint32_t pcr, uint8_t out[32], unsigned *extended);

#endif
