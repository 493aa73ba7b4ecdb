/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec.conf (kexec/config.h): every rule of the format, the permission checks, and "the command line only tightens". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "../kexec/cli.h"
#include "../kexec/config.h"

static char dir[64], path[128], err[512];
static struct kx_config c;

/* A private directory (mkdtemp: 0700), since /tmp itself is writable by everyone. */
static void write_conf(const char *text, size_t len, mode_t mode)
{
	FILE *f;

	snprintf(path, sizeof(path), "%s/kexec.conf", dir);
	unlink(path);
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
	chmod(path, mode);
}

static int read_conf(const char *text, mode_t mode)
{
	write_conf(text, strlen(text), mode);
	kx_config_defaults(&c);
	err[0] = '\0';
	return kx_config_read(path, true, &c, err, sizeof(err));
}

static void expect_refused(const char *text, const char *why)
{
	struct kx_config before;

	kx_config_defaults(&before);
	if (read_conf(text, 0644) != -1 || strstr(err, why) == NULL) {
		printf("#   %s: expected refusal with '%s', got '%s'\n", text, why, err);
		t_case_failed = 1;
	}
	/* All or nothing: nothing of a refused file is applied. */
	T_EQ_MEM(&c, &before, sizeof(c));
}

static void test_defaults(void)
{
	kx_config_defaults(&c);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_OFF);
	T_EQ_INT(c.uki_overrides, KX_UKI_REPLACE);
	T_CHECK(strcmp(c.initrd_signature_from, "default") == 0);
	/* The default path missing: the defaults. A file the user named missing: an error. */
	T_EQ_INT(kx_config_read("/nonexistent/sbkexec/kexec.conf", false, &c, err, sizeof(err)), 0);
	T_EQ_INT(kx_config_read("/nonexistent/sbkexec/kexec.conf", true, &c, err, sizeof(err)), -1);
	T_CHECK(strstr(err, "cannot open") != NULL);
}

static void test_valid(void)
{
	char want[160];

	T_EQ_INT(read_conf("# site policy\n\n   # indented comment\n"
			   "initrd-signature = required\n\tuki-overrides=strict  \t\n", 0644), 0);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_REQUIRED);
	T_EQ_INT(c.uki_overrides, KX_UKI_STRICT);
	snprintf(want, sizeof(want), "%s:4", path);
	T_CHECK(strcmp(c.initrd_signature_from, want) == 0);
	/* No final newline; the defaults spelled out. */
	T_EQ_INT(read_conf("initrd-signature = off\nuki-overrides = replace", 0600), 0);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_OFF);
	T_EQ_INT(c.uki_overrides, KX_UKI_REPLACE);
	T_EQ_INT(read_conf("", 0644), 0);
}

static void test_refused_lines(void)
{
	char big[1100];

	expect_refused("initrd-signature = required\nsecure = yes\n", ":2: unknown key 'secure'");
	expect_refused("initrd-signature = maybe\n", "must be off or required, not 'maybe'");
	expect_refused("uki-overrides = loose\n", "must be replace or strict");
	expect_refused("initrd-signature = required\ninitrd-signature = off\n", ":2: initrd-signature is given twice");
	expect_refused("uki-overrides = strict # no comments here\n", "one word");
	expect_refused("initrd-signature required\n", "not a \"key = value\" line");
	expect_refused("= required\n", "not a \"key = value\" line");
	expect_refused("initrd-signature =\n", "one word");
	expect_refused("Initrd-Signature = required\n", "not a \"key = value\" line");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_refused(big, "longer than 1024 bytes");
	write_conf("initrd-signature = off\n\0x", 25, 0644);
	kx_config_defaults(&c);
	T_EQ_INT(kx_config_read(path, true, &c, err, sizeof(err)), -1);
	T_CHECK(strstr(err, "NUL byte") != NULL);
}

