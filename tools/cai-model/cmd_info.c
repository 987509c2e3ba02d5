/* SPDX-License-Identifier: Apache-2.0 */
/* cai-model info: everything the loader verified, as text or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/escape.h"
#include "cli.h"
#include "cmds.h"
#include "model_file.h"
#include "model_ops.h"

static void info_usage(FILE *out)
{
    fprintf(out, "usage: cai-model info MODEL [--json]\n"
                 "\n"
                 "Load MODEL (a .tflite file) with the cai engine, which verifies it fully,\n"
                 "and print its inputs, outputs, tensors (type, shape, quantization, constant\n"
                 "data offset), operators (inputs, outputs, options), the arena the engine\n"
                 "needs and the SHA-256 of the file. A model the engine cannot run: the\n"
                 "reason (exit 1), and every operator, the unsupported ones marked.\n"
                 "\n"
                 "  --json   machine-readable output\n");
}

static const char *k_act_names[] = { "NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT" };

static const char *act_name(int a)
{
    return a >= 0 && a < 6 ? k_act_names[a] : "?";
}

static void json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            printf("\\u%04x", *p); /* non-ASCII bytes escaped one by one */
        else
            putchar(*p);
    }
    putchar('"');
}

static void print_shape(const cai_tensor_info_t *t)
{
    putchar('[');
    for (uint32_t d = 0; d < t->rank; d++)
        printf("%s%d", d ? "," : "", (int)t->dims[d]);
    putchar(']');
}

static long file_offset(const model_file *mf, const cai_tensor_info_t *t)
{
    return t->is_constant ? (long)((const uint8_t *)t->data - mf->bytes) : -1;
}

static void json_tensor(const model_file *mf, uint32_t i)
{
    cai_tensor_info_t t;
    cai_model_tensor(mf->model, i, &t);
    printf("    {\"index\": %u, \"name\": ", (unsigned)i);
    json_string(t.name);
    printf(", \"type\": \"%s\", \"shape\": ", cai_dtype_name(t.type));
    print_shape(&t);
    printf(", \"bytes\": %zu, \"constant\": %s", t.bytes, t.is_constant ? "true" : "false");
    long off = file_offset(mf, &t);
    if (off >= 0)
        printf(", \"file_offset\": %ld", off);
    else
        printf(", \"file_offset\": null");
    if (t.num_scales > 0) {
        printf(", \"quantization\": {\"scale\": [");
        for (uint32_t c = 0; c < t.num_scales; c++) {
            float s;
            int32_t zp;
            cai_model_tensor_scale(mf->model, i, c, &s, &zp);
            printf("%s%.9g", c ? ", " : "", (double)s);
        }
        printf("], \"zero_point\": [");
        for (uint32_t c = 0; c < t.num_scales; c++) {
            int32_t zp;
            cai_model_tensor_scale(mf->model, i, c, NULL, &zp);
            printf("%s%d", c ? ", " : "", (int)zp);
        }
        printf("], \"quantized_dimension\": %d}", (int)t.quantized_dim);
    }
    printf("}");
}

static void json_op(const model_file *mf, uint32_t k)
{
    cai_op_info_t op;
    cai_model_op(mf->model, k, &op);
    const cai_op_options_t *o = &op.options;
    printf(
        "    {\"index\": %u, \"op\": \"%s\", \"builtin_code\": %u, \"version\": %d, \"inputs\": [",
        (unsigned)k, op.name, (unsigned)op.builtin, (int)op.version);
    for (uint32_t j = 0; j < op.num_inputs; j++)
        printf("%s%d", j ? ", " : "", op.inputs[j]);
    printf("], \"outputs\": [%d], \"options\": {\"fused_activation_function\": \"%s\"", op.output,
           act_name(o->activation));
    if (o->padding >= 0)
        printf(", \"padding\": \"%s\"", o->padding == 0 ? "SAME" : "VALID");
    if (o->stride_w > 0)
        printf(", \"stride_w\": %d, \"stride_h\": %d", (int)o->stride_w, (int)o->stride_h);
    if (o->dilation_w > 0)
        printf(", \"dilation_w_factor\": %d, \"dilation_h_factor\": %d", (int)o->dilation_w,
               (int)o->dilation_h);
    if (o->depth_multiplier > 0)
        printf(", \"depth_multiplier\": %d", (int)o->depth_multiplier);
    if (o->filter_w > 0)
        printf(", \"filter_width\": %d, \"filter_height\": %d", (int)o->filter_w, (int)o->filter_h);
    if (op.builtin == 25) /* SOFTMAX */
        printf(", \"beta\": %.9g", (double)o->beta);
    printf("}}");
}

