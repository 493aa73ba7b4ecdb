#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Generates the trust-policy corpus (issue #8, points 1-7): images, certificates and revocation lists that each bend one rule, and the manifest of expected verdicts.
#
# Usage: tests/gen-policy-corpus.sh CERTS_DIR OUT_DIR KERNEL SHIM CARRIER_STUB
# Certificates come from the project's own PKI in CERTS_DIR (`make certs`: the kexec CA signs
# them) and tests/policy-pki.cnf; images are efitools' HelloWorld.efi signed with sbsign, Debian's
# signed kernel, Debian's Microsoft-signed shim, and key carriers (tools/make-carrier); lists are
# made with efitools and certs/make-dbx-auth.sh --esl. Digests are computed here with
# sha*sum over the Authenticode byte ranges (an oracle independent of lib/).
#
# OUT_DIR/manifest holds one row per line (tests/run-policy-corpus.sh runs them):
#   MODES;EXIT;TOOL;IMAGE;ANCHORS;ARGS;MATCH;DESCRIPTION
# MODES: trust (ANCHORS as --trust files), keyring (ANCHORS added to a fresh keyring), both, or
# none (no anchor option: key-loader against a fake efivarfs); EXIT: the exact exit code; TOOL:
# kexec (--verify-only) or key-loader (verify); ANCHORS: names of OUT_DIR/NAME.crt / NAME.der;
# ARGS: more options, "@/" standing for OUT_DIR/; MATCH: an ERE the output must match.
set -eu

CERTS=${1:?certs dir}
OUT=${2:?output dir}
KERNEL=${3:?signed kernel (build/kernel/vmlinuz)}
SHIM=${4:?shimx64.efi.signed (make deps: build/shim)}
STUB=${5:?carrier stub (build/efi/carrier-stub.efi)}
HELLO=/usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
CNF=$HERE/policy-pki.cnf

die() { echo "gen-policy-corpus: $*" >&2; exit 1; }
say() { echo "gen-policy-corpus: $*"; }
for f in "$CERTS/kexec-ca.key" "$CERTS/kernel-signing.key" "$CERTS/revoked.key" "$HELLO" "$KERNEL" "$SHIM" "$STUB"; do
	[ -f "$f" ] || die "$f missing (make certs, make deps, make)"
done
for tool in openssl sbsign sbattach objcopy hash-to-efi-sig-list cert-to-efi-sig-list evmctl xxd; do
	command -v "$tool" >/dev/null || die "$tool not installed (run make deps)"
done

rm -rf "$OUT"
mkdir -p "$OUT"
M=$OUT/manifest
: >"$M"

# --- certificates -------------------------------------------------------------------------
# PKI names resolve in OUT: the project's certificates are copied in.
for n in kexec-ca kernel-signing revoked; do
	cp "$CERTS/$n.key" "$CERTS/$n.crt" "$CERTS/$n.der" "$OUT/"
done

# key NAME [rsa BITS | ec CURVE]: a new private key OUT/NAME.key.
key() {
	case ${2:-rsa} in
	rsa) openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:${3:-2048}" -out "$OUT/$1.key" ;;
	ec)  openssl genpkey -quiet -algorithm EC -pkeyopt "ec_paramgen_curve:$3" -out "$OUT/$1.key" ;;
	esac
}

# cert NAME KEY CN PROFILE ISSUER [MD]: OUT/NAME.crt (+ .der) for OUT/KEY.key, issued by
# OUT/ISSUER.{crt,key} ("self": self-signed) with tests/policy-pki.cnf's PROFILE, hash MD.
serial=4096
cert() {
	name=$1 k=$2 cn=$3 profile=$4 issuer=$5 md=${6:-sha256}
	serial=$((serial + 1))
	if [ "$issuer" = self ]; then
		openssl req -new -x509 "-$md" -days 3650 -key "$OUT/$k.key" -subj "/CN=$cn/O=sbkexec policy corpus" \
			-config "$CNF" -extensions "$profile" -set_serial "$serial" -out "$OUT/$name.crt"
	else
		openssl req -new -key "$OUT/$k.key" -subj "/CN=$cn/O=sbkexec policy corpus" -config "$CNF" \
			-out "$OUT/$name.csr"
		openssl x509 -req "-$md" -days 3650 -in "$OUT/$name.csr" -CA "$OUT/$issuer.crt" \
			-CAkey "$OUT/$issuer.key" -set_serial "$serial" -extfile "$CNF" -extensions "$profile" \
			-out "$OUT/$name.crt" 2>/dev/null
		rm -f "$OUT/$name.csr"
	fi
	openssl x509 -in "$OUT/$name.crt" -outform DER -out "$OUT/$name.der"
	# Every certificate NAME has its NAME.key, for signing with it or issuing under it.
	[ "$k" = "$name" ] || cp "$OUT/$k.key" "$OUT/$name.key"
}

