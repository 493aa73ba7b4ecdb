/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key-loader's command line: one command, its operand and the trust/revocation options; --help. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "lib/sb-error.h"
#include "kl.h"

void kl_usage(void)
{
	fputs(
"Usage: key-loader [OPTIONS] COMMAND [CARRIER]\n"
"Put the certificates of a Secure-Boot-verified key carrier into the keyring the static\n"
"kexec verifies kernels with.\n"
"\n"
"Commands:\n"
"  status            Secure Boot, SetupMode, lockdown, KeyCarrierRT and what the kernel got of\n"
"                    it, the carrier's TPM events and PCR 14's replay, MokListRT, the keyring\n"
"  verify CARRIER    verify the carrier file's Authenticode signature against db + MokListRT\n"
"                    (efivarfs) or --trust certs, revocation against dbx, MokListXRT and the\n"
"                    kernel's .blacklist (an image hash in db also counts, as for the\n"
"                    firmware: for an unsigned file of odd length the unpadded one); then\n"
"                    list its .keylist certs (revoked or not)\n"
"  load CARRIER      verify as above, then add every unrevoked cert to the keyring\n"
"  import-firmware   add the certs the firmware-verified carriers recorded this boot\n"
"                    (KeyCarrierRT, which must be volatile BS|RT, with Secure Boot on) that\n"
"                    the kernel got too (in the MokListRT it read and in .machine/.platform)\n"
"  list              the keys in the keyring\n"
"\n"
"Options:\n"
"  --trust FILE      trusted certificate(s) (PEM, any number, or DER) instead of db+MokListRT;\n"
"                    repeatable\n"
"  --keyring NAME    target keyring: a name searched under @u then @s, a kernel keyring such\n"
"                    as .secondary_trusted_keys (found in /proc/keys; the kernel enforces its\n"
"                    chain), or a numeric id. Default: \"kexec\" under root's user keyring,\n"
"                    created when missing. _ima: the keyring IMA appraises with (created\n"
"                    under @u when missing); only certificates fit to be IMA keys go in\n"
"                    (keyUsage digitalSignature, not a CA); refused on a kernel with its own\n"
"                    .ima (CONFIG_INTEGRITY_TRUSTED_KEYRING: use --keyring .ima)\n"
"  --dry-run         load/import-firmware: do everything except add_key(2)\n"
"  --explain         print the decision trace\n"
"  --efivars DIR     read EFI variables from DIR instead of /sys/firmware/efi/efivars\n"
"  --dbx FILE, --mokx FILE, --blacklist FILE\n"
"                    revocation from these files (bare signature lists; \"bin:\"/\"tbs:\" lines)\n"
"  --no-system-revocation\n"
"                    only the files above, not efivarfs dbx/MokListXRT and .blacklist\n"
"  --lockdown-file FILE  read the lockdown mode from FILE (status; tests)\n"
"  --include-unconfirmed\n"
"                    import-firmware: also import recorded certs the kernel did not get\n"
"  --mok-variables DIR, --kernel-keys FILE, --tpm-log FILE, --tpm-pcr FILE\n"
"                    the kernel's view from these (tests): MOK config table entries, lines\n"
"                    \"<keyring> <description>\", the TPM event log, PCR 14 as sysfs shows it.\n"
"                    With --efivars only these are read, never this boot's\n"
"  -h, --help, --version\n"
"\n"
"Keyring permissions (kexec ring and the keys added): possessor view/read/write/search/link/\n"
"setattr on the ring, view/read/search/link on keys; user (root) view/read/search on both,\n"
"so a root process that did not find the ring through @u can still search and verify.\n"
"\n"
"Policy floor (as kexec's): issuers are CAs (basicConstraints CA:TRUE, keyCertSign, path\n"
"length); certificate signatures SHA-256/384/512, no MD5 or SHA-1; keys RSA >= 2048 bits or\n"
"EC P-256/384/521, signer and anchor included; the signer's extendedKeyUsage, if any, has\n"
"codeSigning, its keyUsage, if any, digitalSignature. Revocation by key: a certificate listed\n"
"in dbx/MokListXRT revokes its public key, wherever it is certified again.\n"
"\n"
"Exit codes: 0 ok; 1 usage; 10 malformed; 11 unsigned; 12 untrusted (or a CA or key-usage\n"
"rule broken); 13 rejected (bad signature, tampered); 14 revoked (the carrier, its chain or\n"
"anchor, or every carried cert); 15 unsupported (or below the algorithm/key floor); 16 no\n"
"KeyCarrierRT; 17 KeyCarrierRT not made by firmware (attributes not volatile BS|RT, or Secure\n"
"Boot off); 18 recorded certs the kernel did not get (import-firmware imports the others\n"
"only); 19 status: the TPM event log disagrees (PCR 14's replay, an event's digest, a recorded\n"
"cert not measured); 20 the kernel refused a key (all keys added by this run are unlinked\n"
"again); 255 other failure (also: what the kernel read cannot be read).\n", stdout);
}

