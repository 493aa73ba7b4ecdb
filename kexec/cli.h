/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command-line model of the kexec binary: what to do, with which files, under which policy. */
#ifndef KX_CLI_H
#define KX_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define KX_MAX_TRUST 16   /* --trust files; the verifier takes as many (policy.c asserts it) */

enum kx_syscall_mode {
	KX_SYSCALL_AUTO,   /* -a (default): kexec_file_load, fall back only when it cannot handle the image */
	KX_SYSCALL_FILE,   /* -s: kexec_file_load only */
	KX_SYSCALL_LOAD,   /* -c: kexec_load only */
};

enum kx_verify_policy {
	KX_VERIFY_AUTO,     /* required under Secure Boot / lockdown, else verify what can be verified */
	KX_VERIFY_REQUIRED,
	KX_VERIFY_OFF,
};

/*
 * Flags as kexec-tools keeps them (kexec/kexec.c main()): the options toggle do_load, do_exec,
 * do_unload and do_shutdown, so `-p -u`, `-l -e`, `-f` and a bare `kexec KERNEL` mean what
 * they mean there. -S and --verify-only override everything else.
 */
struct kx_opts {
	bool do_load, do_exec, do_unload, do_shutdown, do_status, do_sync;
	bool crash;                 /* -p: the crash (panic) kernel slot */
	bool load_given;            /* -l seen: makes -S ask about the normal slot */
	bool verify_only;
	bool dry_run;               /* verify and print the syscall that would be made, make none */
	bool explain, debug;
	bool help, version;
	bool reuse_cmdline;
	enum kx_syscall_mode syscall;
	enum kx_verify_policy verify;

	const char *kernel;         /* first operand */
	const char *initrd;         /* --initrd / --ramdisk (last wins) */
	const char *append;         /* --append / --command-line (same option, last wins) */
	bool append_adds;           /* ...and the last one was --append: for a UKI it is added to the
	                               signed .cmdline, --command-line replaces it (kexec/uki.h) */
	const char *keyring;        /* --keyring NAME (default "kexec" under @u) */
	const char *trust[KX_MAX_TRUST];
	unsigned ntrust;
	/* Revocation sources; NULL means the live system (efivarfs, /proc/keys). */
	const char *dbx_file, *mokx_file, *blacklist_file;
	bool no_system_revocation;  /* --no-system-revocation: only the files above (tests) */
	const char *efivars_dir;    /* --efivars DIR: where SecureBoot-... and dbx-... live (tests) */
	const char *lockdown_file;  /* --lockdown-file FILE (tests) */
	/* Load policy beyond --verify (kexec/config.h): the file, and the options that tighten it. */
	const char *config;         /* --config FILE; NULL: KX_CONFIG_FILE, missing means defaults */
	int initrd_signature;       /* --initrd-signature: -1 not given, else enum kx_initrd_sig */
	int uki_overrides;          /* --uki-overrides: -1 not given, else enum kx_uki_overrides */
};

/*
 * Parse argv into *o. On error writes a message to err and returns KX_EXIT_USAGE; *o may then
 * be partially filled and must not be used. getopt state is reset first, so it may be called
 * more than once (unit tests).
 */
int kx_parse_args(int argc, char **argv, struct kx_opts *o, char *err, size_t errlen);

/* The --help text (documents every option, the policy and the exit codes). */
void kx_usage(void);

/* One-line human summary of the parsed request (for --dry-run and the unit tests). */
int kx_describe(const struct kx_opts *o, char *buf, size_t len);

#endif
