/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny TAP-style test harness: one "ok - name" / "not ok - name" line per case. */
#ifndef SB_TEST_H
#define SB_TEST_H

/*
 * tests/run-unit.sh counts the "ok " / "not ok " lines of every test program and prints the
 * project-wide "unit: N passed, N failed" line. A program that exits non-zero without a
 * "not ok" line is counted as one failure, so a crash can never pass silently.
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int t_case_failed;
static int t_passed, t_failed;

/* Record a failed check inside the current case, with where and why. */
#define T_CHECK(cond) do {                                                          \
	if (!(cond)) {                                                              \
		printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
		t_case_failed = 1;                                                  \
	}                                                                           \
} while (0)

#define T_EQ_INT(a, b) do {                                                         \
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);                     \
	if (t_a_ != t_b_) {                                                         \
		printf("#   %s:%d: %s == %lld, expected %s == %lld\n", __FILE__,        \
		       __LINE__, #a, t_a_, #b, t_b_);                               \
		t_case_failed = 1;                                                  \
	}                                                                           \
} while (0)

#define T_EQ_MEM(a, b, n) do {                                                      \
	if (memcmp((a), (b), (n)) != 0) {                                           \
		printf("#   %s:%d: %s differs from %s (%zu bytes)\n", __FILE__,         \
		       __LINE__, #a, #b, (size_t)(n));                              \
		t_case_failed = 1;                                                  \
	}                                                                           \
} while (0)

/* Report one case whose verdict the caller computed (data-driven tests). */
static inline void t_result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf(ok ? "ok - " : "not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (ok)
		t_passed++;
	else
		t_failed++;
	fflush(stdout);
}

/* Run one case function; its T_CHECKs decide the verdict. */
static inline void t_run(const char *name, void (*fn)(void))
{
	t_case_failed = 0;
	fn();
	t_result(!t_case_failed, "%s", name);
}

/* Exit status for main(): non-zero when any case failed or none ran. */
static inline int t_done(void)
{
	printf("# %d passed, %d failed\n", t_passed, t_failed);
	return (t_failed || t_passed == 0) ? 1 : 0;
}

#endif
