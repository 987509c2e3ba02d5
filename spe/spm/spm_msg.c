/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The service side of a message: psa_read, psa_skip, psa_write and
 * psa_set_rhandle (spe/include/psa/service.h), over the vectors of the message
 * the SPM is dispatching right now.
 *
 * FF-M makes a service's misuse of these calls (a wrong message handle, an
 * index out of range, writing past an output vector) a PROGRAMMER ERROR that
 * panics the partition. The SPM here does the equivalent for the one message
 * concerned: it does nothing for the offending call and every later one on
 * the message, and answers the client PSA_ERROR_PROGRAMMER_ERROR whatever the
 * service returns, with every out_vec[i].len set to 0.
 */
#include "spm_internal.h"

/* memmove, not memcpy: nothing guarantees a service's buffer is disjoint
 * from the client's vector (both may live in SPE memory). */
#include <stdint.h>
#include <string.h>

/* The frame `msg_handle` must name: only the running message is valid (an
 * outer, waiting message belongs to another partition or is suspended). */
static spm_frame_t *frame_for(psa_handle_t msg_handle, bool needs_request)
{
    spm_frame_t *f = spm_current_frame();
    if (f == NULL || f->faulted) {
        return NULL; /* outside any service function, or already faulted */
    }
    /* Vectors exist only on request messages (type >= 0), not on
     * PSA_IPC_CONNECT / PSA_IPC_DISCONNECT. */
    if (msg_handle != f->msg.handle || (needs_request && f->msg.type < 0)) {
        f->faulted = true;
        return NULL;
    }
    return f;
}

/* Shared by psa_read and psa_skip: how many of num_bytes are left in
 * input vector idx (size 0 for a vector the client did not pass). */
static size_t input_take(const spm_frame_t *f, uint32_t idx, size_t num_bytes)
{
    size_t left = f->msg.in_size[idx] - f->in_pos[idx];
    return num_bytes < left ? num_bytes : left;
}

size_t psa_read(psa_handle_t msg_handle, uint32_t invec_idx, void *buffer, size_t num_bytes)
{
    spm_frame_t *f = frame_for(msg_handle, true);
    if (f == NULL) {
        return 0;
    }
    if (invec_idx >= PSA_MAX_IOVEC || (buffer == NULL && num_bytes > 0)) {
        f->faulted = true;
        return 0;
    }
    size_t n = input_take(f, invec_idx, num_bytes);
    if (n > 0) {
        memmove(buffer, f->in_base[invec_idx] + f->in_pos[invec_idx], n);
        f->in_pos[invec_idx] += n;
    }
    return n;
}

size_t psa_skip(psa_handle_t msg_handle, uint32_t invec_idx, size_t num_bytes)
{
    spm_frame_t *f = frame_for(msg_handle, true);
    if (f == NULL) {
        return 0;
    }
    if (invec_idx >= PSA_MAX_IOVEC) {
        f->faulted = true;
        return 0;
    }
    size_t n = input_take(f, invec_idx, num_bytes);
    f->in_pos[invec_idx] += n;
    return n;
}

void psa_write(psa_handle_t msg_handle, uint32_t outvec_idx, const void *buffer, size_t num_bytes)
{
    spm_frame_t *f = frame_for(msg_handle, true);
    if (f == NULL) {
        return;
    }
    if (outvec_idx >= PSA_MAX_IOVEC || (buffer == NULL && num_bytes > 0)) {
        f->faulted = true;
        return;
    }
    /* out_pos <= out_size always holds, so the subtraction cannot wrap. */
    if (num_bytes > f->msg.out_size[outvec_idx] - f->out_pos[outvec_idx]) {
        f->faulted = true; /* nothing of this write lands */
        return;
    }
    if (num_bytes > 0) {
        memmove(f->out_base[outvec_idx] + f->out_pos[outvec_idx], buffer, num_bytes);
        f->out_pos[outvec_idx] += num_bytes;
    }
}

void psa_set_rhandle(psa_handle_t msg_handle, void *rhandle)
{
    spm_frame_t *f = frame_for(msg_handle, false);
    if (f == NULL) {
        return;
    }
    if (f->conn == NULL) {
        f->faulted = true; /* stateless services have no connection state */
        return;
    }
    f->conn->rhandle = rhandle;
    f->msg.rhandle = rhandle;
}
