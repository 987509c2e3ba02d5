/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every limit the host SPE puts on its NS peers, in one place (docs/host.md
 * "Limits"). A peer is a uid, and within it a process (pid), as SO_PEERCRED
 * reports them at connect time; counts are across all of a peer's
 * connections, never per socket.
 */
#ifndef CAI_HOST_SPE_LIMITS_H
#define CAI_HOST_SPE_LIMITS_H

#include "cai/partition.h"

/* Connections served at once, all peers together (the static table). */
#define CAI_SPE_MAX_CLIENTS 64u
/* Connections of one process, and of one uid. The per-uid quotas keep uids
 * apart; they do not apply to root or to the SPE's own uid, which can stop
 * (and in the same-uid development mode read) the SPE anyway, so only the
 * per-process quotas bind those. */
#define CAI_SPE_MAX_CONN_PER_PID 8u
#define CAI_SPE_MAX_CONN_PER_UID 32u
/* Open handles (psa_connect) of one process, and of one uid, out of the
 * SPM's NS pool (CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS;
 * the SPM also caps one connection at CAI_SPM_MAX_CONNECTIONS_PER_CLIENT). */
#define CAI_SPE_MAX_HANDLES_PER_PID 32u
#define CAI_SPE_MAX_HANDLES_PER_UID 48u
/* A connection that holds no handle and sends nothing for this long is
 * dropped (--idle-timeout SECONDS; 0 never). */
#define CAI_SPE_IDLE_TIMEOUT_DEFAULT_S 30u
/* Expensive calls (identity CSR, TLS digest signing, certificate install):
 * a token bucket per uid, this many at once and this many more per second
 * (--rate-burst N, --rate-per-second N); beyond it the call is answered
 * PSA_ERROR_CONNECTION_BUSY without reaching the service. */
#define CAI_SPE_RATE_BURST_DEFAULT      64u
#define CAI_SPE_RATE_PER_SECOND_DEFAULT 16u
/* uids whose buckets are remembered (a full bucket is forgotten first: it
 * is the same as a new one). */
#define CAI_SPE_RATE_PEERS 64u
/* --allow-uid / --allow-gid entries. */
#define CAI_SPE_ALLOW_MAX 16u
/* The log: rotated to <name>.1 when it reaches this size. */
#define CAI_SPE_LOG_MAX_BYTES (1024u * 1024u)
/* Drop/refusal lines per second at most (the rest counted, then reported). */
#define CAI_SPE_NOISY_LOG_PER_SECOND 20u

_Static_assert(CAI_SPE_MAX_HANDLES_PER_UID <
                   CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS,
               "one uid must not be able to take the whole NS handle pool");
_Static_assert(CAI_SPE_MAX_CONN_PER_UID < CAI_SPE_MAX_CLIENTS,
               "one uid must not be able to take every connection slot");

#endif /* CAI_HOST_SPE_LIMITS_H */
