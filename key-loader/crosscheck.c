/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the kernel got of KeyCarrierRT's certificates: the MokListRT it read (MOK config table or variable) and the keys of .machine/.platform. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/sb-error.h"
#include "lib/signature-list.h"
#include "verifier/alloc-guard.h"
#include "verifier/efivars.h"
#include "verifier/file-io.h"
#include "verifier/keyring.h"
#include "verifier/x509.h"
#include "kl.h"

#define MOKVARS_DIR "/sys/firmware/efi/mok-variables"
#define MOKLIST_VAR VF_EFIVAR("MokListRT", SB_GUID_SHIM_LOCK_STR)
#define KL_MAX_LIST (16u << 20)

/* Where Linux puts MokListRT certificates: .machine (Debian 6.1, upstream with MokListTrustedRT)
   or .platform (upstream without it); verifier/README.md, DESIGN.md. */
static const char *const kernel_rings[] = { ".machine", ".platform" };

struct kl_kernel_key {
	char ring[32];
	int32_t id;
	char *desc;
};

/*
 * The MokListRT the kernel read (security/integrity/platform_certs/load_uefi.c
 * load_moklist_certs()): the MOK config table's entry when the table has one (Linux >= 5.10;
 * drivers/firmware/efi/mokvar-table.c shows each entry as mok-variables/<name>), and then the
 * variable is not read at all; else the MokListRT variable.
 */
static int read_moklist(const struct kl_opts *o, struct kl_kernel_view *kv, struct vf_verdict *v)
{
	const char *dir = o->mokvars_dir ? o->mokvars_dir : o->efivars_dir ? NULL : MOKVARS_DIR;
	uint8_t *buf = NULL;
	size_t len = 0;
	uint32_t attrs;
	struct stat st;
	char path[4096];
	int ret, n;

	if (dir) {
		if (vf_path(path, sizeof(path), "%s/MokListRT", dir) != 0)
			return vf_fail(v, SB_E_IO, dir, "MOK config table directory: %s", strerror(errno));
		if (stat(path, &st) == 0) {
			ret = vf_read_file(path, &buf, &len, KL_MAX_LIST);
			if (ret != SB_OK)
				return vf_fail(v, SB_E_IO, path, "cannot read the MOK config table's MokListRT: %s",
					       strerror(errno));
			/* sysfs gives the entry's size; without CAP_SYS_ADMIN a read returns nothing. */
			if ((long long)len != (long long)st.st_size) {
				free(buf);
				return vf_fail(v, SB_E_IO, path, "read %zu of its %lld bytes (the kernel gives "
					       "mok-variables only to CAP_SYS_ADMIN)", len, (long long)st.st_size);
			}
			snprintf(kv->source, sizeof(kv->source), "the MOK config table's MokListRT (%.300s)", path);
			kv->hint = "its MokListRT was made after the carrier ran (a carrier started before shim?)";
			goto validate;
		}
		if (errno != ENOENT && errno != ENOTDIR)
			return vf_fail(v, SB_E_IO, path, "cannot look it up: %s", strerror(errno));
	}
	ret = vf_efivar_read(o->efivars_dir, MOKLIST_VAR, &attrs, &buf, &len);
	if (ret == SB_E_NOT_FOUND) {
		snprintf(kv->source, sizeof(kv->source), "no MokListRT (no MOK config table entry, no variable)");
		kv->hint = "MokListRT deleted after the carrier ran?";
		return SB_OK;
	}
	if (ret != SB_OK)
		return vf_fail(v, SB_E_IO, "MokListRT", "cannot read the MokListRT variable from efivarfs: %s",
			       sb_strerror(ret));
	/* As for KeyCarrierRT: only a volatile variable is what the boot chain left. */
	if (attrs != (VF_EFI_ATTR_BS | VF_EFI_ATTR_RT)) {
		free(buf);
		snprintf(kv->source, sizeof(kv->source), "the MokListRT variable, attributes 0x%08x (not "
			 "volatile BS|RT: not what the boot chain left, nothing in it counts)", attrs);
		kv->hint = "the MokListRT variable was not made before ExitBootServices";
		return SB_OK;
	}
	snprintf(kv->source, sizeof(kv->source), "the MokListRT variable (no MOK config table entry)");
	kv->hint = "MokListRT was replaced after the carrier ran";
validate:
	n = esl_validate(buf, len, NULL);
	if (n < 0) {
		free(buf);
		return vf_fail(v, SB_E_MALFORMED, "MokListRT", "%s does not parse as signature lists (%s)",
			       kv->source, sb_strerror(n));
	}
	kv->list = buf;
	kv->list_len = len;
	kv->entries = n;
	return SB_OK;
}

