/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What one load hands the kernel: the kernel, initrd and command line, from a bzImage and its options or from a UKI, each with what covers it. */
#ifndef KX_LOAD_PARTS_H
#define KX_LOAD_PARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "config.h"
#include "file-load.h"
#include "initrd-policy.h"
#include "lib/uki.h"
#include "uki.h"
#include "verifier/system-state.h"
#include "verifier/verifier.h"

struct kx_load_parts {
	bool uki;                   /* the image is a UKI (lib/uki.h) */
	struct uki_image u;
	const uint8_t *kernel;      /* the bytes the kernel image is (inside the verified buffer) */
	size_t kernel_len;
	char kernel_what[600];      /* the file, or "UKI .linux of FILE" */
	struct kx_initrd initrd;
	char *cmdline;              /* malloc'd */
};

/*
 * Before verification: is the image a UKI? Its structure is checked here (lib/uki.h), before any
 * signature: malformed (10) and unsupported (15) are refused, with --verify=off too. 0 (p->uki
 * says which), or the exit code with the refusal printed. *p is initialised either way.
 */
int kx_parts_detect(const struct kx_opts *o, const struct vf_image *img, struct kx_load_parts *p);

/* The verifier flags for the image: a UKI counts as signed by Authenticode only. */
unsigned kx_parts_verify_flags(const struct kx_load_parts *p);

/*
 * After the verdict allowed the load: the kernel, initrd and command line (kexec/uki.h for a
 * UKI, the options for a bzImage), initrd-signature applied (initrd-policy.h), what is covered
 * reported (--explain, the override warning). `lock` says whether the kernel will check the
 * image signature itself (to warn about an unsigned inner .linux). 0, or the exit code with
 * the refusal printed.
 */
int kx_parts_settle(const struct kx_opts *o, const struct kx_config *cfg, const struct vf_image *img,
		    const struct vf_verdict *v, bool verified, enum vf_lockdown lock,
		    struct kx_load_parts *p);

/* The inputs of kx_file_load(): *has_initrd false means none. */
void kx_parts_blobs(const struct kx_load_parts *p, struct kx_blob *kernel, struct kx_blob *initrd,
		    bool *has_initrd);

/* "a sealed memfd copy of WHAT" / "the descriptor of WHAT", for --dry-run. */
void kx_parts_describe(const struct kx_blob *b, char *out, size_t len);

void kx_parts_release(struct kx_load_parts *p);

#endif
