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

#define PSA_IPC_CONNECT (-1)
#define PSA_IPC_DISCONNECT (-2)

typedef uint32_t psa_signal_t;

typedef struct psa_msg_t {
    int32_t type;          /* PSA_IPC_CONNECT, PSA_IPC_DISCONNECT or a call type >= 0 */
    psa_handle_t handle;   /* message handle for psa_read/psa_skip/psa_write */
    int32_t client_id;     /* < 0: non-secure client; > 0: secure partition id */
    void *rhandle;         /* per-connection state set with psa_set_rhandle */
    size_t in_size[PSA_MAX_IOVEC];
    size_t out_size[PSA_MAX_IOVEC];
} psa_msg_t;

/* Copy up to num_bytes from input vector invec_idx (from the current read
 * position) into buffer; returns the number of bytes copied. */
size_t psa_read(psa_handle_t msg_handle, uint32_t invec_idx, void *buffer, size_t num_bytes);
/* Advance the read position of input vector invec_idx; returns bytes skipped. */
size_t psa_skip(psa_handle_t msg_handle, uint32_t invec_idx, size_t num_bytes);
/* Append num_bytes to output vector outvec_idx. Writing past its size is a
 * programmer error: the SPM rejects the call (see spm.h). */
void psa_write(psa_handle_t msg_handle, uint32_t outvec_idx, const void *buffer, size_t num_bytes);
void psa_set_rhandle(psa_handle_t msg_handle, void *rhandle);

#ifdef __cplusplus
}
#endif

#endif /* PSA_SERVICE_H */
