#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds a KEK-signed APPEND write to dbx (an .auth file) revoking certificates, TBS hashes or image hashes.
#
# Usage: certs/make-dbx-auth.sh [-d CERTS_DIR] [-V db] [--esl] ENTRY... OUT
#   --cert FILE.crt    the X.509 certificate itself            (EFI_CERT_X509_GUID list)
#   --tbs FILE.crt     SHA-256 of its TBSCertificate ("tbs:")   (EFI_CERT_X509_SHA256_GUID list)
#   --tbs384 FILE.crt, --tbs512 FILE.crt   SHA-384 / SHA-512 of it (EFI_CERT_X509_SHA384/512)
#   --sha256 HEX       a raw SHA-256, e.g. an Authenticode digest (EFI_CERT_SHA256_GUID list)
#   --sha1 HEX, --sha224 HEX, --sha384 HEX, --sha512 HEX   the same in the other algorithms
#   --image FILE.efi   the Authenticode SHA-256 of a PE image    (EFI_CERT_SHA256_GUID list)
#   --malformed-x509 FILE.crt  a MALFORMED X.509 list, for tests: two entries, FILE's DER and
#                      then as many 0x5a bytes (not DER). OVMF 2022.11 accepts it (its format
#                      check parses only the first entry); the key carrier must refuse it.
#   --esl              write the bare EFI_SIGNATURE_LIST buffer to OUT instead of an .auth
# Entries may repeat; each becomes one EFI_SIGNATURE_LIST, concatenated in order. The update is
# signed by CERTS_DIR/kek.{key,crt} with EFI_VARIABLE_APPEND_WRITE, so it adds to whatever dbx
# holds (UEFI 2.10 §8.2.2: appends are not subject to the timestamp ordering of replacements).
# -V db writes the same kind of append to db instead (e.g. a second CA the firmware trusts).
# The timestamp is fixed (SBKEXEC_AUTH_TIME), so the same inputs give the same bytes.
# Signature types and sizes: UEFI 2.10 §32.4.1 (lib/efi-guid.h has the same GUIDs).
set -eu

CERTS_DIR=${CERTS_DIR:-build/certs}
OWNER=${SBKEXEC_OWNER_GUID:-5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301}
AUTH_TIME=${SBKEXEC_AUTH_TIME:-2024-01-01 00:00:00}
VAR=dbx

die() { echo "make-dbx-auth: error: $*" >&2; exit 1; }
usage() { sed -n 's/^# \{0,1\}//; 4,21p' "$0" >&2; exit 2; }

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

# malformed_x509_list CERT OUT: an X.509 list whose 2nd entry (same size as CERT's DER) is junk.
malformed_x509_list() {
	as_pem "$1" "$2.pem"
	openssl x509 -in "$2.pem" -outform DER -out "$2.der"
	_len=$(wc -c <"$2.der")
	{
		{
			guid_bytes a5c059a1-94e4-4aa7-87b5-ab155c2bf072
			le32 $((28 + 2 * (16 + _len)))   # SignatureListSize: header + two entries
			le32 0
			le32 $((16 + _len))           # SignatureSize
			guid_bytes "$OWNER"
		} | tr -d '\n' | xxd -r -p
		cat "$2.der"
		guid_bytes "$OWNER" | xxd -r -p
		head -c "$_len" /dev/zero | tr '\0' 'Z'
	} >"$2"
	rm -f "$2.der" "$2.pem"
}

# as_pem CERT OUT: CERT (PEM or DER) as PEM. efitools' cert-to-efi-sig-list and
# cert-to-efi-hash-list read PEM only, and given DER they write an empty entry and exit 0.
as_pem() {
	openssl x509 -in "$1" -out "$2" 2>/dev/null ||
		openssl x509 -inform DER -in "$1" -out "$2" 2>/dev/null ||
		die "$1 is not a certificate (PEM or DER)"
}

[ $# -ge 1 ] || usage
if [ "$1" = -d ]; then CERTS_DIR=$2; shift 2; fi
if [ "$1" = -V ]; then
	case $2 in db|dbx) VAR=$2 ;; *) die "-V takes db or dbx, not '$2'" ;; esac
	shift 2
fi
esl_only=0
if [ "${1:-}" = --esl ]; then esl_only=1; shift; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while [ $# -gt 1 ]; do
	n=$((n + 1))
	case $1 in
	--cert) as_pem "$2" "$tmp/$n.pem" && cert-to-efi-sig-list -g "$OWNER" "$tmp/$n.pem" "$tmp/$n.esl" ;;
	--tbs) as_pem "$2" "$tmp/$n.pem" &&
		cert-to-efi-hash-list -g "$OWNER" -s 256 "$tmp/$n.pem" "$tmp/$n.esl" >/dev/null ;;
	--tbs384|--tbs512) as_pem "$2" "$tmp/$n.pem" &&
		cert-to-efi-hash-list -g "$OWNER" -s "${1#--tbs}" "$tmp/$n.pem" "$tmp/$n.esl" >/dev/null ;;
	--sha1|--sha224|--sha256|--sha384|--sha512) hash_list "${1#--}" "$2" "$tmp/$n.esl" ;;
	--image) hash-to-efi-sig-list "$2" "$tmp/$n.esl" >/dev/null ;;
	--malformed-x509) malformed_x509_list "$2" "$tmp/$n.esl" ;;
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
sign-efi-sig-list -a -t "$AUTH_TIME" -g "$OWNER" -k "$CERTS_DIR/kek.key" -c "$CERTS_DIR/kek.crt" \
	"$VAR" "$tmp/all.esl" "$out.tmp" >/dev/null
mv "$out.tmp" "$out"
