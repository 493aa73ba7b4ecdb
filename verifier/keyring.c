/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel keyrings from userspace: keyring lookup, key lookup by the kernel's X.509 ids, KEYCTL_PKEY_*. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>

#include "lib/sb-error.h"
#include "verifier/alloc-guard.h"
#include "verifier/keyring.h"

/*
 * /proc/keys lines (security/keys/proc.c proc_keys_show()): "<id hex> <flags> <usage> <timeout>
 * <perm> <uid> <gid> <type> <description>[: <details>]"; the type column is truncated to 9
 * characters ("asymmetri"). `want_id` 0: the first keyring of that description owned by root;
 * else the line of that key, whose details are copied to `details`. Returns the id, 0 when it
 * is not there (or there is no /proc/keys), -1 when /proc/keys could not be read through: then
 * nobody can tell whether it is there (a .blacklist read that stops early must not mean "none").
 */
/*
 * keyctl_search() as a key serial: keyutils returns a long, the kernel's key_serial_t is a
 * positive int32. -1 with errno set when nothing was found or the call failed.
 */
static int32_t serial_search(int32_t ring, const char *type, const char *desc)
{
	long r = keyctl_search(ring, type, desc, 0);

	if (r < 0)
		return -1;
	if (r > INT32_MAX) {
		errno = ERANGE;
		return -1;
	}
	return (int32_t)r;
}

static int32_t proc_keys_scan(const char *ring_name, int32_t want_id, char *details, size_t dlen)
{
	FILE *f = fopen("/proc/keys", "re");
	char line[1024], type[16];
	int32_t found = 0;
	unsigned id, uid;
	int desc_at;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f)) {
		/* NOLINTNEXTLINE(cert-err34-c): the kernel writes /proc/keys; hex serials and decimal uids in range */
		if (sscanf(line, "%x %*s %*s %*s %*s %u %*s %15s %n", &id, &uid, type, &desc_at) != 3)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (ring_name) {        /* by name (want_id unused), else by id */
			size_t n = strlen(ring_name);

			size_t at = (size_t)desc_at;    /* %n: a count of characters, never negative */

			if (strcmp(type, "keyring") == 0 && uid == 0 && strncmp(line + at, ring_name, n) == 0 &&
			    (line[at + n] == ':' || line[at + n] == '\0')) {
				found = (int32_t)id;
				break;
			}
		} else if ((int32_t)id == want_id) {
			/* The details follow the description after ": " (descriptions may hold ':'). */
			const char *d = strrchr(line + desc_at, ':');

			snprintf(details, dlen, "%s", d ? d + 1 + (d[1] == ' ') : "");
			found = (int32_t)id;
			break;
		}
	}
	if (!found && ferror(f))
		found = -1;
	(void)fclose(f);     /* a read stream: nothing to lose */
	return found;
}

int32_t vf_keyring_find(const char *name)
{
	key_serial_t id;
	char *end;
	long n;

	if (!name || !*name)
		return 0;
	n = strtol(name, &end, 0);
	if (*end == '\0' && n > 0 && n <= INT32_MAX)
		return (int32_t)n;
	/* DESIGN.md: the `kexec` keyring hangs off root's user keyring. */
	id = serial_search(KEY_SPEC_USER_KEYRING, "keyring", name);
	if (id < 0)
		id = serial_search(KEY_SPEC_SESSION_KEYRING, "keyring", name);
	/*
	 * /proc/keys lists every keyring the caller may view, other users' too: only the kernel's
	 * own are taken from it. add_key(2) refuses keyring descriptions starting with '.' from
	 * userspace (security/keys/keyctl.c), and proc_keys_scan() wants uid 0 as well.
	 */
	if (id < 0 && name[0] == '.' && (id = proc_keys_scan(name, 0, NULL, 0)) < 0)
		return -1;
	return id > 0 ? id : 0;
}

long vf_keyring_count(int32_t ring)
{
	long n = keyctl_read(ring, NULL, 0);

	return n < 0 ? -1 : n / 4;
}

int32_t vf_keyring_search_id(int32_t ring, const uint8_t *id, size_t len, const char *what)
{
	char *desc;
	key_serial_t key;

	if (ring <= 0 || len == 0 || len > 4096)
		return -1;
	desc = malloc(3 + 2 * len + 1);
	if (!desc) {
		vf_alloc_failed();     /* "not found" now would be a guess: the verdict fails closed */
		return -1;
	}
	memcpy(desc, "ex:", 3);
	vf_hex(id, len, desc + 3, 2 * len + 1);
	key = serial_search(ring, "asymmetric", desc);
	vf_explain("  keyring lookup %s %s: %s", what, desc, key >= 0 ? "found" : strerror(errno));
	free(desc);
	return key >= 0 ? key : -1;
}

int32_t vf_keyring_find_cert(int32_t ring, X509 *cert)
{
	struct vf_key_ids ids;
	int32_t key = -1;

	if (vf_x509_key_ids(cert, &ids) != SB_OK)
		return -1;
	if (ids.skid_len)
		key = vf_keyring_search_id(ring, ids.skid, ids.skid_len, "SKID");
	if (key < 0)
		key = vf_keyring_search_id(ring, ids.serial_issuer, ids.serial_issuer_len, "serial+issuer");
	vf_key_ids_free(&ids);
	return key;
}

