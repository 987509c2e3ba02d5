/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writes a one-op model for the inference tests: int8 input [1,N] -> RELU ->
 * int8 output [1,N], scale 0.1, zero point 0, so a result carries N output
 * values (and N more with the input bound) that need float32 encodings.
 *   cai-e2e-relu-model N FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include "tflite_writer.h"

static tflw_model_t g_m;

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: cai-e2e-relu-model N FILE\n");
        return 2;
    }
    const int32_t dims[2] = { 1, (int32_t)strtol(argv[1], NULL, 10) };
    tflw_begin(&g_m);
    int x = tflw_add_tensor(&g_m, 9, 2, dims, 0.1f, 0);
    int y = tflw_add_tensor(&g_m, 9, 2, dims, 0.1f, 0);
    tflw_add_op(&g_m, 19, 1, (int32_t[]){ x }, y, 0, 0, NULL);
    tflw_io(&g_m, 1, (int32_t[]){ x }, 1, (int32_t[]){ y });
    uint8_t *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    if (tflw_build_alloc(&g_m, &buf, &len) != 0 || (f = fopen(argv[2], "wb")) == NULL ||
        fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cai-e2e-relu-model: cannot write %s\n", argv[2]);
        free(buf);
        return 1;
    }
    free(buf);
    return 0;
}
