/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key carrier's TPM event-log records: where they are measured, their layout, builder and parser. */
#ifndef SB_CARRIER_EVENT_H
#define SB_CARRIER_EVENT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The carrier measures, through EFI_TCG2_PROTOCOL.HashLogExtendEvent (TCG EFI Protocol
 * Specification for TPM Family 2.0), one event per certificate it carries (before it writes
 * anything) and one outcome event (as the last step of its commit):
 *
 *   PCR        14: shim measures MOK state there (MokList, MokListX, MokListTrusted, shim
 *              mok.c .pcr = 14); the carried certs are MOK-like, and PCRs 0-7 stay the
 *              firmware's (no seal against PCR 7 changes because of a carrier).
 *   event type EV_EVENT_TAG (0x00000006, TCG PC Client Platform Firmware Profile
 *              Specification, "Event Types"), whose data is a TCG_PCClientTaggedEvent
 *              { UINT32 taggedEventID; UINT32 taggedEventDataSize; BYTE taggedEventData[]; }.
 *   digest     the firmware hashes exactly the event data below (DataToHash = the event), in
 *              every active PCR bank, so each log entry can be checked against its own data
 *              and PCR 14 replayed from the log.
 *
 * Event data (all integers little-endian):
 *   off 0  u32 taggedEventID       CARRIER_EVENT_TAG_ID, bytes "SBKM"
 *   off 4  u32 taggedEventDataSize N = the bytes that follow
 *   off 8  u16 version             CARRIER_EVENT_VERSION (1)
 *   off 10 u16 kind                1 certificate, 2 outcome
 * kind 1, certificate (N = 46 + cn_len):
 *   off 12 u16 index     1-based position in the carrier's .keylist
 *   off 14 u16 decision  1 published, 2 already present, 3 duplicate within .keylist,
 *                        4 revoked by dbx, 5 revoked by MokListXRT (= enum carrier_decision)
 *   off 16 u16 form      how it is revoked: 0 not, 1 the certificate itself (X.509 entry),
 *                        2 SHA-256 of its TBSCertificate, 3 SHA-256 of its DER (= enum esl_revocation)
 *   off 18 u16 dest      where this run puts it: bit 0 the MokListRT variable, bit 1 the MOK
 *                        config table's MokListRT, bit 2 KeyCarrierRT (0: nowhere)
 *   off 20 u8  sha256[32] SHA-256 of the certificate's DER
 *   off 52 u16 cn_len    <= CARRIER_EVENT_CN_MAX
 *   off 54 u8  cn[cn_len] the subject commonName's bytes (for people; may be empty)
 * kind 2, outcome (N = 16):
 *   off 12 i32 result    0: every certificate event of this run took effect; < 0 (an
 *                        SB_E_* code): nothing of this run was published
 *   off 16 u16 published, off 18 u16 present, off 20 u16 skipped (counts of this run)
 *   off 22 u16 dest      what this run wrote (the dest bits above)
 *
 * Reading a log: a run is a sequence of certificate events ending with its outcome event.
 * Certificate events take effect only when the outcome that follows has result 0; a run
 * that stopped before its certificates (malformed .keylist, unreadable or malformed dbx, ...)
 * logs its outcome alone. A run without an outcome event published nothing: the outcome is
 * measured as the last step of the commit and the writes are undone when that fails.
 */
#define CARRIER_EVENT_PCR          14
#define CARRIER_EVENT_TYPE         0x00000006u  /* EV_EVENT_TAG */
#define CARRIER_EVENT_TAG_ID       0x4d4b4253u  /* "SBKM" */
#define CARRIER_EVENT_VERSION      1
#define CARRIER_EVENT_KIND_CERT    1
#define CARRIER_EVENT_KIND_OUTCOME 2
#define CARRIER_EVENT_CN_MAX       64
#define CARRIER_EVENT_HDR_SIZE     12           /* tagged-event header + version + kind */
#define CARRIER_EVENT_CERT_SIZE(cn_len) (CARRIER_EVENT_HDR_SIZE + 42 + (cn_len))
#define CARRIER_EVENT_OUTCOME_SIZE (CARRIER_EVENT_HDR_SIZE + 12)
#define CARRIER_EVENT_MAX_SIZE     CARRIER_EVENT_CERT_SIZE(CARRIER_EVENT_CN_MAX)

#define CARRIER_EVENT_DEST_VARIABLE 0x1u
#define CARRIER_EVENT_DEST_TABLE    0x2u
#define CARRIER_EVENT_DEST_RECORD   0x4u

#define CARRIER_EVENT_DECISION_MAX  5
#define CARRIER_EVENT_FORM_MAX      3

struct carrier_event {
	unsigned kind;
	/* kind 1 */
	unsigned index, decision, form, dest;
	uint8_t sha256[32];
	const uint8_t *cn;          /* points into the parsed buffer */
	size_t cn_len;
	/* kind 2 (dest above too) */
	int32_t result;
	unsigned published, present, skipped;
};

/*
 * Write one event into out[0..out_len); returns its size, or SB_E_BUFFER_SMALL (out
 * untouched) / SB_E_MALFORMED (a field out of range). cn_len above CARRIER_EVENT_CN_MAX is cut.
 */
long carrier_event_cert(uint8_t *out, size_t out_len, unsigned index, unsigned decision,
			unsigned form, unsigned dest, const uint8_t sha256[32], const uint8_t *cn,
			size_t cn_len);
long carrier_event_outcome(uint8_t *out, size_t out_len, int32_t result, unsigned published,
			   unsigned present, unsigned skipped, unsigned dest);

/*
 * Parse one event's data (what a TCG2 log entry of type EV_EVENT_TAG holds). Returns 0 with
 * *ev filled; SB_E_NOT_FOUND when it is a tagged event that is not ours (another tag id);
 * SB_E_UNSUPPORTED for another version or kind; SB_E_MALFORMED when a size or field does not
 * hold (sizes must match exactly, no trailing bytes). *ev is untouched on failure.
 */
int carrier_event_parse(const uint8_t *buf, size_t len, struct carrier_event *ev);

#endif
