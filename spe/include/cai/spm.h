/*
 * The portable Secure Partition Manager (SPM).
 *
 * The SPM knows the manifest (every service: SID, version, policy, who may
 * call it), owns the connection-handle table and enforces the FF-M rules. It
 * makes no OS call: a backend transport (platform/host: a Unix socket;
 * platform/an521: TrustZone veneers) authenticates the caller, makes the
 * caller's vectors addressable from the SPE after checking them, and calls the
 * functions below. psa_read/psa_skip/psa_write (psa/service.h) are implemented
 * by the SPM on top of those vectors.
 */
#ifndef CAI_SPM_H
#define CAI_SPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/ipc.h"
#include "psa/client.h"
#include "psa/service.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of the SPM's static tables. */
#define CAI_SPM_MAX_CONNECTIONS 128u /* open connection handles, all clients */
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

typedef enum {
    CAI_VERSION_POLICY_STRICT = 0,  /* requested == service version */
    CAI_VERSION_POLICY_RELAXED = 1, /* requested <= service version */
} cai_version_policy_t;

/* One RoT service as declared in the manifest (spe/partitions/manifest.c). */
typedef struct cai_service {
    const char *name;
    uint32_t sid;
    uint32_t version;
    cai_version_policy_t version_policy;
    bool connection_based;         /* false: stateless, called via its static handle */
    uint8_t stateless_index;       /* 1..32 for stateless services, 0 otherwise */
    bool non_secure_clients;       /* may the NS side call it? */
    const int32_t *secure_clients; /* partition ids allowed to call it */
    size_t n_secure_clients;
    int32_t partition_id; /* owner partition */
    psa_status_t (*sfn)(const psa_msg_t *msg);
} cai_service_t;

/* One secure partition: an id, a name and an init function run at boot. */
typedef struct cai_partition {
    const char *name;
    int32_t id;
    psa_status_t (*init)(void);
} cai_partition_t;

/* The manifest the SPM serves: provided by the build (spe/partitions). */
typedef struct cai_manifest {
    const cai_partition_t *partitions;
    size_t n_partitions;
    const cai_service_t *services;
    size_t n_services;
} cai_manifest_t;

/* Boot: validate the manifest, run every partition's init. Returns
 * PSA_SUCCESS or the first failure (the backend must not serve then). */
psa_status_t cai_spm_init(const cai_manifest_t *manifest);

/* Client ids: < 0 for non-secure clients (assigned by the transport, one per
 * NS connection/thread; a transport never passes a positive id), > 0 for
 * secure partitions (only spe/spm/spm_client.c passes those), 0 nobody.
 * The rules and results of each call are in docs/spm.md. The SPM is not
 * thread-safe: the backend serializes these calls. */
uint32_t cai_spm_version(int32_t client_id, uint32_t sid);
psa_handle_t cai_spm_connect(int32_t client_id, uint32_t sid, uint32_t version);
/* in/out point at memory the transport has already made addressable and
 * checked; their lengths are still checked here (count, overlap, size cap).
 * On return every out[i].len (i < out_len, at most PSA_MAX_IOVEC of them)
 * holds the bytes the service wrote: 0 for all when no service ran (the SPM
 * refused the call: bad handle, too many vectors, ...) or when the service
 * broke a rule. A transport sends back exactly out[i].len bytes. */
psa_status_t cai_spm_call(int32_t client_id, psa_handle_t handle, int32_t type, const psa_invec *in,
                          size_t in_len, psa_outvec *out, size_t out_len);
psa_status_t cai_spm_close(int32_t client_id, psa_handle_t handle);
/* The client is gone (socket closed, process died): close all its handles,
 * sending PSA_IPC_DISCONNECT to each service. */
void cai_spm_client_gone(int32_t client_id);

/* The secure partition the SPM is running right now (the owner of the
 * service whose message is being dispatched, or the partition whose init
 * function runs); 0 when none. spe/spm/spm_client.c uses it as the client id
 * of a partition calling psa_connect/psa_call/psa_close. */
int32_t cai_spm_current_partition(void);

/* The manifest of the SPE image: spe/partitions/manifest.c (library
 * cai_manifest). Backends pass it to cai_spm_init; cai_spe_manifest()
 * returns &cai_manifest. */
extern const cai_manifest_t cai_manifest;
const cai_manifest_t *cai_spe_manifest(void);

/* Log hook for boot messages ("[SPM] ..."): the backend decides where they go.
 * Default: stderr on the host, UART on an521. */
void cai_spm_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#ifdef __cplusplus
}
#endif

#endif /* CAI_SPM_H */
