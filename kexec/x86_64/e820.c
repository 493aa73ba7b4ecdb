/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds the next kernel's e820 map: normal (firmware map or /proc/iomem) and crash policy. */
#include <string.h>
#include "e820.h"

/* Sort, drop ranges nested in the previous one, merge touching same-type ranges, refuse overlaps. */
static int normalize(struct mem_map *m, int merge)
{
	size_t i, k = 0;

	mr_sort(m);
	for (i = 0; i < m->n; i++) {
		struct mem_range *cur = &m->r[i];

		if (k > 0) {
			struct mem_range *prev = &m->r[k - 1];

			if (cur->start <= prev->end) {
				if (cur->end <= prev->end)
					continue;          /* nested duplicate, e.g. iomem Reserved in MMCONFIG */
				return MR_E_OVERLAP;
			}
			if (merge && prev->type == cur->type && prev->end + 1 == cur->start) {
				prev->end = cur->end;
				continue;
			}
		}
		m->r[k++] = *cur;
	}
	m->n = k;
	return 0;
}

int e820_from_map(const struct mem_map *in, struct mem_map *out)
{
	struct mem_map m = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < in->n; i++) {
		if (!mr_is_e820_type(in->r[i].type))
			continue;
		rc = mr_add(&m, in->r[i].start, in->r[i].end, in->r[i].type, 0);
		if (rc)
			goto fail;
	}
	rc = normalize(&m, /* merge= */ 1);
	if (rc)
		goto fail;
	*out = m;
	return 0;
fail:
	mr_free(&m);
	return rc;
}

#define LOW_1M_END 0xfffffULL
#define PAGE_SIZE_4K 4096ULL

int e820_for_crash(const struct mem_map *iomem, const struct mem_map *exclude, struct mem_map *out)
{
	struct mem_map m = { 0 }, crash = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < iomem->n; i++) {
		const struct mem_range *r = &iomem->r[i];

		switch (r->type) {
		case MR_RAM:
			if (r->depth == 0 && r->start <= LOW_1M_END)
				rc = mr_add(&m, r->start, r->end < LOW_1M_END ? r->end : LOW_1M_END, MR_RAM, 0);
			break;
		case MR_ACPI: case MR_NVS: case MR_RESERVED:
			rc = mr_add(&m, r->start, r->end, r->type, 0);
			break;
		case MR_CRASH:
			rc = mr_add(&crash, r->start, r->end, MR_RAM, 0);
			break;
		default:
			break;
		}
		if (rc)
			goto out;
	}
	if (crash.n == 0) {
		rc = MR_E_NO_FIT;
		goto out;
	}
	for (i = 0; exclude && i < exclude->n; i++) {
		rc = mr_exclude(&crash, exclude->r[i].start, exclude->r[i].end);
		if (rc)
			goto out;
	}
	for (i = 0; i < crash.n; i++) {
		if (crash.r[i].end - crash.r[i].start + 1 < PAGE_SIZE_4K)
			continue;
		rc = mr_add(&m, crash.r[i].start, crash.r[i].end, MR_RAM, 0);
		if (rc)
			goto out;
	}
	rc = normalize(&m, /* merge= */ 0);
	if (rc)
		goto out;
	*out = m;
	m.r = NULL;
out:
	mr_free(&crash);
	mr_free(&m);
	return rc;
}
