/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's refusal of a kexec_file_load(2), in words that say who refused and why, and its exit code. */
#ifndef KX_LOAD_REPORT_H
#define KX_LOAD_REPORT_H

#include <stdbool.h>

#include "cli.h"
#include "input.h"
#include "pass-fd.h"
#include "verifier/report.h"
#include "verifier/system-state.h"

struct kx_load_facts {
	const struct kx_opts *o;
	enum vf_lockdown lock;
	bool verified;                        /* our verification accepted the image */
	enum vf_form form;                    /* ... by this kind of signature */
	const struct kx_input *in;            /* the kernel file */
	const struct kx_pass_decision *pass;  /* which descriptor the kernel got */
	const char *what;                     /* the kernel image in messages (NULL: o->kernel) */
	bool uki;                             /* it is a UKI's .linux (kexec/uki.h) */
};

/* Print one message for kexec_file_load's errno `err`; returns the exit code (20 when the
   kernel refused the image's signature or IMA appraisal, 4 when a writer got in the way). */
int kx_report_file_load_error(const struct kx_load_facts *f, int err);

/* Before the call: warn when the kernel is sure to refuse an image kexec trusted by its IMA
   signature alone (locked down, and no trusted .ima keyring for IMA to stand in with). */
void kx_warn_ima_only(const struct kx_load_facts *f);

#endif
