/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Byte order: the one set of unaligned little/big-endian accessors for every format sbkexec reads or writes. */
#ifndef SB_BYTEORDER_H
#define SB_BYTEORDER_H

#include <stdint.h>

/*
 * PE/COFF, EFI (signature lists, variables, GUID fields), the MOK config table, KeyCarrierRT and
 * the x86 boot protocol are little-endian; SHA-256 words and IMA's signature_v2_hdr are
 * big-endian. Byte-wise access: no alignment is assumed, none of these buffers is aligned.
 */
static inline uint16_t sb_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t sb_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t sb_get_le64(const uint8_t *p)
{
	return (uint64_t)sb_get_le32(p) | (uint64_t)sb_get_le32(p + 4) << 32;
}

static inline void sb_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void sb_put_le32(uint8_t *p, uint32_t v)
{
	sb_put_le16(p, (uint16_t)v);
	sb_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void sb_put_le64(uint8_t *p, uint64_t v)
{
	sb_put_le32(p, (uint32_t)v);
	sb_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t sb_get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t sb_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void sb_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
