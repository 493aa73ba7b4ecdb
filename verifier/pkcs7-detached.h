/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Detached PKCS#7 signatures over a whole file (FILE.p7s): one SignerInfo, chained and revocation-checked like Authenticode. */
#ifndef VF_PKCS7_DETACHED_H
#define VF_PKCS7_DETACHED_H

#include <stddef.h>
#include <stdint.h>

#include "verifier/anchors.h"
#include "verifier/digest.h"
#include "verifier/report.h"
#include "verifier/revocation.h"

/*
 * The forms accepted (RFC 2315 / RFC 5652 SignedData, DER, the whole file is the one object):
 *  - content type id-data (1.2.840.113549.1.7.1), detached: no eContent (a signature that
 *    carries its content, `openssl cms -nodetach`, is unsupported);
 *  - exactly one SignerInfo, identified by issuer and serial number (a CMS subjectKeyIdentifier
 *    signer, `openssl cms -keyid`, is unsupported), digest SHA-256/384/512 (else unsupported);
 *  - with authenticated attributes: contentType id-data and messageDigest equal to the file's
 *    digest, the signature over their DER SET OF (`openssl cms -sign -binary -outform DER`);
 *    without: the signature over the file's digest itself (`... -noattr`, as the kernel's
 *    sign-file makes module signatures);
 *  - the signer certificate embedded or among the anchor certificates (by issuer and serial).
 * Trust as for Authenticode (verifier/chain.h vf_chain_trust(): anchor certificate, else the
 * keyring; revocation of everything the chain stands on; vf_chain_policy(): the policy floor,
 * signer extendedKeyUsage codeSigning when present). Made by, for example:
 *   openssl cms -sign -binary -outform DER -noattr -signer signer.crt -inkey signer.key \
 *       -in initrd.img -out initrd.img.p7s
 */

/* Read PATH.p7s (at most 64 KiB). SB_OK with *sig (caller frees), SB_E_UNSIGNED when there is
   none, SB_E_IO when it cannot be read. */
int vf_pkcs7_detached_read(const char *path, uint8_t **sig, size_t *len);

/*
 * Verify sig (the whole .p7s) over data. `d` holds the file's digests (vf_file_digests());
 * the algorithm the signature uses is added to it if missing. `where` names the signature in
 * messages (e.g. "initrd.img.p7s"). SB_OK (v: signer, anchor, form VF_FORM_PKCS7_DETACHED) or
 * the SB_E_* class, *v filled. File-digest revocation is the caller's (vf_verify_file()).
 */
int vf_pkcs7_detached_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t sig_len,
			     const char *where, struct vf_digests *d, const struct vf_anchors *a,
			     const struct vf_revocation *r, struct vf_verdict *v);

#endif
