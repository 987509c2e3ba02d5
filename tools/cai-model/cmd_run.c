/* SPDX-License-Identifier: Apache-2.0 */
/* cai-model run: one inference on a given input. */
#include <stdio.h>
#include <string.h>

#include "cai/escape.h"
#include "cmds.h"
#include "input_parse.h"
#include "model_file.h"

static void run_usage(FILE *out)
{
    fprintf(out, "usage: cai-model run MODEL --input FILE|VALUES [--output FILE]\n"
                 "\n"
                 "Run one inference of MODEL (a .tflite file) with the cai engine.\n"
                 "\n"
                 "  --input FILE     raw bytes of the input tensor, exactly as it holds them\n"
                 "                   (int8, or little-endian float32)\n"
                 "  --input VALUES   comma-separated numbers, one per element (used when no\n"
                 "                   file of that name exists); for an int8 input they are\n"
                 "                   quantized like TFLM's QUANTIZE op:\n"
                 "                   clamp(round_half_away(x / scale) + zero_point)\n"
                 "  --output FILE    write the raw bytes of the output tensor to FILE;\n"
                 "                   without it, print each value (raw and dequantized)\n");
}

static int print_output(const cai_model_t *m, uint32_t i)
{
    cai_tensor_info_t t;
    cai_model_output(m, i, &t);
    printf("output %u: tensor %d '", (unsigned)i, t.index);
    cai_fputs_escaped(t.name, stdout); /* a name in the file may hold any byte */
    printf("' %s [", cai_dtype_name(t.type));
    for (uint32_t d = 0; d < t.rank; d++)
        printf("%s%d", d ? "," : "", (int)t.dims[d]);
    printf("]");
    if (t.num_scales == 1)
        printf(" scale %.9g zero_point %d", (double)t.scale, (int)t.zero_point);
    printf("\n");
    for (size_t e = 0; e < t.elements; e++) {
        int32_t raw;
        double v = tensor_value(&t, e, &raw);
        if (t.type == CAI_DTYPE_FLOAT32)
            printf("  [%zu] %.9g\n", e, v);
        else
            printf("  [%zu] %d %.9g\n", e, (int)raw, v);
    }
    return 0;
}

int cmd_run(int argc, char **argv)
{
    const char *path = NULL, *input = NULL, *output = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            run_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
            input = argv[++i];
        } else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            output = argv[++i];
        } else if (argv[i][0] == '-' || path != NULL) {
            fprintf(stderr, "cai-model run: unexpected argument '%s'\n", argv[i]);
            run_usage(stderr);
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL || input == NULL) {
        run_usage(stderr);
        return EXIT_USAGE;
    }
    model_file mf;
    if (model_file_open(&mf, path, 1) != 0)
        return 1;
    int rc = 1;
    cai_tensor_info_t in, out;
    if (cai_model_num_inputs(mf.model) != 1) {
        fprintf(stderr, "cai-model: the model has %u inputs; run supports one\n",
                (unsigned)cai_model_num_inputs(mf.model));
        goto done;
    }
    cai_model_input(mf.model, 0, &in);
    if (fill_input(&in, input) != 0)
        goto done;
    if (cai_model_invoke(mf.model) != CAI_INFER_OK) {
        fprintf(stderr, "cai-model: invoke failed\n");
        goto done;
    }
    if (output != NULL) {
        cai_model_output(mf.model, 0, &out);
        FILE *f = fopen(output, "wb");
        if (f == NULL || fwrite(out.data, 1, out.bytes, f) != out.bytes) {
            fprintf(stderr, "cai-model: cannot write %s\n", output);
            if (f)
                fclose(f);
            goto done;
        }
        if (fclose(f) != 0) {
            fprintf(stderr, "cai-model: cannot write %s\n", output);
            goto done;
        }
    } else {
        for (uint32_t i = 0; i < cai_model_num_outputs(mf.model); i++)
            print_output(mf.model, i);
    }
    rc = 0;
done:
    model_file_close(&mf);
    return rc;
}
