#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Replays the signature-list fuzz target (tests/fuzz/fuzz-esl.c) over the generated ESL corpus.
set -eu
BUILD=${BUILD:-build}
replay=$BUILD/tests/fuzz-esl-replay
corpus=$BUILD/tests/esl-corpus

[ -x "$replay" ] || { echo "not ok - $replay not built"; exit 1; }
[ -f "$corpus/manifest" ] || { echo "not ok - $corpus/manifest not generated"; exit 1; }
"$replay" -m 500 "$corpus"/*.esl
