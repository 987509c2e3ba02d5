#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# train-sine command line: usage errors exit 2, a model over the error limit
# exits 1, --help exits 0.
. "$(dirname "$0")/common.sh"
pick_trainer "$1"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {
    want=$1; shift
    "$TRAINER" train-sine "$@" > "$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: train-sine $* -> exit $got, expected $want"; cat "$tmp/out"; fail=1
    else
        echo "ok: train-sine $* -> exit $got"
    fi
}
expect 0 --help
expect 2 --bogus
expect 2 --seed
expect 2 --seed -1
expect 2 --epochs 0
expect 2 --epochs 12x
expect 2 --lr 0
expect 2 --out ""
# One float epoch and no fine-tuning cannot be within 0.05 of sin(x): the
# accuracy gate (measured with the engine) must refuse it.
expect 1 --epochs 1 --qat-epochs 0 --out "$tmp/bad.tflite"
grep -q "FAIL: int8 max error" "$tmp/out" || { echo "FAIL: no accuracy message"; fail=1; }
expect 1 --epochs 5 --qat-epochs 0 --out "$tmp/nodir/x.tflite"
exit $fail
