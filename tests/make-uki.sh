#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Assembles an unsigned UKI for the tests from Debian's systemd-stub with objcopy (Debian 12 has no ukify).
#
# Usage: tests/make-uki.sh --linux KERNEL [--initrd FILE] [--cmdline TEXT] [--osrel FILE]
#                          [--uname TEXT] [--section NAME=FILE ...] [--stub STUB] --output OUT
#
# Sections are added in the UKI specification's order (.osrel .cmdline .uname .initrd, any
# --section in the order given) and .linux last, as ukify does ("linux shall be last to leave
# breathing room for decompression"), each at the next SectionAlignment boundary after the
# previous one, flagged data,readonly (the same placement as tools/make-carrier). --section adds
# any other section (e.g. .profile, .ucode for the unsupported rows); objcopy cannot add a name
# twice, so the corpus renames sections to make duplicates. The .cmdline bytes are TEXT exactly
# (no NUL, no newline added). Signing is a separate step (sbsign).
set -eu

STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
die() { echo "make-uki: error: $*" >&2; exit 1; }

LINUX= INITRD= CMDLINE= HAVE_CMDLINE=0 OSREL= UNAME= HAVE_UNAME=0 OUT= EXTRA=
while [ $# -gt 0 ]; do
	case $1 in
	--linux) LINUX=$2; shift 2 ;;
	--initrd) INITRD=$2; shift 2 ;;
	--cmdline) CMDLINE=$2; HAVE_CMDLINE=1; shift 2 ;;
	--osrel) OSREL=$2; shift 2 ;;
	--uname) UNAME=$2; HAVE_UNAME=1; shift 2 ;;
	--section) EXTRA="$EXTRA $2"; shift 2 ;;
	--stub) STUB=$2; shift 2 ;;
	--output|-o) OUT=$2; shift 2 ;;
	*) sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
[ -n "$LINUX" ] && [ -n "$OUT" ] || die "--linux and --output are required"
[ -f "$STUB" ] || die "stub $STUB not found (package systemd-boot-efi)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# NAME=FILE pairs in placement order.
set --
[ -z "$OSREL" ] || set -- "$@" ".osrel=$OSREL"
if [ "$HAVE_CMDLINE" = 1 ]; then
	printf '%s' "$CMDLINE" >"$TMP/cmdline"
	set -- "$@" ".cmdline=$TMP/cmdline"
fi
if [ "$HAVE_UNAME" = 1 ]; then
	printf '%s' "$UNAME" >"$TMP/uname"
	set -- "$@" ".uname=$TMP/uname"
fi
[ -z "$INITRD" ] || set -- "$@" ".initrd=$INITRD"
for s in $EXTRA; do set -- "$@" "$s"; done
set -- "$@" ".linux=$LINUX"

# The first free address after the stub's sections, SectionAlignment-aligned (objdump -h: hex
# Size and VMA columns; ImageBase is 0 in systemd's stub).
align=$((0x$(objdump -p "$STUB" | awk '$1 == "SectionAlignment" { print $2 }')))
[ "$align" -gt 0 ] || die "$STUB: no SectionAlignment"
vma=0
for row in $(objdump -h "$STUB" | awk '$1 ~ /^[0-9]+$/ { print $3 ":" $4 }'); do
	end=$((0x${row#*:} + 0x${row%:*}))
	[ "$end" -le "$vma" ] || vma=$end
done

# Each section from its own copy (one file may be given for several sections).
args= n=0
for pair in "$@"; do
	name=${pair%%=*} file=${pair#*=}
	[ -f "$file" ] || die "$name: $file not found"
	n=$((n + 1))
	cp "$file" "$TMP/s$n"
	vma=$(( (vma + align - 1) / align * align ))
	args="$args --add-section $name=$TMP/s$n --change-section-vma $name=$(printf '0x%x' "$vma")"
	args="$args --set-section-flags $name=data,readonly"
	vma=$((vma + $(wc -c <"$file")))
done
# --strip-all: no COFF symbol table after the last section (sbsign warns about such data).
# shellcheck disable=SC2086
objcopy --strip-all $args "$STUB" "$TMP/out.efi" || die "objcopy failed"
mv "$TMP/out.efi" "$OUT"
