/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cai host IPC frame: one SOCK_SEQPACKET message per request and one per
 * reply between the NS client library and cai-spe. Layout in docs/host.md.
 *
 * All integers are little-endian on the wire. A frame is never trusted: both
 * ends check magic, version, op, counts and every length against the received
 * size and the SPM caps before touching the payload (cai_frame_check_*).
 */
#ifndef CAI_HOST_FRAME_H
#define CAI_HOST_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "cai/ipc.h"
#include "psa/client.h"

#define CAI_FRAME_MAGIC     0x31494143u /* "CAI1" read as a little-endian u32 */
#define CAI_FRAME_VERSION   1u
#define CAI_FRAME_REPLY_BIT 0x80u

/* Request operations (the reply carries op | CAI_FRAME_REPLY_BIT). */
enum {
    CAI_OP_FRAMEWORK_VERSION = 1, /* -> value = FF-M framework version */
    CAI_OP_VERSION = 2,           /* arg0 = sid -> value = service version or 0 */
    CAI_OP_CONNECT = 3,           /* arg0 = sid, arg1 = version -> status = handle or error */
    CAI_OP_CALL = 4,              /* arg0 = handle, arg1 = type, vectors -> status, out lens */
    CAI_OP_CLOSE = 5,             /* arg0 = handle -> status */
};

#define CAI_FRAME_REQ_HDR_SIZE 52u
#define CAI_FRAME_REP_HDR_SIZE 36u
/* Vector slots in a frame: each direction can name up to PSA_MAX_IOVEC so a
 * request with too many vectors in total still reaches the SPM, which rejects
 * it with PSA_ERROR_PROGRAMMER_ERROR as FF-M asks. */
#define CAI_FRAME_MAX_VECS PSA_MAX_IOVEC
/* Largest frames either side accepts: header + the SPM's per-call byte cap. */
#define CAI_FRAME_REQ_MAX (CAI_FRAME_REQ_HDR_SIZE + CAI_IPC_MAX_CALL_BYTES)
#define CAI_FRAME_REP_MAX (CAI_FRAME_REP_HDR_SIZE + CAI_IPC_MAX_CALL_BYTES)

/* A request header, decoded. */
typedef struct cai_frame_req {
    uint8_t op;
    uint8_t n_in;
    uint8_t n_out;
    uint32_t seq; /* echoed in the reply so the client can match it */
    int32_t arg0;
    int32_t arg1;
    uint32_t in_len[CAI_FRAME_MAX_VECS];
    uint32_t out_len[CAI_FRAME_MAX_VECS]; /* capacities the caller offers */
} cai_frame_req_t;

/* A reply header, decoded. */
typedef struct cai_frame_rep {
    uint8_t op; /* request op | CAI_FRAME_REPLY_BIT */
    uint8_t n_out;
    uint32_t seq;
    int32_t status;
    uint32_t value;
    uint32_t out_len[CAI_FRAME_MAX_VECS]; /* bytes written, following the header */
} cai_frame_rep_t;

/* Result of checking a frame. */
typedef enum {
    CAI_FRAME_OK = 0,
    CAI_FRAME_SHORT, /* smaller than the header */
    CAI_FRAME_BAD_MAGIC,
    CAI_FRAME_BAD_VERSION,
    CAI_FRAME_BAD_OP,
    CAI_FRAME_BAD_COUNT, /* a vector count above CAI_FRAME_MAX_VECS, or lengths set past the count */
    CAI_FRAME_BAD_LENGTH, /* payload size differs from the sum of the declared lengths */
    CAI_FRAME_TOO_BIG,    /* declared sizes above the SPM cap */
} cai_frame_result_t;

const char *cai_frame_result_str(cai_frame_result_t r);

void cai_frame_req_encode(const cai_frame_req_t *req, uint8_t hdr[CAI_FRAME_REQ_HDR_SIZE]);
void cai_frame_rep_encode(const cai_frame_rep_t *rep, uint8_t hdr[CAI_FRAME_REP_HDR_SIZE]);

/* Decode and check a received request of frame_len bytes. On CAI_FRAME_OK the
 * in-vector bytes follow the header back to back and fill the frame exactly;
 * sum(in_len) + sum(out_len) may still exceed the SPM cap: that is reported as
 * CAI_FRAME_TOO_BIG so the SPE can answer PSA_ERROR_PROGRAMMER_ERROR. */
cai_frame_result_t cai_frame_req_decode(const uint8_t *frame, size_t frame_len,
                                        cai_frame_req_t *req);

/* Decode and check a received reply against the request it answers: op, seq,
 * out count and each written length <= the capacity the request offered, and
 * the payload is exactly the sum of the written lengths. */
cai_frame_result_t cai_frame_rep_decode(const uint8_t *frame, size_t frame_len,
                                        const cai_frame_req_t *req, cai_frame_rep_t *rep);

#endif /* CAI_HOST_FRAME_H */
