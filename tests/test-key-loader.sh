#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# key-loader verify / load --dry-run / import-firmware --dry-run on the host: every verdict and exit code, with --trust and a fake efivarfs.
set -u
BUILD=${BUILD:-build}
KL=$BUILD/key-loader/key-loader
STUB=$BUILD/efi/carrier-stub.efi
CERTS=build/certs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/key-loader-lib.sh

carrier() { # OUT CERT...: an unsigned carrier
	out=$1; shift
	args=
	for c in "$@"; do args="$args --cert $c"; done
	tools/make-carrier --stub "$STUB" $args --output "$out" >/dev/null
}
sign() { # KEY IN OUT
	sbsign --key "$CERTS/$1.key" --cert "$CERTS/$1.crt" --output "$3" "$2" >/dev/null 2>&1
}
# File offset of the first byte of .keylist's raw data.
keylist_offset() {
	printf '%d' "0x$(objdump -h "$1" | awk '$2 == ".keylist" { print $6 }')"
}
flip_byte() { # FILE OFFSET
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 0x40)))" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none
}

for tool in sbsign cert-to-efi-sig-list hash-to-efi-sig-list objdump; do
	command -v $tool >/dev/null || { notok "$tool is installed"; exit 1; }
done
[ -x "$KL" ] || { notok "$KL is built"; exit 1; }

NOSYS=--no-system-revocation
carrier "$T/c.efi" "$CERTS/kexec-ca.der" "$CERTS/kernel-signing.der"
sign db "$T/c.efi" "$T/c.db.efi"
sign untrusted "$T/c.efi" "$T/c.untrusted.efi"

echo "# verify against --trust"
expect "db-signed carrier verifies against db.crt" 0 "verdict: OK \(2 of 2" verify $NOSYS --trust "$CERTS/db.crt" "$T/c.db.efi"
expect "  and lists the kernel-signing cert with its SKID" 0 \
	"skid $(openssl x509 -in "$CERTS/kernel-signing.crt" -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :' | tr A-F a-f)" \
	verify $NOSYS --trust "$CERTS/db.crt" "$T/c.db.efi"
expect "unsigned carrier: unsigned (11)" 11 "c.efi: signature: no Authenticode" verify $NOSYS --trust "$CERTS/db.crt" "$T/c.efi"
expect "untrusted-signed carrier: untrusted (12)" 12 "c.untrusted.efi: chain" verify $NOSYS --trust "$CERTS/db.crt" "$T/c.untrusted.efi"
expect "db-signed carrier against an unrelated anchor: untrusted (12)" 12 "" verify $NOSYS --trust "$CERTS/untrusted.crt" "$T/c.db.efi"

cp "$T/c.db.efi" "$T/tampered.efi"
flip_byte "$T/tampered.efi" $(( $(keylist_offset "$T/tampered.efi") + 100 ))
expect "a byte of .keylist changed after signing: rejected (13)" 13 "tampered.efi: .*digest" verify $NOSYS --trust "$CERTS/db.crt" "$T/tampered.efi"

# kexec accepts IMA signatures (a detached .sig); the firmware does not, so neither may key-loader.
cp "$T/c.efi" "$T/ima.efi"
if evmctl ima_sign -a sha256 --sigfile --key "$CERTS/db.key" "$T/ima.efi" >/dev/null 2>&1 && [ -s "$T/ima.efi.sig" ]; then
	expect "unsigned carrier with a db-made IMA signature: unsigned (11)" 11 "IMA signature does not count" verify $NOSYS --trust "$CERTS/db.crt" "$T/ima.efi"
else
	notok "evmctl ima_sign makes a detached signature"
fi
printf 'MZ but nothing else' >"$T/junk.efi"
expect "not a PE file: malformed (10)" 10 "junk.efi: pe:" verify $NOSYS --trust "$CERTS/db.crt" "$T/junk.efi"

# A carrier whose 2nd .keylist cert has a broken DER length, signed afterwards (valid signature).
cp "$T/c.efi" "$T/badlist.efi"
off=$(keylist_offset "$T/badlist.efi")
sz=$(od -An -tu4 -j $((off + 16)) -N4 "$T/badlist.efi" | tr -d ' ')
flip_byte "$T/badlist.efi" $((off + sz + 28 + 16 + 3))
sign db "$T/badlist.efi" "$T/badlist.db.efi"
expect "validly signed carrier with a malformed .keylist: malformed (10)" 10 "badlist.db.efi: keylist:" verify $NOSYS --trust "$CERTS/db.crt" "$T/badlist.db.efi"
absent "  no cert of it is listed" "^cert [0-9]"