say "certificates (tests/policy-pki.cnf, issued by the kexec CA of $CERTS)"
# Point 1: the kexec CA's key and the revoked leaf's key, certified again.
cert rekeyed-ca kexec-ca "sbkexec policy kexec CA key re-certified" ca_rekeyed self
key rekeyed-ca-leaf
cert rekeyed-ca-leaf rekeyed-ca-leaf "sbkexec policy leaf of the re-certified CA" codesign rekeyed-ca
cert rekeyed-leaf revoked "sbkexec policy revoked key re-certified" codesign kexec-ca
cert rekeyed-ks kernel-signing "sbkexec policy kernel-signing key re-certified" codesign_rekeyed kexec-ca
# Point 3: issuers that are no CA, or whose path length is used up.
key nonca-leaf
cert nonca-leaf nonca-leaf "sbkexec policy issued by a leaf" codesign kernel-signing
key ca-nocertsign; cert ca-nocertsign ca-nocertsign "sbkexec policy CA without keyCertSign" ca_no_keycertsign kexec-ca
key nocertsign-leaf; cert nocertsign-leaf nocertsign-leaf "sbkexec policy under a CA without keyCertSign" codesign ca-nocertsign
key ca-nobc; cert ca-nobc ca-nobc "sbkexec policy issuer without basicConstraints" ca_no_bc kexec-ca
key nobc-leaf; cert nobc-leaf nobc-leaf "sbkexec policy under an issuer without basicConstraints" codesign ca-nobc
for pl in 0 1; do
	key "ca-pl$pl"; cert "ca-pl$pl" "ca-pl$pl" "sbkexec policy CA pathlen $pl" "ca_pathlen$pl" kexec-ca
	key "ca-pl$pl-sub"; cert "ca-pl$pl-sub" "ca-pl$pl-sub" "sbkexec policy CA under pathlen $pl" ca "ca-pl$pl"
	key "pl$pl-leaf"; cert "pl$pl-leaf" "pl$pl-leaf" "sbkexec policy leaf two CAs below pathlen $pl" codesign "ca-pl$pl-sub"
	cat "$OUT/ca-pl$pl-sub.crt" "$OUT/ca-pl$pl.crt" >"$OUT/pl$pl-bundle.pem"
done
# Point 4: weak hashes and keys, in the signer, an intermediate and the anchor; EC curves.
key sha1-leaf; cert sha1-leaf sha1-leaf "sbkexec policy signed with SHA-1" codesign kexec-ca sha1
key md5-leaf; cert md5-leaf md5-leaf "sbkexec policy signed with MD5" codesign kexec-ca md5
key rsa1024-leaf rsa 1024; cert rsa1024-leaf rsa1024-leaf "sbkexec policy RSA-1024 signer" codesign kexec-ca
key ca-rsa1024 rsa 1024; cert ca-rsa1024 ca-rsa1024 "sbkexec policy RSA-1024 CA" ca kexec-ca
key under-rsa1024 ; cert under-rsa1024 under-rsa1024 "sbkexec policy under an RSA-1024 CA" codesign ca-rsa1024
key rsa1024-root rsa 1024; cert rsa1024-root rsa1024-root "sbkexec policy RSA-1024 root" ca self
key under-rsa1024-root; cert under-rsa1024-root under-rsa1024-root "sbkexec policy under an RSA-1024 root" codesign rsa1024-root
key p256-leaf ec P-256; cert p256-leaf p256-leaf "sbkexec policy EC P-256 signer" codesign kexec-ca
key p224-leaf ec P-224; cert p224-leaf p224-leaf "sbkexec policy EC P-224 signer" codesign kexec-ca
key sha1-root; cert sha1-root sha1-root "sbkexec policy self-signed with SHA-1" ca self sha1
key under-sha1-root; cert under-sha1-root under-sha1-root "sbkexec policy under a SHA-1 self-signed root" codesign sha1-root
# Point 5: what the signer's key may do.
for u in eku_server eku_any ku_keyenc no_usage; do
	key "$u-leaf"; cert "$u-leaf" "$u-leaf" "sbkexec policy signer $u" "$u" kexec-ca
