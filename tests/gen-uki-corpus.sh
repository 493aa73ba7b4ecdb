#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Generates the UKI and signed-initrd corpus: UKIs signed, tampered, malformed and revoked in known ways, initrds with every signature form.
#
# Usage: tests/gen-uki-corpus.sh CERTS_DIR OUT_DIR [KERNEL]
# UKIs are Debian's systemd-stub (package systemd-boot-efi) + the test kernel (Debian's vmlinuz,
# its signature replaced by kernel-signing's) + a small initrd, put together by tests/make-uki.sh
# (objcopy) and signed with sbsign from the test PKI (`make certs`). Initrd signatures: evmctl
# (IMA v2, detached .sig) and openssl cms (detached PKCS#7 .p7s). tests/test-kexec-uki.sh holds
# the expected verdicts.
set -eu

CERTS=${1:?certs dir}
OUT=${2:?output dir}
KERNEL=${3:-${KERNEL_DIR:-build/kernel}/vmlinuz}
STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
HELLO=/usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi

die() { echo "gen-uki-corpus: $*" >&2; exit 1; }
say() { echo "gen-uki-corpus: $*"; }
[ -f "$CERTS/kernel-signing.key" ] || die "$CERTS/kernel-signing.key missing (run make certs)"
[ -f "$KERNEL" ] || die "$KERNEL missing (run make deps)"
[ -f "$STUB" ] || die "$STUB missing (package systemd-boot-efi, run make deps)"
for tool in sbsign sbattach objcopy hash-to-efi-sig-list cert-to-efi-sig-list evmctl openssl cpio; do
	command -v "$tool" >/dev/null || die "$tool not installed (run make deps)"
done

# u32, put_u32, flip_byte, pe_section_index, ... (little-endian PE field access with od/dd).
. tests/pe-edit.sh

rm -rf "$OUT"
mkdir -p "$OUT"

sign() {    # key in out
	sbsign --key "$CERTS/$1.key" --cert "$CERTS/$1.crt" --output "$3" "$2" >/dev/null 2>&1 ||
		die "sbsign $1 $2 failed"
}
uki() { tests/make-uki.sh --stub "$STUB" "$@"; }
# section_field FILE NAME OFFSET_IN_HEADER: the u32 at that offset of section NAME's header.
section_field() { u32 "$1" $(($(pe_section_header "$1" "$(pe_section_index "$1" "$2")") + $3)); }
set_section_field() { put_u32 "$1" $(($(pe_section_header "$1" "$(pe_section_index "$1" "$2")") + $3)) "$4"; }
# flip_in_section FILE NAME: one byte in the middle of the section's data.
flip_in_section() {
	set -- "$1" $(pe_section_raw "$1" "$(pe_section_index "$1" "$2")") "$2"
	flip_byte "$1" $(($2 + $(section_field "$1" "$4" 8) / 2))
}

