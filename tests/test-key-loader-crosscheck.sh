#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# key-loader import-firmware / status against a recorded kernel view: MOK config table, MokListRT, keyring keys, TPM event logs (fabricated and one recorded in OVMF); exact exit codes and lines.
set -u
BUILD=${BUILD:-build}
KL=$BUILD/key-loader/key-loader
MKLOG=$BUILD/tests/make-tcg-log
CERTS=build/certs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/key-loader-lib.sh
# The carrier's event bytes as the OVMF scenarios compute them (tpm_cert_event, tpm_outcome_event).
. ovmf-tests/scenarios/tpm-common.inc

# count DESC N ERE: the last run's output has exactly N lines matching ERE.
count() {
	n=$(grep -Ec -- "$3" "$T/out")
	if [ "$n" -eq "$2" ]; then ok "$1"; else notok "$1 ($n lines, want $2)"; sed 's/^/#   /' "$T/out"; fi
}
skid() { openssl x509 -in "$CERTS/$1.crt" -noout -ext subjectKeyIdentifier | tail -n1 | tr -d ' :' | tr A-F a-f; }

for tool in cert-to-efi-sig-list openssl sha256sum od; do
	command -v $tool >/dev/null || { notok "$tool is installed"; exit 1; }
done
[ -x "$KL" ] && [ -x "$MKLOG" ] || { notok "$KL and $MKLOG are built"; exit 1; }

E=$T/efivars
fake_efivars "$E" 1 0
for c in kexec-ca kernel-signing mok; do
	cert-to-efi-sig-list "$CERTS/$c.crt" "$T/$c.esl" >/dev/null
done
# KeyCarrierRT: one carrier recorded the kexec CA and the kernel-signing cert.
{ printf 'SBKC\001\000\020\000\001\000\000\000\000\000\000\000'; cat "$T/kexec-ca.esl" "$T/kernel-signing.esl"; } >"$T/kc"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"
CA="/CN=sbkexec test kexec CA/O=sbkexec test PKI"
KS="/CN=sbkexec test kernel signing/O=sbkexec test PKI"
# The keys as the kernel describes them (KEYCTL_DESCRIBE: "<CN>: <SKID>"), one line per key.
printf '.machine sbkexec test kexec CA: %s\n.machine sbkexec test kernel signing: %s\n' \
	"$(skid kexec-ca)" "$(skid kernel-signing)" >"$T/keys-both"
printf '# only the kernel-signing cert\n.machine sbkexec test kernel signing: %s\n.platform sbkexec test db: 00\n' \
	"$(skid kernel-signing)" >"$T/keys-ks"
printf '# no key\n' >"$T/keys-none"
IF="import-firmware --dry-run --efivars $E --no-system-revocation"

echo "# carrier before the kernel, no shim: certs in the MokListRT variable and .machine"
cat "$T/kexec-ca.esl" "$T/kernel-signing.esl" >"$T/moklist"
efivar "$E" "MokListRT-$SHIM" 6 "$T/moklist"
expect "both in the variable and .machine: both would be added (0)" 0 \
	"carried +2 recorded: 2 in the kernel, 0 NOT in the kernel" $IF --kernel-keys "$T/keys-both"
expect "  the kernel's source is named" 0 \
	"^kernel MOKs +the kernel read the MokListRT variable \(no MOK config table entry\): 2 entries$" $IF --kernel-keys "$T/keys-both"
expect "  each cert: in the kernel, where" 0 \
	"^carried 1 +$CA: in the kernel: in the MokListRT variable \(no MOK config table entry\), a key in \.machine$" $IF --kernel-keys "$T/keys-both"
count "  two would be added" 2 "^dry-run: would add" 
absent "  nothing withheld" "withheld|NOT in the kernel:"
expect "without --kernel-keys, --efivars leaves the keyrings out (and says so)" 0 \
	"^kernel keys +not checked \(--efivars" $IF
