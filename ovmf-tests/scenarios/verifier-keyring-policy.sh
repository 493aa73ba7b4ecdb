# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: the trust-policy corpus's keyring rows (issue #8 points 1-7) against Debian's kernel keyring and KEYCTL_PKEY_VERIFY; and the kernel facts the keyring code relies on.
DESCRIPTION="verifier policy, keyring anchors: every keyring row of tests/gen-policy-corpus.sh with real keyctl padd + KEYCTL_PKEY_VERIFY (revocation by key, revoked anchors, CA rules, algorithm/key floor, signer usage, every dbx form, odd-length images); the kernel's X.509 key ids and /proc/keys format"
. ovmf-tests/scenarios/kexec-common.inc
TIMEOUT=420
MEMORY=1024

EXPECT="SBK-OK: every keyring row of the policy corpus passes: exit 0
SBK-OUT: ok - \[keyring\] P1 the kexec CA's key re-certified .* \(exit 14\)
SBK-OUT: ok - \[keyring\] P2 the anchor \(kexec CA\) is in dbx, the image carries only the leaf \(exit 14\)
SBK-OUT: ok - \[keyring\] P2 IMA: another certificate of the anchor's key .* \(exit 14\)
SBK-OUT: ok - \[keyring\] P3 the signer was issued by a leaf \(CA:FALSE\) \(exit 12\)
SBK-OUT: ok - \[keyring\] P3 a pathlen:0 CA with a CA below it \(exit 12\)
SBK-OUT: ok - \[keyring\] P4 the anchor's own key is RSA-1024 \(exit 15\)
SBK-OUT: ok - \[keyring\] P4/P5 real signer: Debian's kernel under the Debian Secure Boot CA .* \(exit 0\)
SBK-OUT: ok - \[keyring\] P4/P5 real signer: Debian's shim under the Microsoft Corporation UEFI CA 2011 \(exit 0\)
SBK-OUT: ok - \[keyring\] P5 the signer's extendedKeyUsage is serverAuth only \(exit 12\)
SBK-OUT: ok - \[keyring\] P6 dbx EFI_CERT_SHA384 image digest of a SHA-256-signed image \(exit 14\)
SBK-OUT: ok - \[keyring\] P7 its digest as the firmware computes it \(no padding\) is in dbx \(exit 14\)
SBK-OK: ex:<serial content><issuer Name content> finds the key the kernel made from the certificate
SBK-OK: /proc/keys describes the key as X509.rsa
SBK-OK: KEYCTL_PKEY_QUERY gives the RSA-1024 anchor's size: key_size=1024
SBK-GUEST-DONE stage=1 rc=0"
FORBID="SBK-OUT: not ok"

# The kernel-signing cert's ids, as verifier/x509.c computes them (serial and issuer content
# octets) and as kexec/keyring.c used to (the issuer's full DER), read from this build's PKI.
GUEST_ENV="ID_CONTENT ID_FULL_DER"

prepare() {
	need_file "$BUILD/kexec/kexec"
	need_file "$BUILD/tests/policy-corpus/.made"
	carrier_guest_keyctl
	for f in "$BUILD"/tests/policy-corpus/*; do
		case $f in *.key) continue ;; esac   # private keys stay on the host
		[ -d "$f" ] || initramfs_add "$f" "/sbk-policy/$(basename "$f")" 0644
	done
	initramfs_add tests/run-policy-corpus.sh /sbk-policy/run-policy-corpus.sh 0755
	initramfs_add "$CERTS_DIR/kernel-signing.der" /sbk-kexec/kernel-signing.der 0644
	# TBSCertificate: version [0], serialNumber INTEGER, signature AlgorithmIdentifier, issuer Name.
	der=$CERTS_DIR/kernel-signing.der
	set -- $(openssl asn1parse -inform DER -in "$der" | awk '
		/d=2/ && /prim: INTEGER/ && !s { split($1, a, ":"); o = a[1]; sub(/.*hl=/, ""); h = $1; sub(/.*l= */, ""); print o, h, $1; s = 1 }
		/d=2/ && /cons: SEQUENCE/ && s && ++n == 2 { split($1, a, ":"); o = a[1]; sub(/.*hl=/, ""); h = $1; sub(/.*l= */, ""); print o, h, $1; exit }')
	[ $# -eq 6 ] || finish FAIL "cannot find serial and issuer in $der"
	serial=$(dd if="$der" bs=1 skip=$(($1 + $2)) count="$3" status=none | xxd -p | tr -d '\n')
	issuer_content=$(dd if="$der" bs=1 skip=$(($4 + $5)) count="$6" status=none | xxd -p | tr -d '\n')
	issuer_der=$(dd if="$der" bs=1 skip="$4" count=$(($5 + $6)) status=none | xxd -p | tr -d '\n')
	ID_CONTENT=$serial$issuer_content
	ID_FULL_DER=$serial$issuer_der
}

guest() {
	show uname -r
	# The keyring rows: each gets a fresh keyring under @u with its anchors (keyctl padd), and
	# kexec --verify-only --keyring <id> --no-system-revocation with the row's own lists.
	KEXEC=kexec KEY_LOADER=key-loader sh /sbk-policy/run-policy-corpus.sh /sbk-policy keyring >/tmp/rows.log 2>&1
	rc=$?
	sed 's/^/SBK-OUT: /' /tmp/rows.log
	mark "policy corpus, keyring rows: $(grep -c '^ok' /tmp/rows.log) ok, $(grep -c '^not ok' /tmp/rows.log) not ok"
	check "every keyring row of the policy corpus passes: exit 0" [ "$rc" -eq 0 ]

	# What verifier/keyring.c and verifier/x509.c rely on, seen on this kernel.
	ring=$(keyctl newring sbk-facts @u)
	key=$(keyctl padd asymmetric '' "$ring" </sbk-kexec/kernel-signing.der)
	show keyctl show "$ring"
	check "ex:<serial content><issuer Name content> finds the key the kernel made from the certificate" \
		[ "$(keyctl search "$ring" asymmetric "ex:$ID_CONTENT" 2>/dev/null)" = "$key" ]
	keyctl search "$ring" asymmetric "ex:$ID_FULL_DER" >/dev/null 2>&1
	mark "fact: ex:<serial><issuer with its SEQUENCE header> (kexec/keyring.c's old id): search exit $?"
	show grep "$(printf '%08x' "$key")" /proc/keys
	check "/proc/keys describes the key as X509.rsa" sh -c "grep '^$(printf '%08x' "$key") ' /proc/keys | grep -q ': X509.rsa '"
	k1024=$(keyctl padd asymmetric '' "$ring" </sbk-policy/rsa1024-root.der)
	check "KEYCTL_PKEY_QUERY gives the RSA-1024 anchor's size: key_size=1024" \
		sh -c "keyctl pkey_query $k1024 0 | grep -qx 'key_size=1024'"
	show keyctl pkey_query "$k1024" 0
	keyctl unlink "$ring" @u >/dev/null
}
