#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Creates the test PKI (Secure Boot PK/KEK/db, kexec CA and its leaves, the IMA signing key) and the enrolment ESL/.auth files.
#
# Usage: certs/make-pki.sh DIR
# Idempotent: a file already in DIR is kept, so a site can drop in its own keys or certs and only
# the missing pieces are made (see certs/README.md). Every key is RSA-2048, every signature SHA-256.
set -eu

DIR=${1:?usage: make-pki.sh DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
# Owner GUID of every ESL entry: sbkexec's vendor GUID (lib/efi-guid.h), fixed for reproducibility.
OWNER=${SBKEXEC_OWNER_GUID:-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301}
DAYS=${SBKEXEC_CERT_DAYS:-3650}

mkdir -p "$DIR"
cd "$DIR"

die() { echo "certs: error: $*" >&2; exit 1; }

# make_key NAME: RSA-2048 private key NAME.key (PEM, unencrypted: a test PKI).
make_key() {
	[ -f "$1.key" ] && return 0
	openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key.tmp"
	mv "$1.key.tmp" "$1.key"
}

# make_cert NAME "CN" PROFILE [ISSUER]: NAME.crt signed by ISSUER (self-signed without one),
# with the extensions of PROFILE from certs/openssl.cnf.
make_cert() {
	name=$1 cn=$2 profile=$3 issuer=${4:-}
	if [ ! -f "$name.crt" ]; then
		[ -f "$name.key" ] || die "$DIR/$name.crt missing and $DIR/$name.key missing: cannot make it"
		if [ -z "$issuer" ]; then
			openssl req -new -x509 -sha256 -days "$DAYS" -key "$name.key" \
				-subj "/CN=$cn/O=sbkexec test PKI" \
				-config "$HERE/openssl.cnf" -extensions "$profile" -out "$name.crt.tmp"
		else
			[ -f "$issuer.key" ] || die "$DIR/$name.crt: issuer key $DIR/$issuer.key missing"
			openssl req -new -sha256 -key "$name.key" -subj "/CN=$cn/O=sbkexec test PKI" \
				-config "$HERE/openssl.cnf" -out "$name.csr"
			openssl x509 -req -sha256 -days "$DAYS" -in "$name.csr" \
				-CA "$issuer.crt" -CAkey "$issuer.key" -set_serial "0x$(openssl rand -hex 8)" \
				-extfile "$HERE/openssl.cnf" -extensions "$profile" -out "$name.crt.tmp" 2>/dev/null
			rm -f "$name.csr"
		fi
		mv "$name.crt.tmp" "$name.crt"
	fi
	[ -f "$name.der" ] || openssl x509 -in "$name.crt" -outform DER -out "$name.der"
}

# make_auth VAR NAME SIGNER: NAME.esl (one X.509 list) and NAME.auth, a time-based authenticated
# write of VAR signed by SIGNER (UEFI 2.10 §8.2.2, EFI_VARIABLE_AUTHENTICATION_2).
make_auth() {
	var=$1 name=$2 signer=$3
	[ -f "$name.esl" ] || cert-to-efi-sig-list -g "$OWNER" "$name.crt" "$name.esl"
	if [ ! -f "$name.auth" ]; then
		[ -f "$signer.key" ] || die "$DIR/$name.auth missing and $DIR/$signer.key missing: cannot sign it"
		sign-efi-sig-list -g "$OWNER" -k "$signer.key" -c "$signer.crt" "$var" "$name.esl" \
			"$name.auth.tmp" >/dev/null
		mv "$name.auth.tmp" "$name.auth"
	fi
}

for k in pk kek db kexec-ca kernel-signing revoked untrusted mok ima; do
	[ -f "$k.crt" ] || make_key "$k"
done

# Secure Boot chain: PK (self-signed) -> KEK -> db.
make_cert pk "sbkexec test PK" ext_ca
make_cert kek "sbkexec test KEK" ext_ca pk
make_cert db "sbkexec test db" ext_codesign kek
# kexec chain: a CA of its own (what a carrier publishes) and two leaves it issues.
make_cert kexec-ca "sbkexec test kexec CA" ext_ca
make_cert kernel-signing "sbkexec test kernel signing" ext_codesign kexec-ca
make_cert revoked "sbkexec test revoked signer" ext_codesign kexec-ca
# The IMA signing key (security.ima of the installed kexec and key-loader), also from the kexec
# CA, so a carrier can publish it like the others (key-loader --keyring _ima).
make_cert ima "sbkexec test IMA signing" ext_ima kexec-ca
# Unrelated to everything: images it signs must be refused everywhere.
make_cert untrusted "sbkexec test untrusted" ext_codesign
# A Machine Owner Key (self-signed, as mokutil users make them): shim trusts what it signs once
# it is in MokList (the OVMF scenarios pre-seed MokList with it); not in db.
make_cert mok "sbkexec test MOK" ext_codesign

make_auth PK pk pk
make_auth KEK kek pk
make_auth db db kek
echo "certs: test PKI in $DIR"
