#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Site signing with a key in a PKCS#11 token (SoftHSM2, a token this test makes): carriers (sign-efi, make carrier) and IMA signatures (sign-ima).
set -u
BUILD=${BUILD:-build}
CERTS=build/certs
STUB=$BUILD/efi/carrier-stub.efi
KEXEC=$BUILD/kexec/kexec
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/tap-lib.sh

# The token: db's key (carriers) and kernel-signing's key (IMA), each in its own token.
URI_DB=$(tests/softhsm-token.sh "$T/hsm-db" sbk-db "$CERTS/db.key") || { notok "SoftHSM2 token for db"; exit 1; }
URI_KS=$(SOFTHSM2_CONF=$T/hsm-ks/softhsm2.conf tests/softhsm-token.sh "$T/hsm-ks" sbk-ks "$CERTS/kernel-signing.key") ||
	{ notok "SoftHSM2 token for kernel-signing"; exit 1; }
ok "SoftHSM2 tokens made ($URI_DB)"
BAD_DB=$(echo "$URI_DB" | sed 's/pin-value=1234/pin-value=9999/')

# Carriers.
tools/make-carrier --stub "$STUB" --cert "$CERTS/kernel-signing.crt" --output "$T/carrier.efi" >/dev/null
export SOFTHSM2_CONF=$T/hsm-db/softhsm2.conf
expect "sign-efi with the token key: exit 0" 0 "wrote $T/c-token.efi \(signed by CN = sbkexec test db" \
	tools/sign-efi --key "$URI_DB" --cert "$CERTS/db.crt" --output "$T/c-token.efi" "$T/carrier.efi"
expect "the token-signed carrier verifies against db (sbverify)" 0 "Signature verification OK" \
	sbverify --cert "$CERTS/db.crt" "$T/c-token.efi"
expect "the token-signed carrier verifies against db (key-loader verify --trust)" 0 "trusted" \
	"$BUILD/key-loader/key-loader" verify --trust "$CERTS/db.crt" "$T/c-token.efi"
expect "sign-efi with the key file: exit 0" 0 "wrote" \
	tools/sign-efi --key "$CERTS/db.key" --cert "$CERTS/db.crt" --output "$T/c-file.efi" "$T/carrier.efi"
# sbsign puts a signingTime attribute into the PKCS#7 (and signs it), so two runs a second apart
# differ in the time and the signature bytes: compare everything else the signer info says
# (issuer+serial, algorithms, contentType, messageDigest), and the signed image digest.
signer_facts() { # EFI -> the signer info without signingTime and the signature itself
	sbattach --detach "$1.p7" "$1" >/dev/null 2>&1 &&
	openssl pkcs7 -inform DER -in "$1.p7" -print -noout 2>/dev/null |
		sed -n '/signer_info:/,/enc_digest:/p' | sed '/signingTime/,/UTCTIME/d; /enc_digest:/d'
}
signer_facts "$T/c-token.efi" >"$T/facts-token" && signer_facts "$T/c-file.efi" >"$T/facts-file"
if [ -s "$T/facts-token" ] && grep -q messageDigest "$T/facts-token" && cmp -s "$T/facts-token" "$T/facts-file"; then
	ok "token and file signatures have the same signer, algorithms and signed digests (signingTime aside)"
else
	notok "token and file signatures differ beyond signingTime"; diff "$T/facts-token" "$T/facts-file" | sed 's/^/# /'
fi
expect "sign-efi, wrong PIN: exit 1" 1 "sbsign failed" \
	tools/sign-efi --key "$BAD_DB" --cert "$CERTS/db.crt" --output "$T/c-bad.efi" "$T/carrier.efi"
absent "sign-efi, wrong PIN: no output file" "$T/c-bad.efi"
expect "sign-efi, key does not match the certificate: exit 1" 1 "private key does not match certificate" \
	tools/sign-efi --key "$URI_DB" --cert "$CERTS/kernel-signing.crt" --output "$T/c-mismatch.efi" "$T/carrier.efi"
absent "sign-efi, mismatch: no output file" "$T/c-mismatch.efi"
expect "sign-efi of a signed image: refused" 1 "already signed" \
	tools/sign-efi --key "$URI_DB" --cert "$CERTS/db.crt" --output "$T/c-twice.efi" "$T/c-token.efi"
expect "make carrier SIGN_KEY=pkcs11:... SIGN_CERT=db.crt" 0 "sign-efi: wrote $T/c-make.efi" \
	make --no-print-directory -s carrier CERTS="$CERTS/kernel-signing.crt" OUT="$T/c-make.efi" SIGN_KEY="$URI_DB" SIGN_CERT="$CERTS/db.crt"
expect "make carrier's token-signed carrier verifies" 0 "Signature verification OK" sbverify --cert "$CERTS/db.crt" "$T/c-make.efi"
absent "make carrier leaves no unsigned intermediate" "$T/c-make.efi.unsigned"

# IMA signatures of a kernel without Authenticode signature, verified by our kexec.
export SOFTHSM2_CONF=$T/hsm-ks/softhsm2.conf
cp build/kernel/vmlinuz "$T/vmlinuz" && sbattach --remove "$T/vmlinuz" >/dev/null 2>&1
expect "sign-ima with the token key: exit 0" 0 "wrote $T/vmlinuz.sig \(v2, sha256, key id" \
	tools/sign-ima --key "$URI_KS" --cert "$CERTS/kernel-signing.crt" "$T/vmlinuz"
expect "kexec verifies the token-made detached IMA signature" 0 "OK: IMA signature \(detached .sig\) by --trust certificate /CN=sbkexec test kernel signing" \
	"$KEXEC" --verify-only --no-system-revocation --trust "$CERTS/kernel-signing.crt" "$T/vmlinuz"
expect "kexec: another trusted key does not verify it" 12 "" \
	"$KEXEC" --verify-only --no-system-revocation --trust "$CERTS/db.crt" "$T/vmlinuz"
expect "sign-ima with the key file: exit 0" 0 "wrote" \
	tools/sign-ima --key "$CERTS/kernel-signing.key" --cert "$CERTS/kernel-signing.crt" --output "$T/file.sig" "$T/vmlinuz"
if cmp -s "$T/vmlinuz.sig" "$T/file.sig"; then ok "token and file IMA signatures are the same bytes"; else notok "token and file IMA signatures differ"; fi
BAD_KS=$(echo "$URI_KS" | sed 's/pin-value=1234/pin-value=9999/')
expect "sign-ima, wrong PIN: exit 1" 1 "evmctl ima_sign failed" \
	tools/sign-ima --key "$BAD_KS" --cert "$CERTS/kernel-signing.crt" --output "$T/bad.sig" "$T/vmlinuz"
absent "sign-ima, wrong PIN: no .sig" "$T/bad.sig"
expect "sign-ima, key does not match the certificate: exit 1" 1 "does not verify with" \
	tools/sign-ima --key "$URI_KS" --cert "$CERTS/db.crt" --output "$T/mismatch.sig" "$T/vmlinuz"
absent "sign-ima, mismatch: no .sig" "$T/mismatch.sig"
