/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image digests with OpenSSL: lib/'s Authenticode walk feeding several EVP contexts at once. */
#include <string.h>

#include "lib/authenticode.h"
#include "lib/sb-error.h"
#include "verifier/digest.h"

static const struct {
	const char *name;
	const EVP_MD *(*md)(void);
} algs_table[ESL_ALG_COUNT] = {
	[ESL_ALG_SHA1]   = { "sha1", EVP_sha1 },
	[ESL_ALG_SHA224] = { "sha224", EVP_sha224 },
	[ESL_ALG_SHA256] = { "sha256", EVP_sha256 },
	[ESL_ALG_SHA384] = { "sha384", EVP_sha384 },
	[ESL_ALG_SHA512] = { "sha512", EVP_sha512 },
};

const EVP_MD *vf_alg_md(enum esl_alg alg)
{
	return (unsigned)alg < ESL_ALG_COUNT ? algs_table[alg].md() : NULL;
}

const char *vf_alg_name(enum esl_alg alg)
{
	return (unsigned)alg < ESL_ALG_COUNT ? algs_table[alg].name : "?";
}

int vf_alg_of_md(const EVP_MD *md)
{
	unsigned a;

	for (a = 0; md && a < ESL_ALG_COUNT; a++)
		if (EVP_MD_get_type(algs_table[a].md()) == EVP_MD_get_type(md))
			return (int)a;
	return -1;
}

struct multi {
	EVP_MD_CTX *ctx[ESL_ALG_COUNT];
	bool failed;
};

static void multi_update(void *arg, const void *data, size_t len)
{
	struct multi *m = arg;
	unsigned a;

	for (a = 0; a < ESL_ALG_COUNT; a++)
		if (m->ctx[a] && !EVP_DigestUpdate(m->ctx[a], data, len))
			m->failed = true;
}

/* Hash img's Authenticode ranges (or, img NULL, the bytes data[0..len)) with the algorithms wanted. */
static int digests(const struct pe_image *img, const uint8_t *data, size_t len, unsigned algs,
		   struct vf_digests *out)
{
	static const uint8_t zeros[8];
	struct multi m = { { 0 }, false };
	struct vf_digests r = *out;
	size_t pad = img ? authenticode_padding(img) : 0;
	unsigned a, n;
	int ret = SB_E_NOMEM;

	if (img) {
		data = img->data;
		len = img->size;
	}
	/* Digests of other bytes, or of the other kind, are not ours to extend. */
	if (out->algs && (out->over != data || out->over_len != len || out->file != !img))
		return SB_E_UNSUPPORTED;
	algs &= ~out->algs & (ESL_ALG_BIT(ESL_ALG_COUNT) - 1);
	if (!algs)
		return SB_OK;
	for (a = 0; a < ESL_ALG_COUNT; a++) {
		if (!(algs & ESL_ALG_BIT(a)))
			continue;
		m.ctx[a] = EVP_MD_CTX_new();
		if (!m.ctx[a] || !EVP_DigestInit_ex(m.ctx[a], vf_alg_md(a), NULL))
			goto out;
	}
	if (img) {
		ret = authenticode_walk_unpadded(img, multi_update, &m);
		if (ret != SB_OK)
			goto out;
	} else {
		multi_update(&m, data, len);
	}
	ret = SB_E_NOMEM;
	for (a = 0; a < ESL_ALG_COUNT; a++) {
		EVP_MD_CTX *fw;

		if (!m.ctx[a])
			continue;
		/* The firmware's digest ends here; the signing tools' goes on over the padding. */
		fw = EVP_MD_CTX_new();
		if (!fw || !EVP_MD_CTX_copy_ex(fw, m.ctx[a]) || !EVP_DigestFinal_ex(fw, r.fw[a], &n)) {
			EVP_MD_CTX_free(fw);
			goto out;
		}
		EVP_MD_CTX_free(fw);
		if ((pad && !EVP_DigestUpdate(m.ctx[a], zeros, pad)) ||
		    !EVP_DigestFinal_ex(m.ctx[a], r.d[a], &n))
			goto out;
	}
	if (m.failed)
		goto out;
	r.algs |= algs;
	r.padded = pad != 0;
	r.file = !img;
	r.over = data;
	r.over_len = len;
	*out = r;
	ret = SB_OK;
out:
	for (a = 0; a < ESL_ALG_COUNT; a++)
		EVP_MD_CTX_free(m.ctx[a]);
	return ret;
}

int vf_authenticode_digests(const struct pe_image *img, unsigned algs, struct vf_digests *out)
{
	return digests(img, NULL, 0, algs, out);
}

int vf_file_digests(const uint8_t *data, size_t len, unsigned algs, struct vf_digests *out)
{
	return digests(NULL, data, len, algs, out);
}

bool vf_file_digests_of(const struct vf_digests *d, const uint8_t *data, size_t len)
{
	return d->algs && d->file && d->over == data && d->over_len == len;
}

bool vf_digests_of(const struct vf_digests *d, const struct pe_image *img)
{
	return d->algs && !d->file && d->over == img->data && d->over_len == img->size &&
	       img->layout == PE_LAYOUT_FILE;
}

