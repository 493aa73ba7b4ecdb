/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libc string functions lib/sb-string.h promises to EFI builds that gnu-efi's libefi lacks. */

/*
 * gnu-efi 3.0.15's libefi (lib/init.c) already defines memset and memcpy, so defining them again
 * here would be a duplicate symbol; memmove, memcmp and strlen are ours. Written byte by byte on
 * purpose: no SSE, and the compiler must not turn these loops back into calls to themselves.
 */
#include "sb-string.h"

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		for (size_t i = n; i > 0; i--)
			d[i - 1] = s[i - 1];
	}
	return dst;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
