/* SPDX-License-Identifier: Apache-2.0 */
/* cai-model run: one inference on a given input. */
#include <stdio.h>
#include <string.h>

#include "cai/escape.h"
#include "cli.h"
#include "cmds.h"
#include "input_parse.h"
#include "model_file.h"

static void run_usage(FILE *out)
{
    fprintf(out, "usage: cai-model run MODEL --input FILE|-|VALUES [--clamp] [--output FILE|-]\n"
                 "                     [--json]\n"
                 "\n"
                 "Run one inference of MODEL (a .tflite file) with the cai engine.\n"
                 "\n"
                 "  --input FILE     raw bytes of the input tensor, exactly as it holds them\n"
                 "                   (int8, or little-endian float32); - reads them from stdin\n"
                 "  --input VALUES   comma-separated numbers, one per element (used when no\n"
                 "                   file of that name exists); for an int8 input they are\n"
                 "                   quantized like TFLM's QUANTIZE op:\n"
                 "                   round_half_away(x / scale) + zero_point\n"
                 "                   A value the int8 tensor cannot hold (quantized outside\n"
                 "                   -128..127), NaN or an infinity is refused (exit 1).\n"
                 "  --clamp          clamp out-of-range values instead, with a warning\n"
                 "  --output FILE    write the raw bytes of the output tensor to FILE (- for\n"
                 "                   stdout); without it, print each value: its element\n"
                 "                   index, raw (quantized) value and dequantized value\n"
                 "  --json           the outputs as one JSON object\n");
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
    if (t.type == CAI_DTYPE_FLOAT32)
        printf("  %-8s %s\n", "element", "value");
    else
        printf("  %-8s %6s %s\n", "element", "raw", "value");
    for (size_t e = 0; e < t.elements; e++) {
        int32_t raw;
        double v = tensor_value(&t, e, &raw);
        char idx[32];
        snprintf(idx, sizeof idx, "[%zu]", e);
        if (t.type == CAI_DTYPE_FLOAT32)
            printf("  %-8s %.9g\n", idx, v);
        else
            printf("  %-8s %6d %.9g\n", idx, (int)raw, v);
    }
    return 0;
}

/* {"outputs": [{"index", "tensor", "name", "type", "shape", "values", "raw"}]} */
static void print_json(const cai_model_t *m)
{
    printf("{\"outputs\": [");
    for (uint32_t i = 0; i < cai_model_num_outputs(m); i++) {
        cai_tensor_info_t t;
        cai_model_output(m, i, &t);
        printf("%s{\"index\": %u, \"tensor\": %d, \"name\": ", i ? ", " : "", (unsigned)i, t.index);
        model_json_string(stdout, t.name);
        printf(", \"type\": \"%s\", \"shape\": [", cai_dtype_name(t.type));
        for (uint32_t d = 0; d < t.rank; d++)
            printf("%s%d", d ? ", " : "", (int)t.dims[d]);
        printf("], \"values\": [");
        for (size_t e = 0; e < t.elements; e++) {
            int32_t raw;
            printf("%s%.9g", e ? ", " : "", tensor_value(&t, e, &raw));
        }
        printf("]");
        if (t.type != CAI_DTYPE_FLOAT32) {
            printf(", \"raw\": [");
            for (size_t e = 0; e < t.elements; e++) {
                int32_t raw;
                (void)tensor_value(&t, e, &raw);
                printf("%s%d", e ? ", " : "", (int)raw);
            }
            printf("]");
        }
        printf("}");
    }
    printf("]}\n");
}

int cmd_run(int argc, char **argv)
{
    const char *path = NULL, *input = NULL, *output = NULL;
    int clamp = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            run_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
            input = argv[++i];
        } else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            output = argv[++i];
        } else if (strcmp(argv[i], "--clamp") == 0) {
            clamp = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' || path != NULL) {
            model_err("cai-model run: unexpected argument '%s'\n", argv[i]);
            run_usage(model_usage_stream());
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL || input == NULL) {
        model_err("cai-model run: %s (try --help)",
                  path == NULL ? "which MODEL?" : "--input is required");
        run_usage(model_usage_stream());
        return EXIT_USAGE;
    }
    if (json && output != NULL) {
        model_err("cai-model run: --json prints the outputs; --output writes their raw bytes "
                  "instead: choose one");
        return EXIT_USAGE;
    }
    model_file mf;
    if (model_file_open(&mf, path, 1) != 0)
        return 1;
    int rc = 1;
    cai_tensor_info_t in, out;
    if (cai_model_num_inputs(mf.model) != 1) {
        model_err("cai-model: the model has %u inputs; run supports one\n",
                  (unsigned)cai_model_num_inputs(mf.model));
        goto done;
    }
    cai_model_input(mf.model, 0, &in);
    if (fill_input(&in, input, clamp) != 0)
        goto done;
    if (cai_model_invoke(mf.model) != CAI_INFER_OK) {
        model_err("cai-model: invoke failed\n");
        goto done;
    }
    if (output != NULL) {
        cai_model_output(mf.model, 0, &out);
        int to_stdout = strcmp(output, "-") == 0;
        FILE *f = to_stdout ? stdout : fopen(output, "wb");
        if (f == NULL || fwrite(out.data, 1, out.bytes, f) != out.bytes) {
            model_err("cai-model: cannot write %s\n", output);
            if (f && !to_stdout)
                fclose(f);
            goto done;
        }
        if (to_stdout ? fflush(f) != 0 : fclose(f) != 0) {
            model_err("cai-model: cannot write %s\n", output);
            goto done;
        }
    } else if (json) {
        print_json(mf.model);
    } else {
        for (uint32_t i = 0; i < cai_model_num_outputs(mf.model); i++)
            print_output(mf.model, i);
    }
    rc = 0;
done:
    model_file_close(&mf);
    return rc;
}
