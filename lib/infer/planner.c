/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory planner: places every runtime tensor (and every op's scratch
 * buffer) in one arena so that buffers whose lifetimes overlap never share
 * bytes. Lifetimes are op-index intervals: a tensor lives from the op that
 * writes it (op 0 for subgraph inputs) to the last op that reads it (past the
 * end for subgraph outputs, so results survive invoke). Placement is greedy:
 * largest buffer first, each at the lowest 16-byte-aligned offset that does
 * not collide with an already placed buffer alive at the same time.
 *
 * RESHAPE whose input is a runtime tensor runs in place: its output shares
 * the input's memory (the bytes are identical), and the shared buffer lives
 * as long as either tensor.
 */

#include "model_int.h"

#define ALIGN     16u
#define MAX_ITEMS (CAI_INFER_MAX_TENSORS + CAI_INFER_MAX_OPS)

/* Every buffer is <= 2^28 bytes (loader limits) and the arena is kept
 * <= 2^31 - 1 bytes, so offsets and sums below never overflow 32 bits. */
#define MAX_ARENA 0x7fffffffu

/* The buffers to place ("items") are numbered 0..num_tensors-1 for tensors
 * (only planned ones that are not RESHAPE aliases take part) and
 * num_tensors + k for op k's scratch. Their sizes, lifetimes and offsets are
 * read and written in the model records directly, so the planner needs
 * under 1 KB of stack (it runs on the secure side). */
typedef struct plan {
    cai_model_t *m;
} plan_t;

static uint32_t round_up(uint32_t v)
{
    return (v + ALIGN - 1) / ALIGN * ALIGN;
}

static uint32_t item_size(const plan_t *p, uint32_t i)
{
    const cai_model_t *m = p->m;
    return i < m->num_tensors ? round_up(m->tensors[i].bytes)
                              : round_up(m->ops[i - m->num_tensors].scratch_bytes);
}

static int32_t item_first(const plan_t *p, uint32_t i)
{
    const cai_model_t *m = p->m;
    return i < m->num_tensors ? m->tensors[i].first_op : (int32_t)(i - m->num_tensors);
}

static int32_t item_last(const plan_t *p, uint32_t i)
{
    const cai_model_t *m = p->m;
    return i < m->num_tensors ? m->tensors[i].last_op : (int32_t)(i - m->num_tensors);
}

static uint32_t *item_off(plan_t *p, uint32_t i)
{
    cai_model_t *m = p->m;
    return i < m->num_tensors ? &m->tensors[i].arena_offset
                              : &m->ops[i - m->num_tensors].scratch_off;
}

static int overlaps(const plan_t *p, uint32_t a, uint32_t b)
{
    return item_first(p, a) <= item_last(p, b) && item_first(p, b) <= item_last(p, a);
}

/* Alias RESHAPE outputs to their input's buffer; widen the shared lifetime. */
static void alias_reshapes(cai_model_t *m)
{
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        m->tensors[i].alias_of = -1;
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        const cai_op_rec_t *op = &m->ops[k];
        if (op->builtin != OP_RESHAPE) {
            continue;
        }
        int in = op->inputs[0];
        const cai_tensor_rec_t *ti = &m->tensors[in];
        if (ti->flags & TF_CONST) {
            continue;
        }
        int root = ti->alias_of >= 0 ? ti->alias_of : in;
        cai_tensor_rec_t *r = &m->tensors[root];
        cai_tensor_rec_t *to = &m->tensors[op->output];
        to->alias_of = (int16_t)root;
        if (to->first_op < r->first_op) {
            r->first_op = to->first_op;
        }
        if (to->last_op > r->last_op) {
            r->last_op = to->last_op;
        }
    }
    /* members take the root's full lifetime (for reporting) */
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        cai_tensor_rec_t *t = &m->tensors[i];
        if (t->alias_of >= 0) {
            t->first_op = m->tensors[t->alias_of].first_op;
            t->last_op = m->tensors[t->alias_of].last_op;
        }
    }
}

int infer_plan(cai_model_t *m, fb_ctx_t *c)
{
    plan_t p = { m };
    uint16_t order[MAX_ITEMS];
    uint16_t live[MAX_ITEMS];
    uint32_t n = 0;

    alias_reshapes(m);
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        const cai_tensor_rec_t *t = &m->tensors[i];
        if ((t->flags & TF_PLANNED) && t->alias_of < 0) {
            order[n++] = (uint16_t)i;
        }
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        if (m->ops[k].scratch_bytes != 0) {
            order[n++] = (uint16_t)(m->num_tensors + k);
        }
    }
    /* largest first; ties by earlier start, then by number (deterministic) */
    for (uint32_t i = 1; i < n; i++) {
        uint16_t v = order[i];
        uint32_t j = i;
        while (j > 0) {
            uint32_t sa = item_size(&p, order[j - 1]), sb = item_size(&p, v);
            if (sa > sb || (sa == sb && item_first(&p, order[j - 1]) <= item_first(&p, v))) {
                break;
            }
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }

    uint32_t total = 0;
    for (uint32_t oi = 0; oi < n; oi++) {
        uint32_t it = order[oi], size = item_size(&p, it);
        /* already placed items (those before it in `order`) alive at the
         * same time, by ascending offset */
        uint32_t nl = 0;
        for (uint32_t oj = 0; oj < oi; oj++) {
            uint32_t j = order[oj];
            if (!overlaps(&p, j, it)) {
                continue;
            }
            uint32_t q = nl++;
            while (q > 0 && *item_off(&p, live[q - 1]) > *item_off(&p, j)) {
                live[q] = live[q - 1];
                q--;
            }
            live[q] = (uint16_t)j;
        }
        uint32_t cand = 0;
        for (uint32_t j = 0; j < nl; j++) {
            uint32_t off = *item_off(&p, live[j]), end = off + item_size(&p, live[j]);
            if (cand + size <= off) {
                break;
            }
            if (end > cand) {
                cand = end;
            }
        }
        if (size > MAX_ARENA - cand) {
            return fb_failc(c, CAI_INFER_ERR_LIMIT, "the arena would exceed 2 GiB");
        }
        *item_off(&p, it) = cand;
        if (cand + size > total) {
            total = cand + size;
        }
    }
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        cai_tensor_rec_t *t = &m->tensors[i];
        if (t->alias_of >= 0) {
            t->arena_offset = m->tensors[t->alias_of].arena_offset;
        }
    }
    m->arena_size = total;
    return 0;
}

void infer_bind(cai_model_t *m)
{
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        cai_tensor_rec_t *t = &m->tensors[i];
        t->data = (t->flags & TF_PLANNED) ? m->arena + t->arena_offset : NULL;
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        cai_op_rec_t *op = &m->ops[k];
        for (uint32_t j = 0; j < 3; j++) {
            int ti = op->inputs[j];
            const cai_tensor_rec_t *t = ti >= 0 ? &m->tensors[ti] : NULL;
            op->in[j] = t == NULL               ? NULL
                        : (t->flags & TF_CONST) ? (const void *)t->const_data
                                                : (const void *)t->data;
        }
        op->out = m->tensors[op->output].data;
        op->scratch = op->scratch_bytes ? m->arena + op->scratch_off : NULL;
    }
}