# A carrier without .keylist (the stub itself, signed): not a key carrier.
sign db "$STUB" "$T/stub.db.efi"
expect "signed PE without .keylist: malformed (10)" 10 "no .keylist section" verify $NOSYS --trust "$CERTS/db.crt" "$T/stub.db.efi"

echo "# revocation: dbx / MokListXRT files and .blacklist lines"
carrier "$T/c3.efi" "$CERTS/kexec-ca.der" "$CERTS/revoked.der" "$CERTS/kernel-signing.der"
sign db "$T/c3.efi" "$T/c3.db.efi"
cert-to-efi-sig-list "$CERTS/revoked.crt" "$T/dbx-revoked.esl" >/dev/null
expect "cert in a dbx file: carrier still OK (0)" 0 "verdict: OK \(2 of 3" verify $NOSYS --dbx "$T/dbx-revoked.esl" --trust "$CERTS/db.crt" "$T/c3.db.efi"
expect "  that cert is reported revoked by dbx" 0 "REVOKED: certificate /CN=sbkexec test revoked.* is revoked by dbx" verify $NOSYS --dbx "$T/dbx-revoked.esl" --trust "$CERTS/db.crt" "$T/c3.db.efi"
[ "$(grep -c '^  not revoked' "$T/out")" -eq 2 ] && ok "  the two others are not revoked" || notok "  the two others are not revoked"
expect "  load --dry-run skips it and would add the two others" 0 "skipped \(revoked\): /CN=sbkexec test revoked" load --dry-run $NOSYS --dbx "$T/dbx-revoked.esl" --trust "$CERTS/db.crt" "$T/c3.db.efi"
[ "$(grep -c '^dry-run: would add' "$T/out")" -eq 2 ] && ok "  two would be added" || notok "  two would be added"
expect "cert in a MokListXRT file: reported revoked" 0 "revoked by MokListXRT" verify $NOSYS --mokx "$T/dbx-revoked.esl" --trust "$CERTS/db.crt" "$T/c3.db.efi"
# .blacklist "tbs:" form: SHA-256 of the TBSCertificate (offset 4: the outer SEQUENCE has a 4-byte header).
tbs_len=$(openssl asn1parse -inform DER -in "$CERTS/revoked.der" |
	sed -n '2s/.*hl=\([0-9]*\) *l= *\([0-9]*\).*/\1 + \2/p')
tbs_len=$(( $tbs_len ))
tbs=$(dd if="$CERTS/revoked.der" bs=1 skip=4 count="$tbs_len" status=none | sha256sum | cut -c1-64)
printf 'bin:%064d\ntbs:%s\n' 0 "$tbs" >"$T/blacklist"
expect "cert whose tbs: hash is in a .blacklist file: reported revoked" 0 "tbs: hash is in the blacklist file" verify $NOSYS --blacklist "$T/blacklist" --trust "$CERTS/db.crt" "$T/c3.db.efi"
carrier "$T/r.efi" "$CERTS/revoked.der"
sign db "$T/r.efi" "$T/r.db.efi"
expect "every carried cert revoked: revoked (14)" 14 "every certificate is revoked" verify $NOSYS --dbx "$T/dbx-revoked.esl" --trust "$CERTS/db.crt" "$T/r.db.efi"
cert-to-efi-sig-list "$CERTS/db.crt" "$T/dbx-db.esl" >/dev/null
expect "carrier signer (db cert) in dbx: revoked (14)" 14 "revoked by dbx" verify $NOSYS --dbx "$T/dbx-db.esl" --trust "$CERTS/db.crt" "$T/c.db.efi"
printf 'garbage' >"$T/dbx-garbage.esl"
expect "a dbx that does not parse: malformed (10), fail closed" 10 "dbx" verify $NOSYS --dbx "$T/dbx-garbage.esl" --trust "$CERTS/db.crt" "$T/c.db.efi"