int32_t vf_keyring_search_desc(int32_t ring, const char *type, const char *desc)
{
	key_serial_t key;

	if (ring <= 0)
		return -1;
	key = serial_search(ring, type, desc);
	if (key < 0 && errno != ENOKEY)
		vf_explain("  keyring %d: search %s \"%s\" failed: %s", ring, type, desc, strerror(errno));
	return key >= 0 ? key : -1;
}

int vf_keyring_key_info(int32_t key, struct vf_key_info *out)
{
	struct keyctl_pkey_query q;
	char details[256], *dot, *sp;

	memset(out, 0, sizeof(*out));
	/* public_key_describe(): "<id_type>.<pkey_algo> <key id>", e.g. "X509.rsa 3a6b...". */
	switch (proc_keys_scan(NULL, key, details, sizeof(details))) {
	case 0:  return SB_E_NOT_FOUND;
	case -1: return SB_E_IO;
	default: break;
	}
	dot = strchr(details, '.');
	if (!dot)
		return SB_E_NOT_FOUND;
	sp = strchr(dot + 1, ' ');
	if (sp)
		*sp = '\0';
	snprintf(out->algo, sizeof(out->algo), "%s", dot + 1);
	memset(&q, 0, sizeof(q));
	if (keyctl_pkey_query(key, "", &q) != 0)
		return SB_E_IO;
	out->bits = q.key_size;
	return SB_OK;
}

int vf_keyring_pkey_verify(int32_t key, const struct vf_key_info *info, const struct vf_signed *s,
			   struct vf_verdict *v)
{
	const char *hash, *enc;
	char params[64];

	/* The kernel's hash names (crypto/hash_info.c), not OpenSSL's "SHA2-256". */
	switch (EVP_MD_get_type(s->md)) {
	case NID_sha256: hash = "sha256"; break;
	case NID_sha384: hash = "sha384"; break;
	case NID_sha512: hash = "sha512"; break;
	default:
		return vf_fail(v, SB_E_UNSUPPORTED, "keyring", "hash %s not accepted (SHA-256/384/512 only)",
			       EVP_MD_get0_name(s->md));
	}
	/* crypto/asymmetric_keys/public_key.c: "pkcs1" for RSA, "x962" (DER ECDSA-Sig-Value) for ECDSA. */
	enc = info && strncmp(info->algo, "ecdsa", 5) == 0 ? "x962" : "pkcs1";
	snprintf(params, sizeof(params), "enc=%s hash=%s", enc, hash);
	if (keyctl_pkey_verify(key, params, s->digest, s->digest_len, s->sig, s->sig_len) != 0) {
		if (errno == EKEYREJECTED || errno == EBADMSG)
			return vf_fail(v, SB_E_REJECTED, "keyring",
				       "KEYCTL_PKEY_VERIFY with key %d: signature does not verify (%s)",
				       key, strerror(errno));
		/* EACCES, EOPNOTSUPP...: the key cannot be used, so nothing is trusted. */
		return vf_fail(v, SB_E_UNTRUSTED, "keyring", "KEYCTL_PKEY_VERIFY with key %d failed: %s",
			       key, strerror(errno));
	}
	vf_explain("  KEYCTL_PKEY_VERIFY(key %d, \"%s\"): good signature", key, params);
	return SB_OK;
}

long vf_keyring_keys(int32_t ring, struct vf_ring_key **out)
{
	struct vf_ring_key *keys = NULL;
	key_serial_t *ids;
	void *buf = NULL;
	long n, i, k = 0;
	char *desc, *type_end, *p;
	int f;

	/* KEYCTL_READ of a keyring: the serials of its keys, 4 bytes each. */
	n = keyctl_read_alloc(ring, &buf);
	if (n < 0)
		return -1;
	n /= (long)sizeof(key_serial_t);
	keys = calloc(n ? (size_t)n : 1, sizeof(*keys));
	if (!keys) {
		free(buf);
		errno = ENOMEM;
		return -1;
	}
	ids = buf;
	for (i = 0; i < n; i++) {
		/* "type;uid;gid;perm;description" (security/keys/keyctl.c keyctl_describe_key()):
		   the description follows the fourth ';' and may hold more of them. */
		if (keyctl_describe_alloc(ids[i], &desc) < 0) {
			if (errno != ENOMEM)
				continue;       /* no View on it: left out, as documented */
			vf_keyring_keys_free(keys, k);
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		type_end = strchr(desc, ';');
		for (p = desc, f = 0; p && f < 4; f++) {
			p = strchr(p, ';');
			if (p)
				p++;
		}
		if (!type_end || !p || (size_t)(type_end - desc) >= sizeof(keys[k].type)) {
			free(desc);
			continue;
		}
		keys[k].id = ids[i];
		memcpy(keys[k].type, desc, (size_t)(type_end - desc));
		keys[k].desc = strdup(p);
		free(desc);
		if (!keys[k].desc) {
			vf_keyring_keys_free(keys, k);
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		k++;
	}
	free(buf);
	*out = keys;
	return k;
}

void vf_keyring_keys_free(struct vf_ring_key *keys, long n)
{
	long i;

	for (i = 0; keys && i < n; i++)
		free(keys[i].desc);
	free(keys);
}
