# SPDX-License-Identifier: GPL-2.0-or-later
# Guest-side helpers for scenario functions (busybox ash): checks that print markers, EFI variable readers.
# shellcheck shell=sh

EFI_GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
EFI_IMAGE_SECURITY=d719b2cb-3d3a-4596-a3bc-dad00e67656f
EFI_SHIM_LOCK=605dab50-e046-4300-abb6-3dd810dd8b23
EFIVARS=/sys/firmware/efi/efivars
SBK_FAILED=0

# check DESC CMD...: prints what it checks, runs CMD, prints the verdict; returns CMD's status.
check() {
	_desc=$1
	shift
	echo "SBK-CHECK: $_desc"
	if "$@"; then
		echo "SBK-OK: $_desc"
		return 0
	else
		_rc=$?
		echo "SBK-FAIL: $_desc (exit $_rc)"
		SBK_FAILED=$((SBK_FAILED + 1))
		return "$_rc"
	fi
}

# check_grep DESC ERE FILE: check that ERE matches a line of FILE.
check_grep() {
	check "$1" grep -Eq -- "$2" "$3"
}

# mark TEXT: a marker for the host's EXPECT/EXPECT_IN_ORDER.
mark() {
	echo "SBK-MARK: $*"
}

# show CMD...: CMD's output in the serial log, prefixed so it cannot be taken for a marker.
show() {
	"$@" 2>&1 | sed 's/^/SBK-OUT: /'
}

# efivar_hex NAME-GUID: the variable's data (without the 4-byte attributes) as hex, "" if absent.
efivar_hex() {
	[ -f "$EFIVARS/$1" ] || return 0
	# Read the whole file at once (efivarfs returns attributes + data in one read) and drop
	# the attributes here rather than with od -j.
	od -An -v -tx1 "$EFIVARS/$1" | tr -d ' \n' | cut -c9-
}

# efivar_u8 NAME-GUID: the first data byte as two hex digits ("01"), "" if absent.
efivar_u8() {
	efivar_hex "$1" | cut -c1-2
}
