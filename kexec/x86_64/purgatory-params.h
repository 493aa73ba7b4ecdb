/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fills the purgatory's parameter block: per-segment SHA-256 table and the kernel entry registers. */
#ifndef SB_X86_64_PURGATORY_PARAMS_H
#define SB_X86_64_PURGATORY_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include "../../purgatory/purgatory-abi.h"

/* One kexec segment as kexec_load(2) will copy it: buf[0..bufsz) to physical mem. */
struct purgatory_segment {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
};

struct purgatory_setup {
	const struct purgatory_segment *segs;  /* every segment except the purgatory's own */
	size_t nsegs;
	uint64_t entry_rip;                    /* kernel load address + 0x200 (startup_64) */
	uint64_t entry_rsi;                    /* boot_params physical address */
	uint64_t entry_rsp;                    /* 0: the purgatory's own stack */
	uint16_t serial_port;                  /* 0x3f8 for ttyS0; 0: silent */
	uint16_t flags;                        /* PURGATORY_FLAG_CRASH for -p */
};

enum purgatory_params_error {
	PP_E_BLOB        = -660, /* params offset/size outside the blob, or magic/version not found there */
	PP_E_SEGMENTS    = -661, /* no segment, or more than PURGATORY_MAX_REGIONS */
	PP_E_SEGMENT     = -662, /* a segment that is empty or wraps the address space */
	PP_E_ENTRY       = -663, /* entry_rip or entry_rsi is 0 */
	PP_E_DIGEST      = -664, /* OpenSSL failed */
};

/* Short stable name of a PP_E_* code ("purgatory-blob", ...); NULL for codes not ours. */
const char *purgatory_params_strerror(int err);

/*
 * Writes the block at blob[params_offset] (blob = a writable copy of sb_purgatory_blob).
 * The digest of each segment is computed here with OpenSSL, independently of the purgatory's
 * own lib/sha256.c, so an error in either shows up as a mismatch at boot. On failure the blob is
 * untouched.
 */
int purgatory_params_fill(uint8_t *blob, size_t blob_len, size_t params_offset,
			  const struct purgatory_setup *in);

#endif
