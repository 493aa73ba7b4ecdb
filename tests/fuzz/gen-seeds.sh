#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the fuzz targets' seed corpora (one directory per target) from real inputs.
#
# Usage: tests/fuzz/gen-seeds.sh CERTS_DIR KERNEL OUT_DIR   (from the top directory, BUILD set)
# Inputs: the test PKI (`make certs`) and its ESLs; images signed with sbsign and osslsigncode by
# the PKI's keys (the kexec corpus, $BUILD/tests/kexec-corpus, plus small synthetic images signed
# here); IMA signatures made with evmctl; key carriers made with tools/make-carrier; the test
# kernel's own headers; the generated PE, ESL and TPM event-log corpora; the recorded memory
# maps, kdump inputs and OVMF+swtpm event log of tests/data/; the command lines kdump-tools and
# kdumpctl run. Each seed is in the input format its target's header comment describes.
set -eu

CERTS=${1:?certs dir}
KERNEL=${2:?kernel}
OUT=${3:?output dir}
BUILD=${BUILD:-build}
KC=$BUILD/tests/kexec-corpus
PEC=$BUILD/tests/pe-corpus
ESLC=$BUILD/tests/esl-corpus
TCGC=$BUILD/tests/tcg-corpus
STUB=$BUILD/efi/carrier-stub.efi
DATA=tests/data

die() { echo "gen-seeds: $*" >&2; exit 1; }
for f in "$CERTS/kernel-signing.key" "$KC/.made" "$PEC/manifest" "$ESLC/manifest" "$TCGC/manifest" "$STUB" "$KERNEL"; do
	[ -e "$f" ] || die "$f missing (make check-unit builds it; make deps for the kernel)"
done
for tool in sbsign evmctl cert-to-efi-sig-list openssl objcopy od dd; do
	command -v "$tool" >/dev/null || die "$tool not installed (make deps)"
done

rm -rf "$OUT"
mkdir -p "$OUT"
T=$OUT/.tmp
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT

# byte, le16/32/64, kcore_header; u32, pe_cert_offset, pe_section_header, pe_section_index, put_u32
. tests/bytes-lib.sh
. tests/pe-edit.sh
size_of() { wc -c <"$1" | tr -d ' '; }
dir() { mkdir -p "$OUT/$1"; echo "$OUT/$1"; }

sign() { # KEY IN OUT [sbsign args]
	k=$1 i=$2 o=$3; shift 3
	sbsign --key "$CERTS/$k.key" --cert "$CERTS/$k.crt" "$@" --output "$o" "$i" >/dev/null 2>&1 ||
		die "sbsign $k $i failed"
}

# --- PE images: small synthetic ones signed here (fast to fuzz), the kexec corpus, carriers ---
SYN=$PEC/ok-unsigned.efi
sign kernel-signing "$SYN" "$T/syn-ks.efi"
sign kernel-signing "$SYN" "$T/syn-ks-addcert.efi" --addcert "$CERTS/kexec-ca.crt"
sign untrusted "$SYN" "$T/syn-untrusted.efi"
sign revoked "$SYN" "$T/syn-revoked.efi"
sign untrusted "$T/syn-ks.efi" "$T/syn-two.efi"
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --cert "$CERTS/kernel-signing.der" \
	--output "$T/carrier.efi" >/dev/null
sign kernel-signing "$T/carrier.efi" "$T/carrier-ks.efi"

