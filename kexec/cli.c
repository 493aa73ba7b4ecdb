/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec-tools-compatible option parsing (the forms kdump-tools and kdumpctl use) plus our own. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "exit-codes.h"

enum {
	OPT_INITRD = 256, OPT_APPEND, OPT_REUSE_CMDLINE, OPT_VERIFY, OPT_VERIFY_ONLY, OPT_EXPLAIN,
	OPT_DRY_RUN, OPT_KEYRING, OPT_TRUST, OPT_DBX, OPT_MOKX, OPT_BLACKLIST, OPT_NO_SYS_REVOKE,
	OPT_EFIVARS, OPT_LOCKDOWN_FILE, OPT_IGNORED, OPT_IGNORED_ARG, OPT_MEM,
	OPT_COMMAND_LINE, OPT_CONFIG, OPT_INITRD_SIGNATURE, OPT_UKI_OVERRIDES,
};

/* kexec-tools' KEXEC_OPT_STR, with -t taking an argument. */
static const char short_opts[] = ":hvdfixyluepscaSt:";
/* (the leading ':' makes getopt report a missing argument as ':') */

static const struct option long_opts[] = {
	{ "help",                no_argument,       NULL, 'h' },
	{ "version",             no_argument,       NULL, 'v' },
	{ "debug",               no_argument,       NULL, 'd' },
	{ "force",               no_argument,       NULL, 'f' },
	{ "no-checks",           no_argument,       NULL, 'i' },
	{ "no-ifdown",           no_argument,       NULL, 'x' },
	{ "no-sync",             no_argument,       NULL, 'y' },
	{ "load",                no_argument,       NULL, 'l' },
	{ "unload",              no_argument,       NULL, 'u' },
	{ "exec",                no_argument,       NULL, 'e' },
	{ "load-panic",          no_argument,       NULL, 'p' },
	{ "kexec-file-syscall",  no_argument,       NULL, 's' },
	{ "kexec-syscall",       no_argument,       NULL, 'c' },
	{ "kexec-syscall-auto",  no_argument,       NULL, 'a' },
	{ "status",              no_argument,       NULL, 'S' },
	{ "type",                required_argument, NULL, 't' },
	{ "initrd",              required_argument, NULL, OPT_INITRD },
	{ "ramdisk",             required_argument, NULL, OPT_INITRD },
	{ "append",              required_argument, NULL, OPT_APPEND },
	{ "command-line",        required_argument, NULL, OPT_COMMAND_LINE },
	{ "reuse-cmdline",       no_argument,       NULL, OPT_REUSE_CMDLINE },
	/* Accepted for compatibility; meaningless for a bzImage loaded with kexec_file_load. */
	{ "args-linux",          no_argument,       NULL, OPT_IGNORED },
	{ "hotplug",             no_argument,       NULL, OPT_IGNORED },
	{ "noefi",               no_argument,       NULL, OPT_IGNORED },
	{ "mem-min",             required_argument, NULL, OPT_MEM },
	{ "mem-max",             required_argument, NULL, OPT_MEM },
	/* sbkexec's own. */
	{ "verify",              required_argument, NULL, OPT_VERIFY },
	{ "verify-only",         no_argument,       NULL, OPT_VERIFY_ONLY },
	{ "explain",             no_argument,       NULL, OPT_EXPLAIN },
	{ "dry-run",             no_argument,       NULL, OPT_DRY_RUN },
	{ "keyring",             required_argument, NULL, OPT_KEYRING },
	{ "trust",               required_argument, NULL, OPT_TRUST },
	{ "dbx",                 required_argument, NULL, OPT_DBX },
	{ "mokx",                required_argument, NULL, OPT_MOKX },
	{ "blacklist",           required_argument, NULL, OPT_BLACKLIST },
	{ "no-system-revocation", no_argument,      NULL, OPT_NO_SYS_REVOKE },
	{ "efivars",             required_argument, NULL, OPT_EFIVARS },
	{ "lockdown-file",       required_argument, NULL, OPT_LOCKDOWN_FILE },
	{ "config",              required_argument, NULL, OPT_CONFIG },
	{ "initrd-signature",    required_argument, NULL, OPT_INITRD_SIGNATURE },
	{ "uki-overrides",       required_argument, NULL, OPT_UKI_OVERRIDES },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(char *err, size_t errlen, const char *what, const char *arg)
{
	snprintf(err, errlen, "%s%s%s", what, arg ? ": " : "", arg ? arg : "");
	return KX_EXIT_USAGE;
}

int kx_parse_args(int argc, char **argv, struct kx_opts *o, char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	/* kexec-tools' defaults: a bare `kexec KERNEL` loads, then shuts down into it. */
	o->do_load = true;
	o->do_shutdown = true;
	o->do_sync = true;
	o->syscall = KX_SYSCALL_AUTO;
	o->verify = KX_VERIFY_AUTO;
	o->initrd_signature = -1;
	o->uki_overrides = -1;

	optind = 0;         /* glibc: full re-initialisation, so tests may parse repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'h': o->help = true; break;
		case 'v': o->version = true; break;
		case 'd': o->debug = true; break;
		case 'i': case 'x': break;   /* no memory checks / no ifdown: nothing to skip here */
		case 'y': o->do_sync = false; break;
		case 'f':
			o->do_load = true; o->do_shutdown = false; o->do_exec = true;
			break;
		case 'l':
			o->load_given = true;
			o->do_load = true; o->do_exec = false; o->do_shutdown = false;
			break;
		case 'u':
			o->do_load = false; o->do_shutdown = false; o->do_unload = true;
			break;
		case 'e':
			o->do_load = false; o->do_shutdown = false; o->do_exec = true;
			break;
		case 'p':
			o->do_load = true; o->do_exec = false; o->do_shutdown = false;
			o->crash = true;
			break;
		case 's': o->syscall = KX_SYSCALL_FILE; break;
		case 'c': o->syscall = KX_SYSCALL_LOAD; break;
		case 'a': o->syscall = KX_SYSCALL_AUTO; break;
		case 'S': o->do_status = true; break;
		case 't':
			/* kexec_file_load only takes what the kernel's bzImage64 loader takes. */
			if (strncmp(optarg, "bzImage", 7) != 0)
				return usage_error(err, errlen, "unsupported --type (only bzImage/bzImage64)", optarg);
			break;
		case OPT_INITRD: o->initrd = optarg; break;
		/* One option in kexec-tools; which of the two came last matters only for a UKI. */
		case OPT_APPEND: o->append = optarg; o->append_adds = true; break;
		case OPT_COMMAND_LINE: o->append = optarg; o->append_adds = false; break;
		case OPT_REUSE_CMDLINE: o->reuse_cmdline = true; break;
		case OPT_IGNORED: case OPT_MEM: break;
		case OPT_VERIFY:
			if (strcmp(optarg, "required") == 0)
				o->verify = KX_VERIFY_REQUIRED;
			else if (strcmp(optarg, "auto") == 0)
				o->verify = KX_VERIFY_AUTO;
			else if (strcmp(optarg, "off") == 0)
				o->verify = KX_VERIFY_OFF;
			else
				return usage_error(err, errlen, "--verify must be required, auto or off", optarg);
			break;
		case OPT_VERIFY_ONLY: o->verify_only = true; break;
		case OPT_EXPLAIN: o->explain = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case OPT_KEYRING: o->keyring = optarg; break;
		case OPT_TRUST:
			if (o->ntrust >= KX_MAX_TRUST)
				return usage_error(err, errlen, "too many --trust files", optarg);
			o->trust[o->ntrust++] = optarg;
			break;
		case OPT_DBX: o->dbx_file = optarg; break;
		case OPT_MOKX: o->mokx_file = optarg; break;
		case OPT_BLACKLIST: o->blacklist_file = optarg; break;
		case OPT_NO_SYS_REVOKE: o->no_system_revocation = true; break;
		case OPT_EFIVARS: o->efivars_dir = optarg; break;
		case OPT_LOCKDOWN_FILE: o->lockdown_file = optarg; break;
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_INITRD_SIGNATURE: {
			enum kx_initrd_sig v;

			if (kx_config_initrd_signature(optarg, &v) != 0)
				return usage_error(err, errlen, "--initrd-signature must be off or required", optarg);
			o->initrd_signature = v;
			break;
		}
		case OPT_UKI_OVERRIDES: {
			enum kx_uki_overrides v;

			if (kx_config_uki_overrides(optarg, &v) != 0)
				return usage_error(err, errlen, "--uki-overrides must be replace or strict", optarg);
			o->uki_overrides = v;
			break;
		}
		case ':':
			return usage_error(err, errlen, "option needs an argument", argv[optind - 1]);
		default:
			return usage_error(err, errlen, "unrecognized option",
					   optind > 0 && optind <= argc ? argv[optind - 1] : NULL);
		}
	}

	if (o->help || o->version)
		return 0;
	if (optind < argc)
		o->kernel = argv[optind++];
	if (optind < argc)
		return usage_error(err, errlen, "unexpected extra operand", argv[optind]);

	/* -S supersedes every other action and loads nothing (kexec-tools). */
	if (o->do_status) {
		o->do_load = o->do_unload = o->do_exec = o->do_shutdown = false;
		o->do_sync = false;
		return 0;
	}
	if (o->verify_only) {
		if (!o->kernel)
			return usage_error(err, errlen, "--verify-only needs a kernel image", NULL);
		o->do_load = o->do_unload = o->do_exec = o->do_shutdown = false;
		return 0;
	}
	/* `-u -p` (unload given before -p) means unloading the crash kernel, as `-p -u` does. */
	if (o->do_unload && o->do_load && !o->kernel)
		o->do_load = false;
	/* kexec-tools reaches "No kernel specified" only when it actually loads. */
	if (o->do_load && !o->kernel)
		return usage_error(err, errlen, "No kernel specified", NULL);
	if (!o->do_load && o->kernel && !o->do_unload)
		return usage_error(err, errlen, "a kernel image was given but nothing loads it", o->kernel);
	if (o->do_unload && o->kernel && !o->do_load)
		return usage_error(err, errlen, "-u takes no kernel image", o->kernel);
	return 0;
}

int kx_describe(const struct kx_opts *o, char *buf, size_t len)
{
	static const char *const sys[] = { "auto", "file", "load" };
	static const char *const pol[] = { "auto", "required", "off" };

	return snprintf(buf, len,
			"status=%d load=%d unload=%d exec=%d shutdown=%d crash=%d verify-only=%d "
			"syscall=%s verify=%s kernel=%s initrd=%s append=%s reuse-cmdline=%d sync=%d",
			o->do_status, o->do_load, o->do_unload, o->do_exec, o->do_shutdown, o->crash,
			o->verify_only, sys[o->syscall], pol[o->verify], o->kernel ? o->kernel : "-",
			o->initrd ? o->initrd : "-", o->append ? o->append : "-", o->reuse_cmdline,
			o->do_sync);
}
