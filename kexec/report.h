/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages: the --explain trace, --debug lines, and the one verdict that decides the exit code. */
#ifndef KX_REPORT_H
#define KX_REPORT_H

#include <stdbool.h>

extern bool kx_explain_on, kx_debug_on;

/* One line of the decision trace (stdout, only with --explain). */
void kx_explain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One debug line (stderr, only with -d). */
void kx_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning that is always printed (stderr), prefixed "kexec: warning: ". */
void kx_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error that is always printed (stderr), prefixed "kexec: ". */
void kx_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A verification verdict: an SB_E_* class plus the check that decided it and why, in the form
 * "<check>: <reason>" so the final message names file, check and reason.
 */
struct kx_verdict {
	int code;
	char check[64];
	char reason[448];
};

/* Record a verdict (code < 0) with its check and reason; returns code for `return kx_fail(...)`. */
int kx_fail(struct kx_verdict *v, int code, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Print the OpenSSL error queue into the explain/debug trace and clear it. */
void kx_openssl_errors(const char *where);

#endif