expect "  the MOK config table dir without a MokListRT entry: the variable is what the kernel read" 0 \
	"the kernel read the MokListRT variable" $IF --mok-variables "$T/no-such-dir" --kernel-keys "$T/keys-both"
mkdir -p "$T/mokvars-no-moklist"
printf '\001' >"$T/mokvars-no-moklist/MokListTrustedRT"
expect "  a table with other entries only: still the variable" 0 \
	"carried +2 recorded: 2 in the kernel" $IF --mok-variables "$T/mokvars-no-moklist" --kernel-keys "$T/keys-both"

echo "# in what the kernel read, but not loaded into a keyring"
expect "the kexec CA in no keyring: withheld, the other would be added (18)" 18 \
	"^carried 1 +$CA: NOT in the kernel: in the MokListRT variable \(no MOK config table entry\), but in no kernel keyring \(\.machine, \.platform\): the kernel did not load it$" \
	$IF --kernel-keys "$T/keys-ks"
count "  one would be added" 1 "^dry-run: would add to keyring 'kexec': $KS"
count "  one withheld" 1 "^withheld \(not in the kernel\): $CA$"
count "  the refusal names the count and the option" 1 \
	"import-firmware: 1 recorded certificate\(s\) the kernel did not get are not imported: the boot chain that started the kernel no longer vouches for them \(--include-unconfirmed imports them anyway\)"
expect "  --include-unconfirmed imports both (0), with a warning" 0 \
	"warning: importing 1 recorded certificate\(s\) the kernel did not get \(--include-unconfirmed\)" \
	$IF --kernel-keys "$T/keys-ks" --include-unconfirmed
count "  two would be added" 2 "^dry-run: would add"

echo "# carrier before shim: shim's MOK config table lacks the carrier's cert"
mkdir -p "$T/mokvars"
cat "$T/mok.esl" "$T/kernel-signing.esl" >"$T/mokvars/MokListRT"
printf '\001' >"$T/mokvars/MokListTrustedRT"
efivar "$E" "MokListRT-$SHIM" 6 "$T/mok.esl"
expect "the table's MokListRT is what the kernel read, not the variable" 18 \
	"^kernel MOKs +the kernel read the MOK config table's MokListRT \($T/mokvars/MokListRT\): 2 entries$" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-ks"
expect "  the lost cert, named with the likely cause (18)" 18 \
	"^carried 1 +$CA: NOT in the kernel: not in the MOK config table's MokListRT \($T/mokvars/MokListRT\), in no kernel keyring: its MokListRT was made after the carrier ran \(a carrier started before shim\?\)$" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-ks"
expect "  the other is in the kernel" 18 \
	"^carried 2 +$KS: in the kernel: in the MOK config table's MokListRT \($T/mokvars/MokListRT\), a key in \.machine$" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-ks"
count "  only it would be added" 1 "^dry-run: would add to keyring 'kexec': $KS"
expect "  a key of its id in .machine, but not in the table: still withheld (18)" 18 \
	"^carried 1 +$CA: NOT in the kernel: a key in \.machine has its key id, but it is not in the MOK config table's" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-both"
cat "$T/mok.esl" >"$T/mokvars/MokListRT"
expect "  neither in the table: nothing imported (18)" 18 "^import-firmware: nothing imported$" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-ks"
absent "  no key added" "would add"
cat "$T/mok.esl" "$T/kernel-signing.esl" >"$T/mokvars/MokListRT"

echo "# what the kernel read cannot be trusted or read: fail closed"
rm "$E/MokListRT-$SHIM"
expect "no table, no MokListRT variable: the kernel read none, nothing imported (18)" 18 \
	"^carried 1 +$CA: NOT in the kernel: the kernel read no MokListRT \(no MOK config table entry, no variable\), in no kernel keyring: MokListRT deleted after the carrier ran\?$" \
	$IF --kernel-keys "$T/keys-none"
