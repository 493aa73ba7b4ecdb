/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The part of EFI_TCG2_PROTOCOL the carrier uses (gnu-efi 3.0.15 has no TCG2 header). */
#ifndef SB_EFI_TCG2_H
#define SB_EFI_TCG2_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>

/*
 * TCG EFI Protocol Specification for TPM Family 2.0: EFI_TCG2_PROTOCOL (GUID
 * 607f766c-7455-42be-930b-e4d76db2720f) and the EFI_TCG2_EVENT it logs; the event structures
 * are packed. Only HashLogExtendEvent is called; the other members are declared as opaque
 * pointers to keep the layout.
 */
#define SB_TCG2_PROTOCOL_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }

typedef struct {
	UINT32 HeaderSize;          /* sizeof(this header) */
	UINT16 HeaderVersion;       /* 1 */
	UINT32 PCRIndex;
	UINT32 EventType;
} __attribute__((packed)) SB_TCG2_EVENT_HEADER;

typedef struct {
	UINT32 Size;                /* of the whole structure, event data included */
	SB_TCG2_EVENT_HEADER Header;
	UINT8 Event[];
} __attribute__((packed)) SB_TCG2_EVENT;

typedef struct sb_tcg2_protocol SB_TCG2_PROTOCOL;
struct sb_tcg2_protocol {
	void *GetCapability;
	void *GetEventLog;
	EFI_STATUS (EFIAPI *HashLogExtendEvent)(SB_TCG2_PROTOCOL *This, UINT64 Flags,
						EFI_PHYSICAL_ADDRESS DataToHash, UINT64 DataToHashLen,
						SB_TCG2_EVENT *EfiTcgEvent);
	void *SubmitCommand;
	void *GetActivePcrBanks;
	void *SetActivePcrBanks;
	void *GetResultOfSetActivePcrBanks;
};

/*
 * Measure data[0..len) into `pcr` as an event of `type` whose logged data is the same bytes
 * (carrier_ops.measure). 0; SB_E_NOT_FOUND when no EFI_TCG2_PROTOCOL is installed (no TPM, or
 * firmware without TPM 2.0 support); SB_E_IO (or SB_E_NOMEM) when the measurement fails.
 */
int sb_tcg2_measure(uint32_t pcr, uint32_t type, const uint8_t *data, size_t len);

#endif
