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
	bool file;                                      /* plain file digests (vf_file_digests) */
	const uint8_t *over;                            /* the bytes they were computed over */
	size_t over_len;
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

/*
 * Were `d` computed by vf_authenticode_digests() over exactly the bytes `img` was parsed from?
 * Then they may stand for that image's digests (struct vf_image.digests: a caller hashed the
 * image while the verifier was being set up). Both functions above refuse to add algorithms to
 * digests of other bytes or of the other kind (SB_E_UNSUPPORTED: a caller's mistake).
 */
bool vf_digests_of(const struct vf_digests *d, const struct pe_image *img);
/* The same for plain file digests (vf_file_digests()) of data[0..len). */
bool vf_file_digests_of(const struct vf_digests *d, const uint8_t *data, size_t len);

/*
 * The Authenticode SHA-256 of an image hashed while it is still being read (kexec: the hash is
 * most of the verification's cost, and the read need not wait for it). lib/'s walk alone says
 * which bytes are hashed: vf_stream_plan() asks it, over a parse of the image made when only its
 * first and last bytes were in, for its byte ranges, which must come in increasing file order
 * (they do in every image lib/pe.c accepts: the sections lie back to back from SizeOfHeaders);
 * vf_stream_update() hashes what the plan covers of the first `avail` bytes, in order;
 * vf_stream_finish() asks the walk again over the parse of the complete image and sets *out
 * (SHA-256, as vf_authenticode_digests() would) only when it names exactly the planned ranges
 * and all of them were hashed. Any other case is SB_E_UNSUPPORTED: the caller then lets the
 * verifier hash the image itself. With `file_too` the plain SHA-256 of every byte is computed in
 * the same pass (an image without Authenticode signature may carry an IMA one, which signs the
 * file digest) and *file_out set too (vf_file_digests()'s form; file_out NULL: not wanted).
 */
#define VF_STREAM_MAX_RANGES 16
struct vf_stream {
	EVP_MD_CTX *ctx, *file;
	size_t off[VF_STREAM_MAX_RANGES], len[VF_STREAM_MAX_RANGES];
	unsigned n;                 /* planned ranges (contiguous ones merged) */
	unsigned cur;               /* the range being hashed */
	size_t done;                /* bytes of it hashed so far */
	size_t file_done;           /* bytes hashed by the plain digest */
};
int vf_stream_plan(struct vf_stream *s, const struct pe_image *early, bool file_too);
int vf_stream_update(struct vf_stream *s, const uint8_t *base, size_t avail);
int vf_stream_finish(struct vf_stream *s, const struct pe_image *final, struct vf_digests *out,
		     struct vf_digests *file_out);
void vf_stream_free(struct vf_stream *s);

#endif
