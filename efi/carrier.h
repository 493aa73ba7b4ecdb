/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key carrier logic: decide which carried certs to publish and publish them through firmware ops. */
#ifndef SB_CARRIER_H
#define SB_CARRIER_H

#include <stddef.h>
#include <stdint.h>
#include "efi-guid.h"
#include "signature-list.h"
#include "keycarrier.h"

/*
 * This file and the carrier logic (efi/carrier-{publish,plan,commit,measure,options,console}.c)
 * are compiled twice: freestanding for the EFI stub (efi/carrier-main.c supplies ops backed by
 * the real firmware) and for the host tests (tests/fake-efi.c supplies a fake variable store,
 * config-table list, shim flag and TPM log).
 */

/* UEFI 2.10 §8.2 variable attributes. */
#define CARRIER_VAR_NV  0x00000001u
#define CARRIER_VAR_BS  0x00000002u
#define CARRIER_VAR_RT  0x00000004u
#define CARRIER_VAR_VOLATILE_RT (CARRIER_VAR_BS | CARRIER_VAR_RT)

/* KeyCarrierRT (volatile BS|RT, vendor SB_GUID_SBKEXEC): format and parser in lib/keycarrier.h. */

/* Names as the firmware sees them (ASCII here; the EFI ops widen them to UCS-2). */
#define CARRIER_VAR_MOKLIST    "MokListRT"
#define CARRIER_VAR_MOKLISTX   "MokListXRT"
#define CARRIER_VAR_RECORD     "KeyCarrierRT"
#define CARRIER_VAR_MOKTRUSTED "MokListTrustedRT"

/*
 * Firmware services the logic needs. Every function returns 0 or a negative SB_E_* code.
 * get_variable: SB_E_NOT_FOUND when absent; on success *data is an ops->alloc buffer the
 *   caller frees with ops->free (len may be 0).
 * set_variable: len 0 deletes (attrs ignored then); deleting an absent variable is an error
 *   the logic never relies on.
 * find_config_table: NULL when absent; else the table and *avail = bytes readable from it
 *   (the rest of its memory region), which bounds parsing.
 */
struct carrier_ops {
	void *ctx;
	int (*get_variable)(void *ctx, const char *name, const sb_guid *vendor, uint32_t *attrs,
			    uint8_t **data, size_t *len);
	int (*set_variable)(void *ctx, const char *name, const sb_guid *vendor, uint32_t attrs,
			    const void *data, size_t len);
	void *(*alloc)(void *ctx, size_t len);
	void (*free)(void *ctx, void *p);
	void *(*alloc_runtime)(void *ctx, size_t len);  /* EfiRuntimeServicesData */
	void (*free_runtime)(void *ctx, void *p);
	const void *(*find_config_table)(void *ctx, const sb_guid *guid, size_t *avail);
	int (*install_config_table)(void *ctx, const sb_guid *guid, void *table);
	void (*print)(void *ctx, const char *line);  /* one line, no newline */
	/*
	 * shim_present (may be NULL: no): shim's SHIM_LOCK protocol is installed, i.e. shim
	 * started this boot chain and verifies what is loaded after us, reading the live
	 * MokListRT variable as its allow-list (shim 16.1 verify.c check_allowlist()).
	 */
	int (*shim_present)(void *ctx);
	/*
	 * measure (may be NULL: no TPM): extend PCR `pcr` with the SHA-256 (every active bank) of
	 * data[0..len) and log it as an event of `type` with that data (EFI_TCG2_PROTOCOL
	 * HashLogExtendEvent). 0, SB_E_NOT_FOUND when there is no TPM, another code on failure.
	 */
	int (*measure)(void *ctx, uint32_t pcr, uint32_t type, const uint8_t *data, size_t len);
};

enum carrier_decision {
	CARRIER_PUBLISHED = 1,      /* appended to MokListRT */
	CARRIER_ALREADY_PRESENT,    /* already in MokListRT (e.g. enrolled MOK, earlier carrier) */
	CARRIER_DUPLICATE,          /* the same cert appears earlier in this .keylist */
	CARRIER_REVOKED_DBX,
	CARRIER_REVOKED_MOKX,
};

struct carrier_cert {
	enum carrier_decision decision;
	enum esl_revocation how;    /* for the revoked decisions */
	uint8_t sha256[32];         /* of the DER */
};

#define CARRIER_MAX_CERTS 64

struct carrier_result {
	int secure_boot;            /* -1 unknown, else the variable's value */
	int setup_mode;
	int shim;                   /* shim was found (ops->shim_present) */
	int variable_left;          /* behind shim, MokListRT was deliberately not extended */
	unsigned ncerts;
	struct carrier_cert certs[CARRIER_MAX_CERTS];
	unsigned published, present, skipped;
	int measured;               /* 1: measured (CARRIER_EVENT_PCR), 0: no TPM, <0: it failed */
	int table_updated;          /* the MOK config table was rebuilt */
	int table_created;          /* ... or created (opt-in) */
};

/*
 * Opt-in (`.options` line "machine-keyring", make-carrier --machine-keyring): when no MOK config
 * table is installed, create one holding MokListRT and MokListTrustedRT (= 1). Linux then puts
 * the certs into .machine (linked into .secondary_trusted_keys: trusted for modules as well).
 * An existing table (shim's) keeps shim's own MokListTrustedRT decision.
 */
#define CARRIER_OPT_MACHINE_KEYRING 0x1u
#define CARRIER_OPTION_MACHINE_KEYRING "machine-keyring"

/*
 * Least privilege toward shim. Behind shim (shim_present) the carrier publishes through shim's
 * MOK config table (which Linux >= 5.10 reads instead of the variable) and KeyCarrierRT only,
 * and leaves the MokListRT variable as shim made it: extending it would make shim trust every
 * image signed by a carried key for the rest of this boot. Opt-in (`.options` "shim-allowlist",
 * make-carrier --shim-allowlist): extend the variable as well, deliberately widening shim's
 * allow-list. Behind shim without a table holding MokListRT the variable is the only way to
 * Linux, so without the opt-in nothing is published.
 */
#define CARRIER_OPT_SHIM_ALLOWLIST 0x2u
#define CARRIER_OPTION_SHIM_ALLOWLIST "shim-allowlist"

/*
 * Validate `keylist`, check every cert against dbx and MokListXRT, then publish: MokListRT,
 * the MOK config table when one is installed (or created, see the opt-in), KeyCarrierRT.
 * All-or-nothing: returns 0 when everything was written, else a negative code with the
 * firmware state as it was before (as far as the firmware lets a write be undone). *res is
 * filled in either case (zeroed first). Prints one line per decision and per failure.
 */
int carrier_publish(const struct carrier_ops *ops, const uint8_t *keylist, size_t keylist_len,
		    unsigned options, struct carrier_result *res);

/*
 * Parse an `.options` section: lines of words (LF or NUL separated). Unknown words are named
 * on the console and ignored (they can only be opt-ins a newer tool knows). Returns the flags.
 */
unsigned carrier_parse_options(const struct carrier_ops *ops, const uint8_t *p, size_t len);

#endif