done

say "real signers: Debian's kernel signer and CA, Microsoft's UEFI CA 2011"
sbattach --detach "$OUT/debian.p7" "$KERNEL" >/dev/null 2>&1 || die "sbattach --detach $KERNEL failed"
openssl pkcs7 -inform DER -in "$OUT/debian.p7" -print_certs | openssl x509 -out "$OUT/debian-signer.crt"
openssl x509 -in "$OUT/debian-signer.crt" -outform DER -out "$OUT/debian-signer.der"
# shim's .vendor_cert: { u32 authorized_size, deauthorized_size, authorized_offset,
# deauthorized_offset } and the Debian CA's DER at authorized_offset (shim's cert.S).
objcopy -O binary -j .vendor_cert "$SHIM" "$OUT/vendor_cert.bin"
vsize=$(od -An -tu4 -N4 "$OUT/vendor_cert.bin" | tr -d ' ')
voff=$(od -An -tu4 -j8 -N4 "$OUT/vendor_cert.bin" | tr -d ' ')
dd if="$OUT/vendor_cert.bin" of="$OUT/debian-ca.der" bs=1 skip="$voff" count="$vsize" status=none
openssl x509 -inform DER -in "$OUT/debian-ca.der" -out "$OUT/debian-ca.crt" || die "no Debian CA in $SHIM's .vendor_cert"
# The first signature's certificate bag holds the Microsoft Corporation UEFI CA 2011.
sbattach --detach "$OUT/shim.p7" "$SHIM" >/dev/null 2>&1 || die "sbattach --detach $SHIM failed"
openssl pkcs7 -inform DER -in "$OUT/shim.p7" -print_certs >"$OUT/shim-certs.pem"
awk '/^subject=.*CN = Microsoft Corporation UEFI CA 2011/ { keep = 1 } keep { print } /END CERTIFICATE/ { keep = 0 }' \
	"$OUT/shim-certs.pem" | openssl x509 -out "$OUT/ms-uefi-ca-2011.crt" || die "no Microsoft UEFI CA 2011 in $SHIM"
openssl x509 -in "$OUT/ms-uefi-ca-2011.crt" -outform DER -out "$OUT/ms-uefi-ca-2011.der"
cp "$KERNEL" "$OUT/vmlinuz-debian.efi"
cp "$SHIM" "$OUT/shimx64.efi"

# --- images -------------------------------------------------------------------------------
cp "$HELLO" "$OUT/unsigned.efi"
U=$OUT/unsigned.efi
# sign KEY-CERT OUT [ADDCERT-FILE] [IN]: sbsign with OUT/KEY-CERT.{key,crt}.
sign() {
	sbsign --key "$OUT/$1.key" --cert "$OUT/$1.crt" ${3:+--addcert "$3"} --output "$OUT/$2" "${4:-$U}" \
		>/dev/null 2>&1 || die "sbsign $1 $2 failed"
}
say "signed images"
sign kernel-signing ks.efi
sign kernel-signing ks-addcert.efi "$OUT/kexec-ca.crt"
sign revoked revoked.efi
sign rekeyed-ca-leaf p1-rekeyed-ca.efi
sign rekeyed-leaf p1-rekeyed-leaf.efi
sign nonca-leaf p3-nonca.efi "$OUT/kernel-signing.crt"
sign nocertsign-leaf p3-no-keycertsign.efi "$OUT/ca-nocertsign.crt"
sign nobc-leaf p3-no-bc.efi "$OUT/ca-nobc.crt"
sign pl0-leaf p3-pathlen0.efi "$OUT/pl0-bundle.pem"
sign pl1-leaf p3-pathlen1.efi "$OUT/pl1-bundle.pem"
sign sha1-leaf p4-sha1.efi
sign md5-leaf p4-md5.efi
sign rsa1024-leaf p4-rsa1024-signer.efi
sign under-rsa1024 p4-rsa1024-ca.efi "$OUT/ca-rsa1024.crt"
sign under-rsa1024-root p4-rsa1024-anchor.efi
sign p256-leaf p4-p256.efi
sign p224-leaf p4-p224.efi
sign under-sha1-root p4-sha1-root.efi
for u in eku_server eku_any ku_keyenc no_usage; do sign "$u-leaf" "p5-$u.efi"; done
osslsigncode sign -h sha384 -certs "$OUT/kernel-signing.crt" -key "$OUT/kernel-signing.key" \
	-in "$U" -out "$OUT/ossl-sha384.efi" >/dev/null || die "osslsigncode sha384 failed"
