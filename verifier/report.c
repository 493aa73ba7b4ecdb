/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages prefixed by the program's name, the --explain trace, and recorded failures. */
#include <stdarg.h>
#include <stdio.h>

#include <openssl/err.h>

#include "lib/sb-error.h"
#include "verifier/alloc-guard.h"
#include "verifier/report.h"

bool vf_explain_on, vf_debug_on;
static const char *program = "sbkexec";

void vf_report_init(const char *name)
{
	if (name && *name)
		program = name;
	/* First thing in main(), so before any OpenSSL allocation: the hooks can still go in. */
	vf_alloc_guard_init();
}

const char *vf_program(void)
{
	return program;
}

void vf_explain(const char *fmt, ...)
{
	va_list ap;

	if (!vf_explain_on)
		return;
	va_start(ap, fmt);
	fputs("explain: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	(void)fflush(stdout);
}

/* "<program>: <kind>fmt\n" on stderr. */
static void to_stderr(const char *kind, const char *fmt, va_list ap)
{
	(void)fflush(stdout);
	fprintf(stderr, "%s: %s", program, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vf_debug(const char *fmt, ...)
{
	va_list ap;

	if (!vf_debug_on)
		return;
	va_start(ap, fmt);
	to_stderr("debug: ", fmt, ap);
	va_end(ap);
}

void vf_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	to_stderr("warning: ", fmt, ap);
	va_end(ap);
}

void vf_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	to_stderr("", fmt, ap);
	va_end(ap);
}

int vf_fail(struct vf_verdict *v, int code, const char *check, const char *fmt, ...)
{
	va_list ap;

	v->code = code;
	snprintf(v->check, sizeof(v->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
	/* After a failed allocation this conclusion may rest on a NULL (verifier/alloc-guard.h). */
	if (code != SB_E_NOMEM && code < 0 && vf_alloc_lost()) {
		char was[sizeof(v->reason)];

		snprintf(was, sizeof(was), "%s", v->reason);
		snprintf(v->reason, sizeof(v->reason), "out of memory: an allocation failed, so the %s "
			 "check could not complete (it said: %.300s)", v->check, was);
		snprintf(v->check, sizeof(v->check), "memory");
		v->code = code = SB_E_NOMEM;
	}
	vf_explain("  FAIL %s: %s", v->check, v->reason);
	return code;
}

int vf_alloc_check(struct vf_verdict *v, int code)
{
	if (code == SB_OK && vf_alloc_lost())
		return vf_fail(v, SB_E_NOMEM, "memory", "out of memory: an allocation failed during "
			       "the checks, so their result cannot be trusted");
	return code;
}

void vf_openssl_errors(const char *where)
{
	unsigned long e;
	char buf[256];

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		vf_debug("%s: openssl: %s", where, buf);
	}
}
