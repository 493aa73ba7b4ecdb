/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/iomem and /sys/firmware/memmap parsing, range subtraction and hole finding for segment placement. */
#include <stdlib.h>
#include <string.h>
#include "memory-ranges.h"

void mr_free(struct mem_map *m)
{
	free(m->r);
	m->r = NULL;
	m->n = m->cap = 0;
}

int mr_add(struct mem_map *m, uint64_t start, uint64_t end, uint32_t type, uint8_t depth)
{
	if (end < start)
		return MR_E_RANGE;
	if (m->n >= MR_MAX_RANGES)
		return MR_E_TOO_MANY;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		struct mem_range *r = realloc(m->r, cap * sizeof(*r));

		if (!r)
			return MR_E_NOMEM;
		m->r = r;
		m->cap = cap;
	}
	m->r[m->n].start = start;
	m->r[m->n].end = end;
	m->r[m->n].type = type;
	m->r[m->n].depth = depth;
	m->n++;
	return 0;
}

/* Insertion sort: stable, and the lists are short and almost sorted already. */
void mr_sort(struct mem_map *m)
{
	size_t i, j;

	for (i = 1; i < m->n; i++) {
		struct mem_range key = m->r[i];

		for (j = i; j > 0; j--) {
			const struct mem_range *p = &m->r[j - 1];

			if (p->start < key.start || (p->start == key.start && p->depth <= key.depth))
				break;
			m->r[j] = m->r[j - 1];
		}
		m->r[j] = key;
	}
}

static const struct {
	const char *name;
	uint32_t type;
} type_names[] = {
	/* Names from arch/x86/kernel/e820.c e820_type_to_string() and kernel/kexec_core.c. */
	{ "System RAM", MR_RAM },
	{ "Reserved", MR_RESERVED },
	{ "reserved", MR_RESERVED },
	{ "ACPI Tables", MR_ACPI },
	{ "ACPI Non-volatile Storage", MR_NVS },
	{ "Unusable memory", MR_UNUSABLE },
	{ "Persistent Memory", MR_PMEM },
	{ "Persistent Memory (legacy)", MR_PRAM },
	{ "Soft Reserved", MR_SOFT_RESERVED },
	{ "Crash kernel", MR_CRASH },
	{ "Kernel code", MR_KERNEL },
	{ "Kernel rodata", MR_KERNEL },
	{ "Kernel data", MR_KERNEL },
	{ "Kernel bss", MR_KERNEL },
};

uint32_t mr_type_from_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strlen(type_names[i].name) == len && memcmp(type_names[i].name, name, len) == 0)
			return type_names[i].type;
	return MR_OTHER;
}

const char *mr_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return "other";
}

bool mr_is_e820_type(uint32_t type)
{
	switch (type) {
	case MR_RAM: case MR_RESERVED: case MR_ACPI: case MR_NVS: case MR_UNUSABLE:
	case MR_PMEM: case MR_PRAM: case MR_SOFT_RESERVED:
		return true;
	default:
		return false;
	}
}

/* Parse 1..16 hex digits at s[*pos..len), with an optional "0x" when allow_prefix. */
static int parse_hex(const char *s, size_t len, size_t *pos, bool allow_prefix, uint64_t *out)
{
	size_t p = *pos, digits = 0;
	uint64_t v = 0;

	if (allow_prefix && len - p >= 2 && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X'))
		p += 2;
	while (p < len) {
		char c = s[p];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (++digits > 16)
			return MR_E_SYNTAX;
		v = v << 4 | d;
		p++;
	}
	if (digits == 0)
		return MR_E_SYNTAX;
	*pos = p;
	*out = v;
	return 0;
}

/* One /proc/iomem line (without its '\n'): "  start-end : name". */
static int parse_iomem_line(const char *s, size_t len, struct mem_map *m)
{
	size_t pos = 0, spaces, name_len;
	uint64_t start, end;
	int rc;

	while (pos < len && s[pos] == ' ')
		pos++;
	spaces = pos;
	if (spaces % 2 || spaces / 2 > 255)
		return MR_E_SYNTAX;
	rc = parse_hex(s, len, &pos, false, &start);
	if (rc)
		return rc;
	if (pos >= len || s[pos] != '-')
		return MR_E_SYNTAX;
	pos++;
	rc = parse_hex(s, len, &pos, false, &end);
	if (rc)
		return rc;
	if (len - pos < 3 || memcmp(s + pos, " : ", 3) != 0)
		return MR_E_SYNTAX;
	pos += 3;
	name_len = len - pos;
	return mr_add(m, start, end, mr_type_from_name(s + pos, name_len), (uint8_t)(spaces / 2));
}

int mr_parse_iomem(const char *text, size_t len, struct mem_map *out, size_t *bad_line)
{
	struct mem_map m = { 0 };
	size_t pos = 0, line = 0;
	int rc;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - (text + pos)) : len - pos;

		line++;
		if (line_len > 0) {
			rc = parse_iomem_line(text + pos, line_len, &m);
			if (rc)
				goto fail;
		}
		pos += line_len + (nl ? 1 : 0);
	}
	*out = m;
	return 0;
