/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory planner: places every runtime tensor (and every op's scratch
 * buffer) in one arena so that buffers whose lifetimes overlap never share
 * bytes. Lifetimes are op-index intervals: a tensor lives from the op that
 * writes it (op 0 for subgraph inputs) to the last op that reads it (past the
 * end for subgraph outputs, so results survive invoke). Placement is greedy:
 * largest buffer first (ties: earlier start, then lower number: tensors by
 * index, then scratch buffers by op), each at the lowest 16-byte-aligned
 * offset that does not collide with an already placed buffer alive at the
 * same time.
 *
 * RESHAPE whose input is a runtime tensor runs in place: its output shares
 * the input's memory (the bytes are identical) and has no item of its own;
 * the shared buffer lives as long as either tensor (loader.c, buffer_of).
 *
 * The working set is the caller's infer_plan_t (on the stack of
 * cai_model_plan / cai_model_load): 12 bytes per item, no other memory.
 */

#include "model_int.h"

/* Every buffer is <= 2^28 bytes (loader limits) and the arena is kept
 * <= 2^31 - 1 bytes, so offsets and sums below never overflow 32 bits. */
#define MAX_ARENA 0x7fffffffu
#define UNPLACED  0xffffffffu

int infer_plan_find(const infer_plan_t *p, uint32_t t)
{
    for (uint32_t i = 0; i < p->n; i++) {
        if (p->items[i].id == t) {
            return (int)i;
        }
    }
    return -1;
}

int infer_plan_add(fb_ctx_t *c, infer_plan_t *p, uint32_t id, uint32_t size, int32_t first,
                   int32_t last)
{
    if (p->n >= CAI_INFER_MAX_PLAN_ITEMS) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT,
                        "more than %u buffers to place (runtime tensors and kernel scratch), "
                        "over the planner's limit",
                        (unsigned)CAI_INFER_MAX_PLAN_ITEMS);
    }
    infer_plan_item_t *it = &p->items[p->n++];
    it->off = UNPLACED;
    it->size = (size + 15u) & ~15u;
    it->first = (uint8_t)first;
    it->last = (uint8_t)last;
    it->id = (uint16_t)id;
    return 0;
}

static int overlaps(const infer_plan_item_t *a, const infer_plan_item_t *b)
{
    return a->first <= b->last && b->first <= a->last;
}

/* a goes before b in placement order */
static int before(const infer_plan_item_t *a, const infer_plan_item_t *b)
{
    if (a->size != b->size) {
        return a->size > b->size;
    }
    if (a->first != b->first) {
        return a->first < b->first;
    }
    return a->id < b->id;
}

int infer_plan_place(fb_ctx_t *c, infer_plan_t *p)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        p->items[i].off = UNPLACED;
    }
    for (;;) {
        /* the next item in placement order (selection: no order array) */
        infer_plan_item_t *it = NULL;
        for (uint32_t i = 0; i < p->n; i++) {
            infer_plan_item_t *q = &p->items[i];
            if (q->off == UNPLACED && (it == NULL || before(q, it))) {
                it = q;
            }
        }
        if (it == NULL) {
            break;
        }
        /* lowest offset clear of every placed item alive at the same time:
         * each conflict moves the candidate past that item, and no offset
         * skipped that way is free, so the first conflict-free one is the
         * lowest */
        uint32_t cand = 0;
        bool moved = true;
        while (moved) {
            moved = false;
            for (uint32_t j = 0; j < p->n; j++) {
                const infer_plan_item_t *q = &p->items[j];
                if (q == it || q->off == UNPLACED || !overlaps(q, it)) {
                    continue;
                }
                if (q->off < cand + it->size && cand < q->off + q->size) {
                    cand = q->off + q->size;
                    moved = true;
                }
            }
        }
        if (it->size > MAX_ARENA - cand) {
            return fb_failc(c, CAI_INFER_ERR_LIMIT, "the arena would exceed 2 GiB");
        }
        it->off = cand;
        if (cand + it->size > total) {
            total = cand + it->size;
        }
    }
    p->total = total;
    return 0;
}
