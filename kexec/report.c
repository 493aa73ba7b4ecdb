/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages: the --explain trace, --debug lines, warnings, errors and recorded verdicts. */
#include <stdarg.h>
#include <stdio.h>

#include <openssl/err.h>

#include "report.h"

bool kx_explain_on, kx_debug_on;

void kx_explain(const char *fmt, ...)
{
	va_list ap;

	if (!kx_explain_on)
		return;
	va_start(ap, fmt);
	fputs("explain: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

void kx_debug(const char *fmt, ...)
{
	va_list ap;

	if (!kx_debug_on)
		return;
	va_start(ap, fmt);
	fputs("kexec: debug: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void kx_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("kexec: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void kx_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fputs("kexec: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int kx_fail(struct kx_verdict *v, int code, const char *check, const char *fmt, ...)
{
	va_list ap;

	v->code = code;
	snprintf(v->check, sizeof(v->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
	kx_explain("  FAIL %s: %s", v->check, v->reason);
	return code;
}

void kx_openssl_errors(const char *where)
{
	unsigned long e;
	char buf[256];

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		kx_debug("%s: openssl: %s", where, buf);
	}
}
