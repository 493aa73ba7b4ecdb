/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds small, valid synthetic PE32+ images (see gen-pe-image.h for the layout). */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "gen-pe-image.h"

void gen_put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

void gen_put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

uint32_t gen_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void reserve(struct gen_pe *g, size_t need)
{
	if (need <= g->cap)
		return;
	g->cap = need * 2;
	g->buf = realloc(g->buf, g->cap);
	if (!g->buf) {
		perror("realloc");
		exit(99);
	}
}

void gen_pe_append(struct gen_pe *g, const void *data, size_t len)
{
	reserve(g, g->len + len);
	memcpy(g->buf + g->len, data, len);
	g->len += len;
}

static void section(uint8_t *sh, const char *name, uint32_t vsize, uint32_t va, uint32_t raw_size,
		    uint32_t raw_off, uint32_t flags)
{
	size_t n = strlen(name);

	memcpy(sh, name, n < 8 ? n : 8);
	gen_put32(sh + 8, vsize);
	gen_put32(sh + 12, va);
	gen_put32(sh + 16, raw_size);
	gen_put32(sh + 20, raw_off);
	gen_put32(sh + 36, flags);
}

void gen_pe_base(struct gen_pe *g)
{
	uint8_t *p;
	size_t i, total = GEN_HEADERS + 3 * GEN_FILE_ALIGN;

	memset(g, 0, sizeof(*g));
	reserve(g, total);
	p = g->buf;
	memset(p, 0, total);
	g->len = total;

	p[0] = 'M';
	p[1] = 'Z';
	gen_put32(p + 0x3c, GEN_LFANEW);
	memcpy(p + GEN_LFANEW, "PE\0\0", 4);
	gen_put16(p + GEN_COFF + 0, 0x8664);                 /* Machine: x86_64 */
	gen_put16(p + GEN_COFF + 2, GEN_NSECTIONS);
	gen_put16(p + GEN_COFF + 16, GEN_OPT_SIZE);
	gen_put16(p + GEN_COFF + 18, 0x0206);                /* executable, debug stripped */
	gen_put16(p + GEN_OPT + 0, 0x20b);                   /* PE32+ */
	gen_put32(p + GEN_OPT + 16, 0x1000);                 /* AddressOfEntryPoint */
	gen_put32(p + GEN_OPT + 24, 0);                      /* ImageBase (low) */
	gen_put32(p + GEN_OPT + 32, GEN_SECT_ALIGN);
	gen_put32(p + GEN_OPT + 36, GEN_FILE_ALIGN);
	gen_put32(p + GEN_OPT + 56, GEN_SIZE_OF_IMAGE);
	gen_put32(p + GEN_OPT + 60, GEN_HEADERS);
	gen_put32(p + GEN_OPT + 64, 0x12345678);             /* CheckSum: must not be hashed */
	gen_put16(p + GEN_OPT + 68, 10);                     /* EFI application */
	gen_put32(p + GEN_OPT + 108, 16);                    /* NumberOfRvaAndSizes */
	section(p + GEN_SECTION(0), ".text", 0x1a0, 0x1000, GEN_FILE_ALIGN, GEN_HEADERS, 0x60000020);
	section(p + GEN_SECTION(1), ".data", 0x200, 0x2000, GEN_FILE_ALIGN,
		GEN_HEADERS + GEN_FILE_ALIGN, 0xc0000040);
	section(p + GEN_SECTION(2), ".keylist", 0x123, 0x3000, GEN_FILE_ALIGN,
		GEN_HEADERS + 2 * GEN_FILE_ALIGN, 0x40000040);
	/* .bss: no file data; PointerToRawData deliberately garbage, it must be ignored. */
	section(p + GEN_SECTION(3), ".bss", 0x1000, 0x4000, 0, 0xffffffff, 0xc0000080);
	/* Section contents: a recognisable, position-dependent pattern. */
	for (i = GEN_HEADERS; i < total; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 8));
}

void gen_pe_add_cert(struct gen_pe *g, size_t payload, int pad, int align)
{
	static const uint8_t zero[8];
	uint32_t off = gen_get32(g->buf + GEN_CERTDIR), size = gen_get32(g->buf + GEN_CERTDIR + 4);
	uint8_t hdr[8];
	size_t i, dw = 8 + payload;

	if (size == 0) {
		if (align && g->len % 8)
			gen_pe_append(g, zero, 8 - g->len % 8);
		off = g->len;
	}
	gen_put32(hdr, dw);
	gen_put16(hdr + 4, 0x0200);
	gen_put16(hdr + 6, 0x0002);
	gen_pe_append(g, hdr, 8);
	reserve(g, g->len + payload + 8);
	for (i = 0; i < payload; i++)
		g->buf[g->len++] = (uint8_t)(0x30 + i);
	if (pad && dw % 8)
		gen_pe_append(g, zero, 8 - dw % 8);
	size = g->len - off;
	gen_put32(g->buf + GEN_CERTDIR, off);
	gen_put32(g->buf + GEN_CERTDIR + 4, size);
}

void gen_pe_to_memory(struct gen_pe *g)
{
	uint8_t *mem = calloc(1, GEN_SIZE_OF_IMAGE);
	unsigned i;

	if (!mem) {
		perror("calloc");
		exit(99);
	}
	memcpy(mem, g->buf, GEN_HEADERS);
	for (i = 0; i < GEN_NSECTIONS; i++) {
		const uint8_t *sh = g->buf + GEN_SECTION(i);
		uint32_t vsize = gen_get32(sh + 8), va = gen_get32(sh + 12);
		uint32_t raw = gen_get32(sh + 16), off = gen_get32(sh + 20);

		if (raw)
			memcpy(mem + va, g->buf + off, raw < vsize ? raw : vsize);
	}
	free(g->buf);
	g->buf = mem;
	g->len = g->cap = GEN_SIZE_OF_IMAGE;
}

void gen_pe_free(struct gen_pe *g)
{
	free(g->buf);
	memset(g, 0, sizeof(*g));
}