echo "# anchors from a fake efivarfs (--efivars): db and MokListRT"
E=$T/efivars
fake_efivars "$E" 1 0
expect "db-signed carrier verifies against db from efivarfs" 0 "trusted via db/MokListRT certificate /CN=sbkexec test db" verify --efivars "$E" "$T/c.db.efi"
expect "untrusted-signed carrier against efivarfs db: untrusted (12)" 12 "" verify --efivars "$E" "$T/c.untrusted.efi"
efivar "$E" "dbx-$IMGSEC" 39 "$T/dbx-revoked.esl"
expect "dbx from efivarfs revokes the cert" 0 "revoked by dbx" verify --efivars "$E" "$T/c3.db.efi"
rm "$E/dbx-$IMGSEC"
sign kexec-ca "$T/c.efi" "$T/c.ca.efi"
expect "kexec-ca-signed carrier: untrusted (12) without MokListRT" 12 "" verify --efivars "$E" "$T/c.ca.efi"
cert-to-efi-sig-list "$CERTS/kexec-ca.crt" "$T/kexec-ca.esl" >/dev/null
efivar "$E" "MokListRT-$SHIM" 6 "$T/kexec-ca.esl"
expect "  with kexec-ca in a volatile BS|RT MokListRT: OK (0)" 0 "verdict: OK" verify --efivars "$E" "$T/c.ca.efi"
efivar "$E" "MokListRT-$SHIM" 7 "$T/kexec-ca.esl"
expect "  MokListRT non-volatile (planted by an OS): ignored, untrusted (12)" 12 "MokListRT ignored" verify --efivars "$E" "$T/c.ca.efi"
rm "$E/MokListRT-$SHIM"
hash-to-efi-sig-list "$T/c.efi" "$T/c-hash.esl" >/dev/null
cat "$CERTS/db.esl" "$T/c-hash.esl" >"$T/db-hash.esl"
efivar "$E" "db-$IMGSEC" 39 "$T/db-hash.esl"
expect "unsigned carrier whose hash is enrolled in db: OK (0), as the firmware would" 0 "Authenticode SHA-256 is listed in db" verify --efivars "$E" "$T/c.efi"
expect "  not with --trust (only the firmware's db counts)" 11 "" verify --efivars "$E" --trust "$CERTS/db.crt" "$T/c.efi"
efivar "$E" "dbx-$IMGSEC" 39 "$T/c-hash.esl"
expect "  the same hash in dbx too: revoked (14)" 14 "listed in dbx" verify --efivars "$E" "$T/c.efi"
rm "$E/dbx-$IMGSEC"
efivar "$E" "db-$IMGSEC" 39 "$CERTS/db.esl"
fake_efivars "$T/setup" 0 1
expect "Setup Mode: db anchors nothing, untrusted (12)" 12 "SetupMode is 1" verify --efivars "$T/setup" "$T/c.db.efi"

echo "# import-firmware --dry-run against a fake KeyCarrierRT"
cert-to-efi-sig-list "$CERTS/kernel-signing.crt" "$T/ks.esl" >/dev/null
printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000' >"$T/kc"
cat "$T/kexec-ca.esl" "$T/ks.esl" >>"$T/kc"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"
# A carrier before the kernel publishes what it records in MokListRT too: what the kernel read.
cat "$T/kexec-ca.esl" "$T/ks.esl" >"$T/moklist.esl"
efivar "$E" "MokListRT-$SHIM" 6 "$T/moklist.esl"
expect "volatile BS|RT KeyCarrierRT: 1 carrier, 2 certs, both would be added" 0 "KeyCarrierRT: 1 carrier\(s\), 2 certificate\(s\)" import-firmware --dry-run --efivars "$E"
[ "$(grep -c '^dry-run: would add' "$T/out")" -eq 2 ] && ok "  two would be added" || notok "  two would be added"
efivar "$E" "dbx-$IMGSEC" 39 "$T/kexec-ca.esl"
expect "  a recorded cert now in dbx is skipped" 0 "skipped \(revoked\): /CN=sbkexec test kexec CA" import-firmware --dry-run --efivars "$E"
rm "$E/dbx-$IMGSEC"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 7 "$T/kc"
expect "non-volatile KeyCarrierRT (planted): refused (17)" 17 "not volatile BS|RT" import-firmware --dry-run --efivars "$E"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"
printf '\000' >"$T/u8"; efivar "$E" "SecureBoot-$GLOBAL" 6 "$T/u8"
expect "Secure Boot off: refused (17)" 17 "Secure Boot is off" import-firmware --dry-run --efivars "$E"
printf '\001' >"$T/u8"; efivar "$E" "SecureBoot-$GLOBAL" 6 "$T/u8"
{ printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; head -c 100 "$T/ks.esl"; } >"$T/kc-bad"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc-bad"
expect "truncated KeyCarrierRT: malformed (10)" 10 "malformed record" import-firmware --dry-run --efivars "$E"
rm "$E/KeyCarrierRT-$SBKEXEC"
expect "no KeyCarrierRT: no record (16)" 16 "no KeyCarrierRT" import-firmware --dry-run --efivars "$E"