static int add_key(struct kl_kernel_view *kv, const char *ring, int32_t id, const char *desc)
{
	struct kl_kernel_key *k = realloc(kv->key, (kv->nkeys + 1) * sizeof(*k));

	if (!k)
		return SB_E_NOMEM;
	kv->key = k;
	k += kv->nkeys;
	snprintf(k->ring, sizeof(k->ring), "%s", ring);
	k->id = id;
	k->desc = strdup(desc);
	if (!k->desc)
		return SB_E_NOMEM;
	kv->nkeys++;
	return SB_OK;
}

/* ".machine 2 key(s), .platform not found": one note per keyring. */
static void keys_note(struct kl_kernel_view *kv, const char *ring, const char *what)
{
	size_t used = strlen(kv->keys);

	snprintf(kv->keys + used, sizeof(kv->keys) - used, "%s%s %s", used ? ", " : "", ring, what);
}

/* The asymmetric keys of .machine and .platform, as listed and described from userspace. */
static int read_live_keys(struct kl_kernel_view *kv, struct vf_verdict *v)
{
	struct vf_ring_key *keys;
	unsigned r, readable = 0;
	char what[128];
	int32_t ring;
	long n, i;

	for (r = 0; r < sizeof(kernel_rings) / sizeof(kernel_rings[0]); r++) {
		ring = vf_keyring_find(kernel_rings[r]);
		/* An unreadable /proc/keys is no answer: "not there" would say the kernel lacks the keys. */
		if (ring < 0)
			return vf_fail(v, SB_E_IO, "keyrings", "%s: /proc/keys cannot be read: %s",
				       kernel_rings[r], strerror(errno));
		if (ring == 0) {
			keys_note(kv, kernel_rings[r], "not found");
			continue;
		}
		n = vf_keyring_keys(ring, &keys);
		if (n < 0 && errno == ENOMEM)   /* not the ring's answer: fail, never list it short */
			return vf_fail(v, SB_E_NOMEM, "keyrings", "out of memory");
		if (n < 0) {
			snprintf(what, sizeof(what), "cannot be listed (%s)", strerror(errno));
			keys_note(kv, kernel_rings[r], what);
			continue;
		}
		for (i = 0; i < n; i++)
			if (strcmp(keys[i].type, "asymmetric") == 0 &&
			    add_key(kv, kernel_rings[r], keys[i].id, keys[i].desc) != SB_OK) {
				vf_keyring_keys_free(keys, n);
				return vf_fail(v, SB_E_NOMEM, "keyrings", "out of memory");
			}
		vf_keyring_keys_free(keys, n);
		snprintf(what, sizeof(what), "%ld key(s)", n);
		keys_note(kv, kernel_rings[r], what);
		readable++;
	}
	if (readable == 0)
		return vf_fail(v, SB_E_IO, "keyrings", "no kernel keyring could be listed (%s)", kv->keys);
	return SB_OK;
}

/* --kernel-keys FILE: "<keyring> <description>" per key, '#' comments (a recorded view, for tests). */
static int read_keys_file(const char *path, struct kl_kernel_view *kv, struct vf_verdict *v)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	char *line, *next, *sp;
	unsigned lineno = 0;
	int ret;

	ret = vf_read_file(path, &buf, &len, 1u << 20);
	if (ret != SB_OK)
		return vf_fail(v, SB_E_IO, path, "cannot read it: %s", ret == SB_E_NOT_FOUND ?
			       "no such file" : strerror(errno));
	for (line = (char *)buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*line == '#' || *line == '\0')
			continue;
		sp = strchr(line, ' ');
		if (line[0] != '.' || !sp || sp[1] == '\0' || (size_t)(sp - line) >= sizeof(kv->key->ring)) {
			free(buf);
			return vf_fail(v, SB_E_MALFORMED, path, "line %u: not \"<keyring> <description>\"", lineno);
		}
		*sp = '\0';
		if (add_key(kv, line, 0, sp + 1) != SB_OK) {
			free(buf);
			return vf_fail(v, SB_E_NOMEM, path, "out of memory");
		}
	}
	free(buf);
	snprintf(kv->keys, sizeof(kv->keys), "%zu key(s) from %s", kv->nkeys, path);
	return SB_OK;
}

int kl_kernel_view_open(const struct kl_opts *o, struct kl_kernel_view *kv, struct vf_verdict *v)
{
	int ret;

	memset(kv, 0, sizeof(*kv));
	ret = read_moklist(o, kv, v);
	if (ret != SB_OK)
		return ret;
	/* The keyrings are this boot's: compared only with this boot's variables, or a recording. */
	kv->keys_checked = true;
	if (o->kernel_keys_file) {
		ret = read_keys_file(o->kernel_keys_file, kv, v);
	} else if (o->efivars_dir) {
		kv->keys_checked = false;
		snprintf(kv->keys, sizeof(kv->keys), "not checked (--efivars names other variables than "
			 "this boot's; --kernel-keys FILE gives a recorded view)");
	} else {
		ret = read_live_keys(kv, v);
	}
	if (ret == SB_OK && vf_alloc_lost())    /* a view read short is no view: alloc-guard.h */
		ret = vf_fail(v, SB_E_NOMEM, "keyrings", "out of memory");
	if (ret != SB_OK)
		kl_kernel_view_close(kv);
	return ret;
}

