/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Driver of run_fc_models.py: chains the FULLY_CONNECTED kernels of a whole
 * FC-only model and compares every golden row (float32 bits or int8 values).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define MAX_LAYERS 4
#define MAX_W      1024

typedef struct {
    long w_off, b_off;
    int32_t out, in;
    int act;
    float in_scale, w_scale, out_scale;
    int32_t in_zp, out_zp;
} fc_layer;

static const char *field(const char *line, const char *key)
{
    static char buf[512];
    const size_t n = strlen(key);
    for (const char *p = line; (p = strstr(p, key)) != NULL; p += n)
        if ((p == line || p[-1] == ' ') && p[n] == '=') {
            size_t i = 0;
            p += n + 1;
            while (p[i] && p[i] != ' ' && p[i] != '\n' && i + 1 < sizeof buf) {
                buf[i] = p[i];
                ++i;
            }
            buf[i] = 0;
            return buf;
        }
    return "";
}

static int act_of(const char *s)
{
    return !strcmp(s, "RELU")    ? CAI_K_ACT_RELU
           : !strcmp(s, "RELU6") ? CAI_K_ACT_RELU6
                                 : CAI_K_ACT_NONE;
}

static unsigned char *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)*size);
    if (b && fread(b, 1, (size_t)*size, f) != (size_t)*size) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

static int run_model(const char *head, fc_layer *L, int n)
{
    char type[8], model[512], csv[512];
    snprintf(type, sizeof type, "%s", field(head, "type"));
    snprintf(model, sizeof model, "%s", field(head, "model"));
    snprintf(csv, sizeof csv, "%s", field(head, "csv"));
    long msize = 0;
    unsigned char *m = read_file(model, &msize);
    FILE *f = fopen(csv, "r");
    if (!m || !f) {
        printf("FAIL: cannot open %s or %s\n", model, csv);
        free(m);
        if (f)
            fclose(f);
        return 1;
    }
    static float wf[MAX_LAYERS][MAX_W], bf[MAX_LAYERS][64];
    static int8_t w8[MAX_LAYERS][MAX_W];
    static int32_t b32[MAX_LAYERS][64], mult[MAX_LAYERS][64], shift[MAX_LAYERS][64];
    static _Alignas(16) unsigned char scratch[4096];
    cai_k_fc_f32_params_t pf[MAX_LAYERS];
    cai_k_fc_s8_params_t p8[MAX_LAYERS];
    const int is_f32 = !strcmp(type, "f32");
    for (int l = 0; l < n; ++l) {
        const size_t nw = (size_t)L[l].out * L[l].in;
        if (nw > MAX_W || L[l].out > 64 || L[l].w_off + (long)nw * 4 > msize) {
            printf("FAIL: layer %d too large\n", l);
            return 1;
        }
        if (is_f32) {
            memcpy(wf[l], m + L[l].w_off, nw * sizeof(float));
            memcpy(bf[l], m + L[l].b_off, (size_t)L[l].out * sizeof(float));
            pf[l].batches = 1;
            pf[l].accum_depth = L[l].in;
            pf[l].out_depth = L[l].out;
            if (cai_k_fc_f32_prepare(&pf[l], L[l].act) != CAI_K_OK)
                return 1;
        } else {
            memcpy(w8[l], m + L[l].w_off, nw);
            memcpy(b32[l], m + L[l].b_off, (size_t)L[l].out * sizeof(int32_t));
            memset(&p8[l], 0, sizeof p8[l]);
            p8[l].batches = 1;
            p8[l].accum_depth = L[l].in;
            p8[l].out_depth = L[l].out;
            p8[l].in_zp = L[l].in_zp;
            p8[l].out_zp = L[l].out_zp;
            if (cai_k_fc_s8_prepare(&p8[l], L[l].in_scale, &L[l].w_scale, 1, L[l].out_scale,
                                    L[l].act, mult[l], shift[l]) != CAI_K_OK ||
                cai_k_fc_s8_scratch_size(&p8[l]) > sizeof scratch)
                return 1;
        }
    }
    char line[512];
    int rows = 0, bad = 0;
    if (!fgets(line, sizeof line, f)) /* header */
        bad = 1;
    while (fgets(line, sizeof line, f)) {
        if (is_f32) {
            /* i,x,x_bits,y,y_bits */
            unsigned xb = 0, yb = 0;
            char *c1 = strchr(line, ',');
            char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
            char *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
            char *c4 = c3 ? strchr(c3 + 1, ',') : NULL;
            if (!c4 || sscanf(c2 + 1, "%x", &xb) != 1 || sscanf(c4 + 1, "%x", &yb) != 1)
                return 1;
            float a[64], b[64];
            memcpy(&a[0], &xb, 4);
            for (int l = 0; l < n; ++l) {
                cai_k_fc_f32(&pf[l], a, wf[l], bf[l], b);
                memcpy(a, b, sizeof a);
            }
            unsigned got;
            memcpy(&got, &a[0], 4);
            bad += got != yb;
        } else {
            /* q_in,x_dequant,q_out,y_dequant */
            int qin = 0, qout = 0;
            char *c1 = strchr(line, ',');
            char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
            if (!c2 || sscanf(line, "%d", &qin) != 1 || sscanf(c2 + 1, "%d", &qout) != 1)
                return 1;
            int8_t a[64], b[64];
            a[0] = (int8_t)qin;
            for (int l = 0; l < n; ++l) {
                cai_k_fc_s8(&p8[l], a, w8[l], b32[l], b, scratch);
                memcpy(a, b, sizeof a);
            }
            bad += a[0] != qout;
        }
        ++rows;
    }
    fclose(f);
    free(m);
    const char *base = strrchr(model, '/');
    printf("%s: %d rows, %d mismatches\n", base ? base + 1 : model, rows, bad);
    return bad != 0 || rows == 0;
}

int main(void)
{
    static char head[2048], line[2048];
    int failures = 0, models = 0;
    while (fgets(head, sizeof head, stdin)) {
        const int n = atoi(field(head, "layers"));
        if (n <= 0 || n > MAX_LAYERS)
            return 1;
        fc_layer L[MAX_LAYERS];
        for (int l = 0; l < n; ++l) {
            if (!fgets(line, sizeof line, stdin))
                return 1;
            char *end;
            L[l].w_off = strtol(field(line, "w"), &end, 10);
            L[l].out = (int32_t)strtol(end + 1, &end, 10);
            L[l].in = (int32_t)strtol(end + 1, NULL, 10);
            L[l].b_off = strtol(field(line, "b"), NULL, 10);
            L[l].act = act_of(field(line, "act"));
            L[l].in_scale = (float)strtod(field(line, "in_scale"), NULL);
            L[l].w_scale = (float)strtod(field(line, "w_scale"), NULL);
            L[l].out_scale = (float)strtod(field(line, "out_scale"), NULL);
            L[l].in_zp = (int32_t)strtol(field(line, "in_zp"), NULL, 10);
            L[l].out_zp = (int32_t)strtol(field(line, "out_zp"), NULL, 10);
        }
        failures += run_model(head, L, n);
        ++models;
    }
    printf("%d models, %d failed\n", models, failures);
    return failures || models == 0;
}
