/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec side of the purgatory contract: digests of the segments and entry registers into the blob. */
#include <string.h>
#include <openssl/evp.h>
#include "purgatory-params.h"

static int digest(const void *buf, size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	if (EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return PP_E_DIGEST;
	return 0;
}

int purgatory_params_fill(uint8_t *blob, size_t blob_len, size_t params_offset,
			  const struct purgatory_setup *in)
{
	struct purgatory_params p;
	size_t i;
	int rc;

	if (params_offset > blob_len || sizeof(p) > blob_len - params_offset)
		return PP_E_BLOB;
	memcpy(&p, blob + params_offset, sizeof(p));
	/* The blob must be the one this header describes: refuse to scribble elsewhere. */
	if (p.magic != PURGATORY_MAGIC || p.version != PURGATORY_VERSION)
		return PP_E_BLOB;
	if (in->nsegs == 0 || in->nsegs > PURGATORY_MAX_REGIONS)
		return PP_E_SEGMENTS;
	if (in->entry_rip == 0 || in->entry_rsi == 0)
		return PP_E_ENTRY;

	memset(&p, 0, sizeof(p));
	p.magic = PURGATORY_MAGIC;
	p.version = PURGATORY_VERSION;
	p.nregions = (uint32_t)in->nsegs;
	p.entry_rip = in->entry_rip;
	p.entry_rsi = in->entry_rsi;
	p.entry_rsp = in->entry_rsp;
	p.serial_port = in->serial_port;
	p.flags = in->flags;
	for (i = 0; i < in->nsegs; i++) {
		const struct purgatory_segment *s = &in->segs[i];
		uint64_t last;

		if (!s->buf || s->bufsz == 0 || __builtin_add_overflow(s->mem, (uint64_t)s->bufsz - 1, &last))
			return PP_E_SEGMENT;
		p.regions[i].start = s->mem;
		p.regions[i].len = s->bufsz;
		rc = digest(s->buf, s->bufsz, p.regions[i].sha256);
		if (rc)
			return rc;
	}
	memcpy(blob + params_offset, &p, sizeof(p));
	return 0;
}

const char *purgatory_params_strerror(int err)
{
	switch (err) {
	case PP_E_BLOB:     return "purgatory-blob";
	case PP_E_SEGMENTS: return "purgatory-segment-count";
	case PP_E_SEGMENT:  return "purgatory-segment";
	case PP_E_ENTRY:    return "purgatory-entry";
	case PP_E_DIGEST:   return "purgatory-digest";
	default:            return NULL;
	}
}
