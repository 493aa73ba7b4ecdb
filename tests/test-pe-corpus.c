/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs pe_parse() over the generated PE corpus and checks each image's exact result against the manifest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "test-util.h"
#include "pe.h"
#include "authenticode.h"
#include "sb-error.h"

static int corpus_case(const char dir[4096], const char *file, const char *layout, const char *expect)
{
	char path[4400];
	struct pe_image img, before;
	uint8_t *buf, digest[32];
	size_t len;
	int rc, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf = tu_read_file(path, &len);
	if (!buf) {
		printf("#   cannot read %s\n", path);
		return 0;
	}
	memset(&img, 0xa5, sizeof(img));
	before = img;
	rc = pe_parse(buf, len, strcmp(layout, "memory") == 0 ? PE_LAYOUT_MEMORY : PE_LAYOUT_FILE, &img);
	ok = strcmp(sb_strerror(rc), expect) == 0;
	if (!ok)
		printf("#   %s: pe_parse() = %d (%s), expected %s\n", file, rc, sb_strerror(rc), expect);
	if (rc != 0 && memcmp(&img, &before, sizeof(img)) != 0) {
		printf("#   %s: output written on failure\n", file);
		ok = 0;
	}
	/* Every image that parses in file layout must also hash without error. */
	if (rc == 0 && img.layout == PE_LAYOUT_FILE && authenticode_sha256(&img, digest) != 0) {
		printf("#   %s: authenticode_sha256 failed on a parsed image\n", file);
		ok = 0;
	}
	free(buf);
	return ok;
}

int main(void)
{
	char dir[4096], path[4200], line[512], file[256], layout[32], expect[64];
	int negatives = 0, positives = 0;
	FILE *m;

	snprintf(dir, sizeof(dir), "%s/tests/pe-corpus", tu_build_dir());
	snprintf(path, sizeof(path), "%s/manifest", dir);
	m = fopen(path, "r");
	t_result(m != NULL, "pe corpus manifest %s exists", path);
	if (!m)
		return t_done();
	while (fgets(line, sizeof(line), m)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%255s %31s %63s", file, layout, expect) != 3) {
			t_result(0, "manifest line parses: %s", line);
			continue;
		}
		t_result(corpus_case(dir, file, layout, expect), "pe corpus %s (%s) -> %s", file, layout, expect);
		if (strcmp(expect, "ok") == 0)
			positives++;
		else
			negatives++;
	}
	fclose(m);
	/* The corpus must not silently shrink (the issue asks for at least 25 malformed images). */
	t_result(negatives >= 25 && positives >= 5, "corpus has %d negative and %d positive images",
		 negatives, positives);
	return t_done();
}
