/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line handed to the new kernel: --append/--command-line and --reuse-cmdline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "file-io.h"
#include "lib/sb-error.h"

static bool word_is(const char *w, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len >= n && memcmp(w, name, n) == 0 && (len == n || w[n] == '=');
}

int kx_cmdline_filter(const char *in, bool crash, char *out, size_t outlen)
{
	size_t o = 0;
	const char *p = in;

	if (outlen == 0)
		return -1;
	while (*p) {
		const char *w;
		size_t len;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '"')
				quoted = !quoted;
			p++;
		}
		len = (size_t)(p - w);
		if (word_is(w, len, "BOOT_IMAGE") || (crash && word_is(w, len, "crashkernel")))
			continue;
		if (o + (o ? 1 : 0) + len + 1 > outlen)
			return -1;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, len);
		o += len;
	}
	out[o] = '\0';
	return 0;
}

char *kx_cmdline_build(bool reuse, bool crash, const char *append, const char *proc_path)
{
	uint8_t *proc = NULL;
	size_t proc_len = 0, alen = append ? strlen(append) : 0, cap;
	char *out = NULL;
	int ret;

	if (reuse) {
		ret = kx_read_file(proc_path ? proc_path : "/proc/cmdline", &proc, &proc_len, 1 << 20);
		if (ret != SB_OK) {
			fprintf(stderr, "kexec: --reuse-cmdline: cannot read %s\n",
				proc_path ? proc_path : "/proc/cmdline");
			return NULL;
		}
	}
	cap = proc_len + alen + 2;
	out = malloc(cap);
	if (!out) {
		fprintf(stderr, "kexec: out of memory for the command line\n");
		goto out;
	}
	out[0] = '\0';
	if (reuse && kx_cmdline_filter((const char *)proc, crash, out, cap) != 0) {
		free(out);
		out = NULL;
		goto out;
	}
	if (alen) {
		size_t o = strlen(out);     /* <= proc_len: cap leaves room for ' ', append, NUL */

		if (o)
			out[o++] = ' ';
		memcpy(out + o, append, alen + 1);
	}
out:
	free(proc);
	return out;
}