void kl_kernel_view_close(struct kl_kernel_view *kv)
{
	size_t i;

	for (i = 0; i < kv->nkeys; i++)
		free(kv->key[i].desc);
	free(kv->key);
	free(kv->list);
	memset(kv, 0, sizeof(*kv));
}

/* The kernel's key for cert: an asymmetric key whose description is "<subject>: <id>". */
static const struct kl_kernel_key *find_key(const struct kl_kernel_view *kv, X509 *cert)
{
	char id[260];
	size_t i, dl, il;

	if (vf_cert_kernel_desc_id(cert, id, sizeof(id)) != SB_OK)
		return NULL;
	il = strlen(id);
	for (i = 0; i < kv->nkeys; i++) {
		const char *d = kv->key[i].desc;

		dl = strlen(d);
		if (dl >= il + 2 && strcmp(d + dl - il, id) == 0 && d[dl - il - 1] == ' ' && d[dl - il - 2] == ':')
			return &kv->key[i];
	}
	return NULL;
}

unsigned kl_crosscheck(const struct kl_kernel_view *kv, struct kl_certlist *certs)
{
	const struct kl_kernel_key *key;
	unsigned i, missing = 0;
	char label[32], keytext[96];
	bool in_list;

	if (kv->list)
		printf("%-14s the kernel read %s: %d entr%s\n", "kernel MOKs", kv->source, kv->entries,
		       kv->entries == 1 ? "y" : "ies");
	else
		printf("%-14s the kernel read %s\n", "kernel MOKs", kv->source);
	printf("%-14s %s\n", "kernel keys", kv->keys);
	for (i = 0; i < certs->n; i++) {
		struct kl_cert *c = &certs->certs[i];

		in_list = kv->list && esl_contains_x509(kv->list, kv->list_len, c->der, c->der_len);
		key = kv->keys_checked ? find_key(kv, c->x509) : NULL;
		if (key && key->id)
			snprintf(keytext, sizeof(keytext), "key %d in %s", key->id, key->ring);
		else if (key)
			snprintf(keytext, sizeof(keytext), "a key in %s", key->ring);
		c->not_in_kernel = !(in_list && (key || !kv->keys_checked));
		missing += c->not_in_kernel;
		snprintf(label, sizeof(label), "carried %u", i + 1);
		printf("%-14s %s: ", label, c->name);
		if (in_list && !kv->keys_checked)
			printf("in %s (keyrings not checked)\n", kv->source);
		else if (in_list && key)
			printf("in the kernel: in %s, %s\n", kv->source, keytext);
		else if (in_list)
			printf("NOT in the kernel: in %s, but in no kernel keyring (.machine, .platform): the "
			       "kernel did not load it\n", kv->source);
		else if (key)
			printf("NOT in the kernel: %s has its key id, but %s %s: the boot chain did not hand it "
			       "over\n", keytext, kv->list ? "it is not in" : "the kernel read", kv->source);
		else
			printf("NOT in the kernel: %s %s%s: %s\n", kv->list ? "not in" : "the kernel read",
			       kv->source, kv->keys_checked ? ", in no kernel keyring" : "", kv->hint);
	}
	printf("%-14s %u recorded: %u in the kernel, %u NOT in the kernel\n", "carried", certs->n,
	       certs->n - missing, missing);
	return missing;
}

int kl_status_checks(const struct kl_opts *o)
{
	struct kl_kernel_view kv;
	struct vf_verdict v = { 0 };
	struct kl_record rec = { 0 };
	bool have;
	char why[512];
	int finding = VF_EXIT_OK, tpm, rc;

	/* The record as import-firmware would take it; revocation is import-firmware's business. */
	rc = kl_record_load(o, NULL, &rec, why, sizeof(why));
	have = rc == VF_EXIT_OK;
	if (rc == VF_EXIT_FAILED) {
		/* Not a state to report: something that is there could not be read. */
		printf("%-14s cannot be read: %s\n", "carried", why);
		finding = rc;
	} else if (!have) {
		printf("%-14s not cross-checked: %s\n", "carried", why);
	} else if (rec.certs.n == 0) {
		printf("%-14s nothing recorded\n", "carried");
	} else if (kl_kernel_view_open(o, &kv, &v) != SB_OK) {
		printf("%-14s cannot tell what the kernel got: %s: %s\n", "carried", v.check, v.reason);
		finding = vf_exit_from_verdict(v.code);
	} else {
		if (kl_crosscheck(&kv, &rec.certs) > 0)
			finding = KL_EXIT_NOT_IN_KERNEL;
		kl_kernel_view_close(&kv);
	}
	tpm = kl_tpm_status(o, have ? &rec.certs : NULL);
	if (finding == VF_EXIT_OK)
		finding = tpm;
	if (have)
		kl_record_free(&rec);
	return finding;
}
