/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import-firmware: the certs key carriers recorded in KeyCarrierRT this boot that the kernel got too, into the keyring. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sb-error.h"
#include "kl.h"

/* The certificates the kernel got (a view of l: the X509s stay l's). */
static int confirmed_only(const struct kl_certlist *l, struct kl_certlist *out)
{
	unsigned i;

	out->certs = calloc(l->n ? l->n : 1, sizeof(*out->certs));
	if (!out->certs)
		return SB_E_NOMEM;
	out->n = out->usable = 0;
	for (i = 0; i < l->n; i++) {
		const struct kl_cert *c = &l->certs[i];

		if (c->not_in_kernel)
			continue;
		out->certs[out->n++] = *c;
		if (!c->revoked && !c->duplicate)
			out->usable++;
	}
	return SB_OK;
}

/*
 * What the kernel did not get is not imported by default: KeyCarrierRT proves a verified carrier
 * ran this boot, but not that the boot chain which then started the kernel kept its certificates
 * (a shim started after it replaces MokListRT), and a certificate the kernel itself does not
 * trust must not become trusted for kexec (never looser than the kernel).
 */
static int import_confirmed(const struct kl_opts *o, const struct kl_certlist *certs, unsigned missing)
{
	struct kl_certlist ok = { 0 };
	unsigned i;
	int rc;

	for (i = 0; i < certs->n; i++)
		if (certs->certs[i].not_in_kernel)
			printf("withheld (not in the kernel): %s\n", certs->certs[i].name);
	vf_error("import-firmware: %u recorded certificate(s) the kernel did not get are not imported: "
		 "the boot chain that started the kernel no longer vouches for them "
		 "(--include-unconfirmed imports them anyway)", missing);
	if (confirmed_only(certs, &ok) != SB_OK) {
		vf_error("out of memory");
		return VF_EXIT_FAILED;
	}
	if (ok.usable == 0) {
		printf("import-firmware: nothing imported\n");
		rc = KL_EXIT_NOT_IN_KERNEL;
	} else {
		rc = kl_ring_add_all(o, &ok);
		if (rc == VF_EXIT_OK)
			rc = KL_EXIT_NOT_IN_KERNEL;
	}
	free(ok.certs);
	return rc;
}

int kl_import_firmware(const struct kl_opts *o, const struct vf_revocation *r)
{
	struct kl_kernel_view kv;
	struct kl_record rec;
	struct vf_verdict v = { 0 };
	char why[512];
	unsigned missing;
	int rc, ret;

	rc = kl_record_load(o, r, &rec, why, sizeof(why));
	if (rc != VF_EXIT_OK) {
		vf_error("%s%s", why, rc == KL_EXIT_NOT_FIRMWARE ? "; refusing" : "");
		return rc;
	}
	printf("KeyCarrierRT: %u carrier(s), %u certificate(s), attributes 0x%08x\n", rec.carriers,
	       rec.certs.n, rec.attrs);
	if (rec.certs.n == 0) {
		printf("import-firmware: nothing to import\n");
		rc = VF_EXIT_OK;
		goto out;
	}
	kl_certlist_print(&rec.certs);
	if (rec.certs.usable == 0) {
		vf_error("KeyCarrierRT: every certificate is revoked");
		rc = VF_EXIT_REVOKED;
		goto out;
	}
	/* What the kernel read and holds decides; when that cannot be read, nothing is imported. */
	ret = kl_kernel_view_open(o, &kv, &v);
	if (ret != SB_OK) {
		vf_error("cannot tell which recorded certificates the kernel got: %s: %s; nothing imported",
			 v.check, v.reason);
		rc = vf_exit_from_verdict(ret);
		goto out;
	}
	missing = kl_crosscheck(&kv, &rec.certs);
	kl_kernel_view_close(&kv);
	if (missing == 0) {
		rc = kl_ring_add_all(o, &rec.certs);
	} else if (o->include_unconfirmed) {
		vf_warn("importing %u recorded certificate(s) the kernel did not get (--include-unconfirmed)",
			missing);
		rc = kl_ring_add_all(o, &rec.certs);
	} else {
		rc = import_confirmed(o, &rec.certs, missing);
	}
out:
	kl_record_free(&rec);
	return rc;
}
