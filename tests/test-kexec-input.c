/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec's kernel input: the IMA policy probe, the fd-or-memfd decision, and the read lease that proves the file unchanged (kexec/input.c, pass-fd.c, ima-policy.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "test.h"
#include "kexec/ima-policy.h"
#include "kexec/input.h"
#include "kexec/pass-fd.h"
#include "lib/sb-error.h"

static char dir[256];

static const char *path_in(const char *name)
{
	static char p[16][320];
	static int i;

	i = (i + 1) % 16;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

/* An IMA directory with this policy file (NULL: no policy file, as after a custom policy was
   written on a kernel that cannot read it). */
static const char *ima_dir(const char *name, const char *policy)
{
	static char dirs[8][320];
	static int n;
	char file[400];
	char *d = dirs[n++ % 8];

	snprintf(d, sizeof(dirs[0]), "%s/%s", dir, name);
	mkdir(d, 0755);
	if (policy) {
		snprintf(file, sizeof(file), "%s/policy", d);
		write_file(file, policy);
	}
	return d;
}

static void test_policy_probe(void)
{
	struct kx_ima_policy p;

	kx_ima_policy_probe(ima_dir("ima-kexec", "measure func=KEXEC_KERNEL_CHECK \n"
				    "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig \n"), &p);
	T_EQ_INT(p.state, KX_IMA_RULE);
	T_CHECK(p.imasig);
	T_CHECK(strstr(p.rule, "appraise func=KEXEC_KERNEL_CHECK") != NULL);

	/* A rule without func= matches every hook, the kexec one included (appraise_tcb's form). */
	kx_ima_policy_probe(ima_dir("ima-tcb", "dont_appraise fsmagic=0x9fa0 \n"
				    "appraise fowner=0 \n"), &p);
	T_EQ_INT(p.state, KX_IMA_RULE);
	T_CHECK(!p.imasig);

	/* Appraisal of executables only, and measurement of kexec images: nothing to appraise. */
	kx_ima_policy_probe(ima_dir("ima-bprm", "measure func=KEXEC_KERNEL_CHECK \n"
				    "appraise func=BPRM_CHECK fowner=1234 appraise_type=imasig \n"), &p);
	T_EQ_INT(p.state, KX_IMA_NO_RULE);

	/* The policy file is gone: a custom policy was loaded, its rules cannot be read. */
	kx_ima_policy_probe(ima_dir("ima-gone", NULL), &p);
	T_EQ_INT(p.state, KX_IMA_UNKNOWN);
	T_CHECK(p.custom);
	T_CHECK(strstr(p.how, "custom IMA policy") != NULL);
}

static bool can_set_ima(const char *file)
{
	static const uint8_t sig[9] = { 0x03, 0x02, 0x04, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00 };

	return setxattr(file, "security.ima", sig, sizeof(sig), 0) == 0;
}

/* A root-owned 0644 kernel file, with security.ima when `ima`. */
static const char *kernel_file(const char *name, bool ima)
{
	const char *f = path_in(name);

	write_file(f, "pretend kernel bytes\n");
	chmod(f, 0644);
	if (ima && !can_set_ima(f))
		return NULL;
	return f;
}

static void test_decision(void)
{
	const char *rule = ima_dir("d-rule", "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig \n");
	const char *none = ima_dir("d-none", "appraise func=BPRM_CHECK appraise_type=imasig \n");
	const char *gone = ima_dir("d-gone", NULL);
	struct kx_pass_decision d;
	struct kx_input in;
	const char *f;

	if (geteuid() != 0 || !(f = kernel_file("k.ima", true))) {
		printf("# needs root and security.* xattrs in %s: skipped\n", dir);
		return;
	}
	/* An IMA appraise rule and security.ima: the file itself, lease held. */
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, rule, &d);
	T_EQ_INT(d.how, KX_PASS_FILE);
	T_CHECK(in.guarded && !d.warned);
	T_EQ_INT(fcntl(in.fd, F_GETLEASE), F_RDLCK);
	kx_input_close(&in);
	/* Unreadable custom policy: may appraise, so the file too. */
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, gone, &d);
	T_EQ_INT(d.how, KX_PASS_FILE);
	kx_input_close(&in);
	/* A readable policy that cannot appraise kexec images: the sealed copy, no lease. */
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, none, &d);
	T_EQ_INT(d.how, KX_PASS_MEMFD);
	T_CHECK(!in.guarded && !d.warned);
	T_CHECK(strstr(d.why, "IMA does not appraise kexec images") != NULL);
	kx_input_close(&in);
	/* No security.ima: the sealed copy whatever the policy. */
	f = kernel_file("k.plain", false);
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, rule, &d);
	T_EQ_INT(d.how, KX_PASS_MEMFD);
	T_CHECK(strstr(d.why, "has no security.ima") != NULL);
	kx_input_close(&in);
	/* Writable by its group: the copy, with the reason (and a warning from kexec). */
	f = kernel_file("k.gw", true);
	chmod(f, 0664);
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, rule, &d);
	T_EQ_INT(d.how, KX_PASS_MEMFD);
	T_CHECK(d.warned);
	T_CHECK(strstr(d.why, "writable by its group") != NULL);
	kx_input_close(&in);
	/* Owned by another user. */
	f = kernel_file("k.user", true);
	T_EQ_INT(chown(f, 65534, 65534), 0);
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	kx_pass_decide(&in, rule, &d);
	T_EQ_INT(d.how, KX_PASS_MEMFD);
	T_CHECK(strstr(d.why, "owned by uid 65534") != NULL);
	kx_input_close(&in);
}

