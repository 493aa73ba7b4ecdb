# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the shell tests (sourced): ok/notok lines and one checked command run.
# shellcheck shell=sh
# Needs $T (the test's scratch directory).

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }

# expect DESC EXIT ERE CMD...: CMD exits with EXIT and its output (in $T/out) matches ERE ("" for any).
expect() {
	_d=$1 _want=$2 _re=$3
	shift 3
	"$@" >"$T/out" 2>&1
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		notok "$_d (exit $_rc, want $_want)"; sed 's/^/#   /' "$T/out"
	elif [ -n "$_re" ] && ! grep -Eq -- "$_re" "$T/out"; then
		notok "$_d (output does not match '$_re')"; sed 's/^/#   /' "$T/out"
	else
		ok "$_d"
	fi
}

# absent DESC PATH: PATH does not exist (nothing was left behind).
absent() { if [ -e "$2" ]; then notok "$1 ($2 exists)"; else ok "$1"; fi; }
