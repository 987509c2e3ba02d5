/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encoding and strict checking of cai host IPC frames (see frame.h and
 * docs/host.md). Pure byte manipulation: shared by cai-spe and the NS client
 * library, and the natural target for the frame fuzzer.
 */
#include "cai_host/frame.h"

#include <string.h>

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Two's complement round trip without implementation-defined conversions. */
static int32_t get_i32(const uint8_t *p)
{
    uint32_t u = get_u32(p);
    if (u <= 0x7fffffffu) {
        return (int32_t)u;
    }
    return -(int32_t)(~u) - 1;
}

const char *cai_frame_result_str(cai_frame_result_t r)
{
    switch (r) {
    case CAI_FRAME_OK:
        return "ok";
    case CAI_FRAME_SHORT:
        return "frame shorter than its header";
    case CAI_FRAME_BAD_MAGIC:
        return "bad frame magic";
    case CAI_FRAME_BAD_VERSION:
        return "unsupported frame version";
    case CAI_FRAME_BAD_OP:
        return "unknown or unexpected operation";
    case CAI_FRAME_BAD_COUNT:
        return "bad vector count";
    case CAI_FRAME_BAD_LENGTH:
        return "payload size does not match the declared lengths";
    case CAI_FRAME_TOO_BIG:
        return "vectors exceed the per-call size cap";
    }
    return "unknown frame error";
}

void cai_frame_req_encode(const cai_frame_req_t *req, uint8_t hdr[CAI_FRAME_REQ_HDR_SIZE])
{
    put_u32(hdr, CAI_FRAME_MAGIC);
    hdr[4] = CAI_FRAME_VERSION;
    hdr[5] = req->op;
    hdr[6] = req->n_in;
    hdr[7] = req->n_out;
    put_u32(hdr + 8, req->seq);
    put_u32(hdr + 12, (uint32_t)req->arg0);
    put_u32(hdr + 16, (uint32_t)req->arg1);
    for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
        put_u32(hdr + 20 + 4 * i, req->in_len[i]);
        put_u32(hdr + 36 + 4 * i, req->out_len[i]);
    }
}

void cai_frame_rep_encode(const cai_frame_rep_t *rep, uint8_t hdr[CAI_FRAME_REP_HDR_SIZE])
{
    put_u32(hdr, CAI_FRAME_MAGIC);
    hdr[4] = CAI_FRAME_VERSION;
    hdr[5] = rep->op;
    hdr[6] = rep->n_out;
    hdr[7] = 0;
    put_u32(hdr + 8, rep->seq);
    put_u32(hdr + 12, (uint32_t)rep->status);
    put_u32(hdr + 16, rep->value);
    for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
        put_u32(hdr + 20 + 4 * i, rep->out_len[i]);
    }
}

/* Lengths in slots past the count must be zero: a frame has one meaning. */
static int unused_slots_zero(const uint32_t *len, size_t n)
{
    for (size_t i = n; i < CAI_FRAME_MAX_VECS; i++) {
        if (len[i] != 0) {
            return 0;
        }
    }
    return 1;
}

cai_frame_result_t cai_frame_req_decode(const uint8_t *frame, size_t frame_len,
                                        cai_frame_req_t *req)
{
    if (frame_len < CAI_FRAME_REQ_HDR_SIZE) {
        return CAI_FRAME_SHORT;
    }
    if (get_u32(frame) != CAI_FRAME_MAGIC) {
        return CAI_FRAME_BAD_MAGIC;
    }
    if (frame[4] != CAI_FRAME_VERSION) {
        return CAI_FRAME_BAD_VERSION;
    }
    memset(req, 0, sizeof(*req));
    req->op = frame[5];
    req->n_in = frame[6];
    req->n_out = frame[7];
    req->seq = get_u32(frame + 8);
    req->arg0 = get_i32(frame + 12);
    req->arg1 = get_i32(frame + 16);
    for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
        req->in_len[i] = get_u32(frame + 20 + 4 * i);
        req->out_len[i] = get_u32(frame + 36 + 4 * i);
    }
    if (req->op < CAI_OP_FRAMEWORK_VERSION || req->op > CAI_OP_CLOSE) {
        return CAI_FRAME_BAD_OP;
    }
    if (req->n_in > CAI_FRAME_MAX_VECS || req->n_out > CAI_FRAME_MAX_VECS) {
        return CAI_FRAME_BAD_COUNT;
    }
    if (req->op != CAI_OP_CALL && (req->n_in != 0 || req->n_out != 0)) {
        return CAI_FRAME_BAD_COUNT;
    }
    if (!unused_slots_zero(req->in_len, req->n_in) ||
        !unused_slots_zero(req->out_len, req->n_out)) {
        return CAI_FRAME_BAD_COUNT;
    }
    /* 64-bit sums: four 32-bit lengths cannot overflow them. */
    uint64_t in_total = 0, out_total = 0;
    for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
        in_total += req->in_len[i];
        out_total += req->out_len[i];
    }
    if (in_total != (uint64_t)(frame_len - CAI_FRAME_REQ_HDR_SIZE)) {
        return CAI_FRAME_BAD_LENGTH;
    }
    if (in_total + out_total > CAI_IPC_MAX_CALL_BYTES) {
        return CAI_FRAME_TOO_BIG;
    }
    return CAI_FRAME_OK;
}

cai_frame_result_t cai_frame_rep_decode(const uint8_t *frame, size_t frame_len,
                                        const cai_frame_req_t *req, cai_frame_rep_t *rep)
{
    if (frame_len < CAI_FRAME_REP_HDR_SIZE) {
        return CAI_FRAME_SHORT;
    }
    if (get_u32(frame) != CAI_FRAME_MAGIC) {
        return CAI_FRAME_BAD_MAGIC;
    }
    if (frame[4] != CAI_FRAME_VERSION) {
        return CAI_FRAME_BAD_VERSION;
    }
    memset(rep, 0, sizeof(*rep));
    rep->op = frame[5];
    rep->n_out = frame[6];
    rep->seq = get_u32(frame + 8);
    rep->status = get_i32(frame + 12);
    rep->value = get_u32(frame + 16);
    for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
        rep->out_len[i] = get_u32(frame + 20 + 4 * i);
    }
    if (rep->op != (uint8_t)(req->op | CAI_FRAME_REPLY_BIT) || rep->seq != req->seq ||
        frame[7] != 0) {
        return CAI_FRAME_BAD_OP;
    }
    if (rep->n_out != req->n_out || !unused_slots_zero(rep->out_len, rep->n_out)) {
        return CAI_FRAME_BAD_COUNT;
    }
    uint64_t total = 0;
    for (size_t i = 0; i < rep->n_out; i++) {
        if (rep->out_len[i] > req->out_len[i]) {
            return CAI_FRAME_BAD_LENGTH;
        }
        total += rep->out_len[i];
    }
    if (total != (uint64_t)(frame_len - CAI_FRAME_REP_HDR_SIZE)) {
        return CAI_FRAME_BAD_LENGTH;
    }
    return CAI_FRAME_OK;
}