say "parts: kernels, initrd, command line"
cp "$KERNEL" "$OUT/vmlinuz-unsigned.efi"
sbattach --remove "$OUT/vmlinuz-unsigned.efi" >/dev/null 2>&1 || die "sbattach --remove failed"
sign kernel-signing "$OUT/vmlinuz-unsigned.efi" "$OUT/vmlinuz-ks.efi"
# A newc cpio with a marker file, as an initramfs would be (its bytes are what matters here).
mkinitrd() {    # out marker
	d=$(mktemp -d)
	echo "$2" >"$d/sbk-uki-initrd-marker"
	(cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$1"
	rm -rf "$d"
}
mkinitrd "$OUT/initrd.img" "signed initrd of uki.efi"
mkinitrd "$OUT/initrd-other.img" "some other initrd"
CMDLINE="console=ttyS0 panic=-1 sbk.uki.cookie=4713"
echo "$CMDLINE" >"$OUT/cmdline.txt"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="sbkexec test UKI"\n' >"$OUT/os-release"
# The signed .cmdline as the stub normalises it: a NUL and a newline at the end, inner tab.
printf '  console=ttyS0\tsbk.uki.cookie=4714\n\000' >"$OUT/cmdline-messy.bin"
printf 'console=ttyS0 sbk.caf\303\251=1' >"$OUT/cmdline-utf8.bin"

say "UKIs (tests/make-uki.sh, sbsign)"
uki --linux "$OUT/vmlinuz-ks.efi" --initrd "$OUT/initrd.img" --cmdline "$CMDLINE" \
	--osrel "$OUT/os-release" --uname "6.1.0-sbkexec-test" --output "$OUT/uki.unsigned.efi"
sign kernel-signing "$OUT/uki.unsigned.efi" "$OUT/uki.efi"
sign untrusted "$OUT/uki.unsigned.efi" "$OUT/uki-untrusted.efi"
sign revoked "$OUT/uki.unsigned.efi" "$OUT/uki-revoked.efi"
uki --linux "$OUT/vmlinuz-unsigned.efi" --initrd "$OUT/initrd.img" --cmdline "$CMDLINE" \
	--output "$OUT/uki-inner-unsigned.unsigned.efi"
sign kernel-signing "$OUT/uki-inner-unsigned.unsigned.efi" "$OUT/uki-inner-unsigned.efi"
uki --linux "$OUT/vmlinuz-ks.efi" --output "$OUT/uki-bare.unsigned.efi"
sign kernel-signing "$OUT/uki-bare.unsigned.efi" "$OUT/uki-bare.efi"
uki --linux "$OUT/vmlinuz-ks.efi" --initrd "$OUT/initrd.img" --section ".cmdline=$OUT/cmdline-messy.bin" \
	--output "$OUT/uki-messy.unsigned.efi"
sign kernel-signing "$OUT/uki-messy.unsigned.efi" "$OUT/uki-messy.efi"

# Unsigned, but with an IMA signature: a UKI counts as signed only by Authenticode.
cp "$OUT/uki.unsigned.efi" "$OUT/uki-ima.efi"
evmctl ima_sign --sigfile --key "$CERTS/kernel-signing.key" "$OUT/uki-ima.efi" >/dev/null 2>&1 ||
	die "evmctl ima_sign uki-ima.efi failed"
cp "$OUT/uki-ima.efi" "$OUT/uki-ima.tmp" && mv "$OUT/uki-ima.tmp" "$OUT/uki-ima.efi"

say "tampered UKIs (one byte of a section, after signing)"
for s in cmdline initrd linux; do
	cp "$OUT/uki.efi" "$OUT/uki-flip-$s.efi"
	flip_in_section "$OUT/uki-flip-$s.efi" ".$s"
done

say "malformed and unsupported UKIs (signed after the change: the structure alone decides)"
# .uname renamed .cmdline: two .cmdline sections.
cp "$OUT/uki.unsigned.efi" "$OUT/uki-dup.unsigned.efi"
sh=$(pe_section_header "$OUT/uki-dup.unsigned.efi" "$(pe_section_index "$OUT/uki-dup.unsigned.efi" .uname)")
printf '.cmdline' | dd of="$OUT/uki-dup.unsigned.efi" bs=1 seek="$sh" conv=notrunc status=none
sign kernel-signing "$OUT/uki-dup.unsigned.efi" "$OUT/uki-dup.efi"
# .cmdline moved (in memory) into the middle of .initrd.
cp "$OUT/uki.unsigned.efi" "$OUT/uki-overlap.unsigned.efi"
set_section_field "$OUT/uki-overlap.unsigned.efi" .cmdline 12 \
	$(($(section_field "$OUT/uki-overlap.unsigned.efi" .initrd 12) + 16))
sign kernel-signing "$OUT/uki-overlap.unsigned.efi" "$OUT/uki-overlap.efi"
# .linux (the last section) claiming one byte more than its raw data, SizeOfImage grown to fit.
cp "$OUT/uki.unsigned.efi" "$OUT/uki-vsize.unsigned.efi"
f=$OUT/uki-vsize.unsigned.efi
set_section_field "$f" .linux 8 $(($(section_field "$f" .linux 16) + 1))
put_u32 "$f" $(($(pe_opt "$f") + 56)) $(($(u32 "$f" $(($(pe_opt "$f") + 56))) + 0x1000))
sign kernel-signing "$f" "$OUT/uki-vsize.efi"
printf 'ID=regular\n' >"$OUT/profile.txt"
uki --linux "$OUT/vmlinuz-ks.efi" --cmdline "$CMDLINE" --section ".profile=$OUT/profile.txt" \
	--output "$OUT/uki-profile.unsigned.efi"
sign kernel-signing "$OUT/uki-profile.unsigned.efi" "$OUT/uki-profile.efi"
uki --linux "$OUT/vmlinuz-ks.efi" --section ".ucode=$OUT/initrd-other.img" --output "$OUT/uki-ucode.unsigned.efi"
sign kernel-signing "$OUT/uki-ucode.unsigned.efi" "$OUT/uki-ucode.efi"
uki --linux "$OUT/vmlinuz-ks.efi" --section ".cmdline=$OUT/cmdline-utf8.bin" --output "$OUT/uki-utf8.unsigned.efi"
sign kernel-signing "$OUT/uki-utf8.unsigned.efi" "$OUT/uki-utf8.efi"

say "the inner kernel cut by VirtualSize and by SizeOfRawData"
set -- $(pe_section_raw "$OUT/uki.efi" "$(pe_section_index "$OUT/uki.efi" .linux)")
vsize=$(section_field "$OUT/uki.efi" .linux 8)
[ "$vsize" -lt "$2" ] || die "the .linux section has no padding (VirtualSize $vsize, raw $2)"
dd if="$OUT/uki.efi" of="$OUT/linux-by-virtual-size.efi" bs=4096 iflag=skip_bytes,count_bytes \
	skip="$1" count="$vsize" status=none
dd if="$OUT/uki.efi" of="$OUT/linux-by-raw-size.efi" bs=4096 iflag=skip_bytes,count_bytes \
	skip="$1" count="$2" status=none
cmp -s "$OUT/linux-by-virtual-size.efi" "$OUT/vmlinuz-ks.efi" || die ".linux by VirtualSize is not vmlinuz-ks.efi"

say "revocation lists"
cert-to-efi-sig-list "$CERTS/revoked.crt" "$OUT/dbx-revoked-cert.esl" >/dev/null
hash-to-efi-sig-list "$OUT/uki.efi" "$OUT/dbx-uki-hash.esl" >/dev/null

say "initrds with detached signatures (one directory each: the names are fixed, FILE.sig / FILE.p7s)"
ima_sign() {    # key dir
	mkdir -p "$OUT/$2"
	cp "$OUT/initrd.img" "$OUT/$2/initrd.img"
	evmctl ima_sign --sigfile --key "$CERTS/$1.key" "$OUT/$2/initrd.img" >/dev/null 2>&1 ||
		die "evmctl ima_sign $1 failed"
	# evmctl may have set security.ima too: a plain copy keeps only the .sig.
	cp "$OUT/$2/initrd.img" "$OUT/$2/initrd.tmp" && mv "$OUT/$2/initrd.tmp" "$OUT/$2/initrd.img"
}
p7s_sign() {    # key dir [openssl cms options]
	k=$1 d=$2
	shift 2
	mkdir -p "$OUT/$d"
	cp "$OUT/initrd.img" "$OUT/$d/initrd.img"
	openssl cms -sign -binary -outform DER -in "$OUT/$d/initrd.img" -signer "$CERTS/$k.crt" \
		-inkey "$CERTS/$k.key" -out "$OUT/$d/initrd.img.p7s" "$@" 2>/dev/null ||
		die "openssl cms -sign $k $* failed"
}
ima_sign kernel-signing ima
ima_sign untrusted ima-untrusted
ima_sign kernel-signing ima-tampered
flip_byte "$OUT/ima-tampered/initrd.img" 100
p7s_sign kernel-signing p7s -noattr
p7s_sign kernel-signing p7s-attrs
p7s_sign untrusted p7s-untrusted -noattr
p7s_sign revoked p7s-revoked -noattr
p7s_sign kernel-signing p7s-tampered -noattr
flip_byte "$OUT/p7s-tampered/initrd.img" 100
p7s_sign kernel-signing p7s-sha1 -noattr -md sha1
p7s_sign kernel-signing p7s-keyid -noattr -keyid
p7s_sign kernel-signing p7s-nodetach -noattr -nodetach
p7s_sign kernel-signing p7s-pem -noattr
openssl cms -cmsout -inform DER -in "$OUT/p7s-pem/initrd.img.p7s" -outform PEM -out "$OUT/p7s-pem/pem" &&
	mv "$OUT/p7s-pem/pem" "$OUT/p7s-pem/initrd.img.p7s"
p7s_sign kernel-signing p7s-garbage -noattr
head -c 300 "$OUT/p7s-garbage/initrd.img.p7s" >"$OUT/p7s-garbage/x" && mv "$OUT/p7s-garbage/x" "$OUT/p7s-garbage/initrd.img.p7s"
# Both forms: both good; the IMA one good and the PKCS#7 one by an untrusted key.
ima_sign kernel-signing both
cp "$OUT/p7s/initrd.img.p7s" "$OUT/both/initrd.img.p7s"
ima_sign kernel-signing both-one-bad
cp "$OUT/p7s-untrusted/initrd.img.p7s" "$OUT/both-one-bad/initrd.img.p7s"
mkdir -p "$OUT/none" && cp "$OUT/initrd.img" "$OUT/none/initrd.img"
echo "bin:$(sha256sum "$OUT/initrd.img" | cut -d' ' -f1)" >"$OUT/blacklist-initrd-bin.txt"

say "a small signed PE as the kernel of the initrd rows (dry runs: the kernel is not parsed as a bzImage)"
sign kernel-signing "$HELLO" "$OUT/hello.efi"

say "configuration files"
mkdir -p "$OUT/conf"
chmod 0755 "$OUT/conf"
conf() { printf '%s\n' "$2" >"$OUT/conf/$1" && chmod 0644 "$OUT/conf/$1"; }
conf empty.conf "# nothing: the defaults"
conf strict.conf "# UKIs: nothing but what the signature covers
uki-overrides = strict"
conf required.conf "initrd-signature = required"
conf both.conf "initrd-signature = required
uki-overrides = strict"
conf unknown.conf "initrd-signatures = required"
conf writable.conf "initrd-signature = required"
chmod 0666 "$OUT/conf/writable.conf"

say "fake system state"
mkdir -p "$OUT/efivars-sb-on" "$OUT/efivars-sb-off"
printf '\006\000\000\000\001' >"$OUT/efivars-sb-on/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
printf '\006\000\000\000\000' >"$OUT/efivars-sb-off/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
echo '[none] integrity confidentiality' >"$OUT/lockdown-none"
echo 'none [integrity] confidentiality' >"$OUT/lockdown-integrity"
say "done: $(find "$OUT" -type f | wc -l) files in $OUT"
