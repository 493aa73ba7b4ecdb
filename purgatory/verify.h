/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The purgatory's decision: check the parameter block, hash every region, name the first bad one. */
#ifndef SB_PURGATORY_VERIFY_H
#define SB_PURGATORY_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include "purgatory-abi.h"

/*
 * Compiled twice: freestanding into the purgatory, and for the host, where the unit test runs it
 * on buffers whose host addresses stand in for physical addresses (region.start is cast to a
 * pointer in both cases).
 *
 * Returns SB_OK when the block is well-formed and every region's SHA-256 matches;
 * SB_E_MALFORMED when the block is unusable (bad magic/version, nregions 0 or too large,
 * entry_rip 0, reserved bits set, a region that wraps; *bad_region names the region for the
 * latter, else it is set to PURGATORY_NO_REGION); SB_E_REJECTED on the first digest mismatch,
 * with *bad_region set to its index.
 */
#define PURGATORY_NO_REGION 0xffffffffu

int purgatory_verify(const struct purgatory_params *p, uint32_t *bad_region);

/*
 * The one line the purgatory prints for an outcome (NUL-terminated, truncated to fit buf).
 * Kept here so the host test checks the exact text the OVMF scenario greps for:
 *   "sbkexec purgatory: N regions verified, entering kernel at 0x..."
 *     (+ "; ELF core header not checked (crash hotplug: the kernel rewrites it)" with that flag)
 *   "sbkexec purgatory: SHA-256 mismatch in region I (0xSTART+0xLEN), halting"
 *   "sbkexec purgatory: bad parameter block (region I|reason), halting"
 */
size_t purgatory_describe(int rc, uint32_t bad_region, const struct purgatory_params *p,
			  char *buf, size_t buf_len);

/*
 * The engine line printed before the verdict (the OVMF scenarios and the bench read it):
 *   "sbkexec purgatory: SHA-256 engine: sha-ni"
 *   "sbkexec purgatory: SHA-256 engine: scalar (<why_scalar>)[; SSE on, SSE4.1 layout check ok]"
 * why_scalar is sha256_ni_missing()'s answer or the caller's reason; layout_ok is
 * sha256_ni_layout_check()'s result (1 ok, 0 failed), -1 when it could not run (no SSSE3/SSE4.1).
 */
size_t purgatory_describe_engine(int engine, const char *why_scalar, int layout_ok, char *buf,
				 size_t buf_len);

#endif