# An unsigned image whose length is not a multiple of 8 (3 bytes of trailing data).
cp "$U" "$OUT/odd.efi"
printf 'odd' >>"$OUT/odd.efi"
[ $(($(stat -c %s "$OUT/odd.efi") % 8)) -ne 0 ] || die "odd.efi is 8-aligned"

say "IMA v2 signatures (evmctl, detached .sig)"
ima_sign() {    # key image hash [bytes to append first, so that the file differs from the others]
	cp "$U" "$OUT/$2"
	[ -z "${4:-}" ] || printf '%s' "$4" >>"$OUT/$2"
	evmctl ima_sign -a "$3" --sigfile --key "$OUT/$1.key" "$OUT/$2" >/dev/null 2>&1 ||
		die "evmctl ima_sign $1 $2 failed"
	cp "$OUT/$2" "$OUT/$2.tmp" && mv "$OUT/$2.tmp" "$OUT/$2"   # no security.ima: the .sig path
}
ima_sign kernel-signing ima-ks.efi sha256
ima_sign kernel-signing ima-ks384.efi sha384 ima384

say "key carriers (tools/make-carrier)"
carrier() {     # OUT KEY-CERT|- [ADDCERT]: a carrier holding the kernel-signing cert, signed or not
	"$TOP/tools/make-carrier" --stub "$STUB" --cert "$OUT/kernel-signing.der" --output "$OUT/$1.tmp" >/dev/null
	if [ "$2" = - ]; then mv "$OUT/$1.tmp" "$OUT/$1"; else sign "$2" "$1" "${3:-}" "$OUT/$1.tmp"; rm -f "$OUT/$1.tmp"; fi
}
carrier carrier-ks.efi kernel-signing
carrier p1-rekeyed-ca-carrier.efi rekeyed-ca-leaf
carrier p3-nonca-carrier.efi nonca-leaf "$OUT/kernel-signing.crt"
carrier p4-sha1-carrier.efi sha1-leaf
carrier p5-eku_server-carrier.efi eku_server-leaf
carrier odd-carrier.efi -
printf 'odd' >>"$OUT/odd-carrier.efi"

# --- digests and lists --------------------------------------------------------------------
# authenticode FILE ALG [pad]: the Authenticode digest, hashed linearly (pe_parse() requires the
# sections back to back from SizeOfHeaders, so the spec's walk and a linear one agree): the
# headers without CheckSum and the certificate directory entry, everything up to the
# certificate table (or the end), and with `pad` zeros up to a multiple of 8 (what signing
# tools hash for an unsigned file; the firmware does not pad).
authenticode() {
	f=$1
	lf=$(od -An -tu4 -j60 -N4 "$f" | tr -d ' ')
	ck=$((lf + 24 + 64)) cdir=$((lf + 24 + 144))
	cert=$(od -An -tu4 -j "$cdir" -N4 "$f" | tr -d ' ')
	size=$(stat -c %s "$f")
	[ "$cert" -ne 0 ] && end=$cert || end=$size
	{
		dd if="$f" bs=1 count="$ck" status=none
		dd if="$f" bs=1 skip=$((ck + 4)) count=$((cdir - ck - 4)) status=none
		dd if="$f" bs=64K iflag=skip_bytes,count_bytes skip=$((cdir + 8)) count=$((end - cdir - 8)) status=none
		[ "${3:-}" != pad ] || head -c $(((8 - end % 8) % 8)) /dev/zero
	} | "${2}sum" | cut -d' ' -f1
}
filehash() { "${2}sum" "$1" | cut -d' ' -f1; }
tbs() {         # CERT ALG: digest of the TBSCertificate (offset 4: both outer headers are 4 bytes)
	len=$(openssl asn1parse -inform DER -in "$OUT/$1.der" | sed -n '2s/.*hl=\([0-9]*\) *l= *\([0-9]*\).*/\1 + \2/p')
	dd if="$OUT/$1.der" bs=1 skip=4 count=$(($len)) status=none | "${2}sum" | cut -d' ' -f1
}
esl() { CERTS_DIR=$CERTS "$TOP/certs/make-dbx-auth.sh" --esl "$@"; }

