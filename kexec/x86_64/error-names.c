/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of kexec/x86_64's error ranges and the name function of each, registered with sb_strerror(). */
#include "boot-params-efi.h"
#include "bzimage.h"
#include "crashdump.h"
#include "error-names.h"
#include "load-plan.h"
#include "memory-ranges.h"
#include "probe.h"
#include "purgatory-params.h"
#include "sb-error.h"

static struct sb_error_range ranges[] = {
	{ -600, -619, bzimage_strerror, NULL },
	{ -620, -639, mr_strerror, NULL },
	{ -640, -659, crash_strerror, NULL },
	{ -660, -679, purgatory_params_strerror, NULL },
	{ -680, -699, efibp_strerror, NULL },
	{ -700, -719, x86_plan_strerror, NULL },
	{ -720, -739, x86_probe_strerror, NULL },
};

void x86_64_errors_register(void)
{
	size_t i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		sb_error_register(&ranges[i]);
}
