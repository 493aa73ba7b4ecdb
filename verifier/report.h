/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages (prefixed by the calling program's name), the --explain trace, and the verdict type every check fills. */
#ifndef VF_REPORT_H
#define VF_REPORT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The calling program names itself once, in main(): every error, warning and debug line the
 * verifier or the program prints starts with "<program>: ". Until then the prefix is "sbkexec".
 */
void vf_report_init(const char *program);
const char *vf_program(void);

/* --explain (the decision trace, stdout) and -d / --debug (stderr). */
extern bool vf_explain_on, vf_debug_on;

/* One line of the decision trace: "explain: ..." on stdout, only with vf_explain_on. */
void vf_explain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<program>: debug: ..." on stderr, only with vf_debug_on. */
void vf_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<program>: warning: ..." on stderr, always. */
void vf_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<program>: ..." on stderr, always (stdout is flushed first, so the two stay in order). */
void vf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Which signature form a verdict is about. */
enum vf_form {
	VF_FORM_NONE = 0,
	VF_FORM_AUTHENTICODE,       /* a PKCS#7 entry of the PE certificate table */
	VF_FORM_IMA,                /* an IMA v2 signature (security.ima or PATH.sig) */
	VF_FORM_PKCS7_DETACHED,     /* a detached PKCS#7 SignedData over a file (PATH.p7s) */
};

/* What ended the chain of trust. */
enum vf_anchor_kind {
	VF_ANCHOR_NONE = 0,
	VF_ANCHOR_CERT,             /* a trusted certificate (--trust file, or one the caller added) */
	VF_ANCHOR_KEYRING,          /* a key in a kernel keyring, verified with KEYCTL_PKEY_VERIFY */
};

/*
 * A verdict: an SB_E_* class (SB_OK when trusted), the check that decided it and why, in the form
 * "<check>: <reason>" so a message names file, check and reason; then facts a caller may act on
 * (verifier/README.md, "Verdict"). The verifier decides; the caller decides what to print.
 */
struct vf_verdict {
	int code;
	char check[64];
	char reason[448];

	enum vf_form form;
	unsigned entries;           /* Authenticode: entries in the certificate table */
	unsigned trusted_entry;     /* Authenticode, code SB_OK: index of the first trusted entry */
	enum vf_anchor_kind anchor_kind;
	char anchor[256];           /* e.g. "keyring 'kexec' (id 123), key 456" */
	char signer[256];           /* subject of the signer certificate, or the IMA key id */
	bool have_digest;           /* the two SHA-256 digests below are set */
	uint8_t sha256[32];         /* Authenticode digest as signing tools compute it (IMA: file digest) */
	uint8_t sha256_firmware[32];/* as the firmware (EDK2) computes it: differs only for an unsigned
	                               file whose length is not a multiple of 8 (no padding) */
};

/* Record a failure (code < 0) with its check and reason; returns code, for `return vf_fail(...)`.
   After an allocation failure the code becomes SB_E_NOMEM (check "memory"): alloc-guard.h. */
int vf_fail(struct vf_verdict *v, int code, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* code, or SB_E_NOMEM (with *v) when it is SB_OK but an allocation failed on the way
   (verifier/alloc-guard.h): the entry points return vf_alloc_check(v, ret). */
int vf_alloc_check(struct vf_verdict *v, int code);

/* Move the OpenSSL error queue into the debug trace (and clear it). */
void vf_openssl_errors(const char *where);

#endif
