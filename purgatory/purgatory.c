/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Purgatory main: verify every loaded segment, report one line on the serial port, halt on failure. */
#include <stdint.h>
#include "purgatory-abi.h"
#include "sb-error.h"
#include "serial.h"
#include "verify.h"

/*
 * The parameter block kexec fills (kexec/x86_64/purgatory-params.c). Shipped with magic and
 * version only, so a blob loaded without filling it halts instead of jumping to address 0.
 * Its own section puts it at a fixed offset the build exports (purgatory-offsets.h).
 */
struct purgatory_params purgatory_params __attribute__((section(".data.params"), aligned(64))) = {
	.magic = PURGATORY_MAGIC,
	.version = PURGATORY_VERSION,
};

void purgatory_main(void);

static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void purgatory_main(void)
{
	uint32_t bad_region;
	char line[128];
	int rc;

	rc = purgatory_verify(&purgatory_params, &bad_region);
	purgatory_describe(rc, bad_region, &purgatory_params, line, sizeof(line));
	serial_puts(purgatory_params.serial_port, line);
	if (rc != SB_OK)
		halt();
}
