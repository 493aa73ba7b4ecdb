/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds small, valid synthetic PE32+ images (see gen-pe-image.h for the layout). */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "gen-pe-image.h"

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
	gen_put32(sh + SH_VSIZE, vsize);
	gen_put32(sh + SH_VADDR, va);
	gen_put32(sh + SH_RAW_SIZE, raw_size);
	gen_put32(sh + SH_RAW_OFFSET, raw_off);
	gen_put32(sh + SH_CHARACTERISTICS, flags);
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
	gen_put32(p + DOS_LFANEW, GEN_LFANEW);
	memcpy(p + GEN_LFANEW, "PE\0\0", PE_SIG_SIZE);
	gen_put16(p + GEN_COFF + COFF_MACHINE, 0x8664);                 /* Machine: x86_64 */
	gen_put16(p + GEN_COFF + COFF_NSECTIONS, GEN_NSECTIONS);
	gen_put16(p + GEN_COFF + COFF_OPT_SIZE, GEN_OPT_SIZE);
	gen_put16(p + GEN_COFF + COFF_CHARACTERISTICS, 0x0206);             /* executable, debug stripped */
	gen_put16(p + GEN_OPT + OPT_MAGIC, OPT_MAGIC_PE32PLUS);
	gen_put32(p + GEN_OPT + OPT_ENTRY, 0x1000);
	gen_put32(p + GEN_OPT + OPT_IMAGE_BASE, 0);
	gen_put32(p + GEN_OPT + OPT_SECTION_ALIGN, GEN_SECT_ALIGN);
	gen_put32(p + GEN_OPT + OPT_FILE_ALIGN, GEN_FILE_ALIGN);
	gen_put32(p + GEN_OPT + OPT_SIZE_OF_IMAGE, GEN_SIZE_OF_IMAGE);
	gen_put32(p + GEN_OPT + OPT_SIZE_OF_HEADERS, GEN_HEADERS);
	gen_put32(p + GEN_OPT + OPT_CHECKSUM, 0x12345678);          /* CheckSum: must not be hashed */
	gen_put16(p + GEN_OPT + OPT_SUBSYSTEM, 10);      /* EFI application */
	gen_put32(p + GEN_OPT + OPT_NDIRS, DATADIR_MAX);
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
	uint8_t hdr[WIN_CERT_HEADER];
	size_t i, dw = WIN_CERT_HEADER + payload;

	if (size == 0) {
		if (align && g->len % 8)
			gen_pe_append(g, zero, 8 - g->len % 8);
		off = (uint32_t)g->len;     /* generated images stay far below 4 GiB */
	}
	gen_put32(hdr + WIN_CERT_LENGTH, (uint32_t)dw);
	gen_put16(hdr + WIN_CERT_REVISION, WIN_CERT_REVISION_2);
	gen_put16(hdr + WIN_CERT_TYPE, WIN_CERT_TYPE_PKCS_SIGNED_DATA);
	gen_pe_append(g, hdr, WIN_CERT_HEADER);
	reserve(g, g->len + payload + 8);
	for (i = 0; i < payload; i++)
		g->buf[g->len++] = (uint8_t)(0x30 + i);
	if (pad && dw % 8)
		gen_pe_append(g, zero, 8 - dw % 8);
	size = (uint32_t)(g->len - off);
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
		uint32_t vsize = gen_get32(sh + SH_VSIZE), va = gen_get32(sh + SH_VADDR);
		uint32_t raw = gen_get32(sh + SH_RAW_SIZE), off = gen_get32(sh + SH_RAW_OFFSET);

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
