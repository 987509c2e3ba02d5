/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Driver of run_layers.py: runs one kernel per input line on TFLM's recorded
 * input activation and compares with TFLM's recorded output (golden dumps
 * in /work/shared). Weights and biases are read from the .tflite file at the
 * offsets given by the independent decoded model description.
 *
 * Line format: space-separated key=value fields (see run_layers.py).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define MAX_CH 1024

typedef struct {
    char op[32];
    char model[512];
    char acts[512];
    long in_off, out_off, w_off, b_off;
    int32_t in_dims[4], out_dims[4], w_dims[4];
    int in_rank, out_rank, w_rank;
    float in_scale, out_scale, beta;
    int32_t in_zp, out_zp;
    float w_scales[MAX_CH];
    int32_t n_w_scales;
    int padding, act;
    int32_t stride[2], dil[2], filter[2], dm;
} layer;

static unsigned char *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)*size + 16);
    if (buf && fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int parse_dims(const char *s, int32_t *d)
{
    int n = 0;
    while (*s && n < 4) {
        char *end;
        d[n++] = (int32_t)strtol(s, &end, 10);
        s = *end == ',' ? end + 1 : end;
        if (end == s && *s == 0)
            break;
    }
    return n;
}

static int parse_act(const char *s)
{
    if (!strcmp(s, "RELU"))
        return CAI_K_ACT_RELU;
    if (!strcmp(s, "RELU6"))
        return CAI_K_ACT_RELU6;
    if (!strcmp(s, "RELU_N1_TO_1"))
        return CAI_K_ACT_RELU_N1_TO_1;
    if (!strcmp(s, "NONE"))
        return CAI_K_ACT_NONE;
    return -1;
}

static void parse_pair(const char *s, int32_t *v)
{
    char *end;
    v[0] = (int32_t)strtol(s, &end, 10);
    v[1] = (int32_t)strtol(end + 1, NULL, 10);
}

static int parse_line(char *line, layer *L)
{
    memset(L, 0, sizeof *L);
    L->b_off = -1;
    L->dil[0] = L->dil[1] = 1;
    for (char *tok = strtok(line, " \n"); tok; tok = strtok(NULL, " \n")) {
        char *eq = strchr(tok, '=');
        if (!eq)
            return -1;
        *eq = 0;
        const char *k = tok, *v = eq + 1;
        char *end;
        if (!strcmp(k, "op"))
            snprintf(L->op, sizeof L->op, "%s", v);
        else if (!strcmp(k, "model"))
            snprintf(L->model, sizeof L->model, "%s", v);
        else if (!strcmp(k, "acts"))
            snprintf(L->acts, sizeof L->acts, "%s", v);
        else if (!strcmp(k, "in")) {
            L->in_off = strtol(v, &end, 10);
            L->in_rank = parse_dims(end + 1, L->in_dims);
        } else if (!strcmp(k, "out")) {
            L->out_off = strtol(v, &end, 10);
            L->out_rank = parse_dims(end + 1, L->out_dims);
        } else if (!strcmp(k, "w")) {
            L->w_off = strtol(v, &end, 10);
            L->w_rank = parse_dims(end + 1, L->w_dims);
        } else if (!strcmp(k, "b"))
            L->b_off = strtol(v, NULL, 10);
        else if (!strcmp(k, "in_scale"))
            L->in_scale = (float)strtod(v, NULL);
        else if (!strcmp(k, "out_scale"))
            L->out_scale = (float)strtod(v, NULL);
        else if (!strcmp(k, "beta"))
            L->beta = (float)strtod(v, NULL);
        else if (!strcmp(k, "in_zp"))
            L->in_zp = (int32_t)strtol(v, NULL, 10);
        else if (!strcmp(k, "out_zp"))
            L->out_zp = (int32_t)strtol(v, NULL, 10);
        else if (!strcmp(k, "act"))
            L->act = parse_act(v);
        else if (!strcmp(k, "pad"))
            L->padding = !strcmp(v, "SAME") ? CAI_K_PAD_SAME : CAI_K_PAD_VALID;
        else if (!strcmp(k, "stride"))
            parse_pair(v, L->stride);
        else if (!strcmp(k, "dil"))
            parse_pair(v, L->dil);
        else if (!strcmp(k, "filter"))
            parse_pair(v, L->filter);
        else if (!strcmp(k, "dm"))
            L->dm = (int32_t)strtol(v, NULL, 10);
        else if (!strcmp(k, "w_scales")) {
            const char *s = v;
            while (*s && L->n_w_scales < MAX_CH) {
                L->w_scales[L->n_w_scales++] = (float)strtod(s, &end);
                s = *end == ',' ? end + 1 : end;
                if (*end == 0)
                    break;
            }
        }
    }
    return L->op[0] ? 0 : -1;
}

static int32_t numel(const int32_t *d, int rank)
{
    int32_t n = 1;
    for (int i = 0; i < rank; ++i)
        n *= d[i];
    return n;
}

static int32_t g_mult[MAX_CH], g_shift[MAX_CH], g_bias[MAX_CH];
static _Alignas(16) unsigned char g_scratch[1 << 16];
static int8_t g_out[1 << 18];

/* Runs the layer; returns the prepare status. */
static int run_layer(const layer *L, const unsigned char *model, const unsigned char *acts)
{
    const int8_t *x = (const int8_t *)(acts + L->in_off);
    const int8_t *w = (const int8_t *)(model + L->w_off);
    const int32_t *bias = NULL;
    if (L->b_off >= 0) {
        const int32_t n = L->w_dims[0] == 1 && L->w_rank == 4 ? L->w_dims[3] : L->w_dims[0];
        memcpy(g_bias, model + L->b_off, (size_t)n * sizeof(int32_t));
        bias = g_bias;
    }
    int rc;
    if (!strcmp(L->op, "FULLY_CONNECTED")) {
        cai_k_fc_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.out_depth = L->w_dims[0];
        p.accum_depth = L->w_dims[1];
        p.batches = numel(L->out_dims, L->out_rank) / p.out_depth;
        p.in_zp = L->in_zp;
        p.out_zp = L->out_zp;
        rc = cai_k_fc_s8_prepare(&p, L->in_scale, L->w_scales, L->n_w_scales, L->out_scale, L->act,
                                 g_mult, g_shift);
        if (rc == CAI_K_OK)
            cai_k_fc_s8(&p, x, w, bias, g_out, g_scratch);
    } else if (!strcmp(L->op, "CONV_2D") || !strcmp(L->op, "DEPTHWISE_CONV_2D")) {
        const int dw = L->op[0] == 'D';
        cai_k_conv_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.batches = L->in_dims[0];
        p.in_h = L->in_dims[1];
        p.in_w = L->in_dims[2];
        p.in_c = L->in_dims[3];
        p.filter_h = L->w_dims[1];
        p.filter_w = L->w_dims[2];
        p.out_c = dw ? L->w_dims[3] : L->w_dims[0];
        p.stride_h = L->stride[0];
        p.stride_w = L->stride[1];
        p.dilation_h = L->dil[0];
        p.dilation_w = L->dil[1];
        p.depth_multiplier = L->dm;
        p.in_zp = L->in_zp;
        p.out_zp = L->out_zp;
        rc = dw ? cai_k_dwconv_s8_prepare(&p, L->padding, L->in_scale, L->w_scales, L->n_w_scales,
                                          L->out_scale, L->act, g_mult, g_shift)
                : cai_k_conv_s8_prepare(&p, L->padding, L->in_scale, L->w_scales, L->n_w_scales,
                                        L->out_scale, L->act, g_mult, g_shift);
        if (rc == CAI_K_OK && (p.out_h != L->out_dims[1] || p.out_w != L->out_dims[2]))
            rc = 100;
        if (rc == CAI_K_OK && dw)
            cai_k_dwconv_s8(&p, x, w, bias, g_out, g_scratch);
        else if (rc == CAI_K_OK)
            cai_k_conv_s8(&p, x, w, bias, g_out, g_scratch);
    } else if (!strcmp(L->op, "AVERAGE_POOL_2D")) {
        cai_k_pool_params_t p;
        memset(&p, 0, sizeof p);
        p.batches = L->in_dims[0];
        p.in_h = L->in_dims[1];
        p.in_w = L->in_dims[2];
        p.channels = L->in_dims[3];
        p.filter_h = L->filter[0];
        p.filter_w = L->filter[1];
        p.stride_h = L->stride[0];
        p.stride_w = L->stride[1];
        rc = cai_k_pool_prepare(&p, L->padding, L->act, L->in_scale, L->in_zp, L->out_scale,
                                L->out_zp);
        if (rc == CAI_K_OK)
            cai_k_avgpool_s8(&p, x, g_out);
    } else if (!strcmp(L->op, "SOFTMAX")) {
        cai_k_softmax_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.depth = L->in_dims[L->in_rank - 1];
        p.rows = numel(L->in_dims, L->in_rank) / p.depth;
        rc = cai_k_softmax_s8_prepare(&p, L->beta, L->in_scale, L->out_scale, L->out_zp);
        if (rc == CAI_K_OK)
            cai_k_softmax_s8(&p, x, g_out);
    } else {
        rc = 101;
    }
    return rc;
}

int main(void)
{
    static char line[1 << 16];
    int layers = 0, failures = 0;
    layer L;
    while (fgets(line, sizeof line, stdin)) {
        if (line[0] == '\n' || line[0] == 0)
            continue;
        if (parse_line(line, &L) != 0) {
            printf("FAIL: bad line\n");
            return 1;
        }
        long msize = 0, asize = 0;
        unsigned char *model = read_file(L.model, &msize);
        unsigned char *acts = read_file(L.acts, &asize);
        const int32_t n_out = numel(L.out_dims, L.out_rank);
        if (!model || !acts || L.in_off + numel(L.in_dims, L.in_rank) > asize ||
            L.out_off + n_out > asize || (size_t)n_out > sizeof g_out || L.w_off > msize) {
            printf("FAIL: cannot read %s / %s or offsets out of range\n", L.model, L.acts);
            free(model);
            free(acts);
            return 1;
        }
        memset(g_out, 0x5a, (size_t)n_out);
        const int rc = run_layer(&L, model, acts);
        int diff = 0;
        if (rc == CAI_K_OK)
            for (int32_t i = 0; i < n_out; ++i)
                diff += g_out[i] != (int8_t)acts[L.out_off + i];
        const char *m = strrchr(L.model, '/');
        printf("%s %-18s out@%-7ld %6d values: %s (rc %d, %d differ)\n", m ? m + 1 : L.model, L.op,
               L.out_off, n_out, rc == CAI_K_OK && diff == 0 ? "ok" : "MISMATCH", rc, diff);
        failures += rc != CAI_K_OK || diff != 0;
        ++layers;
        free(model);
        free(acts);
    }
    printf("%d layers, %d failed\n", layers, failures);
    return failures || layers == 0 ? 1 : 0;
}
