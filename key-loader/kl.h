/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key-loader: command-line model, its own exit codes and the interfaces between its files. */
#ifndef KL_H
#define KL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "verifier/exit-codes.h"
#include "verifier/verifier.h"

/*
 * Exit codes: the shared table (verifier/exit-codes.h: 0, 1, 10-15 for the verdict on the
 * carrier file or a certificate list, 20 when add_key(2) refused a certificate and nothing from
 * this run stays, 255) plus key-loader's own four, in the range that table leaves it.
 */
enum kl_exit {
	KL_EXIT_NO_RECORD    = 16,  /* import-firmware: no KeyCarrierRT (no carrier ran this boot) */
	KL_EXIT_NOT_FIRMWARE = 17,  /* import-firmware: KeyCarrierRT not volatile BS|RT, or Secure Boot off */
	KL_EXIT_NOT_IN_KERNEL = 18, /* import-firmware, status: recorded certs the kernel did not get (crosscheck.c) */
	KL_EXIT_TPM_MISMATCH = 19,  /* status: the TPM event log disagrees with the TPM or KeyCarrierRT (tpm-log.c) */
};

enum kl_command { KL_CMD_NONE, KL_CMD_STATUS, KL_CMD_VERIFY, KL_CMD_LOAD, KL_CMD_IMPORT, KL_CMD_LIST };

struct kl_opts {
	enum kl_command cmd;
	const char *carrier;        /* verify/load operand */
	const char *trust[VF_MAX_TRUST];
	unsigned ntrust;
	const char *keyring;        /* --keyring NAME; NULL: "kexec" under root's user keyring */
	const char *efivars_dir;    /* --efivars DIR (tests); NULL: /sys/firmware/efi/efivars */
	const char *dbx_file, *mokx_file, *blacklist_file;
	const char *lockdown_file;
	/* The kernel's view (crosscheck.c, tpm-log.c); with --efivars only what these name is read. */
	const char *mokvars_dir;    /* --mok-variables DIR; NULL: /sys/firmware/efi/mok-variables */
	const char *kernel_keys_file;  /* --kernel-keys FILE instead of listing .machine and .platform */
	const char *tpm_log_file, *tpm_pcr_file;   /* --tpm-log FILE, --tpm-pcr FILE */
	bool include_unconfirmed;   /* import-firmware: also the recorded certs the kernel did not get */
	bool no_system_revocation;
	bool dry_run;               /* load/import-firmware: everything but add_key(2) */
	bool help, version;
};

/* options.c */
int kl_parse_args(int argc, char **argv, struct kl_opts *o);
void kl_usage(void);

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
	bool not_in_kernel;         /* crosscheck.c: recorded, but the kernel did not get it */
};
struct kl_certlist {
	struct kl_cert *certs;
	unsigned n, usable;
};
/*
 * Parse every entry of an X.509 ESL buffer with OpenSSL (each must be exactly one certificate)
 * and check it against r (NULL: not checked). SB_OK, or SB_E_MALFORMED with *v filled (list
 * untouched).
 */
int kl_certlist_parse(const uint8_t *esl, size_t len, const struct vf_revocation *r,
		      struct kl_certlist *out, struct vf_verdict *v);
void kl_certlist_print(const struct kl_certlist *l);
void kl_certlist_free(struct kl_certlist *l);

/* anchors.c: the verifier's configuration, and the firmware's anchors (db + MokListRT). */
void kl_verifier_config(const struct kl_opts *o, struct vf_config *c);
/* Without --trust: add db and MokListRT (as the firmware and shim left them) to ctx's anchors. */
int kl_firmware_anchors(const struct kl_opts *o, struct vf_ctx *ctx, struct vf_verdict *v);
/* Is the image's Authenticode SHA-256 (as the firmware computes it) listed in db? Never with --trust.
   1 yes, 0 no, SB_E_IO when SetupMode or db is there but cannot be read. */
int kl_db_lists_image(const struct kl_opts *o, const struct vf_verdict *v);

