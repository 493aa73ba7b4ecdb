#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test helper: a SoftHSM2 token of our own in DIR holding KEY; prints the PKCS#11 URI of that key.
#
# Usage: SOFTHSM2_CONF=DIR/softhsm2.conf tests/softhsm-token.sh DIR LABEL KEY.pem
# Writes DIR/softhsm2.conf (the caller exports SOFTHSM2_CONF=DIR/softhsm2.conf for every tool
# that uses the token: SoftHSM2 reads its token directory from there), initialises token LABEL
# (user PIN 1234) and imports KEY as object LABEL-key, id 01. The URI carries the PIN
# (pin-value), as a signing service's configuration would carry pin-source.
set -eu
DIR=${1:?usage: softhsm-token.sh DIR LABEL KEY}
LABEL=${2:?} KEY=${3:?}
die() { echo "softhsm-token: error: $*" >&2; exit 1; }
command -v softhsm2-util >/dev/null || die "softhsm2-util not installed (package softhsm2)"
rm -rf "$DIR"
mkdir -p "$DIR/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
	"$(cd "$DIR" && pwd)" >"$DIR/softhsm2.conf"
export SOFTHSM2_CONF="$DIR/softhsm2.conf"
softhsm2-util --init-token --free --label "$LABEL" --pin 1234 --so-pin 123456 >/dev/null ||
	die "cannot initialise token $LABEL"
openssl pkcs8 -topk8 -nocrypt -in "$KEY" -out "$DIR/key.p8" || die "$KEY: not a private key"
softhsm2-util --import "$DIR/key.p8" --token "$LABEL" --label "$LABEL-key" --id 01 --pin 1234 \
	>/dev/null || die "cannot import $KEY into token $LABEL"
rm -f "$DIR/key.p8"
echo "pkcs11:token=$LABEL;object=$LABEL-key;type=private;pin-value=1234"
