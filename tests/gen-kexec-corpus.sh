#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Generates the kexec verification corpus: PE images signed, tampered and revoked in known ways.
#
# Usage: tests/gen-kexec-corpus.sh CERTS_DIR OUT_DIR [KERNEL]
# Signed with the real tools (sbsign, sbattach, osslsigncode) from the test PKI in CERTS_DIR
# (`make certs`); revocation lists made with efitools. The small image is efitools' gnu-efi
# HelloWorld.efi (fast); the kernel rows use Debian's vmlinuz (build/kernel, `make deps`) with
# Debian's signature removed. tests/test-kexec-verify.sh holds the expected verdicts.
set -eu

CERTS=${1:?certs dir}
OUT=${2:?output dir}
KERNEL=${3:-${KERNEL_DIR:-build/kernel}/vmlinuz}
HELLO=/usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi

die() { echo "gen-kexec-corpus: $*" >&2; exit 1; }
[ -f "$CERTS/kernel-signing.key" ] || die "$CERTS/kernel-signing.key missing (run make certs)"
[ -f "$HELLO" ] || die "$HELLO missing (package efitools)"
[ -f "$KERNEL" ] || die "$KERNEL missing (run make deps)"
for tool in sbsign sbattach osslsigncode hash-to-efi-sig-list cert-to-efi-sig-list evmctl openssl; do
	command -v "$tool" >/dev/null || die "$tool not installed (run make deps)"
done

rm -rf "$OUT"
mkdir -p "$OUT"

# u32, put_u32, flip_byte, pe_section_raw, ... (little-endian PE field access with od/dd).
. tests/pe-edit.sh

sign() {    # key in out [extra sbsign args]
	k=$1; i=$2; o=$3; shift 3
	sbsign --key "$CERTS/$k.key" --cert "$CERTS/$k.crt" "$@" --output "$o" "$i" >/dev/null 2>&1 ||
		die "sbsign $k $i failed"
}

say() { echo "gen-kexec-corpus: $*"; }

cp "$HELLO" "$OUT/unsigned.efi"
U=$OUT/unsigned.efi

say "signed images (sbsign, osslsigncode)"
sign kernel-signing "$U" "$OUT/ks.efi"
sign kernel-signing "$U" "$OUT/ks-addcert.efi" --addcert "$CERTS/kexec-ca.crt"
sign untrusted "$U" "$OUT/untrusted.efi"
sign revoked "$U" "$OUT/revoked.efi"
sign untrusted "$OUT/ks.efi" "$OUT/two-good-first.efi"       # sbsign appends a second entry
sign kernel-signing "$OUT/untrusted.efi" "$OUT/two-good-second.efi"
sign untrusted "$OUT/untrusted.efi" "$OUT/two-untrusted.efi"
for h in sha256 sha384 sha1; do
	osslsigncode sign -h "$h" -certs "$CERTS/kernel-signing.crt" -key "$CERTS/kernel-signing.key" \
		-in "$U" -out "$OUT/ossl-$h.efi" >/dev/null || die "osslsigncode $h failed"
done
# A detached signature attached with sbattach: the offline-signing path.
sbsign --detached --key "$CERTS/kernel-signing.key" --cert "$CERTS/kernel-signing.crt" \
	--output "$OUT/ks.p7" "$U" >/dev/null 2>&1
cp "$U" "$OUT/sbattach.efi"
sbattach --attach "$OUT/ks.p7" "$OUT/sbattach.efi" >/dev/null 2>&1

say "tampered images"
# One byte in the first section's raw data.
cp "$OUT/ks.efi" "$OUT/flip-section.efi"
set -- $(pe_section_raw "$OUT/ks.efi" 0)
flip_byte "$OUT/flip-section.efi" $(($1 + $2 / 2))
# One byte of the DOS stub (hashed header bytes).
cp "$OUT/ks.efi" "$OUT/flip-header.efi"
flip_byte "$OUT/flip-header.efi" 80
# CheckSum is excluded from the Authenticode digest: changing it must not matter.
cp "$OUT/ks.efi" "$OUT/flip-checksum.efi"
flip_byte "$OUT/flip-checksum.efi" "$(pe_checksum_off "$OUT/ks.efi")"
# Trailing data between the last section and the certificate table (hashed).
end=$(pe_end_of_sections "$OUT/ks.efi"); cert=$(pe_cert_offset "$OUT/ks.efi")
[ "$cert" -gt "$end" ] || die "HelloWorld.efi has no trailing data before its signature"
cp "$OUT/ks.efi" "$OUT/flip-trailing.efi"
flip_byte "$OUT/flip-trailing.efi" $(((end + cert) / 2))
# One byte of the RSA signature at the end of the PKCS#7 blob.
len=$(stat -c %s "$OUT/ks.efi")
cp "$OUT/ks.efi" "$OUT/flip-signature.efi"
wlen=$(u32 "$OUT/ks.efi" "$cert")
flip_byte "$OUT/flip-signature.efi" $((cert + wlen - 20))
# Signature blob truncated to 600 bytes, with dwLength and the directory size made consistent.
cp "$OUT/ks.efi" "$OUT/sig-truncated.efi"
truncate -s $((cert + 8 + 600)) "$OUT/sig-truncated.efi"
put_u32 "$OUT/sig-truncated.efi" "$cert" 608
put_u32 "$OUT/sig-truncated.efi" $(($(pe_certdir_off "$OUT/ks.efi") + 4)) 608
# The file cut short: the certificate table points past the end.
head -c $((len - 100)) "$OUT/ks.efi" >"$OUT/file-truncated.efi"
# Not a PE file at all, and a PE whose e_lfanew points outside the file.
printf 'this is not a kernel image\n' >"$OUT/not-pe.bin"
cp "$OUT/ks.efi" "$OUT/bad-lfanew.efi"
put_u32 "$OUT/bad-lfanew.efi" 60 $((len + 4096))