# Oracle check: our linear digest of ks.efi is the one hash-to-efi-sig-list (efitools) computes.
[ "$(authenticode "$OUT/ks.efi" sha256)" = \
  "$(hash-to-efi-sig-list "$OUT/ks.efi" /dev/null | sed -n 's/^HASH IS //p')" ] ||
	die "the shell Authenticode digest of ks.efi disagrees with hash-to-efi-sig-list"
[ "$(authenticode "$OUT/odd.efi" sha256 pad)" = \
  "$(hash-to-efi-sig-list "$OUT/odd.efi" /dev/null | sed -n 's/^HASH IS //p')" ] ||
	die "the padded digest of odd.efi disagrees with hash-to-efi-sig-list"

say "revocation lists"
esl --cert "$OUT/kexec-ca.crt" "$OUT/dbx-kexec-ca.esl"
esl --cert "$OUT/revoked.crt" "$OUT/dbx-revoked.esl"
esl --cert "$OUT/kernel-signing.crt" "$OUT/dbx-kernel-signing.esl"
esl --cert "$OUT/rekeyed-ks.crt" "$OUT/dbx-rekeyed-ks.esl"
esl --tbs "$OUT/revoked.crt" "$OUT/dbx-revoked-tbs256.esl"
esl --tbs384 "$OUT/revoked.crt" "$OUT/dbx-revoked-tbs384.esl"
esl --tbs512 "$OUT/revoked.crt" "$OUT/dbx-revoked-tbs512.esl"
esl --tbs512 "$OUT/kexec-ca.crt" "$OUT/dbx-kexec-ca-tbs512.esl"
for a in sha1 sha224 sha384 sha512; do
	esl "--$a" "$(authenticode "$OUT/ks.efi" "$a")" "$OUT/dbx-ks-$a.esl"
done
esl --sha384 "$(authenticode "$OUT/odd.efi" sha384 pad)" "$OUT/dbx-other-sha384.esl"
esl --sha256 "$(authenticode "$OUT/ossl-sha384.efi" sha256)" "$OUT/dbx-ossl-sha384-sha256.esl"
esl --sha384 "$(filehash "$OUT/ima-ks.efi" sha384)" "$OUT/dbx-ima-ks-file-sha384.esl"
esl --sha256 "$(authenticode "$OUT/odd.efi" sha256)" "$OUT/dbx-odd-firmware.esl"
esl --sha384 "$(authenticode "$OUT/odd.efi" sha384)" "$OUT/dbx-odd-firmware-sha384.esl"
hash-to-efi-sig-list "$OUT/odd.efi" "$OUT/dbx-odd-padded.esl" >/dev/null
echo "tbs:$(tbs kexec-ca sha256)" >"$OUT/bl-kexec-ca-tbs256.txt"
echo "tbs:$(tbs kexec-ca sha384)" >"$OUT/bl-kexec-ca-tbs384.txt"
echo "tbs:$(tbs kernel-signing sha384)" >"$OUT/bl-ks-tbs384.txt"
echo "tbs:$(tbs revoked sha384)" >"$OUT/bl-revoked-tbs384.txt"
echo "bin:$(filehash "$OUT/ima-ks384.efi" sha384)" >"$OUT/bl-ima-ks384-sha384.txt"
echo "bin:$(filehash "$OUT/ima-ks384.efi" sha256)" >"$OUT/bl-ima-ks384-sha256.txt"

say "fake efivarfs for key-loader (db with the odd carrier's digests)"
efivar() {      # DIR NAME-GUID ATTR DATA-FILE: 4 attribute bytes (little-endian), then the data
	{ printf "\\$(printf '%03o' "$3")\\000\\000\\000"; cat "$4"; } >"$1/$2"
}
fake_efivars() {  # DIR [DB-EXTRA.esl]: Secure Boot on, user mode, db = our db cert (+ extra)
	mkdir -p "$OUT/$1"
	printf '\001' >"$OUT/u8"; efivar "$OUT/$1" SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c 6 "$OUT/u8"
	printf '\000' >"$OUT/u8"; efivar "$OUT/$1" SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c 6 "$OUT/u8"
	cat "$CERTS/db.esl" ${2:+"$2"} >"$OUT/db.tmp"
	efivar "$OUT/$1" db-d719b2cb-3d3a-4596-a3bc-dad00e67656f 39 "$OUT/db.tmp"
	rm -f "$OUT/db.tmp" "$OUT/u8"
}
esl --sha256 "$(authenticode "$OUT/odd-carrier.efi" sha256)" "$OUT/odd-carrier-firmware.esl"
hash-to-efi-sig-list "$OUT/odd-carrier.efi" "$OUT/odd-carrier-padded.esl" >/dev/null
fake_efivars efivars-db-odd-firmware "$OUT/odd-carrier-firmware.esl"
fake_efivars efivars-db-odd-padded "$OUT/odd-carrier-padded.esl"
# A MokListRT an OS could have planted (non-volatile): key-loader ignores it, and says so.
fake_efivars efivars-moklist-nv
cert-to-efi-sig-list "$OUT/kexec-ca.crt" "$OUT/moklist.esl" >/dev/null
efivar "$OUT/efivars-moklist-nv" MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23 7 "$OUT/moklist.esl"

