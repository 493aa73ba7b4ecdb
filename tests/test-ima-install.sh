#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make install writes security.ima from the build's detached IMA signatures (with and without DESTDIR, any SBINDIR), evmctl ima_verify accepts it, no xattrs: reported.
#
# The DESTDIRs are under $BUILD (the project's own filesystem: ext4 here, xattrs supported);
# writing security.* needs CAP_SYS_ADMIN, so without it every row is skipped, saying why.
set -u
BUILD=${BUILD:-build}
CERTS=build/certs
mkdir -p "$BUILD/tests"
T=$(mktemp -d -p "$BUILD/tests" ima-install.XXXXXX)
T=$(cd "$T" && pwd)
trap 'umount "$T/ramfs" 2>/dev/null; rm -rf "$T"' EXIT

. tests/tap-lib.sh
ima_of() { getfattr --absolute-names -n security.ima -e hex "$1" 2>/dev/null | sed -n 's/^security.ima=0x//p'; }
hex_of() { od -An -v -tx1 "$1" | tr -d ' \n'; }
# install_make ARGS...: `make install` of this tree (quiet; BUILD is exported by tests.mk).
install_make() { make --no-print-directory -s "$@"; }
# xattr_is DESC FILE SIG: FILE's security.ima is exactly SIG's bytes.
xattr_is() {
	_got=$(ima_of "$2")
	if [ -n "$_got" ] && [ "$_got" = "$(hex_of "$3")" ]; then ok "$1"; else notok "$1 (security.ima '$_got', want $(hex_of "$3" | cut -c1-24)...)"; fi
}
# ima_verified DESC FILE [CERT.der]: evmctl checks FILE's security.ima with the IMA cert.
ima_verified() { expect "$1" 0 "verification is OK" evmctl ima_verify --key "${3:-$CERTS/ima.der}" "$2"; }

touch "$T/probe"
if ! err=$(setfattr -n security.ima -v 0x0302 "$T/probe" 2>&1); then
	echo "ok - make install writes security.ima # SKIP setfattr security.ima not permitted here: $err"
	exit 0
fi
command -v evmctl >/dev/null || { notok "evmctl not installed (package ima-evm-utils, make deps)"; exit 1; }

# The build's products: the installed forms and their signatures (make does them).
for n in kexec key-loader; do
	[ -f "$BUILD/install/ima/$n.sig" ] && [ -f "$BUILD/install/$n" ] ||
		{ notok "$BUILD/install/$n and its .sig are built by make"; exit 1; }
	ok "make built $BUILD/install/$n and $BUILD/install/ima/$n.sig"
done
F=$(cd "$BUILD/install" && pwd)
keyid=$(openssl x509 -in "$CERTS/ima.crt" -noout -ext subjectKeyIdentifier | tail -n1 | tr -d ' :\n' | tr 'A-F' 'a-f' | tail -c 8)
expect "the build's signatures are v2, SHA-256, with ima.crt's key id ($keyid)" 0 \
	"$F/key-loader: would set security.ima .*\(v2, sha256, key id $keyid;" \
	tools/ima-apply --check --sigdir "$F/ima" --map "kexec=$F/kexec" --map "key-loader=$F/key-loader"
grep -q "$F/kexec: would set security.ima .*(v2, sha256, key id $keyid;" "$T/out" && ok "  kexec.sig too" || notok "  kexec.sig: $(cat "$T/out")"

# 1. DESTDIR, Debian-like paths.
D=$T/destdir
expect "make install DESTDIR=... PREFIX=/usr: exit 0, ima-apply sets security.ima" 0 \
	"$D/usr/sbin/kexec: security.ima set from $D/usr/lib/sbkexec/ima/kexec.sig \(v2, sha256" \
	install_make install DESTDIR="$D" PREFIX=/usr
for n in kexec key-loader; do
	if cmp -s "$BUILD/install/$n" "$D/usr/sbin/$n"; then ok "installed $n is the signed installed form, byte for byte"; else notok "installed $n differs from $BUILD/install/$n"; fi
	if cmp -s "$BUILD/install/ima/$n.sig" "$D/usr/lib/sbkexec/ima/$n.sig"; then ok "$n.sig installed into PKGLIBDIR/ima"; else notok "$n.sig not installed as built"; fi
	xattr_is "getfattr -n security.ima of the installed $n equals the build's $n.sig" "$D/usr/sbin/$n" "$BUILD/install/ima/$n.sig"
	ima_verified "evmctl ima_verify --key ima.der accepts the installed $n" "$D/usr/sbin/$n"
done
getfattr --absolute-names -n security.ima -e hex "$D/usr/sbin/kexec" | sed 's/^/#   /'
expect "evmctl ima_verify with another certificate (kernel-signing): refused" 1 "" \
	evmctl ima_verify --key "$CERTS/kernel-signing.der" "$D/usr/sbin/kexec"
cp -p "$D/usr/sbin/kexec" "$T/kexec.modified"
setfattr -n security.ima -v "0x$(ima_of "$D/usr/sbin/kexec")" "$T/kexec.modified"
printf '\377' | dd of="$T/kexec.modified" bs=1 seek=4096 conv=notrunc status=none
expect "evmctl ima_verify of a copy with one byte changed (same security.ima): refused" 1 "" \
	evmctl ima_verify --key "$CERTS/ima.der" "$T/kexec.modified"
