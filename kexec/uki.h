/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A UKI as kexec loads it: its verified sections, the override rule, and what the one signature covers. */
#ifndef KX_UKI_H
#define KX_UKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "config.h"
#include "initrd-policy.h"
#include "lib/uki.h"
#include "verifier/report.h"

/*
 * What a UKI (lib/uki.h: a PE with a .linux section) gives a load, in this order (kexec(8)
 * "UNIFIED KERNEL IMAGES" says the same to users; this is the one place the rule lives):
 *
 *  1. Its structure is checked (lib/uki.h: malformed 10, unsupported 15), whatever --verify says.
 *  2. Its Authenticode signature is verified with the full policy and VF_AUTHENTICODE_ONLY (what
 *     the firmware or shim would check; an IMA signature does not make a UKI signed), under the
 *     same --verify policy as a kernel. Nothing is extracted before that verdict allowed the load.
 *  3. The parts come from the bytes that were verified (the file is read once):
 *     kernel   .linux, VirtualSize bytes (lib/uki.h). kexec_file_load(2) gets it as bytes, never
 *              sees the UKI, and checks that inner image's own signature (for -s an inner image
 *              the kernel does not trust fails there: exit 20, the kernel's error explained);
 *              kexec_load(2) (-c) builds its segments from it and the purgatory checks them.
 *     initrd   --initrd FILE if given (an override), else .initrd, else none.
 *     cmdline  --command-line=S: S (an override). --reuse-cmdline: /proc/cmdline as for a bzImage
 *              (an override). --append=S: .cmdline (or, with --reuse-cmdline, /proc/cmdline), one
 *              space, S (an override: the added words are not signed). None of these: .cmdline as
 *              systemd-stub passes it (lib/uki.h uki_cmdline_normalize()), or empty without one.
 *              --append and --command-line are one option in kexec-tools; for a bzImage here too.
 *  4. Overrides (uki-overrides, kexec/config.h):
 *     replace (default, as kexec-tools 2.0.31 does with --initrd; kdump-tools and kdumpctl
 *              always pass --command-line and usually --initrd): the override is loaded, and one
 *              warning line plus --explain say which parts the UKI's signature no longer covers.
 *     strict   an override that differs from the signed section is refused (exit 11: that part
 *              would be covered by no signature), and so is one for a section the UKI does not
 *              have. "Differs": the command line we would build and the .cmdline, both
 *              normalised as systemd-stub normalises .cmdline (leading/trailing whitespace and
 *              a trailing NUL or newline dropped, control characters as spaces), compared byte
 *              for byte; an --initrd file and .initrd compared byte for byte (VirtualSize bytes).
 *              An override equal to the section changes nothing: the signed bytes are loaded.
 *  5. initrd-signature = required (initrd-policy.h): .initrd is covered when the UKI verified;
 *     an --initrd file needs its own detached signature.
 */

/* The final command line and what it is (the initrd's side is struct kx_initrd). */
struct kx_uki_cmdline {
	char *text;                 /* malloc'd */
	bool covered;               /* exactly the signed .cmdline (or no command line and none signed) */
	char what[160];             /* ".cmdline", "--command-line", ".cmdline + --append", ... */
};

/*
 * The command line for a UKI by rule 3 and 4: `built` is kx_cmdline_build()'s result for the
 * options (NULL when neither --command-line, --append nor --reuse-cmdline was given). With
 * strict, a differing override is refused here. 0, or the exit code with the refusal printed.
 */
int kx_uki_cmdline(const struct kx_opts *o, const struct kx_config *cfg, const struct uki_image *u,
		   bool verified, const char *built, struct kx_uki_cmdline *out);

/* Rule 4 for an --initrd file: with strict it must equal .initrd (its bytes are read); then the
   signed section is loaded instead of the file. 0, or the exit code with the refusal printed. */
int kx_uki_initrd(const struct kx_opts *o, const struct kx_config *cfg, const struct uki_image *u,
		  bool verified, const char *verdict, struct kx_initrd *ini);

/* The --explain table: each section, its role, whether it is loaded, and what the signature covers. */
void kx_uki_explain(const char *path, const struct uki_image *u, const struct vf_verdict *v,
		    bool verified);

/* After the parts are settled: the warning line and the --explain summary of what is covered. */
void kx_uki_report(const char *path, bool verified, const struct kx_initrd *ini,
		   const struct kx_uki_cmdline *cmd);

#endif