/* Guard `name` (security.ima set); the caller then does something to it and checks. */
static bool guarded(struct kx_input *in, const char *name)
{
	const char *f = kernel_file(name, true);

	if (!f || kx_input_open(in, f) != SB_OK)
		return false;
	return kx_input_guard(in);
}

/* A child process tries to open it for writing, without waiting for the lease. */
static int child_open_for_write(const char *f)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		int fd = open(f, O_WRONLY | O_NONBLOCK);

		_exit(fd < 0 && errno == EWOULDBLOCK ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_lease(void)
{
	struct kx_input in;
	char why[320];
	const char *f;
	int fd;

	if (geteuid() != 0 || !kernel_file("probe", true)) {
		printf("# needs root and security.* xattrs in %s: skipped\n", dir);
		return;
	}
	/* Nothing happened: unchanged. */
	T_CHECK(guarded(&in, "l.same"));
	T_CHECK(kx_input_unchanged(&in, why, sizeof(why)));
	kx_input_close(&in);
	/* Another process opens it for writing: it waits (here: EWOULDBLOCK) and the lease breaks. */
	T_CHECK(guarded(&in, "l.write"));
	T_EQ_INT(child_open_for_write(in.path), 0);
	T_CHECK(!kx_input_unchanged(&in, why, sizeof(why)));
	T_CHECK(strstr(why, "opened for writing or truncated") != NULL);
	kx_input_close(&in);
	/* Truncated by path (no open): the lease breaks too. */
	T_CHECK(guarded(&in, "l.trunc"));
	T_EQ_INT(truncate(in.path, 3), 0);
	T_CHECK(!kx_input_unchanged(&in, why, sizeof(why)));
	kx_input_close(&in);
	/* Renamed over: our inode lost its link. */
	T_CHECK(guarded(&in, "l.rename"));
	f = kernel_file("l.rename.new", true);
	T_EQ_INT(rename(f, in.path), 0);
	T_CHECK(!kx_input_unchanged(&in, why, sizeof(why)));
	T_CHECK(strstr(why, "link count") != NULL);
	kx_input_close(&in);
	/* Its security.ima replaced (no open for writing needed). */
	T_CHECK(guarded(&in, "l.xattr"));
	T_EQ_INT(setxattr(in.path, "security.ima", "\x03\x02\x04\x01\x02\x03\x04\x00\x00", 9, 0), 0);
	T_CHECK(!kx_input_unchanged(&in, why, sizeof(why)));
	kx_input_close(&in);
	/* chmod to the same mode still touches the inode (ctime). */
	T_CHECK(guarded(&in, "l.ctime"));
	usleep(20000);
	T_EQ_INT(chmod(in.path, 0644), 0);
	T_CHECK(!kx_input_unchanged(&in, why, sizeof(why)));
	kx_input_close(&in);
	/* Already open for writing elsewhere: no lease, so not guarded, and the reason says so. */
	f = kernel_file("l.busy", true);
	fd = open(f, O_WRONLY);
	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	T_CHECK(!kx_input_guard(&in));
	T_CHECK(strstr(in.why_unguarded, "open for writing") != NULL);
	kx_input_close(&in);
	close(fd);
}

/* The background read and hash give the file's bytes and release everything on close. */
static void test_read(void)
{
	struct kx_input in;
	const char *f = kernel_file("r.plain", false);

	T_EQ_INT(kx_input_open(&in, f), SB_OK);
	T_EQ_INT(kx_input_read_start(&in, 1u << 20), SB_OK);
	T_EQ_INT(kx_input_read_wait(&in), SB_OK);
	T_EQ_INT(in.buf.len, strlen("pretend kernel bytes\n"));
	T_CHECK(memcmp(in.buf.data, "pretend kernel bytes\n", in.buf.len) == 0);
	T_CHECK(!in.have_digests);   /* not a PE: the verifier reports it */
	kx_input_close(&in);
	T_EQ_INT(in.fd, -1);
	/* Not a regular file. */
	T_EQ_INT(kx_input_open(&in, "/dev/null"), SB_E_IO);
	T_EQ_INT(errno, EINVAL);
	kx_input_close(&in);
	T_EQ_INT(kx_input_open(&in, path_in("missing")), SB_E_NOT_FOUND);
	kx_input_close(&in);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/sbk-kexec-input.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	t_run("IMA policy probe: kexec rule, generic rule, no rule, unreadable custom policy", test_policy_probe);
	t_run("fd or memfd: security.ima x policy, group-writable, not root's", test_decision);
	t_run("read lease: writer, truncate, rename, xattr, ctime, busy file", test_lease);
	t_run("background read of a non-PE file, refusals at open", test_read);
	{
		char cmd[320];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return t_done();
}
