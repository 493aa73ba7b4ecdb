/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec.conf: the site's load policy (signed initrds, UKI overrides), so kdump services need no new options. */
#ifndef KX_CONFIG_H
#define KX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* The file read when --config is not given (a missing file there means the defaults). */
#ifndef KX_CONFIG_FILE
#define KX_CONFIG_FILE "/etc/sbkexec/kexec.conf"
#endif

/*
 * The format (the one place it is defined; kexec(8) "CONFIGURATION" says the same to users):
 *
 *   # a comment: the first non-blank character of the line is '#'
 *   initrd-signature = required
 *   uki-overrides = strict
 *
 *  - Text; the file at most 64 KiB, a line at most 1024 bytes, no NUL byte.
 *  - Blank lines and comment lines are ignored; no comment after a value ("strict # x" is an
 *    invalid value, not a value with a comment).
 *  - Every other line is KEY = VALUE: spaces and tabs around '=' and at the end are allowed,
 *    KEY and VALUE are single words of [a-z0-9-].
 *  - Keys and values:
 *      initrd-signature = off | required   (default off)   the initrd must carry a signature
 *                         from a trusted key (kexec/initrd-policy.h); a UKI's own .initrd is
 *                         covered by the UKI's signature
 *      uki-overrides = replace | strict    (default replace)   whether --initrd / --command-line /
 *                         --append / --reuse-cmdline may replace what a UKI's signature covers
 *                         (kexec/uki.h)
 *  - Fail closed: an unknown key, an invalid value, a key given twice or a line that is none of
 *    the above makes kexec refuse to do anything (exit 1, "FILE:LINE: ..."): a policy file that
 *    says something we do not understand must not be half-applied.
 *  - The file must be a regular file owned by root and writable by nobody else (no group or
 *    other write bit), and so must its directory: whoever could change it could turn the policy
 *    off. When kexec does not run as root (tests) the caller's own uid is accepted too.
 *  - The default file missing means the defaults; a --config=FILE that is missing is an error.
 *  - The command line may tighten the file, never loosen it: --initrd-signature=off when the
 *    file says required, --uki-overrides=replace when it says strict, or --verify=off with
 *    either stricter setting, is refused (exit 1), naming the file.
 */

enum kx_initrd_sig { KX_INITRD_SIG_OFF, KX_INITRD_SIG_REQUIRED };
enum kx_uki_overrides { KX_UKI_REPLACE, KX_UKI_STRICT };

struct kx_config {
	enum kx_initrd_sig initrd_signature;
	enum kx_uki_overrides uki_overrides;
	/* Where each came from, for --explain and the errors ("default", "FILE:LINE", "--option"). */
	char initrd_signature_from[160];
	char uki_overrides_from[160];
};

/* The defaults (off, replace), each "from" "default". */
void kx_config_defaults(struct kx_config *c);

/*
 * Read `path` into *c (which holds the defaults or earlier values). `explicit_path`: the user
 * named it (missing is then an error). 0, or -1 with err filled ("FILE:LINE: why"); *c is only
 * changed on success.
 */
int kx_config_read(const char *path, bool explicit_path, struct kx_config *c, char *err, size_t errlen);

struct kx_opts;

/*
 * This run's settings: the defaults, then the file (o->config, else KX_CONFIG_FILE), then the
 * command line (--initrd-signature, --uki-overrides), which may only tighten what the file says;
 * --verify=off is refused next to a stricter setting. 0, or -1 with err filled.
 */
int kx_config_resolve(const struct kx_opts *o, struct kx_config *c, char *err, size_t errlen);

/* Parse one value of either key ("off", "required"; "replace", "strict"). 0 or -1. */
int kx_config_initrd_signature(const char *value, enum kx_initrd_sig *out);
int kx_config_uki_overrides(const char *value, enum kx_uki_overrides *out);

#endif
