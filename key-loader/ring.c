/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The target keyring: find or create it, add certificates all-or-nothing, list it (libkeyutils). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>

#include "verifier/keyring.h"
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

/* Find the ring; create the default one (or any name not starting with '.') under @u. */
static int ring_open(const struct kl_opts *o, key_serial_t *ring, bool *created)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	key_serial_t id;

	*created = false;
	id = vf_keyring_find(name);
	if (id > 0) {
		*ring = id;
		return VF_EXIT_OK;
	}
	if (id < 0) {
		vf_error("keyring '%s': cannot read /proc/keys to find it: %s", name, strerror(errno));
		return VF_EXIT_FAILED;
	}
	/* Kernel keyrings (".secondary_trusted_keys") exist or not; they are never created here. */
	if (name[0] == '.') {
		vf_error("keyring '%s' not found", name);
		return VF_EXIT_FAILED;
	}
	if (o->dry_run) {
		printf("dry-run: would create keyring '%s' under the user keyring\n", name);
		*ring = 0;
		return VF_EXIT_OK;
	}
	/* add_key of a keyring replaces a same-named one in @u: only reached when none exists. */
	id = add_key("keyring", name, NULL, 0, KEY_SPEC_USER_KEYRING);
	if (id < 0) {
		vf_error("cannot create keyring '%s' under the user keyring: %s", name, strerror(errno));
		return VF_EXIT_FAILED;
	}
	if (keyctl_setperm(id, KL_RING_PERM) != 0) {
		vf_error("keyring '%s' (%d): cannot set its permissions: %s", name, id, strerror(errno));
		keyctl_unlink(id, KEY_SPEC_USER_KEYRING);
		return VF_EXIT_FAILED;
	}
	printf("keyring: created '%s' (id %d) under the user keyring, permissions %08x\n", name, id,
	       KL_RING_PERM);
	*ring = id;
	*created = true;
	return VF_EXIT_OK;
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
	if (rc != VF_EXIT_OK)
		return rc;
	added = calloc(certs->n ? certs->n : 1, sizeof(*added));
	if (!added) {
		vf_error("out of memory");
		rc = VF_EXIT_FAILED;
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
		if (ring > 0 && (key = vf_keyring_find_cert(ring, c->x509)) > 0) {
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
			vf_error("keyring '%s' (%d): the kernel refused %s: %s", name, ring, c->name,
				 refusal(err));
			rc = VF_EXIT_KERNEL_REFUSED;
			goto undo;
		}
		added[nadded++] = key;
		/* Keys in a kernel keyring keep the kernel's permissions (setperm: EACCES there). */
		if (name[0] != '.' && keyctl_setperm(key, KL_KEY_PERM) != 0)
			vf_warn("key %d: cannot set permissions %08x: %s", key, KL_KEY_PERM, strerror(errno));
		printf("added to keyring '%s' (%d) as key %d: %s\n", name, ring, key, c->name);
	}
	printf("load: %u added, %u already present, %u skipped\n", nadded, present,
	       certs->n - certs->usable);
	free(added);
	return VF_EXIT_OK;
undo:
	/* All or nothing: what this run added goes again (and the ring, if this run made it). */
	while (nadded > 0) {
		key_serial_t k = added[--nadded];

		if (keyctl_unlink(k, ring) != 0)
			vf_error("rollback: cannot unlink key %d from keyring %d: %s", k, ring, strerror(errno));
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
	key_serial_t ring = vf_keyring_find(name), *keys;
	void *buf = NULL;
	long n, i;

	if (ring <= 0) {
		vf_error("keyring '%s' not found", name);
		return VF_EXIT_FAILED;
	}
	/* KEYCTL_READ of a keyring: the serials of its keys, 4 bytes each. */
	n = keyctl_read_alloc(ring, &buf);
	if (n < 0) {
		vf_error("keyring '%s' (%d): cannot read it: %s", name, ring, strerror(errno));
		return VF_EXIT_FAILED;
	}
	keys = buf;
	printf("keyring '%s' (id %d): %ld key(s)\n", name, ring, n / 4);
	for (i = 0; i < n / 4; i++)
		print_key(keys[i]);
	free(buf);
	return VF_EXIT_OK;
}
