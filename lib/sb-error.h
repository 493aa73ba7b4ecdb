/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Named outcomes shared by every parser and verifier in sbkexec, in priority order. */
#ifndef SB_ERROR_H
#define SB_ERROR_H

/*
 * Every function in lib/ returns 0 on success or a negative SB_E* code. The
 * coarse classes (malformed < unsigned < untrusted < rejected < revoked) are
 * what callers map to exit codes; the fine PE codes below say *which* check of
 * a malformed file failed, so the negative corpus can assert it exactly.
 * Compare: the kernel's -ELIBBAD / -ENODATA / -ENOKEY / -EKEYREJECTED / -EKEYREVOKED.
 */
enum sb_error {
	SB_OK = 0,

	/* Coarse verdicts (see sb_error_class()). */
	SB_E_MALFORMED     = -1,   /* input does not parse */
	SB_E_UNSIGNED      = -2,   /* parses, carries no signature */
	SB_E_UNTRUSTED     = -3,   /* signed, but no trusted key found for the signer ("no key") */
	SB_E_REJECTED      = -4,   /* signature or digest does not verify */
	SB_E_REVOKED       = -5,   /* image hash or a chain certificate is revoked */
	SB_E_UNSUPPORTED   = -6,   /* well-formed but a variant we do not handle (e.g. PE32, SHA-1) */
	SB_E_NOMEM         = -7,
	SB_E_IO            = -8,
	SB_E_BUFFER_SMALL  = -9,   /* caller's buffer too small; required size reported */
	SB_E_NOT_FOUND     = -10,  /* lookup (e.g. named section) found nothing */

	/* Fine codes: which rule of a TPM event log failed (lib/tcg-eventlog.h; all "malformed"). */
	SB_E_TCG_HEADER          = -400, /* first (SHA-1 format) event truncated, not PCR 0 / EV_NO_ACTION / zero digest */
	SB_E_TCG_SPEC_ID         = -401, /* Spec ID Event03 fields or sizes do not hold */
	SB_E_TCG_ALGS            = -402, /* its algorithm table: empty, too long, repeated, a wrong digest size */
	SB_E_TCG_EVENT_TRUNCATED = -403, /* an event's header, digests or EventSize field past the end */
	SB_E_TCG_DIGEST_COUNT    = -404, /* an event's digest count is not numberOfAlgorithms */
	SB_E_TCG_DIGEST_ALG      = -405, /* an event's digest algorithm not in the table, or repeated */
	SB_E_TCG_EVENT_SIZE      = -406, /* an event's EventSize runs past the end of the log */

	/* Fine codes: which structural check of a PE/COFF file failed (all "malformed"). */
	SB_E_PE_DOS_TRUNCATED    = -100, /* shorter than the 64-byte DOS header */
	SB_E_PE_DOS_MAGIC        = -101, /* no "MZ" */
	SB_E_PE_LFANEW           = -102, /* e_lfanew outside the file, wrapping or misaligned */
	SB_E_PE_SIGNATURE        = -103, /* no "PE\0\0" */
	SB_E_PE_COFF_TRUNCATED   = -104, /* COFF file header past the end */
	SB_E_PE_OPT_TRUNCATED    = -105, /* optional header past the end / SizeOfOptionalHeader too small */
	SB_E_PE_OPT_MAGIC        = -106, /* not PE32+ (0x20b) */
	SB_E_PE_DATADIR          = -107, /* NumberOfRvaAndSizes inconsistent with the optional header */
	SB_E_PE_SECTION_COUNT    = -108, /* NumberOfSections zero or above the limit */
	SB_E_PE_SECTION_TABLE    = -109, /* section table past SizeOfHeaders or the file */
	SB_E_PE_SECTION_RAW      = -110, /* a section's raw data past the end or overflowing */
	SB_E_PE_SECTION_VIRT     = -111, /* a section's virtual range past SizeOfImage or overflowing */
	SB_E_PE_HEADERS_SIZE     = -112, /* SizeOfHeaders past the file or smaller than the headers */
	SB_E_PE_CERT_TABLE       = -113, /* certificate table outside the file or overlapping headers/sections */
	SB_E_PE_CERT_ALIGN       = -114, /* certificate table or an entry not 8-byte aligned */
	SB_E_PE_CERT_ENTRY       = -115, /* WIN_CERTIFICATE dwLength < 8 or past the table */
	SB_E_PE_CERT_TYPE        = -116, /* WIN_CERTIFICATE revision/type not PKCS#7 v2 */
	SB_E_PE_SECTION_GAP      = -117, /* sections' raw data not back to back from SizeOfHeaders:
	                                    bytes Authenticode would skip or hash twice */

	/* Fine codes: which rule of a unified kernel image failed (lib/uki.h; all "malformed"). */
	SB_E_UKI_DUPLICATE       = -130, /* a UKI section (.linux, .cmdline, ...) occurs twice */
	SB_E_UKI_OVERLAP         = -131, /* a UKI section's memory range overlaps another section or the headers */
	SB_E_UKI_VSIZE           = -132, /* .linux/.initrd/.cmdline VirtualSize > SizeOfRawData */
	SB_E_UKI_EMPTY_LINUX     = -133, /* .linux with VirtualSize 0 */

	/* Fine codes: EFI signature lists and DER. */
	SB_E_ESL_TRUNCATED       = -200, /* header or list past the buffer */
	SB_E_ESL_SIZE            = -201, /* SignatureListSize / SignatureSize inconsistent */
	SB_E_ESL_TYPE            = -202, /* signature type not the one expected */
	SB_E_DER                 = -203, /* DER outer SEQUENCE length does not match */

	/* Fine codes of well-formed variants not handled (all "unsupported"; -300..-399). */
	SB_E_UKI_PROFILE         = -300, /* multi-profile UKI (.profile sections) */
	SB_E_UKI_UCODE           = -301, /* UKI with a .ucode (microcode initrd) section */
	SB_E_UKI_CMDLINE         = -302, /* UKI .cmdline with bytes >= 0x80 (UTF-8 through the stub's UTF-16) */
};

/* Map any code to its coarse class (fine -300..-399 codes become SB_E_UNSUPPORTED, every other
   fine code SB_E_MALFORMED). */
static inline int sb_error_class(int err)
{
	if (err <= -300 && err > -400)
		return SB_E_UNSUPPORTED;
	if (err <= -100)
		return SB_E_MALFORMED;
	return err;
}

/* Short stable name of a code, e.g. "pe-lfanew"; never NULL. Implemented in lib/sb-error.c. */
const char *sb_strerror(int err);

/*
 * Codes of other parts (kexec/x86_64 owns -600..-799, each module a block of 20) are named by
 * those parts: they register a range once, and sb_strerror() asks its name function for codes
 * in [last, first] (first >= last: codes are negative). The caller owns the struct (static
 * storage; no allocation, so EFI and freestanding builds may use it too); registering the same
 * struct twice is a no-op. A name function returns NULL for a code of its range it does not
 * know, and sb_strerror() then says "unknown-error".
 */
struct sb_error_range {
	int first, last;
	const char *(*name)(int err);
	struct sb_error_range *next;     /* sb_error_register()'s list */
};
void sb_error_register(struct sb_error_range *range);

#endif
