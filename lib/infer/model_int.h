/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Engine-internal declarations shared by the loader, the operator setup, the
 * memory planner and the interpreter. Not part of the public API.
 */
#ifndef CAI_INFER_MODEL_INT_H
#define CAI_INFER_MODEL_INT_H

#include "cai/infer.h"
#include "fb.h"

/* BuiltinOperator codes of the operators in op_table.h, plus CUSTOM. */
enum {
#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) OP_##NAME = CODE,
#include "op_table.h"
#undef CAI_OP
    OP_CUSTOM = 32
};

/* BuiltinOptions union member index (TFLite schema values). */
enum {
    OPT_NONE = 0,
    OPT_CONV2D = 1,
    OPT_DEPTHWISE_CONV2D = 2,
    OPT_POOL2D = 5,
    OPT_FULLY_CONNECTED = 8,
    OPT_SOFTMAX = 9,
    OPT_ADD = 11,
    OPT_RESHAPE = 17,
    OPT_MUL = 21
};

/* cai_tensor_rec.flags */
enum {
    TF_CONST = 1 /* data in the model buffer */
};

/* A tensor as the loader decodes it from the (verified) model bytes; never
 * stored: decoded on demand (infer_tensor_get) wherever it is needed. */
typedef struct cai_tensor_rec {
    const uint8_t *const_data; /* constant data in the model buffer, or NULL */
    uint32_t bytes;
    int32_t dims[CAI_INFER_MAX_DIMS];
    uint32_t name_off;   /* file offset of the name string (0: none) */
    uint32_t scales_off; /* file offset of the float scale array */
    uint32_t zps_off;    /* file offset of the int64 zero-point array */
    uint32_t num_scales;
    float scale;
    int32_t zero_point;
    int32_t quantized_dim;
    uint8_t type;
    uint8_t rank;
    uint8_t flags;
} cai_tensor_rec_t;

/* An operator as the loader decodes it (load_operator) and its setup fills
 * it (op_setup.h); lives on the stack during load only. */
typedef struct infer_op {
    _Alignas(8) unsigned char params[CAI_INFER_OP_PARAM_BYTES];
    uint32_t params_bytes;                   /* bytes of params used (infer_op_params) */
    int16_t inputs[CAI_INFER_MAX_OP_INPUTS]; /* -1 = optional input absent */
    int16_t output;
    uint8_t num_inputs;
    uint8_t builtin; /* effective BuiltinOperator code */
    uint8_t variant; /* kernel flavour chosen by the op's setup (INFER_VARIANT_*) */
    bool has_requant;
    cai_op_options_t opts;
    int32_t version;
    uint32_t options_off;   /* file offset of the builtin options table (0: none) */
    uint32_t scratch_bytes; /* kernel scratch (the requantization area comes on top) */
    /* Per-channel requantization of an int8 FC/convolution: either every
     * channel has the same multiplier and shift (stored: `fixed`), or they
     * are computed as the op runs from the float scales (`scales`). */
    struct infer_requant {
        const float *w_scales; /* in the model buffer; NULL: all channels `fixed` */
        union {
            struct {
                float in_scale, out_scale;
            } scales;
            struct {
                int32_t mult, shift;
            } fixed;
        } u;
        int32_t n_w_scales; /* 1 or n_channels */
        int32_t n_channels; /* entries the kernel reads */
    } requant;
} infer_op_t;
typedef struct infer_requant infer_requant_t;

/* The run record of an operator, in the state (one per op). */
typedef struct cai_op_rec {
    const void *params; /* kernel parameters (then an infer_requant_t), in the state */
    const void *in[3];  /* operand pointers (prepare) */
    void *out;
    void *scratch;        /* op scratch in the arena (prepare), NULL if none */
    uint32_t scratch_off; /* planned arena offset of the scratch */
    uint32_t scratch_bytes;
    int16_t inputs[3]; /* tensor indices, -1 absent */
    int16_t output;
    uint8_t builtin;
    uint8_t variant;
} cai_op_rec_t;

/* The state header: where the verified model's tables are (used to decode
 * tensors and operators on demand) and the subgraph inputs/outputs. */
typedef struct infer_state {
    fb_vec_t tensors, buffers, ops, opcodes;
    uint32_t description_off;
    uint32_t reserved_;
    int16_t inputs[CAI_INFER_MAX_IO];
    int16_t outputs[CAI_INFER_MAX_IO];
} infer_state_t;

/* State layout, CAI_INFER_STATE_ALIGN-aligned:
 *   infer_state_t
 *   uint32_t loc[num_tensors]   (padded to 8): a runtime tensor's arena
 *                               offset, INFER_LOC_CONST | file offset of a
 *                               constant's data, or INFER_LOC_NONE (unused)
 *   cai_op_rec_t ops[num_ops]
 *   per op: its kernel parameters (8-aligned) then, for ops that
 *   requantize per channel, an infer_requant_t */
#define INFER_LOC_NONE  0xffffffffu
#define INFER_LOC_CONST 0x80000000u

