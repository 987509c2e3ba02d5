/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Firmware Framework-M 1.1 service-side API, SFN model: each RoT service
 * is one function that receives a message and returns its reply status. The
 * service reads and writes the caller's vectors only through psa_read,
 * psa_skip and psa_write, which the SPM bounds-checks.
 */
#ifndef PSA_SERVICE_H
#define PSA_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_IPC_CONNECT    (-1)
#define PSA_IPC_DISCONNECT (-2)

typedef uint32_t psa_signal_t;

typedef struct psa_msg_t {
    int32_t type;        /* PSA_IPC_CONNECT, PSA_IPC_DISCONNECT or a call type >= 0 */
    psa_handle_t handle; /* message handle for psa_read/psa_skip/psa_write */
    int32_t client_id;   /* < 0: non-secure client; > 0: secure partition id */
    void *rhandle;       /* per-connection state set with psa_set_rhandle */
    size_t in_size[PSA_MAX_IOVEC];
    size_t out_size[PSA_MAX_IOVEC];
} psa_msg_t;

/*
 * A service breaking a rule of these functions (a message handle other than
 * the running message's, an index >= PSA_MAX_IOVEC, a NULL buffer with a
 * length, vector access on a CONNECT/DISCONNECT message, writing past an
 * output vector) is a PROGRAMMER ERROR: the offending call and every later
 * one on that message do nothing, and the client gets
 * PSA_ERROR_PROGRAMMER_ERROR with every out_vec[i].len = 0 (docs/spm.md).
 */

/* Copy up to num_bytes from input vector invec_idx (from the current read
 * position) into buffer; returns the number of bytes copied (0 at the end, or
 * for a vector the client did not pass). */
size_t psa_read(psa_handle_t msg_handle, uint32_t invec_idx, void *buffer, size_t num_bytes);
/* Advance the read position of input vector invec_idx; returns bytes skipped
 * (at most what is left). */
size_t psa_skip(psa_handle_t msg_handle, uint32_t invec_idx, size_t num_bytes);
/* Append num_bytes to output vector outvec_idx. Past its size (or to a vector
 * the client did not pass) nothing is written and the call fails (above). */
void psa_write(psa_handle_t msg_handle, uint32_t outvec_idx, const void *buffer, size_t num_bytes);
/* Per-connection state, handed back in msg->rhandle of every later message
 * on the connection (a PROGRAMMER ERROR for a stateless service). */
void psa_set_rhandle(psa_handle_t msg_handle, void *rhandle);

#ifdef __cplusplus
}
#endif

#endif /* PSA_SERVICE_H */
