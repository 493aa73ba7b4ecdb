/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Region-table walk and SHA-256 comparison, shared by the purgatory and its host unit test. */
#include <stddef.h>
#include <stdint.h>
#include "sb-error.h"
#include "sb-string.h"
#include "sha256.h"
#include "verify.h"

/* Constant-time compare is not needed (nothing secret); a plain compare says "differs". */
static int digest_differs(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, SHA256_DIGEST_SIZE) != 0;
}

int purgatory_verify(const struct purgatory_params *p, uint32_t *bad_region)
{
	uint32_t i;

	*bad_region = PURGATORY_NO_REGION;
	if (p->magic != PURGATORY_MAGIC || p->version != PURGATORY_VERSION || p->reserved != 0)
		return SB_E_MALFORMED;
	/* An unfilled block (as shipped in the blob) has nregions 0 and no entry: refuse it. */
	if (p->nregions == 0 || p->nregions > PURGATORY_MAX_REGIONS || p->entry_rip == 0)
		return SB_E_MALFORMED;

	for (i = 0; i < p->nregions; i++) {
		const struct purgatory_region *r = &p->regions[i];
		uint64_t last;

		if (r->len == 0 || __builtin_add_overflow(r->start, r->len - 1, &last) ||
		    last > (uint64_t)UINTPTR_MAX) {
			*bad_region = i;
			return SB_E_MALFORMED;
		}
	}
	for (i = 0; i < p->nregions; i++) {
		const struct purgatory_region *r = &p->regions[i];
		uint8_t digest[SHA256_DIGEST_SIZE];

		sha256((const void *)(uintptr_t)r->start, (size_t)r->len, digest);
		if (digest_differs(digest, r->sha256)) {
			*bad_region = i;
			return SB_E_REJECTED;
		}
	}
	return SB_OK;
}

/* A tiny bounded string builder: no libc formatting on the freestanding side. */
struct line {
	char *buf;
	size_t len, pos;
};

static void put_str(struct line *l, const char *s)
{
	while (*s) {
		if (l->pos + 1 < l->len)
			l->buf[l->pos++] = *s;
		s++;
	}
	if (l->len)
		l->buf[l->pos < l->len ? l->pos : l->len - 1] = '\0';
}

static void put_hex(struct line *l, uint64_t v)
{
	char tmp[19];
	int n = 0, i;
	char out[20];

	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	out[0] = '0';
	out[1] = 'x';
	for (i = 0; i < n; i++)
		out[2 + i] = tmp[n - 1 - i];
	out[2 + n] = '\0';
	put_str(l, out);
}

static void put_dec(struct line *l, uint32_t v)
{
	char tmp[11];
	int n = 0, i;
	char out[11];

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	put_str(l, out);
}

size_t purgatory_describe(int rc, uint32_t bad_region, const struct purgatory_params *p,
			  char *buf, size_t buf_len)
{
	struct line l = { buf, buf_len, 0 };
	const char *what = (p->flags & PURGATORY_FLAG_CRASH) ? "crash kernel" : "kernel";

	put_str(&l, "sbkexec purgatory: ");
	if (rc == SB_OK) {
		put_dec(&l, p->nregions);
		put_str(&l, " regions verified, entering ");
		put_str(&l, what);
		put_str(&l, " at ");
		put_hex(&l, p->entry_rip);
		if (p->flags & PURGATORY_FLAG_HOTPLUG)
			put_str(&l, "; ELF core header not checked (crash hotplug: the kernel rewrites it)");
	} else if (rc == SB_E_REJECTED && bad_region < PURGATORY_MAX_REGIONS) {
		put_str(&l, "SHA-256 mismatch in region ");
		put_dec(&l, bad_region);
		put_str(&l, " (");
		put_hex(&l, p->regions[bad_region].start);
		put_str(&l, "+");
		put_hex(&l, p->regions[bad_region].len);
		put_str(&l, "), halting");
	} else {
		put_str(&l, "bad parameter block (");
		if (bad_region < PURGATORY_MAX_REGIONS) {
			put_str(&l, "region ");
			put_dec(&l, bad_region);
		} else {
			put_str(&l, "header");
		}
		put_str(&l, "), halting");
	}
	return l.pos;
}

size_t purgatory_describe_engine(int engine, const char *why_scalar, int layout_ok, char *buf,
				 size_t buf_len)
{
	struct line l = { buf, buf_len, 0 };

	put_str(&l, "sbkexec purgatory: SHA-256 engine: ");
	if (engine == SHA256_ENGINE_SHA_NI) {
		put_str(&l, "sha-ni");
		return l.pos;
	}
	put_str(&l, "scalar (");
	put_str(&l, why_scalar ? why_scalar : "not selected");
	put_str(&l, ")");
	if (layout_ok == 1)
		put_str(&l, "; SSE on, SSE4.1 layout check ok");
	return l.pos;
}
