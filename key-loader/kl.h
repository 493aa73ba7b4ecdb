/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key-loader: command-line model, exit codes and the interfaces between its files. */
#ifndef KL_H
#define KL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "kexec/cli.h"
#include "kexec/report.h"
#include "kexec/revocation.h"
#include "kexec/trust.h"

/*
 * Exit codes. 10-15 and 20 are the kexec binary's (kexec/exit-codes.h) where they mean the same
 * thing: the verdict on the carrier file. Priority as there: malformed > revoked > rejected >
 * unsupported > untrusted > unsigned.
 */
enum kl_exit {
	KL_EXIT_OK             = 0,
	KL_EXIT_USAGE          = 1,
	KL_EXIT_MALFORMED      = 10,  /* carrier not a PE file / bad signature blob / bad .keylist; bad KeyCarrierRT */
	KL_EXIT_UNSIGNED       = 11,  /* carrier has no signature */
	KL_EXIT_UNTRUSTED      = 12,  /* signed, but no anchor (db, MokListRT, --trust) for its signer */
	KL_EXIT_REJECTED       = 13,  /* bad signature or digest mismatch (tampered) */
	KL_EXIT_REVOKED        = 14,  /* the carrier or its signer is revoked, or every carried cert is */
	KL_EXIT_UNSUPPORTED    = 15,  /* a signature variant kexec's verifier does not handle */
	KL_EXIT_NO_RECORD      = 16,  /* import-firmware: no KeyCarrierRT (no carrier ran this boot) */
	KL_EXIT_NOT_FIRMWARE   = 17,  /* import-firmware: KeyCarrierRT not volatile BS|RT, or Secure Boot off */
	KL_EXIT_KERNEL_REFUSED = 20,  /* add_key(2) refused a certificate; nothing from this run stays */
	KL_EXIT_FAILED         = 255, /* anything else (I/O, no keyring, out of memory) */
};

enum kl_command { KL_CMD_NONE, KL_CMD_STATUS, KL_CMD_VERIFY, KL_CMD_LOAD, KL_CMD_IMPORT, KL_CMD_LIST };

struct kl_opts {
	enum kl_command cmd;
	const char *carrier;        /* verify/load operand */
	const char *trust[KX_MAX_TRUST];
	unsigned ntrust;
	const char *keyring;        /* --keyring NAME; NULL: "kexec" under root's user keyring */
	const char *efivars_dir;    /* --efivars DIR (tests); NULL: /sys/firmware/efi/efivars */
	const char *dbx_file, *mokx_file, *blacklist_file;
	const char *lockdown_file;
	bool no_system_revocation;
	bool dry_run;               /* load/import-firmware: everything but add_key(2) */
	bool help, version;
};

/* options.c */
int kl_parse_args(int argc, char **argv, struct kl_opts *o);
void kl_usage(void);
int kl_exit_from_verdict(int sb_err);

/* efivars.c: one variable from efivarfs (4 attribute bytes, then the data). */
#define KL_EFIVARS_DIR "/sys/firmware/efi/efivars"
#define KL_GUID_GLOBAL   "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define KL_GUID_IMGSEC   "d719b2cb-3d3a-4596-a3bc-dad00e67656f"
#define KL_GUID_SHIM     "605dab50-e046-4300-abb6-3dd810dd8b23"
#define KL_GUID_SBKEXEC  "5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301"
#define KL_ATTR_NV 0x1u
#define KL_ATTR_BS 0x2u
#define KL_ATTR_RT 0x4u
/* SB_OK, SB_E_NOT_FOUND (absent), SB_E_IO, SB_E_MALFORMED (shorter than the attributes). */
int kl_efivar_read(const char *dir, const char *name_guid, uint32_t *attrs, uint8_t **data, size_t *len);
/* First data byte of a one-byte variable (SecureBoot, SetupMode); -1 when absent or unreadable. */
int kl_efivar_u8(const char *dir, const char *name_guid);

/* certlist.c: the certificates of an X.509 signature-list buffer, each with its revocation state. */
struct kl_cert {
	X509 *x509;
	const uint8_t *der;         /* points into the caller's buffer */
	size_t der_len;
	char name[256];
	char skid[130];
	char sha256[65];
	bool revoked, duplicate;
	char why[448];              /* revocation reason */
};
struct kl_certlist {
	struct kl_cert *certs;
	unsigned n, usable;
};
/*
 * Parse every entry of an X.509 ESL buffer with OpenSSL (each must be exactly one certificate)
 * and check it against r. SB_OK, or SB_E_MALFORMED with *v filled (list untouched).
 */
int kl_certlist_parse(const uint8_t *esl, size_t len, const struct kx_revocation *r,
		      struct kl_certlist *out, struct kx_verdict *v);
void kl_certlist_print(const struct kl_certlist *l);
void kl_certlist_free(struct kl_certlist *l);

/* anchors.c: the revocation sources and the trust anchors (db + MokListRT, or --trust). */
void kl_kx_opts(const struct kl_opts *o, struct kx_opts *k);
int kl_anchors_open(const struct kl_opts *o, struct kx_trust *t, struct kx_verdict *v);
/* Is the image's Authenticode SHA-256 listed in db (hash enrolment)? Never with --trust. */
bool kl_db_lists_image(const struct kl_opts *o, const uint8_t *data, size_t len);

/* carrier.c: verify a carrier file, then parse its .keylist. Returns an exit code. */
int kl_carrier_check(const struct kl_opts *o, const struct kx_revocation *r, uint8_t **file,
		     struct kl_certlist *certs);

/* ring.c: the target keyring and adding to it. Return exit codes. */
int kl_ring_add_all(const struct kl_opts *o, const struct kl_certlist *certs);
int kl_ring_list(const struct kl_opts *o);
/* The keyring's id (without creating it); 0 when it does not exist. */
int32_t kl_ring_find(const char *name);

/* firmware.c: import-firmware. */
int kl_import_firmware(const struct kl_opts *o, const struct kx_revocation *r);

/* status.c */
int kl_status(const struct kl_opts *o);

/* Messages: "key-loader: ..." on stderr. */
void kl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
