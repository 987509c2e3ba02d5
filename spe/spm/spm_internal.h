/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internals shared by the files of the SPM (spe/spm). Not a public header:
 * images and transports use spe/include/cai/spm.h, partitions
 * spe/include/cai/partition.h and spe/include/psa/service.h. (The SPM unit
 * tests include it too: they check the SPM from the inside.)
 *
 * The SPM is single-threaded: the backend serializes every cai_spm_* call
 * (the host transport serves one request at a time; on an521 the secure
 * gateway runs to completion). Nested calls from inside a service function
 * (a partition acting as a client) are the only re-entry, and they go through
 * the dispatch stack below.
 */
#ifndef CAI_SPM_INTERNAL_H
#define CAI_SPM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/partition.h"
#include "cai/spe_port.h"
#include "cai/spm.h"

/* Life of one connection slot. */
typedef enum {
    SPM_CONN_FREE = 0,
    SPM_CONN_CONNECTING, /* PSA_IPC_CONNECT being delivered: not usable yet */
    SPM_CONN_OPEN,
    SPM_CONN_CLOSING,       /* closed by the client; PSA_IPC_DISCONNECT still owed */
    SPM_CONN_DISCONNECTING, /* PSA_IPC_DISCONNECT being delivered */
} spm_conn_state_t;

typedef struct {
    spm_conn_state_t state;
    int32_t owner;       /* client id that connected */
    uint32_t generation; /* 1..SPM_GEN_MAX, bumped each time the slot is freed */
    const cai_service_t *service;
    void *rhandle; /* set by the service with psa_set_rhandle */
} spm_conn_t;

/* One message being dispatched to a service function. */
typedef struct {
    psa_msg_t msg; /* what the service was given (handle, sizes...) */
    const cai_service_t *service;
    spm_conn_t *conn; /* NULL for a stateless service */
    /* Bases copied from the client's arrays when the message was made (the
     * sizes are msg.in_size/out_size, 0 for vectors not passed), so nothing
     * the client's arrays turn into later can move the service's accesses. */
    const uint8_t *in_base[PSA_MAX_IOVEC];
    uint8_t *out_base[PSA_MAX_IOVEC];
    size_t in_pos[PSA_MAX_IOVEC];  /* psa_read/psa_skip position */
    size_t out_pos[PSA_MAX_IOVEC]; /* psa_write position = bytes written */
    bool faulted;                  /* the service broke a rule: reply PROGRAMMER_ERROR */
} spm_frame_t;

/* Validates every rule of docs/spm.md "Manifest" and logs the first broken
 * one. Returns PSA_SUCCESS or PSA_ERROR_INVALID_ARGUMENT. */
psa_status_t spm_manifest_validate(const cai_manifest_t *m);

/* Checks a psa_call's vectors: count (overflow-safe), NULL bases, address
 * wrap-around, input/input and output/any overlap, total size cap.
 * Returns PSA_SUCCESS or PSA_ERROR_PROGRAMMER_ERROR. */
psa_status_t spm_vectors_check(const psa_invec *in, size_t in_len, const psa_outvec *out,
                               size_t out_len);

/* The frame whose service function is running now, or NULL. */
spm_frame_t *spm_current_frame(void);

/* The secure partition the SPM is running right now (the owner of the
 * service whose message is being dispatched, or the partition whose init
 * function runs); 0 when none. spm_client.c uses it as the client id of a
 * partition calling psa_connect/psa_call/psa_close. */
int32_t cai_spm_current_partition(void);

/* The SPM's own log lines ("[SPM] ..."): formatted like cai_partition_log
 * and handed to the port's sink (spm_log.c). */
void spm_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif /* CAI_SPM_INTERNAL_H */