/* carrier.c: verify a carrier file, then parse its .keylist. Returns an exit code. */
int kl_carrier_check(const struct kl_opts *o, struct vf_ctx *ctx, uint8_t **file,
		     struct kl_certlist *certs);

/* ring.c: the target keyring and adding to it. Return exit codes. */
int kl_ring_add_all(const struct kl_opts *o, const struct kl_certlist *certs);
int kl_ring_list(const struct kl_opts *o);

/*
 * ima-ring.c: the IMA keyrings ("_ima", or the kernel's ".ima" with
 * CONFIG_INTEGRITY_TRUSTED_KEYRING), as targets of load and import-firmware.
 */
bool kl_ima_target(const char *name);
/* The name fits this kernel (".ima" in /proc/keys or not); an exit code, the error printed. */
int kl_ima_check_kernel(const char *name);
/* May the certificate be an IMA key (the kernel's .ima rule, kexec's signer rules)? *why if not. */
bool kl_ima_key_fit(X509 *cert, char *why, size_t len);
/* The "_ima" that request_key(2) finds from this process, as the kernel would; 0 if none. */
int32_t kl_ima_lookup(void);
/* After loading "_ima": whether request_key finds it, and a warning when the session
   key-loader was started in (caller_reached false) does not reach root's user keyring. */
void kl_ima_report_lookup(int32_t ring, bool caller_reached);
/* What ".ima" needs, after the kernel refused a certificate with ENOKEY. */
void kl_ima_refusal_hint(const char *name);
/* status: the IMA keyring this kernel appraises with, and whether this process finds it. */
void kl_ima_status(void);

/* firmware.c: import-firmware. */
int kl_import_firmware(const struct kl_opts *o, const struct vf_revocation *r);

/*
 * record.c: KeyCarrierRT as import-firmware takes it: Secure Boot on, attributes exactly
 * volatile BS|RT, a valid record; its certificates checked against r (NULL: not checked).
 * VF_EXIT_OK with *rec filled (free with kl_record_free), else an exit code with why[] set and
 * nothing printed. A record without certificates is VF_EXIT_OK with rec->certs.n == 0.
 */
struct kl_record {
	uint8_t *data;              /* the variable's data: the certificates point into it */
	size_t len;
	uint32_t attrs, carriers;
	struct kl_certlist certs;
};
int kl_record_load(const struct kl_opts *o, const struct vf_revocation *r, struct kl_record *rec,
		   char *why, size_t why_len);
void kl_record_free(struct kl_record *rec);

/*
 * crosscheck.c: what the kernel read as MokListRT (the MOK config table's entry, else the
 * variable) and the keys of .machine/.platform, against KeyCarrierRT (efi/README.md, "What
 * key-loader compares").
 */
struct kl_kernel_key;
struct kl_kernel_view {
	char source[512];           /* "the MOK config table's MokListRT (PATH)", ... */
	const char *hint;           /* what a cert missing from it suggests */
	uint8_t *list;              /* the list the kernel read; NULL: none counts */
	size_t list_len;
	int entries;
	bool keys_checked;          /* false: --efivars without --kernel-keys */
	char keys[256];             /* ".machine 2 key(s), .platform 1 key(s)" */
	struct kl_kernel_key *key;
	size_t nkeys;
};
/* SB_OK; SB_E_IO (cannot be read: fail closed) or SB_E_MALFORMED, with *v saying which file. */
int kl_kernel_view_open(const struct kl_opts *o, struct kl_kernel_view *kv, struct vf_verdict *v);
void kl_kernel_view_close(struct kl_kernel_view *kv);
/* Set each cert's not_in_kernel, print one line per cert and a total; returns how many the
   kernel did not get. */
unsigned kl_crosscheck(const struct kl_kernel_view *kv, struct kl_certlist *certs);
/* status: the record, the kernel's view, the TPM log; 0 or the exit code of what disagrees. */
int kl_status_checks(const struct kl_opts *o);

/* tpm-log.c: the carrier's measured events, PCR 14's replay, against the record (NULL: none). */
int kl_tpm_status(const struct kl_opts *o, const struct kl_certlist *recorded);

/* status.c */
int kl_status(const struct kl_opts *o);

#endif
