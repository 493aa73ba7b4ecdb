/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Purgatory main: pick the SHA-256 engine, verify every loaded segment, report on the serial port, halt on failure. */
#include <stdint.h>
#include "purgatory-abi.h"
#include "sb-error.h"
#include "serial.h"
#include "sha256.h"
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

int purgatory_main(uint32_t sse_ready);

static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/*
 * sse_ready: 1 when the caller enabled SSE (entry.S always does; a host test passes 0 to force
 * the scalar engine). Prints the engine line, then the verdict line; returns the engine used
 * (SHA256_ENGINE_*) when every region verified, and never returns otherwise.
 */
int purgatory_main(uint32_t sse_ready)
{
	const char *no_ni = sse_ready ? sha256_ni_missing() : "SSE not enabled by the caller";
	int layout_ok = sse_ready && sha256_sse41_present() ? sha256_ni_layout_check() : -1;
	uint32_t bad_region;
	char line[160];
	int engine, rc;

	engine = sha256_select(no_ni || layout_ok == 0 ? SHA256_ENGINE_SCALAR : SHA256_ENGINE_SHA_NI);
	purgatory_describe_engine(engine, layout_ok == 0 ? "SSE layout self-check failed" : no_ni,
				  layout_ok, line, sizeof(line));
	serial_puts(purgatory_params.serial_port, line);

	rc = purgatory_verify(&purgatory_params, &bad_region);
	purgatory_describe(rc, bad_region, &purgatory_params, line, sizeof(line));
	serial_puts(purgatory_params.serial_port, line);
	if (rc != SB_OK)
		halt();
	return engine;
}
