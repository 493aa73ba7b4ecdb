/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exit codes of the kexec binary: the shared table (verifier/exit-codes.h) plus kexec's own two. */
#ifndef KX_EXIT_CODES_H
#define KX_EXIT_CODES_H

#include "verifier/exit-codes.h"

/*
 * kexec-tools: 0 success, 1 usage error (and from die()), 255 when a load/unload/exec fails;
 * `-S` exits 1 when loaded, 0 when not. The verdict codes 10-15 and 20 are the shared table's
 * (VF_EXIT_*); 2, 3 and 4 are kexec's alone (verifier/exit-codes.h reserves 2-9 for it). The
 * KX_ names of 0, 1 and 255 are the ones kexec's load path was written with.
 */
enum kx_exit {
	KX_EXIT_OK               = VF_EXIT_OK,
	KX_EXIT_USAGE            = VF_EXIT_USAGE,   /* bad options; also `-S`: "loaded" */
	KX_EXIT_LOAD_UNSUPPORTED = 2,  /* -c: not a bzImage the kexec_load path loads, or no room for its segments */
	KX_EXIT_LOCKDOWN         = 3,  /* the kernel is locked down and the request needs kexec_load(2) */
	KX_EXIT_CHANGED          = 4,  /* the kernel file changed, or was opened for writing, between
	                                  its verification and the load: nothing stays loaded */
	KX_EXIT_FAILED           = VF_EXIT_FAILED,
};

#endif