fail:
	if (bad_line)
		*bad_line = line;
	mr_free(&m);
	return rc;
}

/* A sysfs value: the text up to an optional single trailing newline. */
static size_t sysfs_len(const char *s)
{
	size_t n = strlen(s);

	return (n && s[n - 1] == '\n') ? n - 1 : n;
}

int mr_add_firmware_entry(struct mem_map *m, const char *start, const char *end, const char *type)
{
	size_t slen = sysfs_len(start), elen = sysfs_len(end), pos;
	uint64_t s, e;
	int rc;

	pos = 0;
	rc = parse_hex(start, slen, &pos, true, &s);
	if (rc || pos != slen)
		return MR_E_SYNTAX;
	pos = 0;
	rc = parse_hex(end, elen, &pos, true, &e);
	if (rc || pos != elen)
		return MR_E_SYNTAX;
	return mr_add(m, s, e, mr_type_from_name(type, sysfs_len(type)), 0);
}

int mr_select(const struct mem_map *in, uint32_t type, unsigned max_depth, struct mem_map *out)
{
	size_t i;
	int rc;

	for (i = 0; i < in->n; i++) {
		if (in->r[i].type != type || in->r[i].depth > max_depth)
			continue;
		rc = mr_add(out, in->r[i].start, in->r[i].end, in->r[i].type, in->r[i].depth);
		if (rc)
			return rc;
	}
	return 0;
}

int mr_exclude(struct mem_map *m, uint64_t start, uint64_t end)
{
	size_t i;
	int rc;

	if (end < start)
		return MR_E_RANGE;
	for (i = 0; i < m->n; i++) {
		struct mem_range *r = &m->r[i];

		if (r->end < start || r->start > end)
			continue;
		if (r->start >= start && r->end <= end) {
			/* fully covered: drop it */
			memmove(r, r + 1, (m->n - i - 1) * sizeof(*r));
			m->n--;
			i--;
		} else if (r->start < start && r->end > end) {
			/* the excluded piece is inside: split in two */
			uint64_t old_end = r->end;

			r->end = start - 1;
			rc = mr_add(m, end + 1, old_end, r->type, r->depth);
			if (rc)
				return rc;
		} else if (r->start < start) {
			r->end = start - 1;
		} else {
			r->start = end + 1;
		}
	}
	mr_sort(m);
	return 0;
}

/* Highest/lowest aligned a with a >= lo and a + size - 1 <= hi, or false. */
static bool fit_in(uint64_t lo, uint64_t hi, uint64_t size, uint64_t align, bool top_down, uint64_t *a)
{
	uint64_t first, last_start;

	if (hi < lo || size - 1 > hi - lo)
		return false;
	last_start = hi - (size - 1);
	if (top_down) {
		first = last_start & ~(align - 1);
		if (first < lo)
			return false;
	} else {
		if (__builtin_add_overflow(lo, align - 1, &first))
			return false;
		first &= ~(align - 1);
		if (first > last_start)
			return false;
	}
	*a = first;
	return true;
}

int mr_find_hole(const struct mem_map *allowed, const struct mem_map *used, uint64_t size,
		 uint64_t align, uint64_t min, uint64_t max, bool top_down, uint64_t *addr)
{
	struct mem_map free_map = { 0 };
	uint64_t best = 0;
	bool found = false;
	size_t i;
	int rc;

	if (size == 0 || align == 0 || (align & (align - 1)) || min > max)
		return MR_E_ARG;
	/* Free space = allowed ∩ [min, max] minus everything already used. */
	for (i = 0; i < allowed->n; i++) {
		uint64_t lo = allowed->r[i].start > min ? allowed->r[i].start : min;
		uint64_t hi = allowed->r[i].end < max ? allowed->r[i].end : max;

		if (lo > hi)
			continue;
		rc = mr_add(&free_map, lo, hi, allowed->r[i].type, 0);
		if (rc)
			goto out;
	}
	for (i = 0; used && i < used->n; i++) {
		rc = mr_exclude(&free_map, used->r[i].start, used->r[i].end);
		if (rc)
			goto out;
	}
	mr_sort(&free_map);
	for (i = 0; i < free_map.n; i++) {
		uint64_t a;

		if (!fit_in(free_map.r[i].start, free_map.r[i].end, size, align, top_down, &a))
			continue;
		if (!found || (top_down ? a > best : a < best)) {
			best = a;
			found = true;
		}
	}
	rc = found ? 0 : MR_E_NO_FIT;
	if (found)
		*addr = best;
out:
	mr_free(&free_map);
	return rc;
}

const char *mr_strerror(int err)
{
	switch (err) {
	case MR_E_SYNTAX:   return "mr-syntax";
	case MR_E_RANGE:    return "mr-range";
	case MR_E_NOMEM:    return "mr-no-memory";
	case MR_E_NO_FIT:   return "mr-no-fit";
	case MR_E_OVERLAP:  return "mr-overlap";
	case MR_E_TOO_MANY: return "mr-too-many";
	case MR_E_ARG:      return "mr-argument";
	default:            return NULL;
	}
}
