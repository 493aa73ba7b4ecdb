#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Our Authenticode SHA-256 (lib/authenticode.c via build/tests/pe-digest) against independent tools:
# the digest in Debian's own kernel signature, osslsigncode, and sbsign (what sbverify checks).
#
# How the oracle digests are obtained:
#   - signed file:   `osslsigncode verify` prints "Current message digest" (the one inside the
#                    signature's SpcIndirectDataContent) and "Calculated message digest" (its own).
#   - unsigned file: `osslsigncode sign` a copy, and `sbsign --detached` writes the PKCS#7 sbsign
#                    would attach. In each PKCS#7 (taken out of a signed file with `osslsigncode
#                    extract-signature`), the first 32-byte OCTET STRING that `openssl asn1parse`
#                    shows is the image digest (SpcIndirectDataContent.messageDigest.digest, it
#                    precedes the signed attributes).
#   Debian 12 ships osslsigncode 2.5, which has no `extract-data` and whose `verify` calls an
#   sbsign-made signature "Invalid signature" (2.9 from backports accepts it): so the digest in
#   a signature is read with `extract-signature` + asn1parse, which both versions support.
#   - `sbverify --cert` on the sbsign'd file proves sbsign's own verifier accepts it.
set -eu
BUILD=${BUILD:-build}
KERNEL=build/kernel/vmlinuz
PE_DIGEST=$BUILD/tests/pe-digest
failed=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }

# Upper-case hex to lower-case.
lower() { tr 'A-F' 'a-f'; }

ours() { "$PE_DIGEST" "$1"; }

# First 32-byte OCTET STRING of a DER PKCS#7 / SpcIndirectDataContent: the image digest.
der_image_digest() {
	openssl asn1parse -inform DER -in "$1" | grep -a -m1 'l=  32 prim: OCTET STRING' |
		sed 's/.*HEX DUMP\]://' | lower
}

ossl_field() { # FILE "Current"|"Calculated"
	osslsigncode verify -in "$1" 2>/dev/null | grep "^$2 message digest" | sed 's/.*: *//; s/ *$//' | lower
}

# The image digest inside a signed file's first PKCS#7 (any signer, any osslsigncode version).
sig_digest() {
	rm -f "$tmp/extracted.p7"
	osslsigncode extract-signature -in "$1" -out "$tmp/extracted.p7" >/dev/null 2>&1 || return 0
	der_image_digest "$tmp/extracted.p7"
}

# The digest osslsigncode signs for an unsigned file.
ossl_unsigned_digest() {
	rm -f "$tmp/ossl-signed"
	osslsigncode sign -certs "$CRT" -key "$KEY" -h sha256 -in "$1" -out "$tmp/ossl-signed" \
		>/dev/null 2>&1 || return 0
	sig_digest "$tmp/ossl-signed"
}

sbsign_digest() { # FILE -> digest sbsign puts into its signature
	rm -f "$tmp/detached.p7"
	sbsign --key "$KEY" --cert "$CRT" --detached --output "$tmp/detached.p7" "$1" >/dev/null 2>&1 || return 0
	der_image_digest "$tmp/detached.p7"
}

# check NAME OURS ORACLE-NAME ORACLE
check() {
	if [ -z "$4" ]; then
		not_ok "$1: $3 produced no digest"
	elif [ "$2" = "$4" ]; then
		ok "$1: our digest $2 == $3"
	else
		not_ok "$1: our digest $2 != $3 $4"
	fi
}

