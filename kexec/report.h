/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec's names for the shared message functions (verifier/report.h: "kexec: ..." once main() named the program). */
#ifndef KX_REPORT_H
#define KX_REPORT_H

#include "verifier/report.h"

/* The load path (kexec-load.c, x86_64 probes) keeps the names it was written with. */
#define kx_explain vf_explain
#define kx_debug   vf_debug
#define kx_warn    vf_warn
#define kx_error   vf_error

#endif