echo "# import-firmware --keyring _ima / .ima --dry-run: which certificates may be IMA keys, which keyring this kernel reads"
# leaf NAME EXTENSIONS: a certificate issued by the kexec CA with these extensions, as an ESL.
leaf() {
	openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/$1.key"
	printf '%s\n' "$2" | tr ';' '\n' >"$T/$1.ext"
	openssl req -new -key "$T/$1.key" -subj "/CN=sbkexec test $1" -out "$T/$1.csr" 2>/dev/null
	openssl x509 -req -sha256 -days 30 -in "$T/$1.csr" -CA "$CERTS/kexec-ca.crt" -CAkey "$CERTS/kexec-ca.key" \
		-set_serial 0x$(openssl rand -hex 8) -extfile "$T/$1.ext" -out "$T/$1.crt" 2>/dev/null
	cert-to-efi-sig-list "$T/$1.crt" "$T/$1.esl" >/dev/null
}
# kc_with ESL...: KeyCarrierRT (1 carrier) recording these lists, volatile BS|RT, and a
# MokListRT that holds them too (what the kernel read: import-firmware takes only those).
kc_with() {
	{ printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; cat "$@"; } >"$T/kc-ima"
	efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc-ima"
	cat "$T/moklist.esl" "$@" >"$T/moklist-ima"
	efivar "$E" "MokListRT-$SHIM" 6 "$T/moklist-ima"
}
cert-to-efi-sig-list "$CERTS/ima.crt" "$T/ima.esl" >/dev/null
kc_with "$T/kexec-ca.esl" "$T/ks.esl" "$T/ima.esl"
expect "_ima: the kexec CA is not an IMA key (skipped), kernel-signing and ima would be added" 0 \
	"skipped \(not an IMA key: a CA \(basicConstraints CA:TRUE\).*\): /CN=sbkexec test kexec CA" \
	import-firmware --dry-run --keyring _ima --efivars "$E"
[ "$(grep -c '^dry-run: would add to keyring ._ima.: /CN=sbkexec test \(kernel signing\|IMA signing\)' "$T/out")" -eq 2 ] &&
	ok "  the two would be added" || { notok "  the two would be added"; sed 's/^/#   /' "$T/out"; }
grep -q "load: 0 added, 0 already present, 1 skipped" "$T/out" && ok "  1 skipped" || notok "  1 skipped: $(grep load: "$T/out")"
kc_with "$T/kexec-ca.esl"
expect "_ima: only a CA recorded: untrusted (12), nothing would be created" 12 \
	"none of the 1 certificate\(s\) may be an IMA key" import-firmware --dry-run --keyring _ima --efivars "$E"
absent "  no keyring would be created" "would create keyring"
leaf noku "basicConstraints=critical,CA:FALSE;subjectKeyIdentifier=hash"
leaf certsign "basicConstraints=critical,CA:FALSE;keyUsage=critical,digitalSignature,keyCertSign;subjectKeyIdentifier=hash"
leaf tls "basicConstraints=critical,CA:FALSE;keyUsage=critical,digitalSignature;extendedKeyUsage=serverAuth;subjectKeyIdentifier=hash"
leaf nodigsig "basicConstraints=critical,CA:FALSE;keyUsage=critical,keyEncipherment;subjectKeyIdentifier=hash"
for row in "noku:no keyUsage extension" "certsign:keyUsage keyCertSign" "tls:signer .*: extendedKeyUsage without codeSigning" "nodigsig:keyUsage without digitalSignature"; do
	n=${row%%:*}
	kc_with "$T/$n.esl" "$T/ima.esl"
	expect "_ima: $n is skipped (${row#*:}), ima would be added" 0 "skipped \(not an IMA key: ${row#*:}.*\): /CN=sbkexec test $n" \
		import-firmware --dry-run --keyring _ima --efivars "$E"
