/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writes a .tflite model the engine refuses, for `cai-model info`'s listing
 * of every operator (tests/unit/tools/test_cai_model_cli.py): four int8
 * [1,4] tensors chained by
 *   op 0  RELU v1               (runs)
 *   op 1  CONCATENATION v1      (builtin 2: not in the engine)
 *   op 2  RELU v9               (the engine runs RELU v1-3)
 *   op 3  CUSTOM "CaiTestOp"    (a custom operator)
 *   op 4  TANH v1               (runs)
 * Usage: make_unsupported_model OUT.tflite
 */
#include <stdio.h>
#include <stdlib.h>

#include "tflite_writer.h"

#define TFLITE_INT8 9

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_unsupported_model OUT.tflite\n");
        return 2;
    }
    static tflw_model_t m;
    const int32_t dims[2] = { 1, 4 };
    tflw_begin(&m);
    int t[6];
    for (int i = 0; i < 6; i++) {
        t[i] = tflw_add_tensor(&m, TFLITE_INT8, 2, dims, 0.5f, 0);
    }
    tflw_add_op(&m, 19, 1, &t[0], t[1], 0, 0, NULL); /* RELU */
    tflw_add_op(&m, 2, 1, &t[1], t[2], 0, 0, NULL);  /* CONCATENATION */
    tflw_add_op(&m, 19, 1, &t[2], t[3], 0, 0, NULL); /* RELU, then version 9 */
    m.opc[2].version = 9;
    tflw_add_op(&m, 32, 1, &t[3], t[4], 0, 0, NULL); /* CUSTOM */
    m.opc[3].custom = "CaiTestOp";
    tflw_add_op(&m, 28, 1, &t[4], t[5], 0, 0, NULL); /* TANH */
    tflw_io(&m, 1, &t[0], 1, &t[5]);
    uint8_t *buf = NULL;
    size_t len = 0;
    if (tflw_build_alloc(&m, &buf, &len) != 0) {
        fprintf(stderr, "make_unsupported_model: out of memory\n");
        return 1;
    }
    FILE *f = fopen(argv[1], "wb");
    int ok = f != NULL && fwrite(buf, 1, len, f) == len;
    ok = f != NULL && fclose(f) == 0 && ok;
    free(buf);
    if (!ok) {
        fprintf(stderr, "make_unsupported_model: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
