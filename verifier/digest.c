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
