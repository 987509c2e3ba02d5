/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the IPC frame decoders: arbitrary bytes as a request
 * (what a hostile NS client can send cai-spe) and as a reply to a fixed
 * request (what a fake SPE can send the client library). On success the
 * decoded lengths must describe the frame exactly.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cai_host/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not CHECK(): it must also hold in release (NDEBUG) fuzz builds. */
#define CHECK(cond)  \
    do {             \
        if (!(cond)) \
            abort(); \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cai_frame_req_t req;
    cai_frame_result_t r = cai_frame_req_decode(data, size, &req);
    if (r == CAI_FRAME_OK || r == CAI_FRAME_TOO_BIG) {
        uint64_t in_total = 0;
        for (size_t i = 0; i < CAI_FRAME_MAX_VECS; i++) {
            CHECK(i < req.n_in || req.in_len[i] == 0);
            in_total += req.in_len[i];
        }
        CHECK(req.n_in <= CAI_FRAME_MAX_VECS && req.n_out <= CAI_FRAME_MAX_VECS);
        CHECK(in_total == size - CAI_FRAME_REQ_HDR_SIZE);
    }

    /* The same bytes as a reply to a call offering 4 outputs of 64 bytes. */
    cai_frame_req_t call = {
        .op = CAI_OP_CALL, .seq = 1, .n_out = 4, .out_len = { 64, 64, 64, 64 }
    };
    cai_frame_rep_t rep;
    if (cai_frame_rep_decode(data, size, &call, &rep) == CAI_FRAME_OK) {
        uint64_t total = 0;
        for (size_t i = 0; i < rep.n_out; i++) {
            CHECK(rep.out_len[i] <= call.out_len[i]);
            total += rep.out_len[i];
        }
        CHECK(total == size - CAI_FRAME_REP_HDR_SIZE);
    }
    return 0;
}
