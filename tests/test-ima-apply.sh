#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tools/ima-apply on the host: applies <name>.sig as security.ima, refuses malformed/unmapped signatures without writing, reports filesystems without xattrs.
set -u
CERTS=build/certs
T=$(mktemp -d)
trap 'umount "$T/ramfs" 2>/dev/null; rm -rf "$T"' EXIT

. tests/tap-lib.sh
ima_of() { getfattr --absolute-names -n security.ima -e hex "$1" 2>/dev/null | sed -n 's/^security.ima=0x//p'; }
hex_of() { od -An -v -tx1 "$1" | tr -d ' \n'; }
# same DESC FILE SIG: FILE's security.ima is SIG's bytes.
same() {
	if [ -n "$(ima_of "$2")" ] && [ "$(ima_of "$2")" = "$(hex_of "$3")" ]; then ok "$1"; else notok "$1 (security.ima '$(ima_of "$2")')"; fi
}
# none DESC FILE...: no security.ima on any FILE.
none() {
	d=$1; shift
	for f in "$@"; do
		[ -z "$(ima_of "$f")" ] || { notok "$d ($f has security.ima)"; return; }
	done
	ok "$d"
}

# An installed tree: /sbin/kexec, /usr/sbin/key-loader (small stand-ins: only the bytes matter).
R=$T/root
mkdir -p "$R/sbin" "$R/usr/sbin" "$R/usr/lib/sbkexec"
printf 'kexec binary\n' >"$R/sbin/kexec"
printf 'key-loader binary\n' >"$R/usr/sbin/key-loader"
expect "no signatures shipped: says so, exit 0" 0 "no IMA signatures shipped in $R/usr/lib/sbkexec/ima" \
	tools/ima-apply --root "$R"

S=$R/usr/lib/sbkexec/ima
mkdir -p "$S"
tools/sign-ima --key "$CERTS/kernel-signing.key" --cert "$CERTS/kernel-signing.crt" --output "$S/kexec.sig" "$R/sbin/kexec" >/dev/null
tools/sign-ima --key "$CERTS/kernel-signing.key" --cert "$CERTS/kernel-signing.crt" --output "$S/key-loader.sig" "$R/usr/sbin/key-loader" >/dev/null
keyid=$(openssl x509 -in "$CERTS/kernel-signing.crt" -noout -ext subjectKeyIdentifier | tail -n1 | tr -d ' :\n' | tr 'A-F' 'a-f' | tail -c 8)

expect "--check reports, exit 0" 0 "$R/sbin/kexec: would set security.ima from .*kexec.sig \(v2, sha256, key id $keyid; now absent\)" \
	tools/ima-apply --root "$R" --check
none "--check writes nothing" "$R/sbin/kexec" "$R/usr/sbin/key-loader"

cp "$S/kexec.sig" "$T/kexec.sig.good"
head -c 100 "$T/kexec.sig.good" >"$S/kexec.sig"
expect "truncated signature: exit 1, names it" 1 "kexec.sig: malformed IMA signature: header says 256 signature bytes, the file has 91" \
	tools/ima-apply --root "$R"
none "truncated signature: nothing written (not even the good key-loader.sig)" "$R/sbin/kexec" "$R/usr/sbin/key-loader"
{ printf '\003\001'; tail -c +3 "$T/kexec.sig.good"; } >"$S/kexec.sig"
expect "version 1 header: refused" 1 "not 0x0302" tools/ima-apply --root "$R"
cp "$T/kexec.sig.good" "$S/kexec.sig"

cp "$S/kexec.sig" "$S/purgatory.sig"
expect "a .sig without a target: exit 1, asks for --map" 1 "purgatory.sig: no installed file for 'purgatory'.*--map purgatory=PATH" \
	tools/ima-apply --root "$R"
none "a .sig without a target: nothing written" "$R/sbin/kexec" "$R/usr/sbin/key-loader"
rm "$S/purgatory.sig"

mv "$R/usr/sbin/key-loader" "$T/kl"
expect "target not installed: exit 1" 1 "its file $R/usr/sbin/key-loader is not installed" tools/ima-apply --root "$R"
mv "$T/kl" "$R/usr/sbin/key-loader"

expect "apply: exit 0, one line per file" 0 "$R/usr/sbin/key-loader: security.ima set from .*key-loader.sig \(v2, sha256, key id $keyid\)" \
	tools/ima-apply --root "$R"
grep -q "$R/sbin/kexec: security.ima set from" "$T/out" && ok "apply: kexec line" || notok "apply: kexec line"
same "apply: kexec's security.ima is kexec.sig" "$R/sbin/kexec" "$S/kexec.sig"
same "apply: key-loader's security.ima is key-loader.sig" "$R/usr/sbin/key-loader" "$S/key-loader.sig"
expect "apply again: same result (idempotent)" 0 "security.ima set" tools/ima-apply --root "$R"
same "apply again: kexec unchanged" "$R/sbin/kexec" "$S/kexec.sig"

# make install with its own SBINDIR: --map moves the target, --sigdir names the signatures.
mkdir -p "$T/local/sbin"
cp "$R/sbin/kexec" "$T/local/sbin/kexec"
mkdir -p "$T/sigs" && cp "$S/kexec.sig" "$T/sigs/"
expect "--map kexec=PATH --sigdir DIR (a make install layout)" 0 "$T/local/sbin/kexec: security.ima set" \
	tools/ima-apply --sigdir "$T/sigs" --map "kexec=$T/local/sbin/kexec"
same "--map: the mapped file got it" "$T/local/sbin/kexec" "$S/kexec.sig"

# A filesystem without extended attributes (ramfs): reported, the .sig stays, exit 0.
mkdir -p "$T/ramfs"
if mount -t ramfs ramfs "$T/ramfs" 2>/dev/null; then
	cp "$R/sbin/kexec" "$T/ramfs/kexec"
	expect "filesystem without security.* xattrs: exit 0, says NOT applied" 0 \
		"$T/ramfs/kexec: NOT applied: its filesystem does not support security.\* extended attributes \($T/sigs/kexec.sig kept\)" \
		tools/ima-apply --sigdir "$T/sigs" --map "kexec=$T/ramfs/kexec"
	[ -f "$T/sigs/kexec.sig" ] && ok "filesystem without xattrs: the .sig is still there" || notok "the .sig is gone"
	umount "$T/ramfs"
else
	echo "ok - filesystem without xattrs # SKIP cannot mount ramfs here (not root?)"
fi