/* The walk's ranges as file offsets, contiguous ones merged; `overflow` when they do not fit. */
struct ranges {
	const uint8_t *base;
	size_t off[VF_STREAM_MAX_RANGES], len[VF_STREAM_MAX_RANGES];
	unsigned n;
	bool overflow, disorder;
};

static void record_range(void *arg, const void *data, size_t len)
{
	struct ranges *r = arg;
	size_t off = (size_t)((const uint8_t *)data - r->base);

	if (len == 0)
		return;
	if (r->n && off < r->off[r->n - 1] + r->len[r->n - 1])
		r->disorder = true;
	if (r->n && off == r->off[r->n - 1] + r->len[r->n - 1]) {
		r->len[r->n - 1] += len;
		return;
	}
	if (r->n == VF_STREAM_MAX_RANGES) {
		r->overflow = true;
		return;
	}
	r->off[r->n] = off;
	r->len[r->n++] = len;
}

static int walk_ranges(const struct pe_image *img, struct ranges *r)
{
	memset(r, 0, sizeof(*r));
	r->base = img->data;
	if (authenticode_walk_unpadded(img, record_range, r) != SB_OK || r->overflow || r->disorder)
		return SB_E_UNSUPPORTED;
	return SB_OK;
}

int vf_stream_plan(struct vf_stream *s, const struct pe_image *early, bool file_too)
{
	struct ranges r;

	memset(s, 0, sizeof(*s));
	if (walk_ranges(early, &r) != SB_OK)
		return SB_E_UNSUPPORTED;
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || !EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL))
		goto nomem;
	if (file_too && (!(s->file = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(s->file, EVP_sha256(), NULL)))
		goto nomem;
	memcpy(s->off, r.off, sizeof(s->off));
	memcpy(s->len, r.len, sizeof(s->len));
	s->n = r.n;
	return SB_OK;
nomem:
	vf_stream_free(s);
	return SB_E_NOMEM;
}

int vf_stream_update(struct vf_stream *s, const uint8_t *base, size_t avail)
{
	if (s->ctx && s->file && avail > s->file_done) {
		if (!EVP_DigestUpdate(s->file, base + s->file_done, avail - s->file_done))
			goto fail;
		s->file_done = avail;
	}
	while (s->ctx && s->cur < s->n) {
		size_t start = s->off[s->cur] + s->done, end = s->off[s->cur] + s->len[s->cur];

		if (avail <= start)
			break;
		if (end > avail)
			end = avail;
		if (!EVP_DigestUpdate(s->ctx, base + start, end - start))
			goto fail;
		s->done += end - start;
		if (s->done == s->len[s->cur]) {
			s->cur++;
			s->done = 0;
		}
	}
	return s->ctx ? SB_OK : SB_E_UNSUPPORTED;
fail:
	vf_stream_free(s);
	return SB_E_NOMEM;
}

int vf_stream_finish(struct vf_stream *s, const struct pe_image *final, struct vf_digests *out,
		     struct vf_digests *file_out)
{
	static const uint8_t zeros[8];
	struct vf_digests r = { 0 }, f = { 0 };
	struct ranges w;
	EVP_MD_CTX *fw = NULL;
	size_t pad = authenticode_padding(final);
	unsigned n;
	int ret = SB_E_UNSUPPORTED;

	/* The complete image's walk must name exactly what was hashed. */
	if (!s->ctx || s->cur != s->n || walk_ranges(final, &w) != SB_OK || w.n != s->n ||
	    memcmp(w.off, s->off, s->n * sizeof(s->off[0])) != 0 ||
	    memcmp(w.len, s->len, s->n * sizeof(s->len[0])) != 0 ||
	    (file_out && s->file && s->file_done != final->size))
		goto out;
	ret = SB_E_NOMEM;
	fw = EVP_MD_CTX_new();
	if (!fw || !EVP_MD_CTX_copy_ex(fw, s->ctx) ||
	    !EVP_DigestFinal_ex(fw, r.fw[ESL_ALG_SHA256], &n) ||
	    (pad && !EVP_DigestUpdate(s->ctx, zeros, pad)) ||
	    !EVP_DigestFinal_ex(s->ctx, r.d[ESL_ALG_SHA256], &n))
		goto out;
	r.algs = ESL_ALG_BIT(ESL_ALG_SHA256);
	r.padded = pad != 0;
	r.over = final->data;
	r.over_len = final->size;
	if (file_out && s->file) {
		if (!EVP_DigestFinal_ex(s->file, f.d[ESL_ALG_SHA256], &n))
			goto out;
		memcpy(f.fw[ESL_ALG_SHA256], f.d[ESL_ALG_SHA256], 32);
		f.algs = ESL_ALG_BIT(ESL_ALG_SHA256);
		f.file = true;
		f.over = final->data;
		f.over_len = final->size;
		*file_out = f;
	}
	*out = r;
	ret = SB_OK;
out:
	EVP_MD_CTX_free(fw);
	vf_stream_free(s);
	return ret;
}

void vf_stream_free(struct vf_stream *s)
{
	EVP_MD_CTX_free(s->ctx);
	EVP_MD_CTX_free(s->file);
	s->ctx = s->file = NULL;
}