static const struct {
	const char *name;
	enum kl_command cmd;
	bool operand;
} commands[] = {
	{ "status", KL_CMD_STATUS, false },
	{ "verify", KL_CMD_VERIFY, true },
	{ "load", KL_CMD_LOAD, true },
	{ "import-firmware", KL_CMD_IMPORT, false },
	{ "list", KL_CMD_LIST, false },
};

enum { OPT_TRUST = 256, OPT_KEYRING, OPT_EFIVARS, OPT_DBX, OPT_MOKX, OPT_BLACKLIST, OPT_NOSYS,
       OPT_DRY, OPT_EXPLAIN, OPT_LOCKDOWN, OPT_VERSION, OPT_MOKVARS, OPT_KERNEL_KEYS, OPT_TPM_LOG,
       OPT_TPM_PCR, OPT_INCLUDE_UNCONFIRMED };

int kl_parse_args(int argc, char **argv, struct kl_opts *o)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ "keyring", required_argument, NULL, OPT_KEYRING },
		{ "efivars", required_argument, NULL, OPT_EFIVARS },
		{ "dbx", required_argument, NULL, OPT_DBX },
		{ "mokx", required_argument, NULL, OPT_MOKX },
		{ "blacklist", required_argument, NULL, OPT_BLACKLIST },
		{ "no-system-revocation", no_argument, NULL, OPT_NOSYS },
		{ "dry-run", no_argument, NULL, OPT_DRY },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "lockdown-file", required_argument, NULL, OPT_LOCKDOWN },
		{ "mok-variables", required_argument, NULL, OPT_MOKVARS },
		{ "kernel-keys", required_argument, NULL, OPT_KERNEL_KEYS },
		{ "tpm-log", required_argument, NULL, OPT_TPM_LOG },
		{ "tpm-pcr", required_argument, NULL, OPT_TPM_PCR },
		{ "include-unconfirmed", no_argument, NULL, OPT_INCLUDE_UNCONFIRMED },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c, i, nops;

	memset(o, 0, sizeof(*o));
	/* glibc: 0 re-initialises getopt fully; 1 would keep the position inside an option cluster
	   of an earlier call (e.g. after "-hx" returned at 'h'), pointing into that call's argv. */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRUST:
			if (o->ntrust == VF_MAX_TRUST) {
				vf_error("at most %d --trust options", VF_MAX_TRUST);
				return VF_EXIT_USAGE;
			}
			o->trust[o->ntrust++] = optarg;
			break;
		case OPT_KEYRING:   o->keyring = optarg; break;
		case OPT_EFIVARS:   o->efivars_dir = optarg; break;
		case OPT_DBX:       o->dbx_file = optarg; break;
		case OPT_MOKX:      o->mokx_file = optarg; break;
		case OPT_BLACKLIST: o->blacklist_file = optarg; break;
		case OPT_NOSYS:     o->no_system_revocation = true; break;
		case OPT_DRY:       o->dry_run = true; break;
		case OPT_EXPLAIN:   vf_explain_on = true; break;
		case OPT_LOCKDOWN:  o->lockdown_file = optarg; break;
		case OPT_MOKVARS:   o->mokvars_dir = optarg; break;
		case OPT_KERNEL_KEYS: o->kernel_keys_file = optarg; break;
		case OPT_TPM_LOG:   o->tpm_log_file = optarg; break;
		case OPT_TPM_PCR:   o->tpm_pcr_file = optarg; break;
		case OPT_INCLUDE_UNCONFIRMED: o->include_unconfirmed = true; break;
		case 'h':           o->help = true; return VF_EXIT_OK;
		case OPT_VERSION:   o->version = true; return VF_EXIT_OK;
		default:
			return VF_EXIT_USAGE;
		}
	}
	nops = argc - optind;
	if (nops < 1) {
		vf_error("no command given (try --help)");
		return VF_EXIT_USAGE;
	}
	for (i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++) {
		if (strcmp(argv[optind], commands[i].name) != 0)
			continue;
		if (nops != (commands[i].operand ? 2 : 1)) {
			vf_error("%s takes %s", commands[i].name,
				 commands[i].operand ? "exactly one CARRIER file" : "no operand");
			return VF_EXIT_USAGE;
		}
		o->cmd = commands[i].cmd;
		o->carrier = commands[i].operand ? argv[optind + 1] : NULL;
		return VF_EXIT_OK;
	}
	vf_error("unknown command '%s' (try --help)", argv[optind]);
	return VF_EXIT_USAGE;
}