# --- the manifest -------------------------------------------------------------------------
row() {
	case "$*" in *';'*) die "a row may not contain ';' (the field separator): $*" ;; esac
	printf '%s;%s;%s;%s;%s;%s;%s;%s\n' "$@" >>"$M"
}
K=kexec
{
echo "# MODES;EXIT;TOOL;IMAGE;ANCHORS;ARGS;MATCH;DESCRIPTION (tests/gen-policy-corpus.sh)"
} >>"$M"
row both 0 $K ks.efi kexec-ca "" "" "baseline: kernel-signing leaf under the kexec CA"
row both 0 $K ks.efi kernel-signing "" "" "baseline: the leaf itself is the anchor"

# 1. Revocation by key.
row both 14 $K p1-rekeyed-ca.efi rekeyed-ca "--dbx @/dbx-kexec-ca.esl" "revoked by dbx" \
	"P1 the kexec CA's key re-certified (new serial, subject, SKID) anchors a leaf, the original is in dbx"
row both 0 $K p1-rekeyed-ca.efi rekeyed-ca "" "" "P1 control: the same without the dbx entry"
row both 14 $K p1-rekeyed-leaf.efi kexec-ca "--dbx @/dbx-revoked.esl" "public key is that of the revoked certificate" \
	"P1 the revoked leaf's key re-certified by the kexec CA (new serial and subject)"
row both 14 $K p1-rekeyed-leaf.efi kexec-ca "--mokx @/dbx-revoked.esl" "revoked by MokListXRT" \
	"P1 the same key revoked through MokListXRT"
row both 0 $K p1-rekeyed-leaf.efi kexec-ca "" "" "P1 control: the re-certified leaf without the revocation"

# 2. Anchors are checked too.
row both 14 $K ks.efi kexec-ca "--dbx @/dbx-kexec-ca.esl" "revoked by dbx" \
	"P2 the anchor (kexec CA) is in dbx, the image carries only the leaf"
row both 14 $K ks.efi kexec-ca "--mokx @/dbx-kexec-ca.esl" "revoked by MokListXRT" "P2 the anchor is in MokListXRT"
row trust 14 $K ks.efi kexec-ca "--blacklist @/bl-kexec-ca-tbs256.txt" "tbs: hash is in the blacklist file" \
	"P2 the anchor certificate's tbs: (SHA-256) is in .blacklist"
row trust 14 $K ks.efi kexec-ca "--blacklist @/bl-kexec-ca-tbs384.txt" "tbs: hash is in the blacklist file" \
	"P2 the anchor certificate's tbs: (SHA-384) is in .blacklist"
row keyring 14 $K ks-addcert.efi kexec-ca "--blacklist @/bl-kexec-ca-tbs384.txt" "tbs: hash is in the blacklist file" \
	"P2 keyring anchor whose certificate the image carries: its tbs: (SHA-384) is checked"
row keyring 0 $K ks.efi kexec-ca "--blacklist @/bl-kexec-ca-tbs384.txt" "" \
	"P2 limit (verifier/README.md): a keyring anchor's tbs: is unknown when the image does not carry its certificate"
row both 14 $K ima-ks.efi kernel-signing "--dbx @/dbx-kernel-signing.esl" "revoke" \
	"P2 IMA: the anchor key's certificate is in dbx"
row both 14 $K ima-ks.efi kernel-signing "--dbx @/dbx-rekeyed-ks.esl" "revoke" \
	"P2 IMA: another certificate of the anchor's key (other serial and SKID) is in dbx"
row trust 14 $K ima-ks.efi kernel-signing "--blacklist @/bl-ks-tbs384.txt" "tbs: hash is in the blacklist file" \
	"P2 IMA: the anchor certificate's tbs: (SHA-384) is in .blacklist"