static void test_permissions(void)
{
	T_EQ_INT(read_conf("initrd-signature = required\n", 0666), -1);
	T_CHECK(strstr(err, "writable by everyone") != NULL);
	T_EQ_INT(read_conf("initrd-signature = required\n", 0664), -1);
	T_CHECK(strstr(err, "writable by its group") != NULL);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_OFF);
	/* The directory counts too: a file in a world-writable directory can be replaced. */
	T_EQ_INT(read_conf("initrd-signature = required\n", 0644), 0);
	chmod(dir, 0777);
	kx_config_defaults(&c);
	T_EQ_INT(kx_config_read(path, true, &c, err, sizeof(err)), -1);
	T_CHECK(strstr(err, "its directory is writable by everyone") != NULL);
	chmod(dir, 0700);
	/* Owned by someone else (root can chown; another user cannot make the case). */
	if (geteuid() == 0) {
		T_EQ_INT(chown(path, 1234, 1234), 0);
		kx_config_defaults(&c);
		T_EQ_INT(kx_config_read(path, true, &c, err, sizeof(err)), -1);
		T_CHECK(strstr(err, "owned by uid 1234") != NULL);
	} else {
		printf("# skipped the owner case: not root\n");
	}
	/* Not a regular file. */
	kx_config_defaults(&c);
	T_EQ_INT(kx_config_read(dir, true, &c, err, sizeof(err)), -1);
	T_CHECK(strstr(err, "not a regular file") != NULL);
}

static int resolve(const char *conf, int initrd_sig, int overrides, enum kx_verify_policy verify)
{
	struct kx_opts o;

	memset(&o, 0, sizeof(o));
	write_conf(conf, strlen(conf), 0644);
	o.config = path;
	o.initrd_signature = initrd_sig;
	o.uki_overrides = overrides;
	o.verify = verify;
	err[0] = '\0';
	return kx_config_resolve(&o, &c, err, sizeof(err));
}

static void test_resolve(void)
{
	T_EQ_INT(resolve("initrd-signature = required\n", -1, -1, KX_VERIFY_AUTO), 0);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_REQUIRED);
	/* Tightening is fine... */
	T_EQ_INT(resolve("", KX_INITRD_SIG_REQUIRED, KX_UKI_STRICT, KX_VERIFY_AUTO), 0);
	T_EQ_INT(c.initrd_signature, KX_INITRD_SIG_REQUIRED);
	T_EQ_INT(c.uki_overrides, KX_UKI_STRICT);
	T_CHECK(strcmp(c.uki_overrides_from, "--uki-overrides") == 0);
	/* ...loosening is not. */
	T_EQ_INT(resolve("initrd-signature = required\n", KX_INITRD_SIG_OFF, -1, KX_VERIFY_AUTO), -1);
	T_CHECK(strstr(err, "may tighten the configuration, not loosen it") != NULL);
	T_EQ_INT(resolve("uki-overrides = strict\n", -1, KX_UKI_REPLACE, KX_VERIFY_AUTO), -1);
	T_CHECK(strstr(err, "kexec.conf:1 says uki-overrides = strict") != NULL);
	/* --verify=off next to a requirement. */
	T_EQ_INT(resolve("initrd-signature = required\n", -1, -1, KX_VERIFY_OFF), -1);
	T_CHECK(strstr(err, "--verify=off contradicts initrd-signature = required") != NULL);
	T_EQ_INT(resolve("", -1, KX_UKI_STRICT, KX_VERIFY_OFF), -1);
	T_EQ_INT(resolve("", -1, -1, KX_VERIFY_OFF), 0);
	/* A bad file stops everything. */
	T_EQ_INT(resolve("nonsense\n", -1, -1, KX_VERIFY_AUTO), -1);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sbkexec-conf-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	t_run("defaults; a missing default file is the defaults, a named one an error", test_defaults);
	t_run("comments, blanks, spaces; values and where they came from", test_valid);
	t_run("unknown key, bad value, key twice, trailing comment, long line, NUL: refused", test_refused_lines);
	t_run("group/other-writable file or directory, foreign owner: refused", test_permissions);
	t_run("the command line tightens, never loosens; --verify=off conflicts", test_resolve);
	unlink(path);
	rmdir(dir);
	return t_done();
}
