#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Re-run the committed trainer command and compare the bytes with
# models/sine.tflite. The trainer uses only IEEE-754 double + - * / sqrt
# round (no FMA contraction, no libm transcendental: the targets come from
# its own sine series), so the bytes are the same on every such platform;
# libm's sin() is used only to report errors.
. "$(dirname "$0")/common.sh"
pick_trainer "$1"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "trainer: $TRAINER train-sine $SINE_ARGS"
# shellcheck disable=SC2086
"$TRAINER" train-sine $SINE_ARGS --out "$tmp/sine.tflite" || { echo "FAIL: trainer failed"; exit 1; }
if cmp "$tmp/sine.tflite" "$MODEL"; then
    echo "PASS: the trainer reproduces models/sine.tflite byte for byte ($(wc -c < "$MODEL") bytes)"
else
    echo "FAIL: the rebuilt model differs from models/sine.tflite"
    exit 1
fi