expect "  with keys of their ids in .machine: still nothing imported (18)" 18 \
	"^carried 2 +$KS: NOT in the kernel: a key in \.machine has its key id, but the kernel read no MokListRT" \
	$IF --kernel-keys "$T/keys-both"
absent "  no key added" "would add"
efivar "$E" "MokListRT-$SHIM" 7 "$T/moklist"
expect "a non-volatile MokListRT variable: nothing in it counts (18)" 18 \
	"the kernel read the MokListRT variable, attributes 0x00000007 \(not volatile BS\|RT: not what the boot chain left, nothing in it counts\)" \
	$IF --kernel-keys "$T/keys-both"
efivar "$E" "MokListRT-$SHIM" 6 "$T/moklist"
printf 'garbage' >"$T/mokvars/MokListRT"
expect "a table MokListRT that does not parse: malformed (10), nothing imported" 10 \
	"cannot tell which recorded certificates the kernel got: MokListRT: the MOK config table's MokListRT \($T/mokvars/MokListRT\) does not parse as signature lists \(esl-truncated\); nothing imported" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-both"
absent "  no key added" "would add"
rm "$T/mokvars/MokListRT"
mkdir "$T/mokvars/MokListRT"
expect "a table MokListRT that cannot be read: failure (255), nothing imported" 255 \
	"cannot tell which recorded certificates the kernel got: $T/mokvars/MokListRT: cannot read the MOK config table's MokListRT: Is a directory; nothing imported" \
	$IF --mok-variables "$T/mokvars" --kernel-keys "$T/keys-both"
rmdir "$T/mokvars/MokListRT"
expect "a --kernel-keys file that does not exist: failure (255)" 255 "$T/none: cannot read it: no such file" \
	$IF --kernel-keys "$T/none"
printf '.machine\n' >"$T/keys-bad"
expect "a --kernel-keys line without a description: malformed (10)" 10 "$T/keys-bad: line 1: not \"<keyring> <description>\"" \
	$IF --kernel-keys "$T/keys-bad"

echo "# status: the same cross-check, one fact per line, and its exit code"
ST="status --efivars $E --lockdown-file /dev/null"
expect "normal position: status 0, both in the kernel" 0 "^carried +2 recorded: 2 in the kernel, 0 NOT in the kernel$" \
	$ST --kernel-keys "$T/keys-both"
expect "  no TPM log given with --efivars: not checked" 0 "^tpm +not checked \(--efivars" $ST --kernel-keys "$T/keys-both"
cat "$T/mok.esl" "$T/kernel-signing.esl" >"$T/mokvars/MokListRT"
expect "carrier before shim: status 18, the lost cert named" 18 "^carried 1 +$CA: NOT in the kernel" \
	$ST --mok-variables "$T/mokvars" --kernel-keys "$T/keys-ks"
expect "  the unreadable kernel view: 255" 255 "^carried +cannot tell what the kernel got: $T/none: cannot read it" \
	$ST --kernel-keys "$T/none"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 7 "$T/kc"
expect "a planted (NV) KeyCarrierRT: not cross-checked, status 0" 0 \
	"^carried +not cross-checked: KeyCarrierRT has attributes 0x00000007, not volatile BS\|RT" $ST --kernel-keys "$T/keys-both"
efivar "$E" "KeyCarrierRT-$SBKEXEC" 6 "$T/kc"

echo "# status: the TPM event log (fabricated from this PKI's certs with tests/make-tcg-log)"
c1=$(tpm_cert_event 1 1 0 5 "$CERTS/kexec-ca.der")
c2=$(tpm_cert_event 2 1 0 5 "$CERTS/kernel-signing.der")
out=$(tpm_outcome_event 0 2 0 0 5)
shim1=4d6f6b4c69737400   # shim measures MokList as EV_IPL (0xd) into PCR 14 too
TL="$ST --kernel-keys $T/keys-both"
"$MKLOG" --pcr-out "$T/pcr" "$T/log" 0:8:0100 14:0xd:$shim1 14:6:$c1 14:6:$c2 14:6:$out 9:6:ec223b8f00
expect "events and replay: status 0, 'replay matches'" 0 \
	"^tpm replay +PCR 14 \(sha256\) from 4 event\(s\): [0-9a-f]{64}; the TPM's \($T/pcr\) is the same: replay matches$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