# An unsigned image: osslsigncode and sbsign must both agree with us; then sign it with sbsign
# and osslsigncode and check the signed files too.
check_unsigned_image() { # NAME FILE
	name=$1 f=$2
	d=$(ours "$f") || { not_ok "$name: pe-digest failed"; return; }
	check "$name" "$d" "osslsigncode sign" "$(ossl_unsigned_digest "$f")"
	check "$name" "$d" "sbsign --detached" "$(sbsign_digest "$f")"

	sbsign --key "$KEY" --cert "$CRT" --output "$tmp/$name.sbsigned" "$f" >/dev/null 2>&1 ||
		{ not_ok "$name: sbsign failed"; return; }
	if sbverify --cert "$CRT" "$tmp/$name.sbsigned" >/dev/null 2>&1; then
		ok "$name: sbverify accepts the sbsign'd copy"
	else
		not_ok "$name: sbverify rejects the sbsign'd copy"
	fi
	check "$name (sbsign'd)" "$(ours "$tmp/$name.sbsigned")" "the unsigned file's digest" "$d"
	check "$name (sbsign'd)" "$(ours "$tmp/$name.sbsigned")" "digest in sbsign's signature" \
		"$(sig_digest "$tmp/$name.sbsigned")"

	osslsigncode sign -certs "$CRT" -key "$KEY" -h sha256 -in "$f" -out "$tmp/$name.osslsigned" \
		>/dev/null 2>&1 || { not_ok "$name: osslsigncode sign failed"; return; }
	check "$name (osslsigncode-signed)" "$(ours "$tmp/$name.osslsigned")" \
		"digest in osslsigncode's signature" "$(ossl_field "$tmp/$name.osslsigned" Current)"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$PE_DIGEST" ] || { echo "not ok - $PE_DIGEST not built"; exit 1; }
for tool in osslsigncode sbsign sbverify openssl; do
	command -v "$tool" >/dev/null || { echo "not ok - $tool not installed (make deps)"; exit 1; }
done

# Signing key: the project's test PKI when `make certs` ran, else a throwaway one.
if [ -f build/certs/db.key ] && [ -f build/certs/db.crt ]; then
	KEY=build/certs/db.key CRT=build/certs/db.crt
else
	KEY=$tmp/throwaway.key CRT=$tmp/throwaway.crt
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$KEY" -out "$CRT" -days 1 \
		-subj "/CN=sbkexec test-authenticode throwaway" >/dev/null 2>&1
fi

# 1. Debian's signed kernel: the digest Debian's signer put in the signature is the oracle.
echo "# Debian kernel $KERNEL"
if [ ! -f "$KERNEL" ]; then
	not_ok "Debian kernel: $KERNEL is missing (run make deps)"
else
	d=$(ours "$KERNEL") || d=""
	check "Debian vmlinuz" "$d" "digest in Debian's signature (osslsigncode Current)" "$(ossl_field "$KERNEL" Current)"
	check "Debian vmlinuz" "$d" "osslsigncode Calculated" "$(ossl_field "$KERNEL" Calculated)"
	# A second signature (sbsign appends to the table) must not change the digest.
	if sbsign --key "$KEY" --cert "$CRT" --output "$tmp/vmlinuz.2sigs" "$KERNEL" >/dev/null 2>&1; then
		check "Debian vmlinuz + sbsign second signature" "$(ours "$tmp/vmlinuz.2sigs")" \
			"the Debian-signed digest" "$d"
		if sbverify --cert "$CRT" "$tmp/vmlinuz.2sigs" >/dev/null 2>&1; then
			ok "Debian vmlinuz + second signature: sbverify accepts our key's signature"
		else
			not_ok "Debian vmlinuz + second signature: sbverify rejects it"
		fi
	else
		not_ok "sbsign could not add a signature to $KERNEL"
	fi
fi

# 2. A gnu-efi binary shipped by efitools (unsigned).
echo "# gnu-efi binary from efitools"
efi=$(dpkg -L efitools 2>/dev/null | grep '/HelloWorld\.efi$' | head -n1 || true)
if [ -z "$efi" ] || [ ! -f "$efi" ]; then
	not_ok "efitools HelloWorld.efi not found (make deps installs efitools)"
else
	check_unsigned_image HelloWorld.efi "$efi"
	# 3. The same with trailing data after the last section (13 bytes: also exercises the
	#    zero padding to 8 that the signers apply before the certificate table).
	echo "# trailing data after the last section"
	{ cat "$efi"; printf 'trailing-data'; } >"$tmp/trailing.efi"
	check_unsigned_image trailing.efi "$tmp/trailing.efi"
	# Trailing data is covered: changing it changes the digest.
	{ cat "$efi"; printf 'trailing-dat@'; } >"$tmp/trailing2.efi"
	if [ "$(ours "$tmp/trailing.efi")" != "$(ours "$tmp/trailing2.efi")" ]; then
		ok "trailing data is part of the digest"
	else
		not_ok "trailing data is not part of the digest"
	fi
fi

# 4. Every other efitools binary, unsigned: the digest osslsigncode signs must agree.
for f in $(dpkg -L efitools 2>/dev/null | grep '\.efi$' | grep -v HelloWorld); do
	check "$(basename "$f")" "$(ours "$f")" "osslsigncode sign" "$(ossl_unsigned_digest "$f")"
done

exit $failed
