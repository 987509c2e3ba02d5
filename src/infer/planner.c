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
#include <string.h>

#include "model_int.h"

#define ALIGN 16u
#define MAX_ITEMS (CAI_INFER_MAX_TENSORS + CAI_INFER_MAX_OPS)

typedef struct plan_item {
    uint32_t size;  /* rounded up to ALIGN */
    uint32_t off;
    int16_t first, last;
    int16_t owner;  /* tensor index (>= 0) or -(op index) - 1 for scratch */
    uint8_t placed;
} plan_item;

/* Every buffer is <= 2^28 bytes (loader limits) and the arena is kept
 * <= 2^31 - 1 bytes, so offsets and sums below never overflow 32 bits. */
#define MAX_ARENA 0x7fffffffu

static int overlaps(const plan_item *a, const plan_item *b)
{
    return a->first <= b->last && b->first <= a->last;
}

static uint32_t round_up(uint32_t v)
{
    return (v + ALIGN - 1) / ALIGN * ALIGN;
}

/* Alias RESHAPE outputs to their input's buffer; widen the shared lifetime. */
static void alias_reshapes(cai_model_t *m)
{
    for (uint32_t i = 0; i < m->num_tensors; i++)
        m->tensors[i].alias_of = -1;
    for (uint32_t k = 0; k < m->num_ops; k++) {
        const cai_op_rec_t *op = &m->ops[k];
        if (op->kind != K_RESHAPE)
            continue;
        int in = op->inputs[0];
        const cai_tensor_rec_t *ti = &m->tensors[in];
        if (ti->flags & TF_CONST)
            continue;
        int root = ti->alias_of >= 0 ? ti->alias_of : in;
        cai_tensor_rec_t *r = &m->tensors[root];
        cai_tensor_rec_t *to = &m->tensors[op->output];
        to->alias_of = (int16_t)root;
        if (to->first_op < r->first_op)
            r->first_op = to->first_op;
        if (to->last_op > r->last_op)
            r->last_op = to->last_op;
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

int infer_plan(cai_model_t *m, fb_ctx *c)
{
    plan_item items[MAX_ITEMS];
    uint32_t order[MAX_ITEMS];
    uint32_t n = 0;

    alias_reshapes(m);
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        const cai_tensor_rec_t *t = &m->tensors[i];
        if (!(t->flags & TF_PLANNED) || t->alias_of >= 0)
            continue;
        items[n] = (plan_item){ round_up(t->bytes), 0, t->first_op, t->last_op, (int16_t)i, 0 };
        n++;
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        if (m->ops[k].scratch_bytes == 0)
            continue;
        items[n] = (plan_item){ round_up(m->ops[k].scratch_bytes), 0, (int16_t)k, (int16_t)k,
                                (int16_t)(-(int32_t)k - 1), 0 };
        n++;
    }
    /* largest first; ties by earlier start, then by index (deterministic) */
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t v = order[i], j = i;
        while (j > 0) {
            const plan_item *a = &items[order[j - 1]], *b = &items[v];
            if (a->size > b->size || (a->size == b->size && a->first <= b->first))
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }

    uint32_t total = 0;
    for (uint32_t oi = 0; oi < n; oi++) {
        plan_item *it = &items[order[oi]];
        /* placed items alive at the same time, by ascending offset */
        uint32_t live[MAX_ITEMS], nl = 0;
        for (uint32_t j = 0; j < n; j++) {
            if (!items[j].placed || !overlaps(&items[j], it))
                continue;
            uint32_t p = nl++;
            while (p > 0 && items[live[p - 1]].off > items[j].off) {
                live[p] = live[p - 1];
                p--;
            }
            live[p] = j;
        }
        uint32_t cand = 0;
        for (uint32_t j = 0; j < nl; j++) {
            const plan_item *p = &items[live[j]];
            if (cand + it->size <= p->off)
                break;
            if (p->off + p->size > cand)
                cand = p->off + p->size;
        }
        if (it->size > MAX_ARENA - cand)
            return fb_failc(c, CAI_INFER_E_LIMIT, "the arena would exceed 2 GiB");
        it->off = cand;
        it->placed = 1;
        if (cand + it->size > total)
            total = cand + it->size;
    }

    for (uint32_t i = 0; i < n; i++) {
        if (items[i].owner >= 0)
            m->tensors[items[i].owner].arena_offset = items[i].off;
        else
            m->ops[-items[i].owner - 1].scratch_off = items[i].off;
    }
    for (uint32_t i = 0; i < m->num_tensors; i++) {
        cai_tensor_rec_t *t = &m->tensors[i];
        if (t->alias_of >= 0)
            t->arena_offset = m->tensors[t->alias_of].arena_offset;
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
            op->in[j] = t == NULL ? NULL : (t->flags & TF_CONST) ? (const void *)t->const_data
                                                                 : (const void *)t->data;
        }
        op->out = m->tensors[op->output].data;
        op->scratch = op->scratch_bytes ? m->arena + op->scratch_off : NULL;
    }
}