expect "  the log summary" 0 "^tpm log +$T/log: 6 events, banks sha1 sha256 sha384 sha512$" $TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
expect "  shim's event shown as not ours" 0 "^tpm event +#2 PCR 14: EV_IPL, 8 bytes \(not the carrier's\)$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
expect "  our certificate event decoded" 0 \
	"^tpm event +#3 PCR 14: sbkexec certificate 1 'sbkexec test kexec CA' sha256 $(sha256sum <"$CERTS/kexec-ca.der" | cut -c1-64): published \(to MokListRT variable, KeyCarrierRT\)$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
expect "  our outcome decoded" 0 \
	"^tpm event +#5 PCR 14: sbkexec outcome: result 0 \(its certificate events took effect\): 2 published, 0 already present, 0 skipped; wrote MokListRT variable, KeyCarrierRT$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
expect "  each recorded cert measured" 0 "^tpm cert 2 +$KS: measured: event #4 \(published\), outcome #5 with result 0$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr"
count "  PCR 9's tagged event is not listed (PCR 14 only)" 0 "#6 " 
"$MKLOG" --sha256-only --pcr-out "$T/pcr256" "$T/log256" 14:6:$c1 14:6:$c2 14:6:$out
expect "a SHA-256-only log: the same" 0 "replay matches" $TL --tpm-log "$T/log256" --tpm-pcr "$T/pcr256"
"$MKLOG" --sha1-only "$T/log-sha1" 14:6:$c1 14:6:$c2 14:6:$out
expect "a SHA-1-only log: events shown, nothing replayed or compared, 0" 0 \
	"^tpm cert +not compared with KeyCarrierRT: without a SHA-256 bank the events' data is not checked against the PCR$" \
	$TL --tpm-log "$T/log-sha1" --tpm-pcr "$T/pcr"
count "  the replay says why it is missing" 1 "^tpm replay +no SHA-256 bank in the log: PCR 14 not replayed$"
printf '%064d\n' 0 >"$T/pcr-zero"
expect "the TPM's PCR 14 differs: 19" 19 \
	"^tpm replay +PCR 14 \(sha256\) from 4 event\(s\): [0-9a-f]{64}; the TPM's \($T/pcr-zero\) is 0{64}: replay DOES NOT MATCH$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr-zero"
expect "no pcr-sha256 file (Linux < 5.12): not compared, 0" 0 "$T/no-pcr absent \(Linux < 5.12\?\): not compared$" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/no-pcr"
printf 'not a digest\n' >"$T/pcr-bad"
expect "a PCR file without a SHA-256 value: 10" 10 "$T/pcr-bad holds no SHA-256 value: not compared" \
	$TL --tpm-log "$T/log" --tpm-pcr "$T/pcr-bad"
expect "no event log (no TPM): says so, 0" 0 "^tpm +no TPM event log \($T/no-log absent\): no TPM, or securityfs not mounted; nothing measured to show$" \
	$TL --tpm-log "$T/no-log"

"$MKLOG" --pcr-out "$T/pcr-fail" "$T/log-fail" 14:6:$c1 14:6:$c2 14:6:$(tpm_outcome_event -5 0 0 0 0)
expect "an outcome with result < 0: the certs are not measured as published, 19" 19 \
	"^tpm cert 1 +$CA: NOT measured: no certificate event of it \(published or already present\) followed by an outcome with result 0$" \
	$TL --tpm-log "$T/log-fail" --tpm-pcr "$T/pcr-fail"
expect "  the outcome says nothing was published" 19 "result -5 \(nothing of its run was published\)" \
	$TL --tpm-log "$T/log-fail" --tpm-pcr "$T/pcr-fail"
