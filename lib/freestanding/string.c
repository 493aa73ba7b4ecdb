/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libc string functions lib/sb-string.h promises, for the freestanding builds (EFI, purgatory). */

/*
 * Not among lib/'s sources on purpose: the host links glibc's. Byte loops on purpose: no SSE, no alignment
 * tricks; no-tree-loop-distribute-patterns keeps the compiler from turning a loop back into a
 * call to the function being defined. gnu-efi 3.0.15's libefi (lib/init.c) already defines
 * memcpy and memset, so the EFI build sets SB_HAVE_MEMCPY_MEMSET to avoid duplicate symbols.
 */
#include <stddef.h>
#include "sb-string.h"

#define BYTE_LOOP __attribute__((optimize("no-tree-loop-distribute-patterns")))

#ifndef SB_HAVE_MEMCPY_MEMSET
BYTE_LOOP void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

BYTE_LOOP void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
#endif

BYTE_LOOP void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

BYTE_LOOP int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

BYTE_LOOP size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
