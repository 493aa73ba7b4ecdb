/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The target keyring: find or create it, add certificates all-or-nothing, list it (libkeyutils). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>
#include <openssl/x509v3.h>

#include "lib/der.h"
#include "kl.h"

#define KL_DEFAULT_RING "kexec"

/*
 * Permissions (security/keys/internal.h, Documentation/security/keys/core.rst). The kexec binary
 * runs as root and finds the ring through @u, which makes it a possessor; the "user" bits let a
 * root process that only knows the id (another session, a service) search and verify as well.
 * Nobody but a possessor may add to or unlink from the ring; keys are never writable and lose
 * SETATTR, so their permissions stay as set here. KEYCTL_PKEY_VERIFY needs Search on the key.
 */
#define KL_RING_PERM (KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_SEARCH)
#define KL_KEY_PERM  (KEY_POS_VIEW | KEY_POS_READ | KEY_POS_SEARCH | KEY_POS_LINK | \
		      KEY_USR_VIEW | KEY_USR_READ | KEY_USR_SEARCH)

/* A kernel keyring such as .secondary_trusted_keys is not reachable by name: find it in /proc/keys. */
static key_serial_t find_in_proc_keys(const char *name)
{
	FILE *f = fopen("/proc/keys", "re");
	char line[512], desc[256];
	key_serial_t found = 0;
	unsigned id;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		/* "<id> <flags> <usage> <timeout> <perm> <uid> <gid> <type> <description>: <summary>" */
		if (sscanf(line, "%x %*s %*s %*s %*s %*s %*s keyring %255[^:]", &id, desc) == 2 &&
		    strcmp(desc, name) == 0) {
			found = (key_serial_t)id;
			break;
		}
	}
	fclose(f);
	return found;
}

int32_t kl_ring_find(const char *name)
{
	key_serial_t id;
	char *end;
	long n;

	if (!name)
		name = KL_DEFAULT_RING;
	n = strtol(name, &end, 0);
	if (*name && *end == '\0' && n > 0)
		return (int32_t)n;
	/* As kexec/keyring.c looks it up: under @u, then @s. */
	id = keyctl_search(KEY_SPEC_USER_KEYRING, "keyring", name, 0);
	if (id < 0)
		id = keyctl_search(KEY_SPEC_SESSION_KEYRING, "keyring", name, 0);
	if (id < 0)
		id = find_in_proc_keys(name);
	return id > 0 ? id : 0;
}

/* Find the ring; create the default one (or any name not starting with '.') under @u. */
static int ring_open(const struct kl_opts *o, key_serial_t *ring, bool *created)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	key_serial_t id;

	*created = false;
	id = kl_ring_find(name);
	if (id > 0) {
		*ring = id;
		return KL_EXIT_OK;
	}
	/* Kernel keyrings (".secondary_trusted_keys") exist or not; they are never created here. */
	if (name[0] == '.') {
		kl_error("keyring '%s' not found", name);
		return KL_EXIT_FAILED;
	}
	if (o->dry_run) {
		printf("dry-run: would create keyring '%s' under the user keyring\n", name);
		*ring = 0;
		return KL_EXIT_OK;
	}
	/* add_key of a keyring replaces a same-named one in @u: only reached when none exists. */
	id = add_key("keyring", name, NULL, 0, KEY_SPEC_USER_KEYRING);
	if (id < 0) {
		kl_error("cannot create keyring '%s' under the user keyring: %s", name, strerror(errno));
		return KL_EXIT_FAILED;
	}
	if (keyctl_setperm(id, KL_RING_PERM) != 0) {
		kl_error("keyring '%s' (%d): cannot set its permissions: %s", name, id, strerror(errno));
		keyctl_unlink(id, KEY_SPEC_USER_KEYRING);
		return KL_EXIT_FAILED;
	}
	printf("keyring: created '%s' (id %d) under the user keyring, permissions %08x\n", name, id,
	       KL_RING_PERM);
	*ring = id;
	*created = true;
	return KL_EXIT_OK;
}

