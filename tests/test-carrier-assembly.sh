#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tools/make-carrier: reproducible output, sbsign/sbverify (attached and detached), refused inputs.
set -u
BUILD=${BUILD:-build}
STUB=$BUILD/efi/carrier-stub.efi
CERTS=build/certs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
check() { # description, command...
	d=$1; shift
	if "$@" >"$T/out" 2>&1; then ok "$d"; else notok "$d"; sed 's/^/#   /' "$T/out"; fi
}
# The tool must fail AND say why (message matched).
refuses() { # description, expected message, tool args...
	d=$1; msg=$2; shift 2
	if tools/make-carrier --stub "$STUB" "$@" --output "$T/bad.efi" >"$T/out" 2>&1; then
		notok "$d (accepted)"
	elif ! grep -q -- "$msg" "$T/out"; then
		notok "$d (message)"; sed 's/^/#   /' "$T/out"
	elif [ -e "$T/bad.efi" ]; then
		notok "$d (left an output file)"
	else
		ok "$d"
	fi
}

assemble() { # output
	tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --cert "$CERTS/kernel-signing.crt" \
		--chain '\EFI\BOOT\linux.efi' --cmdline 'console=ttyS0' --output "$1"
}

echo "# same inputs twice, a second apart: byte-identical unsigned images"
assemble "$T/a.efi" >/dev/null && sleep 1 && assemble "$T/b.efi" >/dev/null
check "rebuild is byte-identical" cmp "$T/a.efi" "$T/b.efi"

echo "# signing is a separate step: sbsign, and sbsign --detached + sbattach"
check "sbsign with the db key" sbsign --key "$CERTS/db.key" --cert "$CERTS/db.crt" \
	--output "$T/a.signed.efi" "$T/a.efi"
check "sbverify accepts it against db" sbverify --cert "$CERTS/db.crt" "$T/a.signed.efi"
if sbverify --cert "$CERTS/untrusted.crt" "$T/a.signed.efi" >/dev/null 2>&1; then
	notok "sbverify refuses it against an unrelated cert"
else
	ok "sbverify refuses it against an unrelated cert"
fi
check "sbsign --detached" sbsign --key "$CERTS/db.key" --cert "$CERTS/db.crt" --detached \
	--output "$T/a.sig" "$T/a.efi"
cp "$T/a.efi" "$T/c.efi"
check "sbattach the detached signature" sbattach --attach "$T/a.sig" "$T/c.efi"
# sbsign signs a signingTime attribute, so two signings a second apart differ in their PKCS#7:
# compare what must be equal instead of the whole files: sbattach stored exactly the detached
# signature, it verifies, and without their signatures both images are the same bytes.
check "detached + sbattach: sbverify accepts it against db" sbverify --cert "$CERTS/db.crt" "$T/c.efi"
check "detached + sbattach: the table holds exactly the detached signature" \
	sh -c "sbattach --detach '$T/c.back.sig' '$T/c.efi' >/dev/null && cmp '$T/c.back.sig' '$T/a.sig'"
cp "$T/c.efi" "$T/c.stripped.efi" && cp "$T/a.signed.efi" "$T/a.stripped.efi"
check "detached + sbattach equals attached signing but for the PKCS#7" \
	sh -c "sbattach --remove '$T/c.stripped.efi' && sbattach --remove '$T/a.stripped.efi' && cmp '$T/c.stripped.efi' '$T/a.stripped.efi'"
# osslsigncode as an independent PE parser and verifier. It wants the chain up to a self-signed
# root: db is issued by KEK, KEK by PK. Debian 12's osslsigncode 2.5 calls sbsign-made
# signatures "Invalid signature" (2.9 accepts them), so osslsigncode signs its own copy, verifies
# it, and must have signed the same image digest sbsign did.
cat "$CERTS/pk.crt" "$CERTS/kek.crt" >"$T/roots.pem"
check "osslsigncode signs the assembled carrier" osslsigncode sign -certs "$CERTS/db.crt" \
	-key "$CERTS/db.key" -h sha256 -in "$T/a.efi" -out "$T/o.efi"
check "osslsigncode (independent verifier) accepts digest and signature" \
	osslsigncode verify -CAfile "$T/roots.pem" -in "$T/o.efi"
p7_digest() { # signed file -> the image digest inside its PKCS#7
	rm -f "$T/p7"
	osslsigncode extract-signature -in "$1" -out "$T/p7" >/dev/null 2>&1 &&
		openssl asn1parse -inform DER -in "$T/p7" | grep -a -m1 'l=  32 prim: OCTET STRING' |
		sed 's/.*HEX DUMP\]://'
}
check "sbsign and osslsigncode signed the same image digest" \
	test -n "$(p7_digest "$T/c.efi")" -a "$(p7_digest "$T/c.efi")" = "$(p7_digest "$T/o.efi")"

echo "# the machine-keyring opt-in is an .options section, absent by default"
if objdump -h "$T/a.efi" | awk '{ print $2 }' | grep -qx .options; then
	notok "no .options section without --machine-keyring"
else
	ok "no .options section without --machine-keyring"
fi
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --machine-keyring \
	--output "$T/mk.efi" >/dev/null
objcopy -O binary --only-section=.options "$T/mk.efi" "$T/options.bin"
check "--machine-keyring writes .options 'machine-keyring'" sh -c \
	"printf 'machine-keyring\\n' | cmp - '$T/options.bin'"
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --shim-allowlist \
	--machine-keyring --shim-allowlist --output "$T/sa.efi" >/dev/null
objcopy -O binary --only-section=.options "$T/sa.efi" "$T/options2.bin"
check "--shim-allowlist (+ --machine-keyring, repeated) writes each word once, in a fixed order" \
	sh -c "printf 'machine-keyring\\nshim-allowlist\\n' | cmp - '$T/options2.bin'"

echo "# bad inputs are refused with a reason"
printf 'not a cert' >"$T/junk.der"
refuses "garbage certificate" "not an X.509 certificate" --cert "$T/junk.der"
refuses "missing certificate" "not found" --cert "$T/nonexistent.der"
cat "$CERTS/kexec-ca.crt" "$CERTS/db.crt" >"$T/two.pem"
refuses "PEM bundle of two certs" "several certificates" --cert "$T/two.pem"
refuses "no certificate" "no --cert" --chain '\EFI\BOOT\linux.efi'
refuses "relative chain path" "absolute path" --cert "$CERTS/kexec-ca.der" --chain 'linux.efi'
refuses "non-ASCII command line" "printable ASCII" --cert "$CERTS/kexec-ca.der" \
	--chain '\EFI\BOOT\linux.efi' --cmdline "$(printf 'quiet\tx')"
refuses "cmdline without chain" "needs --chain" --cert "$CERTS/kexec-ca.der" --cmdline quiet
printf 'sbat,1,wrong\n' >"$T/sbat.csv"
refuses "SBAT without the shim header line" "first line must be" --cert "$CERTS/kexec-ca.der" \
	--sbat "$T/sbat.csv"
if tools/make-carrier --stub "$T/a.efi" --cert "$CERTS/kexec-ca.der" --output "$T/re.efi" \
	>"$T/out" 2>&1; then
	notok "an assembled carrier is not a stub (accepted)"
elif grep -q "already has a .sbat section" "$T/out"; then
	ok "an assembled carrier is not a stub"
else
	notok "an assembled carrier is not a stub (message)"; sed 's/^/#   /' "$T/out"
fi
