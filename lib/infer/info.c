/* SPDX-License-Identifier: Apache-2.0 */
/* Read-only views of a loaded model for callers and host tools. */
#include <string.h>

#include "model_int.h"

static const char *k_engine_name = "cai-tflite/0.1.0";

const char *cai_infer_engine_name(void)
{
    return k_engine_name;
}

static const infer_model_t *loaded(const cai_model_t *model)
{
    const infer_model_t *m = model != NULL ? infer_cm(model) : NULL;
    return (m != NULL && m->status != INFER_EMPTY) ? m : NULL;
}

/* A reader over the loaded (verified) model, for on-demand decoding. */
static fb_ctx_t reader(const infer_model_t *m)
{
    fb_ctx_t c = { m->buf, m->len, NULL, 0, false, CAI_INFER_OK };
    return c;
}

size_t cai_model_arena_size(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->arena_bytes : 0;
}

size_t cai_model_state_size(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->state_bytes : 0;
}

void cai_model_mem(const cai_model_t *model, cai_model_mem_t *mem)
{
    if (mem != NULL) {
        mem->state_bytes = cai_model_state_size(model);
        mem->arena_bytes = cai_model_arena_size(model);
    }
}

uint32_t cai_model_num_inputs(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->num_inputs : 0;
}

uint32_t cai_model_num_outputs(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->num_outputs : 0;
}

uint32_t cai_model_num_tensors(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->num_tensors : 0;
}

uint32_t cai_model_num_ops(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    return m != NULL ? m->num_ops : 0;
}

cai_infer_err_t cai_model_tensor(const cai_model_t *model, uint32_t index, cai_tensor_info_t *out)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || out == NULL || index >= m->num_tensors) {
        return CAI_INFER_ERR_ARG;
    }
    cai_tensor_rec_t t;
    fb_ctx_t c = reader(m);
    if (infer_tensor_get(&c, infer_hdr(m), index, &t) != 0) {
        return CAI_INFER_ERR_STATE; /* cannot happen: verified at load */
    }
    memset(out, 0, sizeof *out);
    out->index = (int)index;
    out->type = (cai_dtype_t)t.type;
    out->rank = t.rank;
    memcpy(out->dims, t.dims, sizeof out->dims);
    out->elements = infer_elements(&t);
    out->bytes = t.bytes;
    out->is_constant = (t.flags & TF_CONST) != 0;
    out->num_scales = t.num_scales;
    out->scale = t.scale;
    out->zero_point = t.zero_point;
    out->quantized_dim = t.quantized_dim;
    out->name = t.name_off ? (const char *)m->buf + t.name_off : "";
    uint32_t loc = infer_locs(m)[index];
    if (t.flags & TF_CONST) {
        out->data = t.const_data;
    } else if (m->status == INFER_PREPARED && loc != INFER_LOC_NONE) {
        out->data = m->arena + loc;
        out->buffer = m->arena + loc;
    }
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_input(const cai_model_t *model, uint32_t i, cai_tensor_info_t *out)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || i >= m->num_inputs) {
        return CAI_INFER_ERR_ARG;
    }
    return cai_model_tensor(model, (uint32_t)infer_hdr(m)->inputs[i], out);
}

cai_infer_err_t cai_model_output(const cai_model_t *model, uint32_t i, cai_tensor_info_t *out)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || i >= m->num_outputs) {
        return CAI_INFER_ERR_ARG;
    }
    return cai_model_tensor(model, (uint32_t)infer_hdr(m)->outputs[i], out);
}

cai_infer_err_t cai_model_tensor_scale(const cai_model_t *model, uint32_t index, uint32_t ch,
                                       float *scale, int32_t *zero_point)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || index >= m->num_tensors) {
        return CAI_INFER_ERR_ARG;
    }
    cai_tensor_rec_t t;
    fb_ctx_t c = reader(m);
    if (infer_tensor_get(&c, infer_hdr(m), index, &t) != 0) {
        return CAI_INFER_ERR_STATE;
    }
    if (ch >= t.num_scales) {
        return CAI_INFER_ERR_ARG;
    }
    uint32_t bits = fb_ld32(m->buf + t.scales_off + 4u * ch);
    float s;
    memcpy(&s, &bits, sizeof s);
    if (scale != NULL) {
        *scale = s;
    }
    if (zero_point != NULL) {
        *zero_point = (int32_t)fb_ld64(m->buf + t.zps_off + 8u * ch);
    }
    return CAI_INFER_OK;
}

/* Decoded again from the model bytes, and its setup rerun for the options
 * it reads (host tools only: not on the run path). */
cai_infer_err_t cai_model_op(const cai_model_t *model, uint32_t index, cai_op_info_t *out)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || out == NULL || index >= m->num_ops) {
        return CAI_INFER_ERR_ARG;
    }
    infer_op_t op;
    fb_ctx_t c = reader(m);
    if (infer_op_get(&c, infer_hdr(m), m->num_tensors, index, &op) != 0 ||
        infer_op_setup(&c, infer_hdr(m), index, &op) != 0) {
        return CAI_INFER_ERR_STATE; /* cannot happen: verified at load */
    }
    memset(out, 0, sizeof *out);
    out->builtin = op.builtin;
    out->name = infer_op_find(op.builtin)->name; /* loaded ops all have a row */
    out->version = op.version;
    out->num_inputs = op.num_inputs;
    for (uint32_t j = 0; j < CAI_INFER_MAX_OP_INPUTS; j++) {
        out->inputs[j] = op.inputs[j];
    }
    out->output = op.output;
    out->options = op.opts;
    return CAI_INFER_OK;
}

const char *cai_model_description(const cai_model_t *model)
{
    const infer_model_t *m = loaded(model);
    if (m == NULL || infer_hdr(m)->description_off == 0) {
        return "";
    }
    return (const char *)m->buf + infer_hdr(m)->description_off;
}
