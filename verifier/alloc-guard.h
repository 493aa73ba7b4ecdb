/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation failures during verification, counted (OpenSSL's through its memory hooks, ours reported): a check that lost one fails closed. */
#ifndef VF_ALLOC_GUARD_H
#define VF_ALLOC_GUARD_H

#include <stdbool.h>

/*
 * Why: OpenSSL turns a failed allocation into the same NULL or 0 as bad input (d2i_X509() of a
 * good certificate returns NULL, X509_verify_cert() says "unable to get local issuer", a
 * digest is skipped), so a verdict reached after one could claim "malformed" or "untrusted"
 * for a good image, or miss a revocation entry and call a revoked one trusted. So every
 * allocation failure is counted: OpenSSL's through CRYPTO_set_mem_functions() (installed by
 * vf_report_init(), before the program's first OpenSSL call), the verifier's own through
 * vf_alloc_failed(); and once one happened, vf_fail() records every failure as SB_E_NOMEM
 * (exit 255, "out of memory ...") and the verifier's entry points (vf_open, vf_verify_pe,
 * vf_revoked_cert, vf_anchors_add_esl) turn an SB_OK into SB_E_NOMEM. For the two programs,
 * which make one verification per run, "once one happened" means "in this run".
 */
void vf_alloc_guard_init(void);

/*
 * Set OpenSSL up, in main() before anything else uses it (and before any thread does): the
 * memory hooks above, the error strings, the default library context and provider, SHA-256.
 * Left to OpenSSL 3.0's lazy initialisation, an allocation that fails while the default
 * library context is made leaves a context without its lock that every later call (any
 * thread) dereferences: kexec crashed in EVP_MD_fetch (tests/test-fault-injection.sh). SB_OK,
 * or SB_E_NOMEM: OpenSSL must not be called at all, the program exits (255).
 */
int vf_crypto_init(void);

/* An allocation of the verifier's own failed (call where malloc() returned NULL). */
void vf_alloc_failed(void);

/* Whether any allocation failed since the program started. */
bool vf_alloc_lost(void);

#endif
