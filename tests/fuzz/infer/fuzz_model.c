/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: load + prepare + invoke of arbitrary bytes as a .tflite
 * model. Seeded with the shared models ($CAI_SHARED_DIR/models). The model
 * bytes and the arena are exactly-sized heap blocks so that any access
 * outside them is caught by AddressSanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cai/infer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Skip running models that would take long (a valid model may legitimately
 * ask for billions of operations); loading and preparing are always done. */
#define MAX_ARENA (1u << 20)
#define MAX_WORK  30000000ull

static uint64_t estimate_work(const cai_model_t *m)
{
    uint64_t work = 0;
    for (uint32_t k = 0; k < cai_model_num_ops(m); k++) {
        cai_op_info_t op;
        cai_tensor_info_t out, w, in;
        cai_model_op(m, k, &op);
        cai_model_tensor(m, (uint32_t)op.output, &out);
        uint64_t per = 1;
        if (op.num_inputs > 0 && op.inputs[0] >= 0) {
            cai_model_tensor(m, (uint32_t)op.inputs[0], &in);
            per += in.elements / (out.elements ? out.elements : 1);
        }
        if (op.num_inputs > 1 && op.inputs[1] >= 0) {
            cai_model_tensor(m, (uint32_t)op.inputs[1], &w);
            uint32_t oc = out.rank ? (uint32_t)out.dims[out.rank - 1] : 1;
            per += w.elements / (oc ? oc : 1);
        }
        if (op.options.filter_w > 0)
            per += (uint64_t)op.options.filter_w * (uint64_t)op.options.filter_h;
        work += (uint64_t)out.elements * per;
    }
    return work;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cai_model_t model;
    char err[128];
    uint8_t *buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    /* plan, then load into a state of exactly the size asked for (ASan sees
     * any write past it) */
    cai_model_mem_t mem;
    void *state = NULL;
    if (cai_model_plan(buf, size, &mem, err, sizeof err) == CAI_INFER_OK &&
        (state = malloc(mem.state_bytes)) != NULL &&
        cai_model_load(buf, size, &model, state, mem.state_bytes, err, sizeof err) ==
            CAI_INFER_OK) {
        size_t need = cai_model_arena_size(&model);
        if (need <= MAX_ARENA) {
            void *arena = malloc(need ? need : 16);
            if (arena != NULL &&
                cai_model_prepare(&model, arena, need, err, sizeof err) == CAI_INFER_OK &&
                estimate_work(&model) <= MAX_WORK) {
                for (uint32_t i = 0; i < cai_model_num_inputs(&model); i++) {
                    cai_tensor_info_t in;
                    cai_model_input(&model, i, &in);
                    for (size_t b = 0; b < in.bytes; b++)
                        ((uint8_t *)in.buffer)[b] = size ? data[(b * 31u) % size] : 0;
                }
                cai_model_invoke(&model);
            }
            free(arena);
        }
    }
    free(state);
    free(buf);
    return 0;
}
