#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds a KEK-signed APPEND write to dbx (an .auth file) revoking certificates, TBS hashes or image hashes.
#
# Usage: certs/make-dbx-auth.sh [-d CERTS_DIR] [--esl] ENTRY... OUT
#   --cert FILE.crt    the X.509 certificate itself            (EFI_CERT_X509_GUID list)
#   --tbs FILE.crt     SHA-256 of its TBSCertificate ("tbs:")   (EFI_CERT_X509_SHA256_GUID list)
#   --tbs384 FILE.crt, --tbs512 FILE.crt   SHA-384 / SHA-512 of it (EFI_CERT_X509_SHA384/512)
#   --sha256 HEX       a raw SHA-256, e.g. an Authenticode digest (EFI_CERT_SHA256_GUID list)
#   --sha1 HEX, --sha224 HEX, --sha384 HEX, --sha512 HEX   the same in the other algorithms
#   --image FILE.efi   the Authenticode SHA-256 of a PE image    (EFI_CERT_SHA256_GUID list)
#   --esl              write the bare EFI_SIGNATURE_LIST buffer to OUT instead of an .auth
# Entries may repeat; each becomes one EFI_SIGNATURE_LIST, concatenated in order. The update is
# signed by CERTS_DIR/kek.{key,crt} with EFI_VARIABLE_APPEND_WRITE, so it adds to whatever dbx
# holds (UEFI 2.10 §8.2.2: appends are not subject to the timestamp ordering of replacements).
# Signature types and sizes: UEFI 2.10 §32.4.1 (lib/efi-guid.h has the same GUIDs).
set -eu

CERTS_DIR=${CERTS_DIR:-build/certs}
OWNER=${SBKEXEC_OWNER_GUID:-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301}

die() { echo "make-dbx-auth: error: $*" >&2; exit 1; }
usage() { sed -n 's/^# \{0,1\}//; 4,13p' "$0" >&2; exit 2; }

# guid_bytes GUID: the 16 bytes of an EFI_GUID in hex, first three fields little-endian.
guid_bytes() {
	echo "$1" | awk -F- '{
		le = "";
		for (f = 1; f <= 3; f++)
			for (i = length($f) - 1; i >= 1; i -= 2) le = le substr($f, i, 2);
		print le $4 $5 }'
}

# le32 N: N as 4 little-endian bytes in hex.
le32() { printf '%08x' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'; }

# hash_list ALG HEX OUT: one EFI_SIGNATURE_LIST of type EFI_CERT_<ALG> holding HEX (UEFI 2.10 §32.4.1).
hash_list() {
	case $1 in
	sha1)   guid=826ca512-cf10-4ac9-b187-be01496631bd size=20 ;;
	sha224) guid=0b6e5233-a65c-44c9-9407-d9ab83bfc8bd size=28 ;;
	sha256) guid=c1c41626-504c-4092-aca9-41f936934328 size=32 ;;
	sha384) guid=ff3e5307-9fd0-48c9-85f1-8ad56c701e01 size=48 ;;
	sha512) guid=093e0fae-a6c4-4f50-9f1b-d41e2b89c19a size=64 ;;
	esac
	hex=$(echo "$2" | tr 'A-F' 'a-f')
	echo "$hex" | grep -Eq "^[0-9a-f]{$((2 * size))}\$" || die "--$1 wants $((2 * size)) hex digits, got '$2'"
	{
		guid_bytes "$guid"
		le32 $((28 + 16 + size))   # SignatureListSize: header + one EFI_SIGNATURE_DATA
		le32 0                     # SignatureHeaderSize
		le32 $((16 + size))        # SignatureSize: owner GUID + digest
		guid_bytes "$OWNER"
		echo "$hex"
	} | tr -d '\n' | xxd -r -p >"$3"
}

[ $# -ge 1 ] || usage
if [ "$1" = -d ]; then CERTS_DIR=$2; shift 2; fi
esl_only=0
if [ "${1:-}" = --esl ]; then esl_only=1; shift; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while [ $# -gt 1 ]; do
	n=$((n + 1))
	case $1 in
	--cert) cert-to-efi-sig-list -g "$OWNER" "$2" "$tmp/$n.esl" ;;
	--tbs) cert-to-efi-hash-list -g "$OWNER" -s 256 "$2" "$tmp/$n.esl" >/dev/null ;;
	--tbs384) cert-to-efi-hash-list -g "$OWNER" -s 384 "$2" "$tmp/$n.esl" >/dev/null ;;
	--tbs512) cert-to-efi-hash-list -g "$OWNER" -s 512 "$2" "$tmp/$n.esl" >/dev/null ;;
	--sha1|--sha224|--sha256|--sha384|--sha512) hash_list "${1#--}" "$2" "$tmp/$n.esl" ;;
	--image) hash-to-efi-sig-list "$2" "$tmp/$n.esl" >/dev/null ;;
	*) usage ;;
	esac
	shift 2
done
[ $# -eq 1 ] && [ "$n" -gt 0 ] || usage
out=$1
i=1
: >"$tmp/all.esl"
while [ "$i" -le "$n" ]; do cat "$tmp/$i.esl" >>"$tmp/all.esl"; i=$((i + 1)); done
if [ "$esl_only" -eq 1 ]; then
	mv "$tmp/all.esl" "$out"
	exit 0
fi
for f in "$CERTS_DIR/kek.key" "$CERTS_DIR/kek.crt"; do
	[ -f "$f" ] || die "$f missing (run make certs)"
done
sign-efi-sig-list -a -g "$OWNER" -k "$CERTS_DIR/kek.key" -c "$CERTS_DIR/kek.crt" \
	dbx "$tmp/all.esl" "$out.tmp" >/dev/null
mv "$out.tmp" "$out"
