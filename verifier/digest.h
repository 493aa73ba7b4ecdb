/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image digests with OpenSSL: every algorithm a check needs, in one pass over the bytes. */
#ifndef VF_DIGEST_H
#define VF_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "lib/pe.h"
#include "lib/signature-list.h"

/* The algorithms by lib/signature-list.h's numbering (ESL_ALG_*), with OpenSSL's and the kernel's names. */
const EVP_MD *vf_alg_md(enum esl_alg alg);
const char *vf_alg_name(enum esl_alg alg);          /* "sha256" (as the kernel and efitools spell it) */
int vf_alg_of_md(const EVP_MD *md);                 /* ESL_ALG_*, or -1 */

/*
 * Digests of one image, per algorithm: `d` as signing tools compute it (lib/authenticode.h:
 * an unsigned file whose length is not a multiple of 8 is hashed as if zero-padded to 8) and
 * `fw` as the firmware does (EDK2: no padding). They differ only when `padded` is true.
 * For a plain file (IMA) both are the digest of the bytes.
 */
struct vf_digests {
	unsigned algs;                                  /* ESL_ALG_BIT()s computed */
	bool padded;                                    /* d and fw differ */
	uint8_t d[ESL_ALG_COUNT][EVP_MAX_MD_SIZE];
	uint8_t fw[ESL_ALG_COUNT][EVP_MAX_MD_SIZE];
};

/*
 * Compute the Authenticode digests of `img` (parsed with PE_LAYOUT_FILE) for every algorithm in
 * `algs` that `out` does not hold yet, walking the image once for all of them (the walk is the
 * cost: 8 MB per kernel). SB_OK, or the walker's SB_E_* code (out unchanged).
 */
int vf_authenticode_digests(const struct pe_image *img, unsigned algs, struct vf_digests *out);

/* The same for the plain bytes of a file (IMA signs the file digest). */
int vf_file_digests(const uint8_t *data, size_t len, unsigned algs, struct vf_digests *out);

#endif