# 3. Chain rules, whichever anchor.
row both 12 $K p3-nonca.efi kexec-ca "" "invalid CA|not a CA" "P3 the signer was issued by a leaf (CA:FALSE)"
row both 12 $K p3-no-keycertsign.efi kexec-ca "" "invalid CA|keyCertSign" "P3 an issuer CA without keyCertSign"
row both 12 $K p3-no-bc.efi kexec-ca "" "invalid CA|basicConstraints CA:TRUE required" \
	"P3 an issuer with keyCertSign but no basicConstraints"
row both 12 $K p3-pathlen0.efi kexec-ca "" "path length|pathLenConstraint" "P3 a pathlen:0 CA with a CA below it"
row both 0 $K p3-pathlen1.efi kexec-ca "" "" "P3 control: pathlen:1 with one CA below it"

# 4. Algorithm and key-size floor.
row both 15 $K p4-sha1.efi kexec-ca "" "SHA1|sha1" "P4 the signer certificate is signed with SHA-1"
row both 15 $K p4-md5.efi kexec-ca "" "MD5|md5" "P4 the signer certificate is signed with MD5"
row both 15 $K p4-rsa1024-signer.efi kexec-ca "" "1024 bits" "P4 the signer's key is RSA-1024"
row both 15 $K p4-rsa1024-ca.efi kexec-ca "" "1024 bits" "P4 an intermediate CA's key is RSA-1024"
row both 15 $K p4-rsa1024-anchor.efi rsa1024-root "" "1024 bits" "P4 the anchor's own key is RSA-1024"
row both 0 $K p4-p256.efi kexec-ca "" "" "P4 an EC P-256 signer passes"
row both 15 $K p4-p224.efi kexec-ca "" "P-256, P-384 or P-521" "P4 an EC P-224 signer"
row both 0 $K p4-sha1-root.efi sha1-root "" "" "P4 the anchor's own (SHA-1) self-signature is not checked"
row both 0 $K vmlinuz-debian.efi debian-ca "" "Debian Secure Boot Signer" \
	"P4/P5 real signer: Debian's kernel under the Debian Secure Boot CA (shim's vendor certificate)"
row both 0 $K vmlinuz-debian.efi debian-signer "" "" "P4/P5 real signer: Debian's kernel signer as the anchor"
row both 0 $K shimx64.efi ms-uefi-ca-2011 "" "Microsoft Windows UEFI Driver Publisher" \
	"P4/P5 real signer: Debian's shim under the Microsoft Corporation UEFI CA 2011"

# 5. Signer key usage.
row both 12 $K p5-eku_server.efi kexec-ca "" "without codeSigning" "P5 the signer's extendedKeyUsage is serverAuth only"
row both 12 $K p5-eku_any.efi kexec-ca "" "without codeSigning" "P5 anyExtendedKeyUsage does not stand for codeSigning"
row both 12 $K p5-ku_keyenc.efi kexec-ca "" "without digitalSignature" "P5 the signer's keyUsage lacks digitalSignature"
row both 0 $K p5-no_usage.efi kexec-ca "" "" "P5 control: no keyUsage and no extendedKeyUsage restrict nothing"

# 6. Every revocation form UEFI defines.
for a in 256 384 512; do
	row both 14 $K revoked.efi kexec-ca "--dbx @/dbx-revoked-tbs$a.esl" "SHA-$a of its TBSCertificate" \
		"P6 dbx EFI_CERT_X509_SHA$a of the signer"
done
row both 14 $K revoked.efi kexec-ca "--mokx @/dbx-revoked-tbs384.esl" "revoked by MokListXRT" \
	"P6 MokListXRT EFI_CERT_X509_SHA384 of the signer"
row both 14 $K revoked.efi kexec-ca "--blacklist @/bl-revoked-tbs384.txt" "tbs: hash is in the blacklist file" \
	"P6 .blacklist tbs: (SHA-384) of the signer"
row trust 14 $K ks.efi kexec-ca "--dbx @/dbx-kexec-ca-tbs512.esl" "SHA-512 of its TBSCertificate" \
	"P6 dbx EFI_CERT_X509_SHA512 of the anchor certificate"
row keyring 14 $K ks-addcert.efi kexec-ca "--dbx @/dbx-kexec-ca-tbs512.esl" "SHA-512 of its TBSCertificate" \
	"P6 dbx EFI_CERT_X509_SHA512 of a keyring anchor the image carries"