/* keyctl_search for an asymmetric key whose id is exactly `id` (the kernel's "ex:" match). */
static key_serial_t find_id(key_serial_t ring, const uint8_t *id, size_t len, const char *what)
{
	char *desc = malloc(3 + 2 * len + 1);
	key_serial_t key;

	if (!desc || len == 0) {
		free(desc);
		return -1;
	}
	memcpy(desc, "ex:", 3);
	kx_hex(id, len, desc + 3, 2 * len + 1);
	key = keyctl_search(ring, "asymmetric", desc, 0);
	kx_explain("keyring lookup by %s %s: %s", what, desc, key >= 0 ? "found" : strerror(errno));
	free(desc);
	return key;
}

/*
 * Is this certificate's key already in the ring? The kernel's X.509 key ids
 * (crypto/asymmetric_keys/x509_public_key.c): the SKID, and serial||issuer. The SKID lookup is
 * the one seen to work on Debian 6.1 (kexec uses it too); serial||issuer is tried with the
 * issuer Name's full DER and with its content octets, for certificates without a SKID.
 */
static key_serial_t find_cert(key_serial_t ring, X509 *cert)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(cert);
	const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
	unsigned char *ser = NULL, *iss = NULL, *id = NULL;
	int ser_len, iss_len, variant;
	size_t hdr = 2, iss_hdr, tag_len, content_len;
	uint8_t tag;
	key_serial_t key = -1;

	if (skid && ASN1_STRING_length(skid) > 0) {
		key = find_id(ring, ASN1_STRING_get0_data(skid), (size_t)ASN1_STRING_length(skid), "SKID");
		if (key >= 0)
			return key;
	}
	ser_len = i2d_ASN1_INTEGER((ASN1_INTEGER *)serial, &ser);
	iss_len = i2d_X509_NAME(X509_get_issuer_name(cert), &iss);
	if (ser_len < 2 || iss_len <= 0)
		goto out;
	if (ser[1] & 0x80)
		hdr += ser[1] & 0x7f;
	if ((size_t)ser_len <= hdr ||
	    der_read_tlv(iss, (size_t)iss_len, &tag, &tag_len, &content_len) != 0)
		goto out;
	id = malloc((size_t)ser_len - hdr + (size_t)iss_len);
	if (!id)
		goto out;
	for (variant = 0; variant < 2 && key < 0; variant++) {
		iss_hdr = variant == 0 ? 0 : tag_len;
		memcpy(id, ser + hdr, (size_t)ser_len - hdr);
		memcpy(id + ser_len - hdr, iss + iss_hdr, (size_t)iss_len - iss_hdr);
		key = find_id(ring, id, (size_t)ser_len - hdr + (size_t)iss_len - iss_hdr,
			      variant == 0 ? "serial+issuer DER" : "serial+issuer content");
	}
out:
	free(id);
	OPENSSL_free(ser);
	OPENSSL_free(iss);
	return key;
}

static const char *refusal(int err)
{
	switch (err) {
	case ENOKEY:      return "the keyring is restricted and no key in its trust chain vouches for "
				 "this certificate (ENOKEY)";
	case EKEYREJECTED: return "the kernel rejected the certificate's signature (EKEYREJECTED)";
	case EBADMSG:     return "the kernel cannot parse the certificate (EBADMSG)";
	case EACCES:      return "permission denied on the keyring (EACCES)";
	case EPERM:       return "operation not permitted (EPERM)";
	case EDQUOT:      return "key quota exceeded (EDQUOT)";
	default:          return strerror(err);
	}
}

