/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: kexec.conf (kexec/config.c), the site's load policy file: parsed, fail closed, one value per key. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include "kexec/config.h"
#include "fuzz-util.h"

/*
 * Input: the file's contents, written (mode 0600, in this process's own 0700 scratch directory,
 * as kexec_config_read() wants it) and read with --config semantics (explicit_path). It must
 * either apply every line (values in range, each key's origin "FILE:LINE") or refuse with a
 * "FILE:LINE: why" and leave the configuration untouched.
 */
static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(path, sizeof(path), "%s/kexec.conf", fz_scratch());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_config c, before;
	char err[512];
	int rc;

	fz_write(path, data, size);
	chmod(path, 0600);
	kx_config_defaults(&c);
	before = c;
	err[0] = '\0';
	rc = kx_config_read(path, true, &c, err, sizeof(err));
	if (rc != 0) {
		FZ_ASSERT(rc == -1 && err[0] && memcmp(&c, &before, sizeof(c)) == 0);
		return 0;
	}
	FZ_ASSERT(c.initrd_signature == KX_INITRD_SIG_OFF || c.initrd_signature == KX_INITRD_SIG_REQUIRED);
	FZ_ASSERT(c.uki_overrides == KX_UKI_REPLACE || c.uki_overrides == KX_UKI_STRICT);
	FZ_ASSERT(c.initrd_signature_from[0] && c.uki_overrides_from[0]);
	return 0;
}