say "revocation lists"
hash-to-efi-sig-list "$OUT/ks.efi" "$OUT/dbx-ks-hash.esl" >/dev/null
cert-to-efi-sig-list "$CERTS/revoked.crt" "$OUT/dbx-revoked-cert.esl" >/dev/null
cert-to-efi-sig-list "$CERTS/kexec-ca.crt" "$OUT/dbx-kexec-ca.esl" >/dev/null
printf 'garbage that is no signature list' >"$OUT/dbx-malformed.esl"
# .blacklist style lines: tbs: of the revoked cert, bin: of ks.efi's digest.
openssl x509 -in "$CERTS/revoked.crt" -outform DER -out "$OUT/revoked.der"
# The certificate is SEQUENCE { tbs SEQUENCE, ... }, both with 2-byte long-form lengths (0x82
# for an RSA-2048 certificate): the TBS is 4 + its length bytes from offset 4.
[ "$(od -An -tx1 -j 4 -N2 "$OUT/revoked.der" | tr -d ' ')" = 3082 ] || die "unexpected DER layout of revoked.der"
tbs_len=$(( $(od -An -tu1 -j 6 -N1 "$OUT/revoked.der") * 256 + $(od -An -tu1 -j 7 -N1 "$OUT/revoked.der") ))
tbs_hash=$(dd if="$OUT/revoked.der" bs=1 skip=4 count=$((tbs_len + 4)) status=none | sha256sum | cut -d' ' -f1)
echo "tbs:$tbs_hash" >"$OUT/blacklist-revoked-tbs.txt"
ks_hash=$(hash-to-efi-sig-list "$OUT/ks.efi" /dev/null | sed -n 's/^HASH IS \(.*\)$/\1/p')
[ -n "$ks_hash" ] || die "cannot get the Authenticode digest of ks.efi from hash-to-efi-sig-list"
echo "bin:$ks_hash" >"$OUT/blacklist-ks-bin.txt"

say "IMA v2 signatures (evmctl, detached .sig)"
ima_sign() {    # key image [hash]
	cp "$U" "$2"
	evmctl ima_sign -a "${3:-sha256}" --sigfile --key "$CERTS/$1.key" "$2" >/dev/null 2>&1 ||
		die "evmctl ima_sign $1 $2 failed"
	# evmctl may also set security.ima; a plain copy (no xattr) keeps only the .sig path.
	cp "$2" "$2.tmp" && mv "$2.tmp" "$2"
}
ima_sign kernel-signing "$OUT/ima-ks.efi"
ima_sign untrusted "$OUT/ima-untrusted.efi"
ima_sign kernel-signing "$OUT/ima-sha1.efi" sha1
ima_sign kernel-signing "$OUT/ima-flip.efi"
flip_byte "$OUT/ima-flip.efi" 80
ima_sign kernel-signing "$OUT/ima-badsize.efi"
head -c 200 "$OUT/ima-badsize.efi.sig" >"$OUT/ima-badsize.efi.sig.tmp"
mv "$OUT/ima-badsize.efi.sig.tmp" "$OUT/ima-badsize.efi.sig"
ima_hash=$(sha256sum "$OUT/ima-ks.efi" | cut -d' ' -f1)
echo "bin:$ima_hash" >"$OUT/blacklist-ima-ks-bin.txt"

say "kernel images from $KERNEL"
cp "$KERNEL" "$OUT/vmlinuz-debian.efi"
cp "$KERNEL" "$OUT/vmlinuz-unsigned.efi"
sbattach --remove "$OUT/vmlinuz-unsigned.efi" >/dev/null 2>&1 || die "sbattach --remove failed"
sign kernel-signing "$OUT/vmlinuz-unsigned.efi" "$OUT/vmlinuz-ks.efi"
# syssize + 1 paragraph, then signed: a valid signature over a setup header whose kernel reaches
# 16 bytes into the certificate table (-c must refuse it as malformed, #8 point 9).
cp "$OUT/vmlinuz-unsigned.efi" "$OUT/vmlinuz-past-signed.unsigned"
put_u32 "$OUT/vmlinuz-past-signed.unsigned" $((0x1f4)) $(($(u32 "$OUT/vmlinuz-unsigned.efi" $((0x1f4))) + 1))
sign kernel-signing "$OUT/vmlinuz-past-signed.unsigned" "$OUT/vmlinuz-past-signed.efi"
rm -f "$OUT/vmlinuz-past-signed.unsigned"
cp "$OUT/vmlinuz-ks.efi" "$OUT/vmlinuz-flip.efi"
set -- $(pe_section_raw "$OUT/vmlinuz-ks.efi" 1)
flip_byte "$OUT/vmlinuz-flip.efi" $(($1 + $2 / 3))

# Fake system state for the policy rows.
mkdir -p "$OUT/efivars-sb-on" "$OUT/efivars-sb-off"
printf '\006\000\000\000\001' >"$OUT/efivars-sb-on/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
printf '\006\000\000\000\000' >"$OUT/efivars-sb-off/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
echo '[none] integrity confidentiality' >"$OUT/lockdown-none"
echo 'none [integrity] confidentiality' >"$OUT/lockdown-integrity"
say "done: $(ls "$OUT" | wc -l) files in $OUT"