int kl_ring_add_all(const struct kl_opts *o, const struct kl_certlist *certs)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	key_serial_t ring = 0, *added = NULL;
	unsigned i, nadded = 0, present = 0;
	bool created = false;
	int rc, err;

	rc = ring_open(o, &ring, &created);
	if (rc != KL_EXIT_OK)
		return rc;
	added = calloc(certs->n ? certs->n : 1, sizeof(*added));
	if (!added) {
		kl_error("out of memory");
		rc = KL_EXIT_FAILED;
		goto undo;
	}
	for (i = 0; i < certs->n; i++) {
		const struct kl_cert *c = &certs->certs[i];
		key_serial_t key;

		if (c->revoked || c->duplicate) {
			printf("skipped (%s): %s\n", c->revoked ? "revoked" : "duplicate", c->name);
			continue;
		}
		/* The kernel keeps one link per type+description, but a second add_key(2) makes a
		 * new key that displaces the first: look it up, so a re-run changes nothing. */
		if (ring > 0 && (key = find_cert(ring, c->x509)) > 0) {
			printf("already in keyring '%s' as key %d: %s\n", name, key, c->name);
			present++;
			continue;
		}
		if (o->dry_run) {
			printf("dry-run: would add to keyring '%s': %s\n", name, c->name);
			continue;
		}
		key = add_key("asymmetric", "", c->der, c->der_len, ring);
		if (key < 0) {
			err = errno;
			kl_error("keyring '%s' (%d): the kernel refused %s: %s", name, ring, c->name,
				 refusal(err));
			rc = KL_EXIT_KERNEL_REFUSED;
			goto undo;
		}
		added[nadded++] = key;
		/* Keys in a kernel keyring keep the kernel's permissions (setperm: EACCES there). */
		if (name[0] != '.' && keyctl_setperm(key, KL_KEY_PERM) != 0)
			fprintf(stderr, "key-loader: warning: key %d: cannot set permissions %08x: %s\n",
				key, KL_KEY_PERM, strerror(errno));
		printf("added to keyring '%s' (%d) as key %d: %s\n", name, ring, key, c->name);
	}
	printf("load: %u added, %u already present, %u skipped\n", nadded, present,
	       certs->n - certs->usable);
	free(added);
	return KL_EXIT_OK;
undo:
	/* All or nothing: what this run added goes again (and the ring, if this run made it). */
	while (nadded > 0) {
		key_serial_t k = added[--nadded];

		if (keyctl_unlink(k, ring) != 0)
			kl_error("rollback: cannot unlink key %d from keyring %d: %s", k, ring, strerror(errno));
		else
			printf("rollback: key %d unlinked from keyring '%s'\n", k, name);
	}
	if (created && keyctl_unlink(ring, KEY_SPEC_USER_KEYRING) == 0)
		printf("rollback: keyring '%s' removed again\n", name);
	free(added);
	return rc;
}

/* One line per key from KEYCTL_DESCRIBE: "type;uid;gid;perm;description". */
static void print_key(key_serial_t key)
{
	char *desc = NULL, *field[4], *p;
	int i;

	if (keyctl_describe_alloc(key, &desc) < 0) {
		printf("  %d: (cannot describe: %s)\n", key, strerror(errno));
		return;
	}
	p = desc;
	for (i = 0; i < 4; i++) {
		field[i] = p;
		p = p ? strchr(p, ';') : NULL;
		if (p)
			*p++ = '\0';
	}
	printf("  %d: %s '%s' (uid %s, perm %s)\n", key, field[0], p ? p : "?",
	       field[1] ? field[1] : "?", field[3] ? field[3] : "?");
	free(desc);
}

int kl_ring_list(const struct kl_opts *o)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	key_serial_t ring = kl_ring_find(name), *keys;
	void *buf = NULL;
	long n, i;

	if (ring <= 0) {
		kl_error("keyring '%s' not found", name);
		return KL_EXIT_FAILED;
	}
	/* KEYCTL_READ of a keyring: the serials of its keys, 4 bytes each. */
	n = keyctl_read_alloc(ring, &buf);
	if (n < 0) {
		kl_error("keyring '%s' (%d): cannot read it: %s", name, ring, strerror(errno));
		return KL_EXIT_FAILED;
	}
	keys = buf;
	printf("keyring '%s' (id %d): %ld key(s)\n", name, ring, n / 4);
	for (i = 0; i < n / 4; i++)
		print_key(keys[i]);
	free(buf);
	return KL_EXIT_OK;
}