expect "make install again: same result (idempotent)" 0 "security.ima set" install_make install DESTDIR="$D" PREFIX=/usr
xattr_is "  kexec's security.ima unchanged" "$D/usr/sbin/kexec" "$BUILD/install/ima/kexec.sig"

# 2. A custom SBINDIR and PKGLIBDIR: ima-apply is told where they went (--map, --sigdir).
D=$T/custom
expect "make install SBINDIR=/opt/sbk/bin PKGLIBDIR=/opt/sbk/lib: exit 0" 0 \
	"$D/opt/sbk/bin/kexec: security.ima set from $D/opt/sbk/lib/ima/kexec.sig" \
	install_make install DESTDIR="$D" PREFIX=/usr SBINDIR=/opt/sbk/bin PKGLIBDIR=/opt/sbk/lib
xattr_is "  the custom SBINDIR's kexec carries the build's signature" "$D/opt/sbk/bin/kexec" "$BUILD/install/ima/kexec.sig"
xattr_is "  the custom SBINDIR's key-loader carries the build's signature" "$D/opt/sbk/bin/key-loader" "$BUILD/install/ima/key-loader.sig"
absent "  nothing installed at the default /sbin/kexec" "$D/sbin/kexec"

# 3. Without DESTDIR (a PREFIX in the scratch directory stands for /usr/local).
P=$T/prefix
expect "make install PREFIX=... (no DESTDIR): exit 0" 0 "$P/sbin/kexec: security.ima set from $P/lib/sbkexec/ima/kexec.sig" \
	install_make install PREFIX="$P"
xattr_is "  kexec under PREFIX carries the build's signature" "$P/sbin/kexec" "$BUILD/install/ima/kexec.sig"
ima_verified "  evmctl ima_verify accepts it" "$P/sbin/kexec"

# 4. IMA_APPLY=0 (package builds): the .sig files only.
D=$T/noapply
expect "make install IMA_APPLY=0: exit 0, says security.ima was not written" 0 "IMA_APPLY=0: security.ima not written" \
	install_make install DESTDIR="$D" PREFIX=/usr IMA_APPLY=0
[ -z "$(ima_of "$D/usr/sbin/kexec")" ] && ok "  no security.ima on kexec" || notok "  IMA_APPLY=0 wrote security.ima"
[ -f "$D/usr/lib/sbkexec/ima/kexec.sig" ] && ok "  kexec.sig installed" || notok "  kexec.sig not installed"

# 5. A filesystem without security.* xattrs (ramfs): said so, the .sig files stay, exit 0.
mkdir -p "$T/ramfs"
if mount -t ramfs ramfs "$T/ramfs" 2>/dev/null; then
	expect "make install DESTDIR=<ramfs>: exit 0, says NOT applied" 0 \
		"$T/ramfs/usr/sbin/kexec: NOT applied: its filesystem does not support security.\* extended attributes \($T/ramfs/usr/lib/sbkexec/ima/kexec.sig kept\)" \
		install_make install DESTDIR="$T/ramfs" PREFIX=/usr
	[ -f "$T/ramfs/usr/lib/sbkexec/ima/kexec.sig" ] && ok "  no xattrs: the .sig files are installed" || notok "  no xattrs: kexec.sig missing"
	umount "$T/ramfs"
else
	echo "ok - make install on a filesystem without xattrs # SKIP cannot mount ramfs here"
fi

# 6. The site's key: IMA_KEY without IMA_CERT is refused; a key in a PKCS#11 token (SoftHSM2)
# signs the same bytes (PKCS#1 v1.5 is deterministic). Into a scratch INSTALL_FORM_DIR, so the
# build's own signatures are not touched.
expect "make IMA_KEY=... without IMA_CERT: refused" 2 "IMA_KEY is set but IMA_CERT is not" \
	make --no-print-directory -s ima-sign IMA_KEY="$CERTS/ima.key"
if URI=$(SOFTHSM2_CONF=$T/hsm/softhsm2.conf tests/softhsm-token.sh "$T/hsm" sbk-ima "$CERTS/ima.key" 2>"$T/hsm.err"); then
	expect "make IMA_KEY=pkcs11:... IMA_CERT=ima.crt signs the installed form" 0 "sign-ima: wrote $T/form/ima/kexec.sig" \
		env SOFTHSM2_CONF="$T/hsm/softhsm2.conf" make --no-print-directory -s INSTALL_FORM_DIR="$T/form" \
		IMA_KEY="$URI" IMA_CERT="$CERTS/ima.crt" "$T/form/ima/kexec.sig"
	if cmp -s "$T/form/ima/kexec.sig" "$BUILD/install/ima/kexec.sig"; then ok "  the token's signature is the build's, byte for byte"; else notok "  the token's signature differs from the key file's"; fi
	expect "naming the key file again re-signs (the key choice is a prerequisite)" 0 "sign-ima: wrote $T/form/ima/kexec.sig" \
		make --no-print-directory -s INSTALL_FORM_DIR="$T/form" "$T/form/ima/kexec.sig"
	make --no-print-directory INSTALL_FORM_DIR="$T/form" "$T/form/ima/kexec.sig" >"$T/out" 2>&1
	if [ $? -eq 0 ] && ! grep -q sign-ima "$T/out"; then ok "  and then nothing is re-signed"; else notok "  re-signed again: $(cat "$T/out")"; fi
else
	notok "SoftHSM2 token for ima.key: $(cat "$T/hsm.err")"
fi
