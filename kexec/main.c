/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sbkexec's kexec: verify a kernel image in userspace, then load/unload/exec it (kexec-tools CLI). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmdline.h"
#include "config.h"
#include "exec.h"
#include "exit-codes.h"
#include "file-io.h"
#include "file-load.h"
#include "input.h"
#include "kexec-load.h"
#include "load-parts.h"
#include "load-report.h"
#include "pass-fd.h"
#include "lib/sb-error.h"
#include "policy.h"
#include "report.h"
#include "verifier/alloc-guard.h"
#include "verifier/system-state.h"
#include "verifier/verifier.h"

#define KX_VERSION "sbkexec kexec 0.1 (kexec-tools compatible CLI)"
#define KX_MAX_IMAGE (512u << 20)

#define LOCKDOWN_REFUSAL \
	"the kernel is locked down (lockdown=%s): it refuses kexec_load(2) (-c), whose segments it " \
	"cannot verify. Use -s (kexec_file_load), which checks the image signature in the kernel."

/* kexec_load(2) unload; under lockdown a clear refusal (the kernel would answer EPERM). */
static int kexec_load_unload(const struct kx_opts *o, enum vf_lockdown lock)
{
	int err;

	if (vf_locked_down(lock)) {
		kx_error(LOCKDOWN_REFUSAL, vf_lockdown_name(lock));
		return KX_EXIT_LOCKDOWN;
	}
	if (o->dry_run) {
		printf("dry-run: would call kexec_load(0, 0, NULL, KEXEC_ARCH_X86_64%s)\n",
		       o->crash ? "|KEXEC_ON_CRASH" : "");
		return KX_EXIT_OK;
	}
	err = kx_load_unload(o->crash);
	if (err) {
		kx_error("kexec_load unload failed: %s", strerror(err));
		return KX_EXIT_FAILED;
	}
	return KX_EXIT_OK;
}

static int do_unload(const struct kx_opts *o, enum vf_lockdown lock)
{
	int err;

	if (o->syscall == KX_SYSCALL_LOAD)
		return kexec_load_unload(o, lock);
	if (o->dry_run) {
		printf("dry-run: would call kexec_file_load(-1, -1, 0, NULL, KEXEC_FILE_UNLOAD%s)\n",
		       o->crash ? "|KEXEC_FILE_ON_CRASH" : "");
		return KX_EXIT_OK;
	}
	err = kx_file_unload(o->crash);
	if (err && o->syscall == KX_SYSCALL_AUTO && kx_file_load_may_fall_back(err)) {
		kx_debug("kexec_file_load unload: %s; falling back to kexec_load", strerror(err));
		return kexec_load_unload(o, lock);
	}
	if (err) {
		kx_error("kexec_file_load unload failed: %s", strerror(err));
		return KX_EXIT_FAILED;
	}
	return KX_EXIT_OK;
}

#ifdef KX_TEST_HOOKS
/*
 * Test-only build ($(BUILD)/kexec/kexec-testhooks, never installed): SBK_TEST_AFTER_VERIFY and
 * SBK_TEST_AFTER_LOAD name a shell command run after the verification (before the checks that
 * precede kexec_file_load) and right after the call (before the checks that follow it), so the
 * OVMF scenario can change the file in those windows. The shipped binary has no such code.
 */
