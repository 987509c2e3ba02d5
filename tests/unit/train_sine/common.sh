# SPDX-License-Identifier: Apache-2.0
# Shared by the train_sine test scripts (POSIX sh).
# The command line that produced models/sine.tflite (models/README.md).
SINE_ARGS="--seed 2 --epochs 8000 --qat-epochs 2000 --grid 128 --lr 0.01 --qat-lr 0.003"
SRC=${CAI_SOURCE_DIR:?CAI_SOURCE_DIR not set}
MODEL="$SRC/models/sine.tflite"

# pick_trainer FALLBACK: the cai-model tool when it has train-sine, else the
# test front end.
pick_trainer() {
    if [ -x "$CAI_BIN_DIR/cai-model" ] && "$CAI_BIN_DIR/cai-model" train-sine --help >/dev/null 2>&1; then
        TRAINER="$CAI_BIN_DIR/cai-model"
    else
        TRAINER="$1"
    fi
}
