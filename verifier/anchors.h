/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust anchors: trusted certificates (files, or signature lists a caller adds) and the keys of one keyring. */
#ifndef VF_ANCHORS_H
#define VF_ANCHORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "verifier/report.h"

/*
 * Every anchor certificate carries a label saying where it came from ("--trust certificate",
 * "db/MokListRT certificate"), which verdicts quote ("trusted via <label> <subject>").
 */
struct vf_anchors {
	X509_STORE *store;          /* the anchor certificates, for OpenSSL chain building */
	STACK_OF(X509) *certs;      /* the same, in order, for issuer+serial and key id lookups */
	char (*labels)[48];         /* labels[i] belongs to sk_X509_value(certs, i) */
	int32_t keyring;            /* key_serial_t of the anchor keyring; 0 when none */
	char keyring_name[128];
	unsigned keyring_keys;      /* keys in it when opened (0: it anchors nothing) */
};

#define VF_MAX_TRUST 16

/* Where anchors come from: certificate files, and one keyring. */
struct vf_anchor_sources {
	const char *trust_files[VF_MAX_TRUST];
	unsigned ntrust;
	const char *keyring;        /* a name or id (vf_keyring_find()); NULL: no keyring anchor */
};

/*
 * Load every certificate of each file (PEM, any number; or one DER; a file with none is an
 * error, SB_E_IO) with label "--trust certificate", and open the keyring. A keyring that cannot
 * be found is no error: it then provides no key (the trace says so). SB_OK, or an SB_E_* code
 * with *v filled (*a then closed). Anchors from signature lists are added afterwards.
 */
int vf_anchors_open(struct vf_anchors *a, const struct vf_anchor_sources *src, struct vf_verdict *v);

/* Certificate anchors are in use, even if none is added (a chain failure then says that no
   anchor certificate vouches for the signer, rather than that no anchor was configured). */
int vf_anchors_use_certs(struct vf_anchors *a, struct vf_verdict *v);

/* Add one certificate (a reference is taken) with its label. */
int vf_anchors_add_cert(struct vf_anchors *a, X509 *cert, const char *label, struct vf_verdict *v);

/*
 * Add the X.509 entries of a signature-list buffer (e.g. db); other entry types are skipped, an
 * entry OpenSSL cannot parse is skipped with a note in the trace. `what` names the source in
 * messages. SB_E_MALFORMED when the buffer is not a valid signature list. *added counts.
 */
int vf_anchors_add_esl(struct vf_anchors *a, const char *what, const char *label,
		       const uint8_t *esl, size_t len, unsigned *added, struct vf_verdict *v);

/* The label of a certificate that is an anchor (compared by content); NULL when it is none. */
const char *vf_anchors_label(const struct vf_anchors *a, X509 *cert);

static inline bool vf_anchors_have_certs(const struct vf_anchors *a)
{
	return a->certs && sk_X509_num(a->certs) > 0;
}
static inline bool vf_anchors_have_keys(const struct vf_anchors *a)
{
	return vf_anchors_have_certs(a) || a->keyring_keys > 0;
}

void vf_anchors_close(struct vf_anchors *a);

#endif
