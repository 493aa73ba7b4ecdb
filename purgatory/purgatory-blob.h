/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The purgatory image built into kexec (generated $(BUILD)/purgatory/purgatory-blob.c). */
#ifndef SB_PURGATORY_BLOB_H
#define SB_PURGATORY_BLOB_H

#include <stddef.h>

/*
 * A flat, position-independent x86_64 image: copy it into a page-aligned segment of
 * sb_purgatory_mem_size bytes (kexec_load zero-fills memsz beyond the copied bytes), fill the
 * parameter block at sb_purgatory_params_offset (purgatory_params_fill()), and pass
 * load address + sb_purgatory_entry_offset as the kexec_load entry.
 */
extern const unsigned char sb_purgatory_blob[];
extern const size_t sb_purgatory_blob_size;
extern const size_t sb_purgatory_entry_offset;
extern const size_t sb_purgatory_params_offset;
extern const size_t sb_purgatory_mem_size;
/* purgatory_main() (void -> void, SysV ABI): tests run the real blob code in a host process. */
extern const size_t sb_purgatory_main_offset;

#endif
