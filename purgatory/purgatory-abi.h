/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parameter block kexec fills inside the purgatory blob: region digests and entry registers. */
#ifndef SB_PURGATORY_ABI_H
#define SB_PURGATORY_ABI_H

/*
 * Shared by the purgatory (freestanding, also entry.S) and kexec/x86_64/purgatory-params.c.
 * The blob carries one `struct purgatory_params` at the symbol `purgatory_params`, whose offset
 * the build exports (PURGATORY_PARAMS_OFFSET). The blob ships it with magic and version set and
 * nregions == 0, entry_rip == 0, which the purgatory refuses: an unfilled block fails closed.
 * Little-endian, naturally aligned, no padding (checked by _Static_assert below).
 */
#define PURGATORY_MAGIC       0x31475255504b4253ULL  /* "SBKPURG1" read as a little-endian u64 */
#define PURGATORY_VERSION     1
#define PURGATORY_MAX_REGIONS 16  /* KEXEC_SEGMENT_MAX in include/uapi/linux/kexec.h */

/* Offsets used by entry.S, which cannot include C structs. */
#define PURGATORY_OFF_ENTRY_RIP 0x10
#define PURGATORY_OFF_ENTRY_RSI 0x18
#define PURGATORY_OFF_ENTRY_RSP 0x20

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

struct purgatory_region {
	uint64_t start;                 /* physical address (identity-mapped when the purgatory runs) */
	uint64_t len;                   /* bytes hashed: the segment's buffer, not its zero-filled tail */
	uint8_t sha256[32];
};

struct purgatory_params {
	uint64_t magic;                 /* 0x00 PURGATORY_MAGIC */
	uint32_t version;               /* 0x08 PURGATORY_VERSION */
	uint32_t nregions;              /* 0x0c 1..PURGATORY_MAX_REGIONS */
	uint64_t entry_rip;             /* 0x10 the new kernel's 64-bit entry (load address + 0x200) */
	uint64_t entry_rsi;             /* 0x18 physical address of its boot_params */
	uint64_t entry_rsp;             /* 0x20 0: keep the purgatory's own stack */
	uint16_t serial_port;           /* 0x28 8250 I/O base, e.g. 0x3f8; 0: silent */
	uint16_t flags;                 /* 0x2a PURGATORY_FLAG_* */
	uint32_t reserved;              /* 0x2c must be 0 */
	struct purgatory_region regions[PURGATORY_MAX_REGIONS]; /* 0x30 */
};

/* Informational: the loaded kernel is a crash kernel (changes only the messages). */
#define PURGATORY_FLAG_CRASH 0x0001
/* Informational: crash hotplug, the ELF core header is not in the table (the kernel rewrites it). */
#define PURGATORY_FLAG_HOTPLUG 0x0002

_Static_assert(sizeof(struct purgatory_region) == 48, "region layout");
_Static_assert(offsetof(struct purgatory_params, entry_rip) == PURGATORY_OFF_ENTRY_RIP, "rip");
_Static_assert(offsetof(struct purgatory_params, entry_rsi) == PURGATORY_OFF_ENTRY_RSI, "rsi");
_Static_assert(offsetof(struct purgatory_params, entry_rsp) == PURGATORY_OFF_ENTRY_RSP, "rsp");
_Static_assert(offsetof(struct purgatory_params, regions) == 0x30, "regions");
_Static_assert(sizeof(struct purgatory_params) == 0x30 + 48 * PURGATORY_MAX_REGIONS, "size");
#endif

#endif
