/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: kexec's option parser (kexec-tools' forms and ours) and the command line handed to the new kernel. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kexec/cli.h"
#include "kexec/cmdline.h"
#include "kexec/exit-codes.h"
#include "kexec/policy.h"
#include "verifier/verifier.h"
#include "fuzz-argv.h"

/*
 * Input: NUL-separated arguments. kx_parse_args() must return (never exit or print) with 0 or
 * KX_EXIT_USAGE and a message; a parsed request must be consistent (what kexec-tools' flags
 * mean). The last argument is also used as /proc/cmdline for --reuse-cmdline (written to a
 * scratch file) and filtered as kexec does for a crash kernel.
 */
static char proc_cmdline[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(proc_cmdline, sizeof(proc_cmdline), "%s/cmdline", fz_scratch());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_argv a;
	struct kx_opts o;
	struct vf_config cfg;
	char err[512], desc[2048], *out, *again, *built;
	const char *last;
	size_t outlen;
	int rc, i;

	fz_argv_make(&a, "kexec", data, size);
	err[0] = '\0';
	rc = kx_parse_args(a.argc, a.argv, &o, err, sizeof(err));
	if (rc != 0) {
		FZ_ASSERT(rc == KX_EXIT_USAGE && err[0]);
	} else if (!o.help && !o.version) {
		FZ_ASSERT(kx_describe(&o, desc, sizeof(desc)) > 0);
		FZ_ASSERT(o.ntrust <= KX_MAX_TRUST);
		FZ_ASSERT(!o.verify_only || (o.kernel && !o.do_load && !o.do_exec && !o.do_unload));
		FZ_ASSERT(!o.do_status || (!o.do_load && !o.do_unload && !o.do_exec));
		FZ_ASSERT(!o.do_load || o.kernel || o.verify_only);
		kx_verifier_config(&o, &cfg);
		for (i = 0; i < (int)cfg.anchors.ntrust; i++)
			FZ_ASSERT(cfg.anchors.trust_files[i] == o.trust[i]);
	}
	/* The command line: filtered into buffers of every size around the input's. */
	last = a.argv[a.argc - 1];
	outlen = strlen(last) + 1;
	out = malloc(outlen);
	again = malloc(outlen);
	if (!out || !again)
		fz_die("out of memory");
	/* Filtering never lengthens, and what it leaves has nothing more to filter. */
	if (kx_cmdline_filter(last, true, out, outlen) == 0) {
		FZ_ASSERT(strlen(out) < outlen);
		FZ_ASSERT(kx_cmdline_filter(out, true, again, outlen) == 0 && strcmp(out, again) == 0);
	}
	kx_cmdline_filter(last, false, out, outlen / 2 + 1);
	free(again);
	free(out);
	fz_write(proc_cmdline, last, strlen(last));
	built = kx_cmdline_build(true, true, a.argc > 2 ? a.argv[1] : NULL, proc_cmdline);
	FZ_ASSERT(built != NULL);
	free(built);
	fz_argv_free(&a);
	return 0;
}