static void print_json(const model_file *mf, const char *sha)
{
    const cai_model_t *m = mf->model;
    printf("{\n  \"file_size\": %zu,\n  \"sha256\": \"%s\",\n  \"description\": ", mf->len, sha);
    json_string(cai_model_description(m));
    printf(",\n  \"engine\": \"%s\",\n  \"arena_bytes\": %zu,\n  \"inputs\": [",
           cai_infer_engine_name(), cai_model_arena_size(m));
    for (uint32_t i = 0; i < cai_model_num_inputs(m); i++) {
        cai_tensor_info_t t;
        cai_model_input(m, i, &t);
        printf("%s%d", i ? ", " : "", t.index);
    }
    printf("],\n  \"outputs\": [");
    for (uint32_t i = 0; i < cai_model_num_outputs(m); i++) {
        cai_tensor_info_t t;
        cai_model_output(m, i, &t);
        printf("%s%d", i ? ", " : "", t.index);
    }
    printf("],\n  \"tensors\": [\n");
    for (uint32_t i = 0; i < cai_model_num_tensors(m); i++) {
        json_tensor(mf, i);
        printf("%s\n", i + 1 < cai_model_num_tensors(m) ? "," : "");
    }
    printf("  ],\n  \"operators\": [\n");
    for (uint32_t k = 0; k < cai_model_num_ops(m); k++) {
        json_op(mf, k);
        printf("%s\n", k + 1 < cai_model_num_ops(m) ? "," : "");
    }
    printf("  ]\n}\n");
}

static void print_tensor_line(const cai_model_t *m, uint32_t i)
{
    cai_tensor_info_t t;
    cai_model_tensor(m, i, &t);
    printf("  %3u %-5s %-7s ", (unsigned)i, t.is_constant ? "const" : "", cai_dtype_name(t.type));
    print_shape(&t);
    if (t.num_scales == 1)
        printf(" scale %.9g zp %d", (double)t.scale, (int)t.zero_point);
    else if (t.num_scales > 1)
        printf(" per-channel x%u (dim %d)", (unsigned)t.num_scales, (int)t.quantized_dim);
    printf("  ");
    cai_fputs_escaped(t.name, stdout); /* a name in the file may hold any byte */
    printf("\n");
}

/* An input/output line: tensor index, type, shape, quantization, name. */
static void print_io(const cai_tensor_info_t *t)
{
    printf("tensor %d %s ", t->index, cai_dtype_name(t->type));
    print_shape(t);
    if (t->num_scales == 1)
        printf(" scale %.9g zero_point %d", (double)t->scale, (int)t->zero_point);
    printf(" '");
    cai_fputs_escaped(t->name, stdout); /* a name in the file may hold any byte */
    printf("'\n");
}

static void print_text(const model_file *mf, const char *path, const char *sha)
{
    const cai_model_t *m = mf->model;
    printf("model:       %s (%zu bytes)\n", path, mf->len);
    printf("sha256:      %s\n", sha);
    printf("description: ");
    cai_fputs_escaped(cai_model_description(m), stdout);
    printf("\n");
    printf("arena:       %zu bytes (activations + scratch, lifetime-planned)\n",
           cai_model_arena_size(m));
    printf("memory: state %zu B + arena %zu B = %zu B\n", cai_model_state_size(m),
           cai_model_arena_size(m), cai_model_state_size(m) + cai_model_arena_size(m));
    for (uint32_t i = 0; i < cai_model_num_inputs(m); i++) {
        cai_tensor_info_t t;
        cai_model_input(m, i, &t);
        printf("input %u:     ", (unsigned)i);
        print_io(&t);
    }
    for (uint32_t i = 0; i < cai_model_num_outputs(m); i++) {
        cai_tensor_info_t t;
        cai_model_output(m, i, &t);
        printf("output %u:    ", (unsigned)i);
        print_io(&t);
    }
    printf("tensors (%u):\n", (unsigned)cai_model_num_tensors(m));
    for (uint32_t i = 0; i < cai_model_num_tensors(m); i++)
        print_tensor_line(m, i);
    printf("operators (%u):\n", (unsigned)cai_model_num_ops(m));
    for (uint32_t k = 0; k < cai_model_num_ops(m); k++) {
        cai_op_info_t op;
        cai_model_op(m, k, &op);
        printf("  %3u %s v%d (", (unsigned)k, op.name, (int)op.version);
        for (uint32_t j = 0; j < op.num_inputs; j++)
            printf("%s%d", j ? ", " : "", op.inputs[j]);
        printf(") -> %d", op.output);
        if (op.options.activation != 0)
            printf(" %s", act_name(op.options.activation));
        if (op.options.padding >= 0)
            printf(" %s", op.options.padding == 0 ? "SAME" : "VALID");
        if (op.options.stride_w > 0)
            printf(" stride %dx%d", (int)op.options.stride_h, (int)op.options.stride_w);
        if (op.options.depth_multiplier > 1)
            printf(" dm %d", (int)op.options.depth_multiplier);
        printf("\n");
    }
}

int cmd_info(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            info_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' || path != NULL) {
            model_err("cai-model info: unexpected argument '%s'\n", argv[i]);
            info_usage(model_usage_stream());
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        info_usage(model_usage_stream());
        return EXIT_USAGE;
    }
    model_file mf;
    if (model_file_open(&mf, path, 0) != 0) {
        /* the engine said why; still show what the model is made of */
        size_t len = 0;
        uint8_t *bytes = read_file_aligned(path, &len);
        if (bytes != NULL)
            (void)model_ops_list(stdout, bytes, len, json);
        free(bytes);
        return 1;
    }
    char sha[65];
    if (sha256_hex(mf.bytes, mf.len, sha) != 0) {
        model_err("cai-model: SHA-256 failed\n");
        model_file_close(&mf);
        return 1;
    }
    if (json)
        print_json(&mf, sha);
    else
        print_text(&mf, path, sha);
    model_file_close(&mf);
    return 0;
}
