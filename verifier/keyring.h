/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel keyrings from userspace (libkeyutils): finding a keyring, finding a certificate's key, using a key. */
#ifndef VF_KEYRING_H
#define VF_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "verifier/report.h"
#include "verifier/x509.h"

/*
 * The keyring called `name`: a numeric id; else a keyring of that description searched under
 * the user keyring (@u) then the session keyring (@s); else, for a kernel keyring (a name
 * starting with '.', such as .blacklist or .secondary_trusted_keys, which @u/@s do not reach),
 * the one owned by root in /proc/keys. Never another user's keyring of the same name that
 * /proc/keys happens to show. 0 when there is none; -1 when /proc/keys could not be read (an
 * I/O error, not its absence): callers fail closed rather than take that for "none".
 */
int32_t vf_keyring_find(const char *name);

/* Number of keys linked into the keyring (KEYCTL_READ returns 4 bytes per serial); -1 on error. */
long vf_keyring_count(int32_t ring);

/* An asymmetric key whose identifiers include exactly id[0..len) ("ex:<hex>"); -1 when none.
   `what` names the id in the --explain trace. */
int32_t vf_keyring_search_id(int32_t ring, const uint8_t *id, size_t len, const char *what);

/* The key the kernel made from this certificate, looked up by its SKID, then serial+issuer
   (struct vf_key_ids); -1 when the keyring has neither. */
int32_t vf_keyring_find_cert(int32_t ring, X509 *cert);

/* A key of `type` ("asymmetric", "blacklist") with this description in the ring; -1 when none. */
int32_t vf_keyring_search_desc(int32_t ring, const char *type, const char *desc);

/*
 * What can be learnt about an asymmetric key from userspace: its public-key algorithm as
 * /proc/keys describes it ("rsa", "ecdsa-nist-p256": public_key_describe()) and its size in bits
 * (KEYCTL_PKEY_QUERY). The certificate it came from is not readable (asymmetric keys have no
 * read method), so its extensions and TBS are not known. SB_OK or SB_E_NOT_FOUND / SB_E_IO.
 */
struct vf_key_info {
	char algo[32];
	unsigned bits;
};
int vf_keyring_key_info(int32_t key, struct vf_key_info *out);

/*
 * Let the kernel check s with key (KEYCTL_PKEY_VERIFY: the digest, not the message; "enc=pkcs1"
 * for RSA, "enc=x962" for ECDSA, the kernel's hash names). SB_OK, SB_E_REJECTED (the signature
 * does not verify), SB_E_UNSUPPORTED (a hash the kernel interface is not asked for), or
 * SB_E_UNTRUSTED (the key cannot be used: EACCES, EOPNOTSUPP...), with *v filled.
 */
int vf_keyring_pkey_verify(int32_t key, const struct vf_key_info *info, const struct vf_signed *s,
			   struct vf_verdict *v);

/*
 * The keys linked into `ring` (KEYCTL_READ) with the type and description KEYCTL_DESCRIBE gives
 * ("<CN>: <id hex>" for an X.509 key): this needs Read on the ring and View on each key, which
 * root has on the kernel's .machine and .platform, where searching is refused (their keys give
 * non-possessors View only; seen on Debian 6.1). Keys that cannot be described are left out.
 * Returns how many (*out freed with vf_keyring_keys_free), or -1 with errno set (ENOMEM when
 * an allocation failed: never a shorter list).
 */
struct vf_ring_key {
	int32_t id;
	char type[32];
	char *desc;
};
long vf_keyring_keys(int32_t ring, struct vf_ring_key **out);
void vf_keyring_keys_free(struct vf_ring_key *keys, long n);

#endif
