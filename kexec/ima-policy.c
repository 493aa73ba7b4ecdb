/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What kexec can know about the kernel's IMA policy for kexec images: read it when the kernel lets us. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "ima-policy.h"
#include "verifier/file-io.h"

#define SECURITYFS_MAGIC 0x73636673   /* include/uapi/linux/magic.h */
#define IMA_DIR "/sys/kernel/security/ima"

const char *kx_ima_kexec_name(enum kx_ima_kexec s)
{
	switch (s) {
	case KX_IMA_ABSENT:  return "no IMA in this kernel";
	case KX_IMA_NO_RULE: return "no IMA appraise rule for kexec images";
	case KX_IMA_RULE:    return "an IMA appraise rule for kexec images";
	default:             return "an IMA policy whose rules cannot be read";
	}
}

/* An appraise rule that can match KEXEC_KERNEL_CHECK: func= that hook, or no func= at all. */
static bool rule_matches_kexec(char *line, bool *imasig)
{
	char *save = NULL, *tok;
	bool appraise = false, func_other = false;

	*imasig = false;
	for (tok = strtok_r(line, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (!appraise) {
			if (strcmp(tok, "appraise") != 0)
				return false;   /* measure, dont_appraise, audit, hash, ... */
			appraise = true;
		} else if (strncmp(tok, "func=", 5) == 0) {
			func_other = strcmp(tok + 5, "KEXEC_KERNEL_CHECK") != 0;
		} else if (strncmp(tok, "appraise_type=", 14) == 0) {
			*imasig = strncmp(tok + 14, "imasig", 6) == 0;
		}
	}
	return appraise && !func_other;
}

static void probe_file(FILE *f, struct kx_ima_policy *p)
{
	char line[512], copy[512];

	while (fgets(line, sizeof(line), f)) {
		bool imasig;

		snprintf(copy, sizeof(copy), "%s", line);
		copy[strcspn(copy, "\n")] = '\0';
		if (!rule_matches_kexec(line, &imasig))
			continue;
		p->state = KX_IMA_RULE;
		p->imasig = imasig;
		snprintf(p->rule, sizeof(p->rule), "%.250s", copy);
		return;
	}
	p->state = KX_IMA_NO_RULE;
}

void kx_ima_policy_probe(const char *dir, struct kx_ima_policy *p)
{
	char path[200];
	struct statfs sfs;
	struct stat st;
	FILE *f;

	memset(p, 0, sizeof(*p));
	if (!dir)
		dir = IMA_DIR;
	if (stat(dir, &st) != 0) {
		/* securityfs mounted (where lockdown lives too) but no ima/: IMA is not built in. */
		if (statfs("/sys/kernel/security", &sfs) == 0 && sfs.f_type == SECURITYFS_MAGIC) {
			p->state = KX_IMA_ABSENT;
			snprintf(p->how, sizeof(p->how), "%.200s does not exist", dir);
		} else {
			p->state = KX_IMA_UNKNOWN;
			snprintf(p->how, sizeof(p->how), "securityfs is not mounted on /sys/kernel/security");
		}
		return;
	}
	f = vf_path(path, sizeof(path), "%s/policy", dir) == 0 ? fopen(path, "re") : NULL;
	if (f) {
		probe_file(f, p);
		(void)fclose(f);     /* a read stream: nothing to lose */
		snprintf(p->how, sizeof(p->how), "read from %s", path);
		return;
	}
	p->state = KX_IMA_UNKNOWN;
	if (errno == ENOENT) {
		/* ima_release_policy(): without CONFIG_IMA_WRITE_POLICY and CONFIG_IMA_READ_POLICY
		   the file is removed once a custom policy was written. */
		p->custom = true;
		snprintf(p->how, sizeof(p->how), "a custom IMA policy was loaded and this kernel cannot "
			 "show it (%s is gone: CONFIG_IMA_READ_POLICY unset)", path);
	} else {
		snprintf(p->how, sizeof(p->how), "%s cannot be read (%s): the boot-time IMA policy is "
			 "in force, its rules are not readable", path, strerror(errno));
	}
}