/* The handle behind cai_model_t. */
typedef struct infer_model {
    const uint8_t *buf;
    uint8_t *state;
    uint8_t *arena; /* set by prepare */
    uint32_t len;
    uint32_t state_bytes;
    uint32_t arena_bytes;
    uint16_t num_tensors, num_ops;
    uint8_t num_inputs, num_outputs;
    uint8_t status; /* INFER_EMPTY, _LOADED, _PREPARED */
} infer_model_t;
_Static_assert(sizeof(infer_model_t) <= sizeof(cai_model_t), "cai_model_t too small");

enum {
    INFER_EMPTY = 0, /* zeroed storage, or a failed load */
    INFER_LOADED = 1,
    INFER_PREPARED = 2
};

static inline infer_model_t *infer_m(cai_model_t *m)
{
    return (infer_model_t *)(void *)m;
}
static inline const infer_model_t *infer_cm(const cai_model_t *m)
{
    return (const infer_model_t *)(const void *)m;
}
static inline const infer_state_t *infer_hdr(const infer_model_t *m)
{
    return (const infer_state_t *)(const void *)m->state;
}
static inline uint32_t *infer_locs(const infer_model_t *m)
{
    return (uint32_t *)(void *)(m->state + sizeof(infer_state_t));
}
static inline uint32_t infer_align8(uint32_t v)
{
    return (v + 7u) & ~7u;
}
static inline cai_op_rec_t *infer_recs(const infer_model_t *m)
{
    return (cai_op_rec_t *)(void *)(m->state + sizeof(infer_state_t) +
                                    infer_align8(4u * m->num_tensors));
}

/* cai_op_rec.variant: the kernel flavour an operator's setup picked (by
 * tensor type), read only by the same operator's eval. */
enum {
    INFER_VARIANT_NONE = 0,
    INFER_VARIANT_S8 = 1,
    INFER_VARIANT_F32 = 2
};

/* One row of op_table.h, as the loader and the operator setup see it. */
struct op_ctx;
typedef struct infer_op_def {
    uint32_t builtin;
    int32_t max_version;
    uint8_t options_type;
    int (*setup)(struct op_ctx *x);
    const char *name;
} infer_op_def_t;

/* ---- tensor.c ---- */

/* Bytes per element of a supported dtype (0 for others). */
uint32_t infer_dtype_size(uint32_t type);

/* Number of elements of a verified tensor. */
uint32_t infer_elements(const cai_tensor_rec_t *t);

/* ---- loader.c ---- */

/* Decode (and verify) tensor i of the model described by `g`. */
int infer_tensor_get(fb_ctx_t *c, const infer_state_t *g, uint32_t i, cai_tensor_rec_t *t);

/* Decode (and verify) operator k: opcode, operands, options position. */
int infer_op_get(fb_ctx_t *c, const infer_state_t *g, uint32_t num_tensors, uint32_t k,
                 infer_op_t *op);

/* ---- ops_setup.c ---- */

/* The row of a builtin code, or NULL when the engine does not run it. */
const infer_op_def_t *infer_op_find(uint32_t builtin);

/* Validate operator k (decoded in *op) against its kernel and fill its
 * variant, kernel parameters, requantization and scratch size. */
int infer_op_setup(fb_ctx_t *c, const infer_state_t *g, uint32_t k, infer_op_t *op);

/* Arena bytes of an op's scratch: kernel scratch plus, for ops that
 * requantize per channel, the multipliers and shifts (16-aligned each). */
uint32_t infer_op_scratch_total(const infer_op_t *op);

/* ---- planner.c ---- */

/* 12 bytes: lifetimes are op indices <= CAI_INFER_MAX_OPS (a byte). */
typedef struct infer_plan_item {
    uint32_t off;        /* arena offset, after infer_plan_place */
    uint32_t size;       /* bytes, a multiple of 16 */
    uint16_t id;         /* tensor index, or num_tensors + op index for a scratch */
    uint8_t first, last; /* lifetime, op indices (num_ops: past the last op) */
} infer_plan_item_t;
_Static_assert(CAI_INFER_MAX_OPS <= 254u, "plan lifetimes are bytes");
_Static_assert(CAI_INFER_MAX_TENSORS + CAI_INFER_MAX_OPS <= 0xffffu, "plan ids");

typedef struct infer_plan {
    infer_plan_item_t items[CAI_INFER_MAX_PLAN_ITEMS];
    uint32_t n;
    uint32_t num_tensors;
    uint32_t total; /* arena bytes, after infer_plan_place */
} infer_plan_t;

/* Item of tensor t, or -1. */
int infer_plan_find(const infer_plan_t *p, uint32_t t);
/* Add a buffer; -1 (CAI_INFER_ERR_LIMIT recorded) when full. */
int infer_plan_add(fb_ctx_t *c, infer_plan_t *p, uint32_t id, uint32_t size, int32_t first,
                   int32_t last);
/* Lifetime-based placement of the items; sets p->total. */
int infer_plan_place(fb_ctx_t *c, infer_plan_t *p);

/* ---- interp.c ---- */

/* The per-channel multipliers of a requantizing op, computed into its
 * scratch; returns the kernel's part of the scratch. params_size: the
 * kernel parameter struct before the infer_requant_t. */
void *infer_requant_run(const cai_op_rec_t *op, size_t params_size, const int32_t **mult,
                        const int32_t **shift);

#endif /* CAI_INFER_MODEL_INT_H */
