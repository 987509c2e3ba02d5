/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a secure partition may use besides psa/service.h and psa/client.h:
 * a log call and the SPM limits it may size its tables by. A partition never
 * sees the SPM's transport API (cai/spm.h: it could name any caller there)
 * or the platform port (cai/spe_port.h); the SPM is its only way out.
 */
#ifndef CAI_PARTITION_H
#define CAI_PARTITION_H

#include <stddef.h>

#include "cai/ipc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits of the SPM (docs/spm.md "Bounds") --------------------------- */

/* Open connection handles, all clients together: a connection-based service
 * never sees more than this many connections at once. */
#define CAI_SPM_MAX_CONNECTIONS 128u
/* Total of all vector sizes in one psa_call: the limit both sides share. */
#define CAI_SPM_MAX_CALL_BYTES CAI_IPC_MAX_CALL_BYTES
/* One client (one NS connection of the transport, or one partition) holds at
 * most this many connection handles, so it cannot exhaust the table alone. */
#define CAI_SPM_MAX_CONNECTIONS_PER_CLIENT 16u
/* Slots only secure partitions may take: all NS clients together hold at most
 * CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS handles, so
 * partition-to-partition connections always find room. */
#define CAI_SPM_SECURE_RESERVED_CONNECTIONS 16u
/* Deepest chain of nested dispatches (a partition calling a service from its
 * sfn, which calls another ...). A partition already on the chain cannot be
 * entered again (its sfn is not re-entrant). */
#define CAI_SPM_MAX_NESTING 8u

/* ---- Log ---------------------------------------------------------------- */

/*
 * One line to the SPE's log (host: stderr/spe.log; an521: the secure UART),
 * printf-formatted, cut at CAI_SPE_PORT_LOG_LINE_MAX (255) characters; a
 * trailing newline is optional. Never fails, never blocks on a client. From
 * init and service functions alike. Never log secrets or caller data.
 */
void cai_partition_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#ifdef __cplusplus
}
#endif

#endif /* CAI_PARTITION_H */
