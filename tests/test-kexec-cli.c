/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec CLI parser and command-line builder, against the forms kdump-tools and kdumpctl use. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../kexec/cli.h"
#include "../kexec/cmdline.h"
#include "../kexec/config.h"
#include "../kexec/exit-codes.h"

static struct kx_opts o;
static char err[512];

/* Parse a NULL-terminated argument list (argv[0] added). */
static int parse(const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"kexec";
	va_start(ap, first);
	for (a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return kx_parse_args(argc, argv, &o, err, sizeof(err));
}

/* kdump-config (Debian kdump-tools 1.8) kdump_load under Secure Boot, after its eval. */
static void kdump_tools_load(void)
{
	T_EQ_INT(parse("-p", "-s", "--command-line=root=/dev/vda1 ro irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service",
		       "--initrd=/var/lib/kdump/initrd.img", "/var/lib/kdump/vmlinuz", NULL), 0);
	T_CHECK(o.do_load && o.crash && !o.do_exec && !o.do_unload && !o.do_shutdown);
	T_EQ_INT(o.syscall, KX_SYSCALL_FILE);
	T_CHECK(o.append && strcmp(o.append, "root=/dev/vda1 ro irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service") == 0);
	T_CHECK(o.initrd && strcmp(o.initrd, "/var/lib/kdump/initrd.img") == 0);
	T_CHECK(o.kernel && strcmp(o.kernel, "/var/lib/kdump/vmlinuz") == 0);
}

/* kdump-config for an ELF vmlinux adds --args-linux; KDUMP_KEXEC_ARGS may add anything. */
static void kdump_tools_args_linux(void)
{
	T_EQ_INT(parse("-p", "--args-linux", "-d", "--command-line=x", "--initrd=i", "k", NULL), 0);
	T_CHECK(o.do_load && o.crash && o.debug && o.kernel && strcmp(o.kernel, "k") == 0);
}

/* kdump_unload: `kexec -s -p -u` under Secure Boot, `kexec -p -u` otherwise. */
static void kdump_tools_unload(void)
{
	T_EQ_INT(parse("-s", "-p", "-u", NULL), 0);
	T_CHECK(o.do_unload && o.crash && !o.do_load && !o.do_exec && o.kernel == NULL);
	T_EQ_INT(o.syscall, KX_SYSCALL_FILE);
	T_EQ_INT(parse("-p", "-u", NULL), 0);
	T_CHECK(o.do_unload && o.crash && !o.do_load);
	T_EQ_INT(o.syscall, KX_SYSCALL_AUTO);
	T_EQ_INT(parse("-u", "-p", NULL), 0);
	T_CHECK(o.do_unload && o.crash && !o.do_load);
}

/* kdumpctl (Fedora kexec-tools): $KEXEC $KEXEC_ARGS $standard_kexec_args --command-line=... --initrd=... kernel,
   with KEXEC_ARGS="-s" and standard_kexec_args="-d -p" (older: "-p"). */
static void kdumpctl_load(void)
{
	T_EQ_INT(parse("-s", "-d", "-p", "--command-line=ro console=ttyS0 irqpoll nr_cpus=1 reset_devices",
		       "--initrd=/boot/initramfs-6.1kdump.img", "/boot/vmlinuz-6.1", NULL), 0);
	T_CHECK(o.do_load && o.crash && o.debug);
	T_EQ_INT(o.syscall, KX_SYSCALL_FILE);
	T_CHECK(strcmp(o.kernel, "/boot/vmlinuz-6.1") == 0);
	T_EQ_INT(parse("-s", "-p", "--hotplug", "--command-line=a", "--initrd=i", "k", NULL), 0);
	T_CHECK(o.do_load && o.crash);
}

static void combined_short_options(void)
{
	T_EQ_INT(parse("-sp", "--reuse-cmdline", "k", NULL), 0);
	T_CHECK(o.do_load && o.crash && o.reuse_cmdline && o.syscall == KX_SYSCALL_FILE);
	T_EQ_INT(parse("-su", NULL), 0);
	T_CHECK(o.do_unload && !o.crash && !o.do_load && o.syscall == KX_SYSCALL_FILE);
	T_EQ_INT(parse("-spu", NULL), 0);
	T_CHECK(o.do_unload && o.crash && !o.do_load);
	T_EQ_INT(parse("-xe", NULL), 0);
	T_CHECK(o.do_exec && !o.do_load);
}

static void append_and_command_line_last_wins(void)
{
	T_EQ_INT(parse("-l", "--append=first", "--command-line=second", "k", NULL), 0);
	T_CHECK(strcmp(o.append, "second") == 0);
	T_EQ_INT(parse("-l", "--command-line=first", "--append", "second", "k", NULL), 0);
	T_CHECK(strcmp(o.append, "second") == 0);
	T_EQ_INT(parse("-l", "--ramdisk=r1", "--initrd=r2", "k", NULL), 0);
	T_CHECK(strcmp(o.initrd, "r2") == 0);
}

static void actions(void)
{
	T_EQ_INT(parse("k", NULL), 0);                 /* bare: load, then shutdown */
	T_CHECK(o.do_load && o.do_shutdown && !o.do_exec);
	T_EQ_INT(parse("-f", "k", NULL), 0);
	T_CHECK(o.do_load && o.do_exec && !o.do_shutdown);
	T_EQ_INT(parse("-e", NULL), 0);
	T_CHECK(o.do_exec && !o.do_load && o.do_sync);
	T_EQ_INT(parse("-e", "-y", NULL), 0);
	T_CHECK(o.do_exec && !o.do_sync);
	T_EQ_INT(parse("-S", NULL), 0);
	T_CHECK(o.do_status && !o.load_given && !o.do_load && !o.do_exec);
	T_EQ_INT(parse("-S", "-l", NULL), 0);
	T_CHECK(o.do_status && o.load_given && !o.do_load);
	T_EQ_INT(parse("-c", "-l", "k", NULL), 0);
	T_EQ_INT(o.syscall, KX_SYSCALL_LOAD);
	T_EQ_INT(parse("-c", "-a", "-l", "k", NULL), 0);
	T_EQ_INT(o.syscall, KX_SYSCALL_AUTO);
	T_EQ_INT(parse("--verify-only", "k", NULL), 0);
	T_CHECK(o.verify_only && !o.do_load && !o.do_shutdown);
	T_EQ_INT(parse("-t", "bzImage64", "-l", "k", NULL), 0);
	T_EQ_INT(parse("-h", NULL), 0);
	T_CHECK(o.help);
}

static void verification_options(void)
{
	T_EQ_INT(parse("-p", "--verify=required", "--trust=a.pem", "--trust", "b.der", "--keyring=ring",
		       "--dbx=d", "--mokx=m", "--blacklist=b", "--explain", "k", NULL), 0);
	T_EQ_INT(o.verify, KX_VERIFY_REQUIRED);
	T_EQ_INT(o.ntrust, 2);
	T_CHECK(strcmp(o.trust[1], "b.der") == 0 && strcmp(o.keyring, "ring") == 0 && o.explain);
	T_EQ_INT(parse("--verify=off", "-l", "k", NULL), 0);
	T_EQ_INT(o.verify, KX_VERIFY_OFF);
	T_EQ_INT(parse("-l", "k", NULL), 0);
	T_EQ_INT(o.verify, KX_VERIFY_AUTO);
}

static void usage_errors(void)
{
	T_EQ_INT(parse("--bogus", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("-l", NULL), KX_EXIT_USAGE);
	T_CHECK(strstr(err, "No kernel specified") != NULL);
	T_EQ_INT(parse("-p", "--initrd", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("--verify=maybe", "-l", "k", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("-t", "multiboot-x86", "-l", "k", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("-l", "k1", "k2", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("-u", "k", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("-e", "k", NULL), KX_EXIT_USAGE);
	T_EQ_INT(parse("--verify-only", NULL), KX_EXIT_USAGE);
}

static void reuse_cmdline_filter(void)
{
	char out[256];

	T_EQ_INT(kx_cmdline_filter("BOOT_IMAGE=/vmlinuz-6.1 root=/dev/vda1 ro crashkernel=256M quiet\n",
				   /* crash= */ true, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "root=/dev/vda1 ro quiet") == 0);
	T_EQ_INT(kx_cmdline_filter("BOOT_IMAGE=/vmlinuz root=/dev/vda1 crashkernel=256M", false, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "root=/dev/vda1 crashkernel=256M") == 0);
	/* crashkernelx= is another parameter; quoted values keep their spaces */
	T_EQ_INT(kx_cmdline_filter("crashkernelx=1 dyndbg=\"file a.c +p\"  crashkernel", true, out, sizeof(out)), 0);
	T_CHECK(strcmp(out, "crashkernelx=1 dyndbg=\"file a.c +p\"") == 0);
	T_EQ_INT(kx_cmdline_filter("root=/dev/vda1 quiet", false, out, 8), -1);
}

static void cmdline_build(void)
{
	char *s = kx_cmdline_build(false, true, "irqpoll nr_cpus=1", NULL);

	T_CHECK(s && strcmp(s, "irqpoll nr_cpus=1") == 0);
	free(s);
	s = kx_cmdline_build(false, false, NULL, NULL);
	T_CHECK(s && s[0] == '\0');
	free(s);
	s = kx_cmdline_build(true, false, "x", "/nonexistent/cmdline");
	T_CHECK(s == NULL);
	free(s);
}

/* Policy options of issue #12: their values, and which of --append/--command-line came last. */
static void load_policy_options(void)
{
	T_EQ_INT(parse("-p", "k", NULL), 0);
	T_EQ_INT(o.initrd_signature, -1);
	T_EQ_INT(o.uki_overrides, -1);
	T_CHECK(o.config == NULL);
	T_EQ_INT(parse("-p", "--initrd-signature=required", "--uki-overrides=strict", "--config=/x.conf", "k",
		       NULL), 0);
	T_EQ_INT(o.initrd_signature, KX_INITRD_SIG_REQUIRED);
	T_EQ_INT(o.uki_overrides, KX_UKI_STRICT);
	T_CHECK(strcmp(o.config, "/x.conf") == 0);
	T_EQ_INT(parse("-p", "--initrd-signature=yes", "k", NULL), KX_EXIT_USAGE);
	T_CHECK(strstr(err, "--initrd-signature must be off or required") != NULL);
	T_EQ_INT(parse("-p", "--uki-overrides=ignore", "k", NULL), KX_EXIT_USAGE);
	/* The same option as in kexec-tools (last wins); append_adds remembers the spelling. */
	T_EQ_INT(parse("-p", "--command-line=a", "--append=b", "k", NULL), 0);
	T_CHECK(strcmp(o.append, "b") == 0 && o.append_adds);
	T_EQ_INT(parse("-p", "--append=b", "--command-line=a", "k", NULL), 0);
	T_CHECK(strcmp(o.append, "a") == 0 && !o.append_adds);
}

int main(void)
{
	t_run("kdump-tools: kexec -p -s --command-line=... --initrd=... KERNEL", kdump_tools_load);
	t_run("kdump-tools: --args-linux and KDUMP_KEXEC_ARGS", kdump_tools_args_linux);
	t_run("kdump-tools: kexec [-s] -p -u", kdump_tools_unload);
	t_run("kdumpctl: kexec -s -d -p --command-line=... --initrd=... KERNEL", kdumpctl_load);
	t_run("combined short options -sp -su -spu -xe", combined_short_options);
	t_run("--append/--command-line and --initrd/--ramdisk: last wins", append_and_command_line_last_wins);
	t_run("actions: bare, -f, -e, -y, -S, -c/-a, --verify-only, -t, -h", actions);
	t_run("verification options", verification_options);
	t_run("usage errors exit 1", usage_errors);
	t_run("--reuse-cmdline drops BOOT_IMAGE (and crashkernel for -p)", reuse_cmdline_filter);
	t_run("command line assembly", cmdline_build);
	t_run("--initrd-signature, --uki-overrides, --config; --append vs --command-line", load_policy_options);
	return t_done();
}
