/* SPDX-License-Identifier: Apache-2.0 */
/* Host-side helpers of cai-model: read a model file into aligned memory,
 * load + prepare it with the engine, hash it. */
#ifndef CAI_MODEL_FILE_H
#define CAI_MODEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "cai/infer.h"

typedef struct model_file {
    uint8_t *bytes; /* 16-byte aligned copy of the file */
    size_t len;
    void *arena; /* 16-byte aligned, cai_model_arena_size() bytes */
    void *state; /* the model's state, cai_model_state_size() bytes */
    cai_model_t *model;
} model_file;

/* Read, load and (when prepare != 0) prepare. Prints the error to stderr
 * and returns -1 on failure. */
int model_file_open(model_file *mf, const char *path, int prepare);
void model_file_close(model_file *mf);

/* Read a whole file into a fresh 16-byte-aligned buffer (free() it). */
uint8_t *read_file_aligned(const char *path, size_t *len);

/* Lowercase hex SHA-256 of the bytes into hex[65]; -1 on failure. */
int sha256_hex(const uint8_t *data, size_t len, char hex[65]);

/* Dequantized value of element i of a tensor (int8/int32/float32). */
double tensor_value(const cai_tensor_info_t *t, size_t i, int32_t *raw);

#endif
