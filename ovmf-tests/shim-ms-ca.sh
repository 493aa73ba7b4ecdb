#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Extracts "Microsoft Corporation UEFI CA 2011" (DER) from the PKCS#7 bag of Debian's signed shim, for a test db.
#
# Usage: ovmf-tests/shim-ms-ca.sh SHIMX64.EFI.SIGNED OUT.der
# The first Authenticode signature of shim-signed's shimx64.efi.signed is Microsoft's, by
# "Microsoft Windows UEFI Driver Publisher", and its certificate bag carries the issuing CA.
# The CA is checked by its well-known SHA-1 thumbprint (what Microsoft publishes for it), so a
# changed package is noticed instead of enrolling some other certificate. Never committed.
set -eu

in=${1:?usage: shim-ms-ca.sh SHIMX64.EFI.SIGNED OUT.der}
out=${2:?usage: shim-ms-ca.sh SHIMX64.EFI.SIGNED OUT.der}
SUBJECT_CN="Microsoft Corporation UEFI CA 2011"
THUMBPRINT=46:DE:F6:3B:5C:E6:1C:F8:BA:0D:E2:E6:63:9C:10:19:D0:ED:14:F3

die() { echo "shim-ms-ca: error: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$in" "$tmp/shim.efi"
sbattach --detach "$tmp/sig.p7" "$tmp/shim.efi" >/dev/null 2>&1 || die "$in: no Authenticode signature"
openssl pkcs7 -inform DER -in "$tmp/sig.p7" -print_certs >"$tmp/bag.pem" ||
	die "$in: the signature is not PKCS#7"
# One file per certificate of the bag, then the one whose subject CN is the CA's.
awk -v dir="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (dir "/cert" n ".pem") }' "$tmp/bag.pem"
for c in "$tmp"/cert*.pem; do
	[ -f "$c" ] || break
	if openssl x509 -in "$c" -noout -subject -nameopt multiline | grep -q "commonName *= $SUBJECT_CN\$"; then
		fp=$(openssl x509 -in "$c" -noout -fingerprint -sha1 | sed 's/.*=//')
		[ "$fp" = "$THUMBPRINT" ] || die "$in: '$SUBJECT_CN' has SHA-1 $fp, expected $THUMBPRINT"
		openssl x509 -in "$c" -outform DER -out "$out.tmp"
		mv "$out.tmp" "$out"
		exit 0
	fi
done
die "$in: no '$SUBJECT_CN' in the signature's certificate bag"