for a in sha1 sha224 sha384 sha512; do
	row both 14 $K ks.efi kexec-ca "--dbx @/dbx-ks-$a.esl" "image digest $a:.* is listed in dbx" \
		"P6 dbx EFI_CERT_$(echo $a | tr a-z A-Z) image digest of a SHA-256-signed image"
done
row both 14 $K ks.efi kexec-ca "--mokx @/dbx-ks-sha384.esl" "listed in MokListXRT" \
	"P6 MokListXRT EFI_CERT_SHA384 image digest"
row both 0 $K ks.efi kexec-ca "--dbx @/dbx-other-sha384.esl" "" "P6 control: a SHA-384 list naming another image"
row both 14 $K ossl-sha384.efi kernel-signing "--dbx @/dbx-ossl-sha384-sha256.esl" "image digest sha256:" \
	"P6 an image signed with SHA-384 whose SHA-256 digest is in dbx"
row both 14 $K ima-ks.efi kernel-signing "--dbx @/dbx-ima-ks-file-sha384.esl" "file digest sha384:" \
	"P6 IMA (SHA-256 signature): the file's SHA-384 is in dbx"
row both 14 $K ima-ks384.efi kernel-signing "--blacklist @/bl-ima-ks384-sha384.txt" "bin:" \
	"P6 IMA signed with SHA-384: .blacklist bin: of its SHA-384"
row both 14 $K ima-ks384.efi kernel-signing "--blacklist @/bl-ima-ks384-sha256.txt" "bin:" \
	"P6 IMA signed with SHA-384: .blacklist bin: of its SHA-256 as well"
row both 0 $K ima-ks384.efi kernel-signing "" "IMA signature" "P6 control: the SHA-384 IMA signature verifies"

# 7. Unsigned images of a length that is not a multiple of 8.
row both 11 $K odd.efi kexec-ca "" "unsigned" "P7 unsigned image of odd length, listed nowhere"
row both 14 $K odd.efi kexec-ca "--dbx @/dbx-odd-firmware.esl" "as the firmware computes it" \
	"P7 its digest as the firmware computes it (no padding) is in dbx"
row both 14 $K odd.efi kexec-ca "--dbx @/dbx-odd-padded.esl" "listed in dbx" \
	"P7 its padded digest (signing tools, hash-to-efi-sig-list) is in dbx"
row both 14 $K odd.efi kexec-ca "--dbx @/dbx-odd-firmware-sha384.esl" "sha384:.*as the firmware computes it" \
	"P7 its unpadded SHA-384 digest is in dbx"

# key-loader: the same verifier decides for carriers.
KL=key-loader
row trust 0 $KL carrier-ks.efi kexec-ca "" "verdict: OK" "key-loader control: a carrier signed by kernel-signing"
row trust 14 $KL p1-rekeyed-ca-carrier.efi rekeyed-ca "--dbx @/dbx-kexec-ca.esl" "revoked by dbx" \
	"P1 key-loader: a carrier under the revoked CA's key, re-certified"
row trust 12 $KL p3-nonca-carrier.efi kexec-ca "" "invalid CA|not a CA" "P3 key-loader: a carrier signed under a leaf"
row trust 15 $KL p4-sha1-carrier.efi kexec-ca "" "SHA1|sha1" "P4 key-loader: a carrier whose signer certificate is SHA-1"
row trust 12 $KL p5-eku_server-carrier.efi kexec-ca "" "without codeSigning" "P5 key-loader: a carrier signed by a serverAuth leaf"
row none 0 $KL odd-carrier.efi - "--efivars @/efivars-db-odd-firmware" "listed in db" \
	"P7 key-loader: an unsigned odd-length carrier whose firmware digest is in db"
row none 11 $KL odd-carrier.efi - "--efivars @/efivars-db-odd-padded" "no Authenticode signature" \
	"P7 key-loader: only its padded digest (hash-to-efi-sig-list) in db: the firmware refuses it too"
row none 14 $KL odd-carrier.efi - "--efivars @/efivars-db-odd-padded --dbx @/odd-carrier-firmware.esl" "as the firmware computes it" \
	"P7 key-loader: the padded digest in db, the firmware's in dbx"

# The library speaks with the caller's name (vf_report_init), never "kexec:" for key-loader.
row none 12 $KL carrier-ks.efi - "--efivars @/efivars-moklist-nv" "^key-loader: warning: MokListRT ignored" \
	"shape: a verifier warning printed by key-loader starts with key-loader:"

say "done: $(grep -vc '^#' "$M") rows in $M"
