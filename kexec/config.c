/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec.conf reader: ownership and permissions first, then every line, all or nothing (format: kexec/config.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "lib/sb-error.h"
#include "verifier/file-io.h"

#define CONFIG_MAX (64u << 10)
#define LINE_MAX_LEN 1024

void kx_config_defaults(struct kx_config *c)
{
	memset(c, 0, sizeof(*c));
	c->initrd_signature = KX_INITRD_SIG_OFF;
	c->uki_overrides = KX_UKI_REPLACE;
	snprintf(c->initrd_signature_from, sizeof(c->initrd_signature_from), "default");
	snprintf(c->uki_overrides_from, sizeof(c->uki_overrides_from), "default");
}

int kx_config_initrd_signature(const char *value, enum kx_initrd_sig *out)
{
	if (strcmp(value, "off") == 0)
		*out = KX_INITRD_SIG_OFF;
	else if (strcmp(value, "required") == 0)
		*out = KX_INITRD_SIG_REQUIRED;
	else
		return -1;
	return 0;
}

int kx_config_uki_overrides(const char *value, enum kx_uki_overrides *out)
{
	if (strcmp(value, "replace") == 0)
		*out = KX_UKI_REPLACE;
	else if (strcmp(value, "strict") == 0)
		*out = KX_UKI_STRICT;
	else
		return -1;
	return 0;
}

/* Owned by root (or, when we are not root, by us) and not writable by group or others. */
static int check_owner_mode(const struct stat *st, const char *what, const char *path, char *err,
			    size_t errlen)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me) {
		snprintf(err, errlen, "%s: %s is owned by uid %u, not root: refused (whoever owns it "
			 "could change the load policy)", path, what, (unsigned)st->st_uid);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen, "%s: %s is writable by %s (mode %04o): refused (chmod go-w)", path,
			 what, st->st_mode & S_IWOTH ? "everyone" : "its group",
			 (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

/* The file (through the descriptor we read it from) and the directory holding it. */
static int check_permissions(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *copy, *dir;
	int ret;

	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: cannot stat: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (check_owner_mode(&st, "the file", path, err, errlen) != 0)
		return -1;
	copy = strdup(path);
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	dir = dirname(copy);
	if (stat(dir, &st) != 0) {
		snprintf(err, errlen, "%s: cannot stat its directory %s: %s", path, dir, strerror(errno));
		ret = -1;
	} else {
		ret = check_owner_mode(&st, "its directory", path, err, errlen);
	}
	free(copy);
	return ret;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* [p, end) without leading/trailing blanks must be one word: copied to out. */
static int take_word(const char *p, const char *end, char *out, size_t outlen)
{
	size_t n;

	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	n = (size_t)(end - p);
	if (n == 0 || n >= outlen)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	for (; *out; out++)
		if (!is_word_char(*out))
			return -1;
	return 0;
}

/* One KEY = VALUE line into *c; `seen` guards against a key given twice. */
static int apply_line(const char *path, unsigned lineno, const char *line, size_t len,
		      struct kx_config *c, unsigned *seen, char *err, size_t errlen)
{
	const char *eq = memchr(line, '=', len);
	char key[64], value[64], from[160];

	if (!eq || take_word(line, eq, key, sizeof(key)) != 0) {
		snprintf(err, errlen, "%s:%u: not a \"key = value\" line", path, lineno);
		return -1;
	}
	if (take_word(eq + 1, line + len, value, sizeof(value)) != 0) {
		snprintf(err, errlen, "%s:%u: %s: the value must be one word of a-z, 0-9 and '-' "
			 "(no comment after it)", path, lineno, key);
		return -1;
	}
	snprintf(from, sizeof(from), "%.140s:%u", path, lineno);
	if (strcmp(key, "initrd-signature") == 0) {
		if (*seen & 1)
			goto twice;
		if (kx_config_initrd_signature(value, &c->initrd_signature) != 0) {
			snprintf(err, errlen, "%s:%u: initrd-signature must be off or required, not '%s'",
				 path, lineno, value);
			return -1;
		}
		snprintf(c->initrd_signature_from, sizeof(c->initrd_signature_from), "%s", from);
		*seen |= 1;
	} else if (strcmp(key, "uki-overrides") == 0) {
		if (*seen & 2)
			goto twice;
		if (kx_config_uki_overrides(value, &c->uki_overrides) != 0) {
			snprintf(err, errlen, "%s:%u: uki-overrides must be replace or strict, not '%s'",
				 path, lineno, value);
			return -1;
		}
		snprintf(c->uki_overrides_from, sizeof(c->uki_overrides_from), "%s", from);
		*seen |= 2;
	} else {
		snprintf(err, errlen, "%s:%u: unknown key '%s' (known: initrd-signature, uki-overrides): "
			 "refused, a policy that is not understood is not applied", path, lineno, key);
		return -1;
	}
	return 0;
twice:
	snprintf(err, errlen, "%s:%u: %s is given twice", path, lineno, key);
	return -1;
}

static int parse_text(const char *path, const uint8_t *text, size_t len, struct kx_config *out,
		      char *err, size_t errlen)
{
	struct kx_config c = *out;
	unsigned lineno = 0, seen = 0;
	size_t pos = 0;

	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: contains a NUL byte: not a text file", path);
		return -1;
	}
	while (pos < len) {
		const char *line = (const char *)text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos, i = 0;

		lineno++;
		pos += n + (nl ? 1 : 0);
		if (n > LINE_MAX_LEN) {
			snprintf(err, errlen, "%s:%u: line longer than %u bytes", path, lineno, (unsigned)LINE_MAX_LEN);
			return -1;
		}
		while (i < n && is_blank(line[i]))
			i++;
		if (i == n || line[i] == '#')
			continue;
		if (apply_line(path, lineno, line + i, n - i, &c, &seen, err, errlen) != 0)
			return -1;
	}
	*out = c;
	return 0;
}

int kx_config_read(const char *path, bool explicit_path, struct kx_config *c, char *err, size_t errlen)
{
	uint8_t *text = NULL;
	size_t len = 0;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && !explicit_path)
			return 0;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (check_permissions(fd, path, err, errlen) != 0)
		goto out;
	if (vf_read_fd(fd, &text, &len, CONFIG_MAX) != SB_OK) {
		snprintf(err, errlen, "%s: cannot read (larger than %u bytes?): %s", path, CONFIG_MAX,
			 strerror(errno));
		goto out;
	}
	ret = parse_text(path, text, len, c, err, errlen);
out:
	free(text);
	close(fd);
	return ret;
}

int kx_config_resolve(const struct kx_opts *o, struct kx_config *c, char *err, size_t errlen)
{
	struct kx_config r;
	const char *path = o->config ? o->config : KX_CONFIG_FILE;

	kx_config_defaults(&r);
	if (kx_config_read(path, o->config != NULL, &r, err, errlen) != 0)
		return -1;
	if (o->initrd_signature >= 0) {
		if ((enum kx_initrd_sig)o->initrd_signature < r.initrd_signature) {
			snprintf(err, errlen, "--initrd-signature=off: %s says initrd-signature = required; "
				 "the command line may tighten the configuration, not loosen it",
				 r.initrd_signature_from);
			return -1;
		}
		r.initrd_signature = (enum kx_initrd_sig)o->initrd_signature;
		snprintf(r.initrd_signature_from, sizeof(r.initrd_signature_from), "--initrd-signature");
	}
	if (o->uki_overrides >= 0) {
		if ((enum kx_uki_overrides)o->uki_overrides < r.uki_overrides) {
			snprintf(err, errlen, "--uki-overrides=replace: %s says uki-overrides = strict; "
				 "the command line may tighten the configuration, not loosen it",
				 r.uki_overrides_from);
			return -1;
		}
		r.uki_overrides = (enum kx_uki_overrides)o->uki_overrides;
		snprintf(r.uki_overrides_from, sizeof(r.uki_overrides_from), "--uki-overrides");
	}
	if (o->verify == KX_VERIFY_OFF && !o->verify_only &&
	    (r.initrd_signature == KX_INITRD_SIG_REQUIRED || r.uki_overrides == KX_UKI_STRICT)) {
		snprintf(err, errlen, "--verify=off contradicts %s (%s): nothing would check what it "
			 "requires", r.initrd_signature == KX_INITRD_SIG_REQUIRED ?
			 "initrd-signature = required" : "uki-overrides = strict",
			 r.initrd_signature == KX_INITRD_SIG_REQUIRED ? r.initrd_signature_from :
			 r.uki_overrides_from);
		return -1;
	}
	*c = r;
	return 0;
}
