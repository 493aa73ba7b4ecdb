/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the x86 bzImage setup header (kexec -c), where its signed bytes end, and the boot_params it seeds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kexec/x86_64/boot-params.h"
#include "kexec/x86_64/bzimage.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bp[BP_SIZE];
	struct bzimage_info bz;
	size_t end = 0;
	int rc;

	/* Where the signed bytes end is decided for any input (PE or not), independently of the header. */
	rc = bzimage_signed_end(data, size, &end);
	FZ_ASSERT(rc == 0 ? end <= size : rc == BZ_E_PE);
	if (bzimage_parse(data, size, &bz) != 0)
		return 0;
	/* What the loader takes from the file lies inside it. */
	FZ_ASSERT(bz.setup_size <= size && bz.kernel == data + bz.setup_size);
	FZ_ASSERT(bz.kernel_size > 0 && bz.kernel_size <= size - bz.setup_size);
	FZ_ASSERT(bz.setup_header == data + BZ_SETUP_HEADER_OFFSET);
	FZ_ASSERT(bz.setup_header_len <= bz.setup_size - BZ_SETUP_HEADER_OFFSET);
	FZ_ASSERT(bz.kernel_alignment >= 4096 && (bz.kernel_alignment & (bz.kernel_alignment - 1)) == 0);
	if (rc == 0) {
		rc = bzimage_check_signed_end(&bz, end);
		FZ_ASSERT(rc == 0 ? bz.setup_size + bz.kernel_size <= end : rc == BZ_E_PAST_SIGNED_END);
	}
	memset(bp, 0, sizeof(bp));
	bootparams_init(bp, &bz);
	bootparams_set_cmdline(bp, 0x1000);
	bootparams_set_initrd(bp, 0x7f000000, size);
	return 0;
}