"$MKLOG" --pcr-out "$T/pcr-open" "$T/log-open" 14:6:$c1 14:6:$c2
expect "certificate events without an outcome: their run published nothing, 19" 19 \
	"^tpm event +2 certificate event\(s\) without an outcome event: their run published nothing$" \
	$TL --tpm-log "$T/log-open" --tpm-pcr "$T/pcr-open"
"$MKLOG" --pcr-out "$T/pcr-rev" "$T/log-rev" 14:6:$(tpm_cert_event 1 4 1 0 "$CERTS/kexec-ca.der") 14:6:$c2 \
	14:6:$(tpm_outcome_event 0 1 0 1 5)
expect "a cert measured as revoked (decision 4) is not measured as recorded, 19" 19 \
	"^tpm cert 1 +$CA: NOT measured" $TL --tpm-log "$T/log-rev" --tpm-pcr "$T/pcr-rev"
expect "  its event says revoked by dbx" 19 "sbkexec certificate 1 'sbkexec test kexec CA' sha256 [0-9a-f]{64}: revoked by dbx \(to nowhere\)$" \
	$TL --tpm-log "$T/log-rev" --tpm-pcr "$T/pcr-rev"
"$MKLOG" --bad-digest 1 --pcr-out "$T/pcr-dig" "$T/log-dig" 14:6:$c1 14:6:$c2 14:6:$out
expect "an event whose data is not what its digest says: not counted, 19" 19 \
	"^tpm event +#1 PCR 14: sbkexec event whose SHA-256 digest is not that of its data: not counted$" \
	$TL --tpm-log "$T/log-dig" --tpm-pcr "$T/pcr-dig"
expect "  (the replay itself still matches: only the digest is in the PCR)" 19 "replay matches" \
	$TL --tpm-log "$T/log-dig" --tpm-pcr "$T/pcr-dig"
"$MKLOG" --truncate 1 "$T/log-cut" 14:6:$c1
expect "a log cut short: malformed (10)" 10 "^tpm log +$T/log-cut: MALFORMED \(tcg-event-size\): the firmware's event log does not parse$" \
	$TL --tpm-log "$T/log-cut"
"$MKLOG" --pcr-out "$T/pcr-junk" "$T/log-junk" 14:6:53424b4d0800000001000100ffffffff
expect "an SBKM event that does not parse: 19" 19 "^tpm event +#1 PCR 14: sbkexec event that does not parse \(malformed\)$" \
	$TL --tpm-log "$T/log-junk" --tpm-pcr "$T/pcr-junk"

echo "# status: the recorded OVMF + swtpm log (tests/data), without a record to compare with"
rm "$E/KeyCarrierRT-$SBKEXEC"
S=tests/data/q35-ovmf-swtpm-carrier-x
expect "recorded log: replay equals the TPM's recorded PCR 14, 0" 0 \
	"^tpm replay +PCR 14 \(sha256\) from 3 event\(s\): 626d0294b780709a5a408c67220cdbf62518451e5bdfb5d20a01178cbaa6312d; the TPM's \($S.pcr-sha256-14\) is the same: replay matches$" \
	$ST --tpm-log $S.binary_bios_measurements --tpm-pcr $S.pcr-sha256-14
expect "  33 events, four banks" 0 "^tpm log +$S.binary_bios_measurements: 33 events, banks sha1 sha256 sha384 sha512$" \
	$ST --tpm-log $S.binary_bios_measurements --tpm-pcr $S.pcr-sha256-14
expect "  the carrier's events decoded" 0 "^tpm event +#28 PCR 14: sbkexec certificate 2 'sbkexec test kernel signing' sha256 [0-9a-f]{64}: published \(to MokListRT variable, KeyCarrierRT\)$" \
	$ST --tpm-log $S.binary_bios_measurements --tpm-pcr $S.pcr-sha256-14
count "  no recorded cert to compare: no 'tpm cert' line" 0 "^tpm cert"
