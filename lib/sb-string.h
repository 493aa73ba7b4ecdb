/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The only libc string functions lib/ may use; EFI and purgatory builds provide their own. */
#ifndef SB_STRING_H
#define SB_STRING_H

#include <stddef.h>

#ifdef SB_FREESTANDING
/* Implemented by the freestanding side (efi/, purgatory/): no hidden libc. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#else
#include <string.h>
#endif

#endif
