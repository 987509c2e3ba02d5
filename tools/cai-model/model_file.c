/* SPDX-License-Identifier: Apache-2.0 */
/* See model_file.h. */
#define _POSIX_C_SOURCE 200809L
#include "model_file.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/crypto.h"

uint8_t *read_file_aligned(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    uint8_t *buf = NULL;
    long n;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        size_t cap = ((size_t)n + 16) / 16 * 16;
        buf = aligned_alloc(16, cap);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

int model_file_open(model_file *mf, const char *path, int prepare)
{
    char err[256];
    memset(mf, 0, sizeof *mf);
    mf->bytes = read_file_aligned(path, &mf->len);
    if (mf->bytes == NULL) {
        model_err("cai-model: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    mf->model = malloc(sizeof *mf->model);
    if (mf->model == NULL) {
        model_err("cai-model: out of memory\n");
        model_file_close(mf);
        return -1;
    }
    cai_model_mem_t mem;
    int rc = cai_model_plan(mf->bytes, mf->len, &mem, err, sizeof err);
    if (rc == CAI_INFER_OK &&
        (mf->state = aligned_alloc(CAI_INFER_STATE_ALIGN, (mem.state_bytes + 7) / 8 * 8)) == NULL)
        snprintf(err, sizeof err, "out of memory");
    if (rc == CAI_INFER_OK)
        rc = cai_model_load(mf->bytes, mf->len, mf->model, mf->state, mem.state_bytes, err,
                            sizeof err);
    if (rc != CAI_INFER_OK) {
        model_err("cai-model: %s: %s\n", path, err);
        model_file_close(mf);
        return -1;
    }
    if (!prepare)
        return 0;
    size_t need = cai_model_arena_size(mf->model);
    mf->arena = aligned_alloc(CAI_INFER_ARENA_ALIGN, (need + 15) / 16 * 16 + 16);
    if (mf->arena == NULL) {
        model_err("cai-model: out of memory\n");
        model_file_close(mf);
        return -1;
    }
    rc = cai_model_prepare(mf->model, mf->arena, need, err, sizeof err);
    if (rc != CAI_INFER_OK) {
        model_err("cai-model: %s: %s\n", path, err);
        model_file_close(mf);
        return -1;
    }
    return 0;
}

void model_file_close(model_file *mf)
{
    free(mf->arena);
    free(mf->state);
    free(mf->model);
    free(mf->bytes);
    memset(mf, 0, sizeof *mf);
}

int sha256_hex(const uint8_t *data, size_t len, char hex[65])
{
    uint8_t d[CAI_SHA256_LEN];
    if (cai_sha256(data, len, d) != PSA_SUCCESS)
        return -1;
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

double tensor_value(const cai_tensor_info_t *t, size_t i, int32_t *raw)
{
    double v;
    *raw = 0;
    switch (t->type) {
    case CAI_DTYPE_INT8:
        *raw = ((const int8_t *)t->data)[i];
        v = *raw;
        break;
    case CAI_DTYPE_INT32: {
        int32_t x;
        memcpy(&x, (const uint8_t *)t->data + 4 * i, 4);
        *raw = x;
        v = x;
        break;
    }
    default: {
        float f;
        memcpy(&f, (const uint8_t *)t->data + 4 * i, 4);
        return f;
    }
    }
    if (t->num_scales >= 1)
        v = (double)t->scale * (double)(*raw - t->zero_point);
    return v;
}
