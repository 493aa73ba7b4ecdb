/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sbkexec's kexec: verify a kernel image in userspace, then load/unload/exec it (kexec-tools CLI). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "cmdline.h"
#include "exec.h"
#include "exit-codes.h"
#include "file-io.h"
#include "file-load.h"
#include "kexec-load.h"
#include "lib/sb-error.h"
#include "policy.h"
#include "report.h"
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

/* The kernel's answer to kexec_file_load, in words that say who refused and why. */
static int report_file_load_error(const struct kx_opts *o, int err, enum vf_lockdown lock,
				  bool verified)
{
	if (kx_file_load_signature_refused(err)) {
		kx_error("%s: kexec_file_load: the kernel refused the image signature: %s (%s). "
			 "The kernel checks it against .builtin_trusted_keys, .secondary_trusted_keys "
			 "and .platform%s", o->kernel, strerror(err),
			 err == ENOKEY ? "ENOKEY: no key it trusts signed it" :
			 err == EKEYREJECTED ? "EKEYREJECTED: the signature does not verify" :
			 err == ENODATA ? "ENODATA: it requires a signature" : "malformed signature",
			 verified ? "; our userspace verification accepted it: the key we trust is not "
				    "one the kernel trusts, or the kernel checked another signature entry" : "");
		return VF_EXIT_KERNEL_REFUSED;
	}
	if (err == EPERM && vf_locked_down(lock)) {
		/* kernel/kexec_file.c kimage_validate_signature(): a failed signature check
		   becomes -EPERM when the kernel is locked down and not in enforcing mode. */
		kx_error("%s: kexec_file_load: the kernel refused the image: %s. Under lockdown=%s "
			 "it loads only images whose signature it verifies against "
			 ".builtin_trusted_keys, .secondary_trusted_keys and .platform (dmesg: "
			 "\"kexec of unsigned images is restricted\")%s", o->kernel, strerror(err),
			 vf_lockdown_name(lock),
			 verified ? "; our userspace verification accepted it: the key we trust is not "
				    "one the kernel trusts" : "");
		return VF_EXIT_KERNEL_REFUSED;
	}
	if (err == EPERM)
		kx_error("%s: kexec_file_load: %s (needs CAP_SYS_BOOT; kexec may be disabled by "
			 "kernel.kexec_load_disabled, or refused by lockdown=%s)", o->kernel,
			 strerror(err), vf_lockdown_name(lock));
	else if (err == EBUSY)
		kx_error("%s: kexec_file_load: %s (a kexec is in progress?)", o->kernel, strerror(err));
	else if (err == ENOMEM && o->crash)
		kx_error("%s: kexec_file_load: %s (crash kernel and initrd larger than the "
			 "crashkernel= reservation?)", o->kernel, strerror(err));
	else
		kx_error("%s: kexec_file_load failed: %s", o->kernel, strerror(err));
	return KX_EXIT_FAILED;
}

/* Read the kernel once, through one descriptor: the bytes verified are the bytes loaded, and
   security.ima is read from that same file (fgetxattr). */
static int read_kernel(const char *path, struct vf_image *img, uint8_t **image)
{
	size_t len = 0;
	int fd, ret, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? SB_E_NOT_FOUND : SB_E_IO;
	ret = vf_read_fd(fd, image, &len, KX_MAX_IMAGE);
	if (ret != SB_OK) {
		saved = errno;
		close(fd);
		errno = saved;
		return ret;
	}
	img->path = path;
	img->fd = fd;
	img->data = *image;
	img->len = len;
	return SB_OK;
}

/* Verify in userspace; 0 to go on (*verified says whether it verified), else the exit code. */
static int verify(const struct kx_opts *o, const struct kx_policy *pol, const struct vf_image *img,
		  struct vf_verdict *v, bool *verified)
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
	vf_verify_image(&ctx, img, 0, v);
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
			fflush(stdout);
		}
	}
	vf_close(&ctx);
	return ret;
}

static int do_load(const struct kx_opts *o, enum vf_lockdown lock)
{
	struct vf_image img = { .fd = -1 };
	/* The verified bytes go to the kernel through a sealed memfd (fd -1). */
	struct kx_blob kernel = { .path = o->kernel, .fd = -1 };
	struct kx_blob initrd = { .path = o->initrd, .fd = -1 };
	struct vf_verdict v = { 0 };
	struct kx_policy pol;
	uint8_t *image = NULL;
	char *cmdline = NULL;
	bool verified = false;
	int ret, err;

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
	ret = read_kernel(o->kernel, &img, &image);
	if (ret != SB_OK) {
		kx_error("Cannot open `%s': %s", o->kernel, strerror(ret == SB_E_NOT_FOUND ? ENOENT : errno));
		ret = KX_EXIT_FAILED;
		goto out;
	}

	/* Verification comes before any syscall. */
	kx_policy_resolve(o, &pol);
	if (o->verify_only)
		pol.enforcing = true, pol.mode = KX_VERIFY_REQUIRED;
	if (pol.mode != KX_VERIFY_OFF) {
		ret = verify(o, &pol, &img, &v, &verified);
		if (ret != KX_EXIT_OK || o->verify_only)
			goto out;
	} else {
		kx_warn("%s: --verify=off: not verified in userspace; the kernel's own checks decide",
			o->kernel);
	}

	cmdline = kx_cmdline_build(o->reuse_cmdline, o->crash, o->append, NULL);
	if (!cmdline) {
		ret = KX_EXIT_FAILED;
		goto out;
	}
	/* -c: the bytes verified above are the bytes the segments are built from. */
	if (o->syscall == KX_SYSCALL_LOAD) {
		ret = kx_kexec_load(o, img.data, img.len, cmdline);
		goto out;
	}
	if (o->dry_run) {
		printf("dry-run: would call kexec_file_load(%s, %s, \"%s\", %s%s)\n", o->kernel,
		       o->initrd ? o->initrd : "(no initrd)", cmdline,
		       o->crash ? "KEXEC_FILE_ON_CRASH" : "0",
		       o->initrd ? "" : "|KEXEC_FILE_NO_INITRAMFS");
		ret = KX_EXIT_OK;
		goto out;
	}
	/* The initrd is not verified (the kernel does not verify it either): its own descriptor. */
	if (o->initrd) {
		initrd.fd = open(o->initrd, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (initrd.fd < 0) {
			kx_error("Cannot open `%s': %s", o->initrd, strerror(errno));
			ret = KX_EXIT_FAILED;
			goto out;
		}
	}
	kernel.data = img.data;
	kernel.len = img.len;
	/* -d: the kernel's own kexec_file_load debug output too (dmesg), as kexec-tools 2.0.29 asks. */
	err = kx_file_load(&kernel, o->initrd ? &initrd : NULL, cmdline, o->crash,
			   o->debug ? KX_KEXEC_FILE_DEBUG : 0);
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
			ret = kx_kexec_load(o, img.data, img.len, cmdline);
		}
		goto out;
	}
	ret = err ? report_file_load_error(o, err, lock, verified) : KX_EXIT_OK;
out:
	free(cmdline);
	free(image);
	if (img.fd >= 0)
		close(img.fd);
	if (initrd.fd >= 0)
		close(initrd.fd);
	return ret;
}

int main(int argc, char **argv)
{
	struct kx_opts o;
	enum vf_lockdown lock;
	char err[512];
	int ret;

	vf_report_init("kexec");
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
