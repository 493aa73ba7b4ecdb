/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stable short names of the SB_E_* codes (and of ranges other parts register), for messages and the corpus manifests. */
#include "sb-error.h"

static struct sb_error_range *registered;

void sb_error_register(struct sb_error_range *range)
{
	struct sb_error_range *r;

	for (r = registered; r; r = r->next)
		if (r == range)
			return;
	range->next = registered;
	registered = range;
}

static const char *registered_name(int err)
{
	const struct sb_error_range *r;
	const char *name;

	for (r = registered; r; r = r->next)
		if (err <= r->first && err >= r->last && r->name && (name = r->name(err)))
			return name;
	return "unknown-error";
}

const char *sb_strerror(int err)
{
	switch (err) {
	case SB_OK:                  return "ok";
	case SB_E_MALFORMED:         return "malformed";
	case SB_E_UNSIGNED:          return "unsigned";
	case SB_E_UNTRUSTED:         return "untrusted";
	case SB_E_REJECTED:          return "rejected";
	case SB_E_REVOKED:           return "revoked";
	case SB_E_UNSUPPORTED:       return "unsupported";
	case SB_E_NOMEM:             return "no-memory";
	case SB_E_IO:                return "io";
	case SB_E_BUFFER_SMALL:      return "buffer-small";
	case SB_E_NOT_FOUND:         return "not-found";
	case SB_E_TCG_HEADER:        return "tcg-header";
	case SB_E_TCG_SPEC_ID:       return "tcg-spec-id";
	case SB_E_TCG_ALGS:          return "tcg-algorithms";
	case SB_E_TCG_EVENT_TRUNCATED: return "tcg-event-truncated";
	case SB_E_TCG_DIGEST_COUNT:  return "tcg-digest-count";
	case SB_E_TCG_DIGEST_ALG:    return "tcg-digest-algorithm";
	case SB_E_TCG_EVENT_SIZE:    return "tcg-event-size";
	case SB_E_PE_DOS_TRUNCATED:  return "pe-dos-truncated";
	case SB_E_PE_DOS_MAGIC:      return "pe-dos-magic";
	case SB_E_PE_LFANEW:         return "pe-lfanew";
	case SB_E_PE_SIGNATURE:      return "pe-signature";
	case SB_E_PE_COFF_TRUNCATED: return "pe-coff-truncated";
	case SB_E_PE_OPT_TRUNCATED:  return "pe-opt-truncated";
	case SB_E_PE_OPT_MAGIC:      return "pe-opt-magic";
	case SB_E_PE_DATADIR:        return "pe-datadir";
	case SB_E_PE_SECTION_COUNT:  return "pe-section-count";
	case SB_E_PE_SECTION_TABLE:  return "pe-section-table";
	case SB_E_PE_SECTION_RAW:    return "pe-section-raw";
	case SB_E_PE_SECTION_VIRT:   return "pe-section-virt";
	case SB_E_PE_HEADERS_SIZE:   return "pe-headers-size";
	case SB_E_PE_CERT_TABLE:     return "pe-cert-table";
	case SB_E_PE_CERT_ALIGN:     return "pe-cert-align";
	case SB_E_PE_CERT_ENTRY:     return "pe-cert-entry";
	case SB_E_PE_CERT_TYPE:      return "pe-cert-type";
	case SB_E_PE_SECTION_GAP:    return "pe-section-gap";
	case SB_E_UKI_DUPLICATE:     return "uki-duplicate-section";
	case SB_E_UKI_OVERLAP:       return "uki-section-overlap";
	case SB_E_UKI_VSIZE:         return "uki-virtual-size";
	case SB_E_UKI_EMPTY_LINUX:   return "uki-empty-linux";
	case SB_E_ESL_TRUNCATED:     return "esl-truncated";
	case SB_E_ESL_SIZE:          return "esl-size";
	case SB_E_ESL_TYPE:          return "esl-type";
	case SB_E_DER:               return "der";
	case SB_E_UKI_PROFILE:       return "uki-multi-profile";
	case SB_E_UKI_UCODE:         return "uki-ucode";
	case SB_E_UKI_CMDLINE:       return "uki-cmdline-not-ascii";
	}
	return registered_name(err);
}