d=$(dir pe)
cp "$PEC"/*.efi "$T"/syn-*.efi "$T/carrier.efi" "$T/carrier-ks.efi" "$d/"
cp "$KC/ks.efi" "$KC/unsigned.efi" "$KC/ossl-sha384.efi" "$KC/two-good-second.efi" "$d/"
head -c 4096 "$KERNEL" >"$d/vmlinuz-headers"

d=$(dir authenticode)
cp "$T"/syn-*.efi "$T/carrier-ks.efi" "$d/"
for f in ks.efi ks-addcert.efi ossl-sha256.efi ossl-sha384.efi ossl-sha1.efi two-good-second.efi \
	 two-untrusted.efi revoked.efi untrusted.efi flip-signature.efi sig-truncated.efi sbattach.efi; do
	cp "$KC/$f" "$d/"
done

# certtable: mode byte 0 (the directory entry describes the table exactly), then a real table.
d=$(dir certtable)
for f in "$T/syn-ks.efi" "$T/syn-two.efi" "$T/syn-ks-addcert.efi" "$KC/ossl-sha384.efi" "$KC/two-good-first.efi"; do
	{ byte 0; tail -c +$(($(pe_cert_offset "$f") + 1)) "$f"; } >"$d/$(basename "$f" .efi).table"
done

# --- IMA: u16 signature length, the signature (evmctl --sigfile output), the file ---
d=$(dir ima)
head -c 1024 "$KERNEL" >"$T/small"
ima_seed() { # NAME KEY ALG FILE
	cp "$4" "$T/ima-in"
	evmctl ima_sign -a "$3" --sigfile --key "$CERTS/$2.key" "$T/ima-in" >/dev/null 2>&1 ||
		die "evmctl ima_sign $2 $3 failed"
	{ le16 "$(size_of "$T/ima-in.sig")"; cat "$T/ima-in.sig" "$4"; } >"$d/$1"
	rm -f "$T/ima-in" "$T/ima-in.sig"
}
ima_seed ks-sha256 kernel-signing sha256 "$T/small"
ima_seed ks-sha384 kernel-signing sha384 "$T/small"
ima_seed ks-sha512 kernel-signing sha512 "$T/small"
ima_seed untrusted-sha256 untrusted sha256 "$T/small"
ima_seed revoked-sha256 revoked sha256 "$T/small"
ima_seed ks-sha1 kernel-signing sha1 "$T/small"
{ le16 "$(size_of "$KC/ima-ks.efi.sig")"; cat "$KC/ima-ks.efi.sig" "$KC/ima-ks.efi"; } >"$d/ima-ks.efi"

# --- signature lists: the PKI's ESLs, revocation lists of the kexec corpus, the ESL corpus ---
for t in esl revocation; do
	d=$(dir $t)
	cp "$CERTS"/*.esl "$KC"/*.esl "$ESLC"/*.esl "$d/"
done

# --- MOK config table: u8 payload length, payload, table (shim's layout, lib/mokvar.h) ---
mok_entry() { # NAME DATA-FILE
	printf '%s' "$1"
	head -c $((256 - ${#1})) /dev/zero
	le64 "$(size_of "$2")"
	cat "$2"
}
mok_end() { head -c 264 /dev/zero; }
printf '\001' >"$T/one"
printf 'sbat,1,2021030218\n' >"$T/sbat"
d=$(dir mokvar)
{ byte 4; printf 'MOK!'; mok_entry MokListRT "$CERTS/db.esl"; mok_entry MokListTrustedRT "$T/one"; mok_end; } >"$d/shim-like"
{ byte 0; mok_end; } >"$d/empty"
{ byte 28; head -c 28 "$CERTS/kek.esl"; mok_entry MokListRT "$CERTS/db.esl"; mok_entry MokListXRT "$KC/dbx-ks-hash.esl"
  mok_entry SbatLevelRT "$T/sbat"; mok_entry MokListTrustedRT "$T/one"; mok_end; } >"$d/four-entries"

# --- KeyCarrierRT: header (lib/keycarrier.h) + X.509 ESLs of the published certs ---
d=$(dir keycarrier)
cert-to-efi-sig-list -g 5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301 "$CERTS/kexec-ca.crt" "$T/ca.esl" >/dev/null
cert-to-efi-sig-list -g 5b6f4b7e-2f0c-4a5e-9c1d-6b6578656301 "$CERTS/kernel-signing.crt" "$T/ks.esl" >/dev/null
kc_header() { printf 'SBKC'; le16 1; le16 16; le32 "$1"; le32 0; }
{ kc_header 1; cat "$T/ca.esl" "$T/ks.esl"; } >"$d/two-certs"
{ kc_header 2; cat "$T/ks.esl"; } >"$d/one-cert"
kc_header 0 >"$d/empty"

# --- the carrier's run: flags, five u16 chunks (dbx, MokListXRT, MokListRT, KeyCarrierRT, MOK
# table), the carrier image (fuzz-carrier.c) ---
chunk() { if [ -n "${1:-}" ]; then le16 "$(size_of "$1")"; cat "$1"; else le16 0; fi; }
carrier_seed() { # NAME FLAGS DBX MOKX MOKLIST RECORD TABLE IMAGE ("" for an absent chunk)
	{ byte "$2"; chunk "$3"; chunk "$4"; chunk "$5"; chunk "$6"; chunk "$7"; cat "$8"; } >"$d/$1"
}
tools/make-carrier --stub "$STUB" --cert "$CERTS/kexec-ca.der" --cert "$CERTS/kernel-signing.der" \
	--machine-keyring --output "$T/carrier-mk.efi" >/dev/null
{ mok_entry MokListRT "$CERTS/db.esl"; mok_entry MokListTrustedRT "$T/one"; mok_end; } >"$T/shim-table"
{ kc_header 1; cat "$T/ks.esl"; } >"$T/record"
d=$(dir carrier)
carrier_seed plain 0 "" "" "" "" "" "$T/carrier.efi"
carrier_seed dbx-revokes-ca 0 "$KC/dbx-kexec-ca.esl" "" "" "" "" "$T/carrier.efi"
carrier_seed mokx-and-moklist 0 "$KC/dbx-ks-hash.esl" "$KC/dbx-revoked-cert.esl" "$CERTS/db.esl" "" "" "$T/carrier.efi"
carrier_seed earlier-carrier 0 "" "" "$T/ks.esl" "$T/record" "" "$T/carrier.efi"
carrier_seed behind-shim 9 "" "" "$CERTS/db.esl" "" "$T/shim-table" "$T/carrier.efi"
carrier_seed table-no-shim 8 "" "" "" "" "$T/shim-table" "$T/carrier.efi"
carrier_seed machine-keyring 2 "" "" "" "" "" "$T/carrier-mk.efi"
carrier_seed fail-first-write 16 "" "" "$CERTS/db.esl" "" "" "$T/carrier.efi"
carrier_seed fail-second-write 32 "" "" "" "" "" "$T/carrier.efi"
carrier_seed fail-third-write 56 "" "" "$CERTS/db.esl" "" "$T/shim-table" "$T/carrier.efi"

# --- the carrier's TPM events (lib/carrier-event.h: "SBKM", size, version 1, kind) ---
cert_event() { # INDEX DECISION FORM DEST CN
	printf 'SBKM'; le32 $((46 + ${#5})); le16 1; le16 1; le16 "$1"; le16 "$2"; le16 "$3"; le16 "$4"
	head -c 32 "$CERTS/kernel-signing.der"; le16 ${#5}; printf '%s' "$5"
}
outcome_event() { # RESULT PUBLISHED PRESENT SKIPPED DEST
	printf 'SBKM'; le32 16; le16 1; le16 2; le32 $(($1 & 0xffffffff)); le16 "$2"; le16 "$3"; le16 "$4"; le16 "$5"
}
d=$(dir carrier-event)
cert_event 1 1 0 5 "sbkexec test kernel signing" >"$d/cert-published"
cert_event 2 4 1 0 "sbkexec test revoked signer" >"$d/cert-revoked-dbx"
cert_event 3 3 0 0 "" >"$d/cert-duplicate-no-cn"
outcome_event 0 1 0 1 5 >"$d/outcome-ok"
outcome_event -8 0 0 0 0 >"$d/outcome-failed"

# --- bzImage: the test kernel's setup area and a 64 KiB prefix, syssize set to what is there ---
d=$(dir bzimage)
head -c 65536 "$KERNEL" >"$d/vmlinuz-64k"
sects=$(od -An -tu1 -j 497 -N1 "$KERNEL" | tr -d ' ')
[ "$sects" -eq 0 ] && sects=4
setup=$(((sects + 1) * 512))
{ head -c 500 "$KERNEL"; le32 $(((65536 - setup) / 16)); tail -c +505 "$KERNEL" | head -c $((65536 - 504)); } \
	>"$d/vmlinuz-64k-syssize"
head -c "$setup" "$KERNEL" >"$d/vmlinuz-setup"

# --- x86_64 system state from the recorded samples (tests/data) ---
d=$(dir iomem)
cp "$DATA"/*.iomem "$d/"
d=$(dir memmap)
for m in "$DATA"/*.memmap; do
	{ sed 's/^/m /' "$m"; sed 's/^/e /' "$DATA/q35-ovmf-1g.efi-runtime-map"; } >"$d/$(basename "$m" .memmap)"
done
# crash-notes: a minimal kcore (ELF64 ET_CORE, one KCORE_RAM PT_LOAD), then the text.
kcore_header >"$T/kcore"
d=$(dir crash-notes)
for k in "$DATA"/*.kdump; do
	n=$(basename "$k" .kdump)
	{ le16 "$(size_of "$T/kcore")"; cat "$T/kcore"
	  sed -n 's/^vmcoreinfo /vmcoreinfo /p; s/^crash_notes cpu[0-9]* /note /p' "$k"
	  sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/ram \1 \2/p' "$DATA/$n.iomem"
	  echo "text 1000000 ffffffff81000000 2000000"; } >"$d/$n"
done
# probe: the sample as a tree (format in fuzz-probe.c), crash and normal.
probe_tree() { # NAME
	f() { echo "@@ $1"; cat; }
	f /proc/iomem <"$DATA/$1.iomem"
	i=0
	while read -r s e t; do
		[ "$i" -lt 2 ] || break
		echo "$s" | f /sys/firmware/memmap/$i/start
		echo "$e" | f /sys/firmware/memmap/$i/end
		echo "$t" | f /sys/firmware/memmap/$i/type
		i=$((i + 1))
	done <"$DATA/$1.memmap"
	sed -n 's/^vmcoreinfo //p' "$DATA/$1.kdump" | f /sys/kernel/vmcoreinfo
	i=0
	sed -n 's/^crash_notes cpu[0-9]* //p' "$DATA/$1.kdump" | while read -r a s; do
		echo "$a" | f /sys/devices/system/cpu/cpu$i/crash_notes
		echo "$s" | f /sys/devices/system/cpu/cpu$i/crash_notes_size
		i=$((i + 1))
	done
	grep ' [TDB] ' "$DATA/$1.kdump" | f /proc/kallsyms
	{ cat "$T/kcore"; echo; } | f /proc/kcore
	echo 0x3e000000 | f /sys/firmware/efi/fw_vendor
	echo 0x3e001000 | f /sys/firmware/efi/runtime
	echo 0x3e002000 | f /sys/firmware/efi/config_table
	i=0
	while read -r rt_type rt_phys rt_virt rt_pages rt_attr; do
		[ "$i" -lt 2 ] || break
		for kv in "type $rt_type" "phys_addr $rt_phys" "virt_addr $rt_virt" "num_pages $rt_pages" \
			  "attribute $rt_attr"; do
			echo "${kv#* }" | f "/sys/firmware/efi/runtime-map/$i/${kv%% *}"
		done
		i=$((i + 1))
	done <"$DATA/q35-ovmf-1g.efi-runtime-map"
}
d=$(dir probe)
for k in "$DATA"/*.kdump; do
	n=$(basename "$k" .kdump)
	{ echo crash; probe_tree "$n"; } >"$d/$n-crash"
	{ echo normal; probe_tree "$n"; } >"$d/$n-normal"
done

# --- UKIs (tests/make-uki.sh: systemd-stub + sections), small: the synthetic signed image as .linux ---
UKI_STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
[ -f "$UKI_STUB" ] || die "$UKI_STUB missing (systemd-boot-efi, make deps)"
head -c 512 "$KERNEL" >"$T/initrd.img"
printf 'ID=debian\nVERSION_ID=12\n' >"$T/os-release"
printf 'root=/dev/vda ro quiet\000' >"$T/cmdline.bin"
printf '\t  console=ttyS0 \r\n' >"$T/cmdline-messy.bin"
printf 'ID=regular\n' >"$T/profile.txt"
mkuki() { tests/make-uki.sh --stub "$UKI_STUB" --linux "$T/syn-ks.efi" "$@" >/dev/null; }
d=$(dir uki)
mkuki --initrd "$T/initrd.img" --cmdline 'root=/dev/vda ro quiet' --osrel "$T/os-release" --uname 6.1.0-57-amd64 \
	--output "$d/uki"
mkuki --section ".cmdline=$T/cmdline.bin" --output "$d/uki-cmdline-nul"
mkuki --section ".cmdline=$T/cmdline-messy.bin" --initrd "$T/initrd.img" --output "$d/uki-cmdline-messy"
mkuki --section ".profile=$T/profile.txt" --output "$d/uki-profile"
mkuki --section ".ucode=$T/initrd.img" --output "$d/uki-ucode"
cp "$d/uki" "$d/uki-dup"   # .uname renamed .cmdline: two of them
printf '.cmdline' | dd of="$d/uki-dup" bs=1 seek="$(pe_section_header "$d/uki-dup" \
	"$(pe_section_index "$d/uki-dup" .uname)")" conv=notrunc status=none
cp "$d/uki" "$d/uki-overlap"   # .cmdline's VirtualAddress inside .initrd's
sh=$(pe_section_header "$d/uki-overlap" "$(pe_section_index "$d/uki-overlap" .cmdline)")
put_u32 "$d/uki-overlap" $((sh + 12)) $(($(u32 "$d/uki-overlap" $(($(pe_section_header "$d/uki-overlap" \
	"$(pe_section_index "$d/uki-overlap" .initrd)") + 12))) + 16))
sign kernel-signing "$d/uki" "$d/uki-signed"

# --- detached PKCS#7 over a file (openssl cms, as verifier/pkcs7-detached.h says): u16 length,
# the .p7s, the file ---
cms() { # NAME KEY [openssl cms options]: a signature of $T/initrd.img as a seed
	n=$1 k=$2; shift 2
	openssl cms -sign -binary -outform DER -signer "$CERTS/$k.crt" -inkey "$CERTS/$k.key" \
		-in "$T/initrd.img" -out "$T/p7s" "$@" 2>/dev/null || die "openssl cms -sign $n failed"
	{ le16 "$(size_of "$T/p7s")"; cat "$T/p7s" "$T/initrd.img"; } >"$d/$n"
}
d=$(dir pkcs7-detached)
cms noattr kernel-signing -noattr
cms attrs kernel-signing
cms sha384 kernel-signing -noattr -md sha384
cms sha1 kernel-signing -noattr -md sha1
cms keyid kernel-signing -noattr -keyid
cms nodetach kernel-signing -noattr -nodetach
cms untrusted untrusted -noattr
cms revoked revoked -noattr
cms with-ca kernel-signing -noattr -certfile "$CERTS/kexec-ca.crt"

# --- kexec.conf (kexec/config.h) ---
d=$(dir kexec-config)
printf '# site policy\ninitrd-signature = required\nuki-overrides = strict\n' >"$d/both"
printf '\tinitrd-signature=off   \n\n# nothing else\n' >"$d/spaces"
printf 'uki-overrides = replace\nuki-overrides = strict\n' >"$d/twice"
printf 'frobnicate = yes\n' >"$d/unknown"
: >"$d/empty"

# --- TPM event logs: the recorded OVMF+swtpm log, its first event alone, the generated corpus ---
d=$(dir tcg-eventlog)
for f in "$DATA"/*.binary_bios_measurements; do cp "$f" "$d/"; done
f=$(ls "$DATA"/*.binary_bios_measurements | head -n1)
spec=$(od -An -tu4 -j 28 -N4 "$f" | tr -d ' ')
head -c $((32 + spec)) "$f" >"$d/spec-id-only"
cp "$TCGC"/*.log "$d/"

# --- command lines: NUL-separated arguments, as kdump-tools, kdumpctl and our tests run them ---
args() { # FILE ARG...
	out=$1; shift
	for a in "$@"; do printf '%s\0' "$a"; done >"$out"
}
d=$(dir kexec-cli)
args "$d/kdump-tools-load" -p -s "--command-line=root=/dev/vda1 ro irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service" \
	--initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz
args "$d/kdump-tools-unload" -s -p -u
args "$d/kdumpctl-load" -s -d -p "--command-line=ro console=ttyS0 irqpoll nr_cpus=1 reset_devices" \
	--initrd=/boot/initramfs.img /boot/vmlinuz
args "$d/verify-only" --verify-only --no-system-revocation --trust ca.crt --trust leaf.crt --dbx dbx.esl \
	--mokx mokx.esl --blacklist bl.txt --explain k.efi
args "$d/reuse" -sp --reuse-cmdline --append=nr_cpus=1 "BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel=256M quiet"
args "$d/load-exec" -l -c --verify=required --keyring .secondary_trusted_keys --efivars /tmp/e \
	--lockdown-file /tmp/l --dry-run --type bzImage64 --mem-min=0x1000 k
d=$(dir key-loader-cli)
args "$d/load" load --trust db.crt --keyring kexec --dry-run --explain carrier.efi
args "$d/verify" verify --no-system-revocation --dbx dbx.esl --mokx m.esl --blacklist b.txt carrier.efi
args "$d/import" import-firmware --efivars /tmp/e --keyring .secondary_trusted_keys
args "$d/status" status --lockdown-file /tmp/l
args "$d/list" list --keyring 1234

rm -rf "$T"
echo "gen-seeds: $(find "$OUT" -type f | wc -l) seeds for $(ls "$OUT" | wc -l) targets in $OUT"