static void test_hook(const char *name)
{
	const char *cmd = getenv(name);
	int st;

	if (!cmd)
		return;
	fprintf(stderr, "kexec: TEST HOOK %s: running '%s'\n", name, cmd);
	st = system(cmd);
	fprintf(stderr, "kexec: TEST HOOK %s: exit %d\n", name, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}
#else
static inline void test_hook(const char *name)
{
	(void)name;
}
#endif

/* The kernel file's bytes, once its background read ended: into *img, or the exit code. */
static int kernel_bytes(const struct kx_opts *o, struct kx_input *in, struct vf_image *img)
{
	int err;

	if (kx_input_read_wait(in) != SB_OK) {
		err = errno;
		if (err == EAGAIN) {
			kx_error("%s: its size changed while it was being read: another process is "
				 "writing it; nothing was loaded", o->kernel);
			return KX_EXIT_CHANGED;
		}
		kx_error("Cannot read `%s': %s", o->kernel, strerror(err));
		return KX_EXIT_FAILED;
	}
	img->path = o->kernel;
	img->fd = in->fd;   /* security.ima is read from this very file (fgetxattr) */
	img->data = in->buf.data;
	img->len = in->buf.len;
	img->digests = in->have_digests ? &in->digests : NULL;
	img->file_digests = in->have_file_digests ? &in->file_digests : NULL;
	kx_debug("%s: %zu bytes read into private memory; Authenticode SHA-256 %s%s%s", o->kernel,
		 in->buf.len, in->have_digests ? "hashed " : "left to the verifier (not a PE image?)",
		 in->have_digests ? in->digests_how : "",
		 in->have_file_digests ? " (and the file's SHA-256, for IMA)" : "");
	return KX_EXIT_OK;
}

/* Verify in userspace; 0 to go on (*verified says whether it verified), else the exit code.
   The verifier (OpenSSL, anchors, revocation lists) is set up while the file is being read. */
static int verify(const struct kx_opts *o, const struct kx_policy *pol, struct kx_input *in,
		  struct vf_image *img, struct kx_load_parts *parts, struct vf_verdict *v, bool *verified)
{
	struct vf_config cfg;
	struct vf_ctx ctx;
	int ret;

	kx_verifier_config(o, &cfg);
	ret = vf_open(&ctx, &cfg, v);
	if (ret != SB_OK) {
		kx_error("%s: %s: %s", o->kernel, v->check, v->reason);
		return ret == SB_E_MALFORMED ? VF_EXIT_MALFORMED : KX_EXIT_FAILED;
	}
	ret = kernel_bytes(o, in, img);
	/* A UKI's structure is checked before its signature (lib/uki.h). */
	if (ret == KX_EXIT_OK)
		ret = kx_parts_detect(o, img, parts);
	if (ret != KX_EXIT_OK) {
		vf_close(&ctx);
		return ret;
	}
	vf_verify_image(&ctx, img, kx_parts_verify_flags(parts), v);
	*verified = v->code == SB_OK;
	/* Seen on Debian 6.1: kexec_file_load verifies the first entry only and ignores the rest. */
	if (*verified && v->trusted_entry > 0)
		kx_warn("%s: the trusted signature is entry %u of %u, but the kernel's kexec_file_load "
			"checks only the first entry: it will refuse this image", o->kernel,
			v->trusted_entry, v->entries);
	if (o->verify_only) {
		ret = vf_exit_from_verdict(v->code);
		if (*verified)
			printf("%s: OK: %s\n", o->kernel, v->reason);
		else
			kx_error("%s: %s: %s: %s", o->kernel, sb_strerror(v->code), v->check, v->reason);
	} else {
		ret = kx_policy_decide(pol, o->kernel, v, vf_anchors_have_keys(&ctx.anchors));
		if (ret != KX_EXIT_OK)
			kx_error("%s: %s: %s: %s; nothing was loaded (%s)", o->kernel, sb_strerror(v->code),
				 v->check, v->reason, pol->why);
		else if (*verified) {
			/* One line for the log of whoever loads (kdump-tools' journal): what was trusted. */
			printf("kexec: %s: verified: %s\n", o->kernel, v->reason);
			(void)fflush(stdout);
		}
	}
	if (parts->uki)
		kx_uki_explain(o->kernel, &parts->u, v, *verified);
	vf_close(&ctx);
	return ret;
}

/* The file's own descriptor goes to the kernel: is it still the file we verified? */
static bool kernel_unchanged(const struct kx_opts *o, const struct kx_input *in, bool after)
{
	char why[320];

	if (kx_input_unchanged(in, why, sizeof(why)))
		return true;
	if (after)
		kx_error("%s: after kexec_file_load: %s, so the kernel may have read bytes kexec did not "
			 "verify; the image was unloaded again", o->kernel, why);
	else
		kx_error("%s: before kexec_file_load: %s, so the kernel could read bytes kexec did not "
			 "verify; nothing was loaded", o->kernel, why);
	return false;
}

static int do_load(const struct kx_opts *o, enum vf_lockdown lock)
{
	struct kx_input in = { .fd = -1 };
	struct kx_pass_decision pass = { .how = KX_PASS_MEMFD };
	struct vf_image img = { .fd = -1 };
	struct kx_blob kernel, initrd;
	struct kx_load_facts facts = { .o = o, .lock = lock, .in = &in, .pass = &pass };
	struct kx_load_parts parts;
	struct kx_config cfg;
	struct vf_verdict v = { 0 };
	struct kx_policy pol;
	char errbuf[512], kdesc[700], idesc[700];
	bool verified = false, has_initrd;
	int ret, err;

	kx_initrd_none(&parts.initrd);
	parts.cmdline = NULL;
	parts.uki = false;
	/* The site's load policy first: a file kexec does not understand stops everything. */
	if (kx_config_resolve(o, &cfg, errbuf, sizeof(errbuf)) != 0) {
		kx_error("%s", errbuf);
		ret = KX_EXIT_USAGE;
		goto out;
	}

	/* -c under lockdown: refuse before reading anything (the kernel refuses kexec_load). */
	if (!o->verify_only && o->syscall == KX_SYSCALL_LOAD && vf_locked_down(lock)) {
		kx_error(LOCKDOWN_REFUSAL, vf_lockdown_name(lock));
		ret = KX_EXIT_LOCKDOWN;
		goto out;
	}
	if (!o->verify_only && !o->dry_run && o->crash && !kx_crash_memory_reserved()) {
		kx_error("Memory for crashkernel is not reserved\nPlease reserve memory by passing "
			 "\"crashkernel=Y@X\" parameter to kernel\nThen try to loading kdump kernel");
		ret = KX_EXIT_USAGE;
		goto out;
	}
	/* One open: the bytes verified are read through it, security.ima too, and the kernel may
	   get this same descriptor. */
	ret = kx_input_open(&in, o->kernel);
	if (ret != SB_OK) {
		kx_error("Cannot open `%s': %s", o->kernel, ret == SB_E_NOT_FOUND ? strerror(ENOENT) :
			 errno == EINVAL ? "not a regular file" : strerror(errno));
		ret = KX_EXIT_FAILED;
		goto out;
	}
	/* Which descriptor kexec_file_load gets is decided before the read: a lease must cover it. */
	if (!o->verify_only && o->syscall != KX_SYSCALL_LOAD) {
		kx_pass_decide(&in, NULL, &pass);
		kx_explain("load: kexec_file_load gets %s", pass.why);
		if (pass.warned)
			kx_warn("%s: passing %s", o->kernel, pass.why);
	}
	kx_input_read_start(&in, KX_MAX_IMAGE);

	/* Verification comes before any syscall. */
	kx_policy_resolve(o, &pol);
	if (o->verify_only)
		pol.enforcing = true, pol.mode = KX_VERIFY_REQUIRED;
	if (pol.mode != KX_VERIFY_OFF) {
		ret = verify(o, &pol, &in, &img, &parts, &v, &verified);
		if (ret != KX_EXIT_OK || o->verify_only)
			goto out;
	} else {
		ret = kernel_bytes(o, &in, &img);
		if (ret == KX_EXIT_OK)
			ret = kx_parts_detect(o, &img, &parts);
		if (ret != KX_EXIT_OK)
			goto out;
		kx_warn("%s: --verify=off: not verified in userspace; the kernel's own checks decide",
			o->kernel);
		if (parts.uki)
			kx_uki_explain(o->kernel, &parts.u, &v, false);
	}
	facts.verified = verified;
	facts.form = v.form;

	/* Kernel, initrd and command line: a UKI's by kexec/uki.h, else the options'; the initrd
	   policy applied (kexec/initrd-policy.h). */
	ret = kx_parts_settle(o, &cfg, &img, &v, verified, lock, &parts);
	if (ret != KX_EXIT_OK)
		goto out;
	kx_parts_blobs(&parts, &kernel, &initrd, &has_initrd);
	facts.what = kernel.path;
	facts.uki = parts.uki;
	if (parts.uki && pass.how == KX_PASS_FILE) {
		/* The kernel must get the .linux bytes, not the UKI file: IMA cannot appraise them. */
		pass.how = KX_PASS_MEMFD;
		snprintf(pass.why, sizeof(pass.why), "a sealed memfd copy of the UKI's verified .linux "
			 "(the kernel cannot be given the UKI file itself)");
		kx_explain("load: kexec_file_load gets %s", pass.why);
	}
	/* -c: the bytes verified above are the bytes the segments are built from. */
	if (o->syscall == KX_SYSCALL_LOAD) {
		ret = kx_kexec_load(o, parts.kernel, parts.kernel_len, parts.initrd.data,
				    parts.initrd.len, parts.cmdline);
		goto out;
	}
	if (pass.how == KX_PASS_FILE)
		kernel.fd = in.fd;
	if (o->dry_run) {
		kx_parts_describe(&kernel, kdesc, sizeof(kdesc));
		if (has_initrd)
			kx_parts_describe(&initrd, idesc, sizeof(idesc));
		printf("dry-run: would call kexec_file_load(%s, %s, \"%s\", %s%s)\n", kdesc,
		       has_initrd ? idesc : "(no initrd)", parts.cmdline,
		       o->crash ? "KEXEC_FILE_ON_CRASH" : "0",
		       has_initrd ? "" : "|KEXEC_FILE_NO_INITRAMFS");
		ret = KX_EXIT_OK;
		goto out;
	}
	kx_warn_ima_only(&facts);
	test_hook("SBK_TEST_AFTER_VERIFY");
	if (pass.how == KX_PASS_FILE && !kernel_unchanged(o, &in, false)) {
		ret = KX_EXIT_CHANGED;
		goto out;
	}
	/* -d: the kernel's own kexec_file_load debug output too (dmesg), as kexec-tools 2.0.29 asks. */
	err = kx_file_load(&kernel, has_initrd ? &initrd : NULL, parts.cmdline, o->crash,
			   o->debug ? KX_KEXEC_FILE_DEBUG : 0);
	if (!err && pass.how == KX_PASS_FILE) {
		test_hook("SBK_TEST_AFTER_LOAD");
		/* The lease makes a change here impossible short of a bug: if one shows, take back
		   what was loaded rather than trust it. */
		if (!kernel_unchanged(o, &in, true)) {
			err = kx_file_unload(o->crash);
			if (err)
				kx_error("%s: and unloading it failed: %s", o->kernel, strerror(err));
			ret = KX_EXIT_CHANGED;
			goto out;
		}
	}
	if (err && o->syscall == KX_SYSCALL_AUTO && kx_file_load_may_fall_back(err)) {
		kx_debug("kexec_file_load: %s; -a falls back to kexec_load", strerror(err));
		if (vf_locked_down(lock)) {
			kx_error("%s: kexec_file_load failed (%s) and the fallback, kexec_load(2), is refused "
				 "under lockdown=%s", o->kernel, strerror(err), vf_lockdown_name(lock));
			ret = KX_EXIT_LOCKDOWN;
		} else if (!verified && pol.mode != KX_VERIFY_OFF) {
			/* Nothing but our check stands behind a kexec_load image: required. */
			kx_error("%s: kexec_file_load could not load the image (%s) and the kexec_load(2) "
				 "fallback needs an image verified in userspace (%s: %s); nothing was "
				 "loaded (use --verify=off to load it unverified)", o->kernel, strerror(err),
				 sb_strerror(v.code), v.reason);
			ret = v.code == SB_OK ? KX_EXIT_FAILED : vf_exit_from_verdict(v.code);
		} else {
			kx_warn("%s: kexec_file_load could not load the image (%s); falling back to "
				"kexec_load(2) with the built-in purgatory", o->kernel, strerror(err));
			/* The segments need the initrd's bytes: read now, once, from the same file. */
			ret = kx_initrd_read(&parts.initrd);
			if (ret == KX_EXIT_OK)
				ret = kx_kexec_load(o, parts.kernel, parts.kernel_len, parts.initrd.data,
						    parts.initrd.len, parts.cmdline);
		}
		goto out;
	}
	ret = err ? kx_report_file_load_error(&facts, err) : KX_EXIT_OK;
out:
	kx_parts_release(&parts);
	kx_input_close(&in);
	return ret;
}

int main(int argc, char **argv)
{
	struct kx_opts o;
	enum vf_lockdown lock;
	char err[512];
	int ret;

	vf_report_init("kexec");
	if (vf_crypto_init() != SB_OK) {
		kx_error("out of memory: OpenSSL cannot be initialised");
		return KX_EXIT_FAILED;
	}
	/* The system's openssl.cnf is not read: a static binary cannot load the modules it may
	   name, kexec uses none of what it sets (TLS levels, providers), and reading it costs a
	   third of a millisecond on every run. No cipher is used either: their legacy names are
	   not registered (OpenSSL 3's first fetch would copy them all into its name map, 1.7M
	   instructions of a verification's 10M outside SHA-256, callgrind). */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS, NULL);
	if (kx_parse_args(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "kexec: %s\nTry 'kexec --help' for more information.\n", err);
		return KX_EXIT_USAGE;
	}
	if (o.help) {
		kx_usage();
		return KX_EXIT_OK;
	}
	if (o.version) {
		printf("%s\n", KX_VERSION);
		return KX_EXIT_OK;
	}
	vf_explain_on = o.explain;
	vf_debug_on = o.debug;
	if (o.do_status) {
		/* kexec-tools: 1 when loaded, 0 when not; the crash slot unless -l was given. */
		int loaded = kx_kexec_loaded(!o.load_given);

		if (loaded < 0) {
			kx_error("cannot read /sys/kernel/kexec%s_loaded", o.load_given ? "" : "_crash");
			return KX_EXIT_FAILED;
		}
		return loaded;
	}
	lock = vf_lockdown_mode(o.lockdown_file);
	kx_debug("lockdown: %s", vf_lockdown_name(lock));
	ret = KX_EXIT_OK;
	if (o.do_unload)
		ret = do_unload(&o, lock);
	if (ret == KX_EXIT_OK && (o.do_load || o.verify_only))
		ret = do_load(&o, lock);
	if (ret != KX_EXIT_OK || o.verify_only || o.dry_run)
		return ret;
	if (o.do_exec)
		return kx_exec_loaded(o.do_sync);
	if (o.do_shutdown) {
		if (kx_kexec_loaded(false) != 1) {
			kx_error("Nothing has been loaded!");
			return KX_EXIT_USAGE;
		}
		return kx_shutdown_into_loaded();
	}
	return KX_EXIT_OK;
}
