/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registers the kexec/x86_64 error ranges with sb_strerror(), so messages name every code. */
#ifndef SB_X86_64_ERROR_NAMES_H
#define SB_X86_64_ERROR_NAMES_H

/*
 * kexec/x86_64 owns -600..-799 (lib/sb-error.h), one block of 20 per module:
 *   -600 bzimage.h (BZ_E_*)          -620 memory-ranges.h (MR_E_*)   -640 crashdump.h (CRASH_E_*)
 *   -660 purgatory-params.h (PP_E_*) -680 boot-params-efi.h (EFIBP_E_*)
 *   -700 load-plan.h (PLAN_E_*)      -720 probe.h (PROBE_E_*)
 * All are of class "malformed" for sb_error_class(). Call once before printing a code
 * (idempotent); afterwards sb_strerror() gives e.g. "mr-syntax" instead of "unknown-error".
 */
void x86_64_errors_register(void);

#endif
