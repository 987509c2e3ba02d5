#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Independent check of models/sine.tflite with check_sine_model.py (structure
# and integer inference in Python), plus agreement with the cai engine: on all
# 256 int8 inputs through `train-sine --check --table` and, when the cai-model
# tool is built, on 33 of them (every 8th and 127) through `cai-model run`
# (one process per input: all 256 take too long under ASan).
. "$(dirname "$0")/common.sh"
pick_trainer "$1"
dir=$(dirname "$0")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "== engine (train-sine --check) vs Python"
"$TRAINER" train-sine --check "$MODEL" --table "$tmp/table.txt" || { echo "FAIL: engine check"; exit 1; }
/usr/bin/python3 "$dir/check_sine_model.py" "$MODEL" --max-error 0.05 --outputs "$tmp/table.txt" || exit 1
# The comparison must be able to fail: one changed output, and a tighter
# error limit than the model meets, are each refused.
sed 's/^0 .*$/0 100/' "$tmp/table.txt" > "$tmp/bad.txt"
if /usr/bin/python3 "$dir/check_sine_model.py" "$MODEL" --outputs "$tmp/bad.txt" > /dev/null ||
   /usr/bin/python3 "$dir/check_sine_model.py" "$MODEL" --max-error 0.03 > /dev/null; then
    echo "FAIL: the checker accepted a wrong output table or a too-tight limit"
    exit 1
fi
if [ -x "$CAI_BIN_DIR/cai-model" ] && [ -f "$dir/engine_outputs.py" ] &&
   "$CAI_BIN_DIR/cai-model" run --help >/dev/null 2>&1; then
    echo "== cai-model run vs Python"
    /usr/bin/python3 "$dir/engine_outputs.py" "$CAI_BIN_DIR/cai-model" "$MODEL" 8 > "$tmp/run.txt" ||
        { echo "FAIL: could not collect cai-model run outputs"; exit 1; }
    /usr/bin/python3 "$dir/check_sine_model.py" "$MODEL" --max-error 0.05 --outputs "$tmp/run.txt" --min-pairs 33 || exit 1
else
    echo "note: cai-model run is not built; compared with the engine through train-sine --check only"
fi