done
carrier "$T/c-ima.efi" "$CERTS/kexec-ca.der" "$CERTS/ima.der"
sign db "$T/c-ima.efi" "$T/c-ima.db.efi"
expect "load --keyring _ima of a db-signed carrier: the same rule (CA skipped, IMA cert would be added)" 0 \
	"dry-run: would add to keyring '_ima': /CN=sbkexec test IMA signing" \
	load --dry-run --keyring _ima $NOSYS --trust "$CERTS/db.crt" "$T/c-ima.db.efi"
grep -q "skipped (not an IMA key: a CA" "$T/out" && ok "  the CA is skipped" || notok "  the CA is skipped"
kc_with "$T/kexec-ca.esl" "$T/ima.esl"
expect "the kexec keyring still takes the CA (no IMA rule there)" 0 "would add to keyring 'kexec': /CN=sbkexec test kexec CA" \
	import-firmware --dry-run --efivars "$E"
if grep -q ' keyring  *\.ima: ' /proc/keys 2>/dev/null; then
	echo "ok - .ima on a kernel without it # SKIP this kernel has a .ima keyring"
else
	expect "--keyring .ima on a kernel without it (CONFIG_INTEGRITY_TRUSTED_KEYRING unset): refused, says use _ima" 255 \
		"this kernel has no '.ima' keyring \(CONFIG_INTEGRITY_TRUSTED_KEYRING unset\).*use --keyring _ima" \
		import-firmware --dry-run --keyring .ima --efivars "$E"
fi
# A kernel with CONFIG_INTEGRITY_TRUSTED_KEYRING, as /proc/keys shows it (the kernel's own
# .ima keyring, root's, restricted): bind-mounted over /proc/keys in a mount namespace.
printf '%s\n' '0b6c1d2e I------     1 perm 1f0b0000     0     0 keyring   .ima: empty' \
	'1fe1d18d I------     1 perm 1f0b0000     0     0 keyring   .builtin_trusted_keys: 1' >"$T/proc-keys"
# with_proc_keys ARGS...: key-loader ARGS, seeing $T/proc-keys as /proc/keys.
with_proc_keys() {
	unshare -m sh -c 'mount --bind "$0" /proc/keys && exec "$@"' "$T/proc-keys" "$KL_REAL" "$@"
}
if unshare -m sh -c "mount --bind '$T/proc-keys' /proc/keys && grep -q '^0b6c1d2e' /proc/keys" 2>/dev/null; then
	KL_REAL=$KL KL=with_proc_keys
	expect "a kernel with .ima: --keyring _ima refused (255), names .ima and what it takes" 255 \
		"appraises IMA signatures with its own keyring '.ima' \(id 191634734, CONFIG_INTEGRITY_TRUSTED_KEYRING\) and never reads '_ima'; use --keyring .ima, which takes only certificates signed by a key in .builtin_trusted_keys" \
		import-firmware --dry-run --keyring _ima --efivars "$E"
	absent "  nothing would be added" "would add"
	expect "a kernel with .ima: --keyring .ima --dry-run would add the IMA cert to it" 0 \
		"dry-run: would add to keyring '.ima': /CN=sbkexec test IMA signing" \
		import-firmware --dry-run --keyring .ima --efivars "$E"
	KL=$KL_REAL
else
	echo "ok - a kernel with .ima (fake /proc/keys) # SKIP cannot bind-mount over /proc/keys in a mount namespace here"
fi
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"

echo "# status and usage"
printf 'none [integrity] confidentiality\n' >"$T/lockdown"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"
expect "status reports Secure Boot, lockdown and KeyCarrierRT" 0 "KeyCarrierRT +1 carrier\(s\), 2 certificate\(s\), attributes 0x00000006 \(volatile BS\|RT\)" status --efivars "$E" --lockdown-file "$T/lockdown"
grep -Eq '^SecureBoot +1$' "$T/out" && grep -Eq '^lockdown +integrity$' "$T/out" && ok "  SecureBoot 1, lockdown integrity" || notok "  SecureBoot 1, lockdown integrity"
expect "no command: usage (1)" 1 "no command" --trust "$CERTS/db.crt"
expect "verify without a carrier: usage (1)" 1 "exactly one CARRIER" verify
expect "unknown command: usage (1)" 1 "unknown command" frobnicate
expect "--help documents the exit codes" 0 "17 KeyCarrierRT not made by firmware" --help
