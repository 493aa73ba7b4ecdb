#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Replays the PE fuzz target (tests/fuzz/fuzz-pe.c) over the generated PE corpus and real PE files.
set -eu
BUILD=${BUILD:-build}
replay=$BUILD/tests/fuzz-pe-replay
corpus=$BUILD/tests/pe-corpus

[ -x "$replay" ] || { echo "not ok - $replay not built"; exit 1; }
[ -f "$corpus/manifest" ] || { echo "not ok - $corpus/manifest not generated"; exit 1; }
# The generated corpus, with mutations; real gnu-efi binaries when efitools is installed.
"$replay" "$corpus"/*.efi
for real in /usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi; do
	if [ -f "$real" ]; then "$replay" -m 50 "$real"; fi
done
