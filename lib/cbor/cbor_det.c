/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Deterministic encoding check, RFC 8949 §4.2.1 (core deterministic encoding
 * requirements): preferred serialization (shortest heads, shortest exact
 * floats), no indefinite lengths, and map keys sorted by the bytewise
 * lexicographic order of their encodings, with no duplicates.
 *
 * Runs over the pull decoder without recursion. Map keys are compared as
 * byte ranges of the input, so the check needs no memory beyond one
 * previous-key record per open frame.
 */
#include <string.h>

#include "cai/cbor.h"

typedef struct {
    bool is_map;
    bool key_pending; /* the item being read at this level is a key */
    bool have_prev;   /* prev_* hold the previous key of this map */
    size_t key_start;
    size_t prev_start;
    size_t prev_len;
} det_frame_t;

/* Bytewise lexicographic order; a key is never a proper prefix of another
 * (each is one complete data item), but keep the rule total anyway. */
static int cmp_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = memcmp(a, b, n);
    if (c != 0) {
        return c;
    }
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

cai_cbor_err_t cai_cbor_check_deterministic(const uint8_t *buf, size_t len)
{
    cai_cbor_limits_t lim = { CAI_CBOR_MAX_DEPTH, 0, 0 };
    cai_cbor_dec_t d;
    det_frame_t fr[CAI_CBOR_MAX_DEPTH];
    cai_cbor_item_t it;

    /* Keep going after a determinism violation: a not-well-formed input must
     * be reported as such, whatever comes first. */
    cai_cbor_err_t verdict = CAI_CBOR_OK;

    cai_cbor_dec_init(&d, buf, len, &lim);
    memset(fr, 0, sizeof fr);
    for (;;) {
        uint32_t depth = d.depth;
        /* In a map frame an even number of remaining children means the
         * next item is a key. */
        det_frame_t *parent = depth > 0 ? &fr[depth - 1] : NULL;
        if (parent && parent->is_map && (d.remaining[depth - 1] & 1u) == 0) {
            parent->key_pending = true;
            parent->key_start = d.pos;
        }
        cai_cbor_err_t r = cai_cbor_next(&d, &it);
        if (r == CAI_CBOR_ERR_END) {
            break;
        }
        if (r != CAI_CBOR_OK) {
            return r;
        }
        if (it.indefinite || !it.shortest) {
            verdict = CAI_CBOR_ERR_NOT_DETERMINISTIC;
        }
        if (d.depth > depth) { /* the item opened a frame */
            fr[depth].is_map = it.type == CAI_CBOR_MAP;
            fr[depth].key_pending = false;
            fr[depth].have_prev = false;
        }
        /* A key is complete once the decoder is back at its map's level
         * with an odd number of children left (the value is still due; a
         * key never completes its map). */
        det_frame_t *cur = d.depth > 0 ? &fr[d.depth - 1] : NULL;
        if (cur && cur->key_pending && (d.remaining[d.depth - 1] & 1u)) {
            cur->key_pending = false;
            size_t klen = d.pos - cur->key_start;
            if (cur->have_prev &&
                cmp_bytes(buf + cur->prev_start, cur->prev_len, buf + cur->key_start, klen) >= 0) {
                verdict = CAI_CBOR_ERR_NOT_DETERMINISTIC; /* unsorted or duplicate */
            }
            cur->have_prev = true;
            cur->prev_start = cur->key_start;
            cur->prev_len = klen;
        }
    }
    cai_cbor_err_t r = cai_cbor_dec_finish(&d);
    return r != CAI_CBOR_OK ? r : verdict;
}
