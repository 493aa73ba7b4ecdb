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

/*
 * The kernel grants the possessor permissions (KL_RING_PERM's "pos" bits, everything
 * key-loader does to a ring under @u) only to a process that reaches the ring from its own
 * thread, process or session keyring. A process whose session keyring does not link root's
 * user keyring (a systemd service with the default KeyringMode=private, `keyctl session`) is not
 * a possessor: add_key(2) into the ring and keyctl_setperm() then fail with EACCES. Such a
 * process joins a session keyring of its own that links @u, what KeyringMode=shared does; the
 * session it was started in is not changed. *reached: whether that session already reached @u.
 */
static int ring_possess_user_keyring(bool *reached)
{
	key_serial_t user = keyctl_get_keyring_ID(KEY_SPEC_USER_KEYRING, 0);
	char *desc = NULL, *name;

	*reached = false;
	if (user < 0 || keyctl_describe_alloc(user, &desc) < 0) {
		vf_error("cannot look up root's user keyring: %s", strerror(errno));
		return VF_EXIT_FAILED;
	}
	/* "keyring;uid;gid;perm;_uid.0": request_key searches as the kernel would for us. */
	name = strrchr(desc, ';');
	*reached = name && request_key("keyring", name + 1, NULL, 0) == user;
	free(desc);
	if (*reached)
		return VF_EXIT_OK;
	if (keyctl_join_session_keyring(NULL) < 0 ||
	    keyctl_link(KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING) < 0) {
		vf_error("this process's session keyring does not link the user keyring, and a session "
			 "of its own that does cannot be made: %s", strerror(errno));
		return VF_EXIT_FAILED;
	}
	printf("keyring: this process's session keyring did not link the user keyring (systemd's "
	       "KeyringMode=private?): joined a session keyring of its own that links it\n");
	return VF_EXIT_OK;
}

/* Find the ring; create the default one (or any name not starting with '.') under @u. */
static int ring_open(const struct kl_opts *o, key_serial_t *ring, bool *created)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	key_serial_t id;

	*created = false;
	/* "_ima": the one the kernel's own lookup finds from here (ima-ring.c), else @u's. */
	id = strcmp(name, "_ima") == 0 ? kl_ima_lookup() : 0;
	if (id <= 0)
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

/* May c go into this ring? Every usable certificate may, except into an IMA keyring (ima-ring.c). */
static bool ring_takes(bool ima, const struct kl_cert *c, char *why, size_t len)
{
	return !ima || kl_ima_key_fit(c->x509, why, len);
}

int kl_ring_add_all(const struct kl_opts *o, const struct kl_certlist *certs)
{
	const char *name = o->keyring ? o->keyring : KL_DEFAULT_RING;
	bool ima = kl_ima_target(name);
	key_serial_t ring = 0, *added = NULL;
	unsigned i, nadded = 0, present = 0, takes = 0;
	bool created = false, reached = true;
	char why[256];
	int rc, err;

	if (ima) {
		rc = kl_ima_check_kernel(name);
		if (rc != VF_EXIT_OK)
			return rc;
		/* Nothing fit to be an IMA key: say so before a ring is made for nothing. */
		for (i = 0; i < certs->n; i++)
			if (!certs->certs[i].revoked && !certs->certs[i].duplicate &&
			    ring_takes(ima, &certs->certs[i], why, sizeof(why)))
				takes++;
		if (takes == 0) {
			vf_error("keyring '%s': none of the %u certificate(s) may be an IMA key (keyUsage "
				 "digitalSignature, not a CA, the signer rules of kexec); nothing added", name,
				 certs->n);
			return VF_EXIT_UNTRUSTED;
		}
	}
	/* Kernel keyrings (found in /proc/keys) are not reached through @u: nothing to possess. */
	if (name[0] != '.' && !o->dry_run) {
		rc = ring_possess_user_keyring(&reached);
		if (rc != VF_EXIT_OK)
			return rc;
	}
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
		if (!ring_takes(ima, c, why, sizeof(why))) {
			printf("skipped (not an IMA key: %s): %s\n", why, c->name);
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
			if (ima && err == ENOKEY)
				kl_ima_refusal_hint(name);
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
	       certs->n - (ima ? takes : certs->usable));
	if (strcmp(name, "_ima") == 0 && ring > 0)
		kl_ima_report_lookup(ring, reached);
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
