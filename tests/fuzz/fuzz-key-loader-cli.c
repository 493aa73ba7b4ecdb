/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: key-loader's command line (its commands, operands and trust/revocation options). */
#include <stddef.h>
#include <stdint.h>
#include "key-loader/kl.h"
#include "fuzz-argv.h"

/*
 * Input: NUL-separated arguments. kl_parse_args() must return (never exit) with an exit code:
 * 0 with a command and the operand it takes, or usage (1) after one message.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	vf_report_init("key-loader");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_argv a;
	struct kl_opts o;
	int rc;

	fz_argv_make(&a, "key-loader", data, size);
	rc = kl_parse_args(a.argc, a.argv, &o);
	FZ_ASSERT(rc == VF_EXIT_OK || rc == VF_EXIT_USAGE);
	if (rc == VF_EXIT_OK && !o.help && !o.version) {
		FZ_ASSERT(o.cmd != KL_CMD_NONE && o.ntrust <= VF_MAX_TRUST);
		FZ_ASSERT((o.cmd == KL_CMD_VERIFY || o.cmd == KL_CMD_LOAD) == (o.carrier != NULL));
	}
	fz_argv_free(&a);
	return 0;
}
