/* SPDX-License-Identifier: Apache-2.0 */
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
 *
 * This header is for the image and its transport only: the manifest types
 * (spe/partitions/manifest.c fills them) and the cai_spm_* calls. Partitions
 * include cai/partition.h instead (cai_spm_call takes any client id, which a
 * partition must never be able to claim); the platform hooks the SPM itself
 * calls are in cai/spe_port.h.
 */
#ifndef CAI_SPM_H
#define CAI_SPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"
#include "psa/service.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/* The manifest of this SPE image (spe/partitions/manifest.c): library
 * cai_manifest in cai-spe (real services only), cai_manifest_test in
 * cai-spe-test (plus the [TEST] partitions). The image passes it to
 * cai_spm_init. */
extern const cai_manifest_t cai_manifest;

#ifdef __cplusplus
}
#endif

#endif /* CAI_SPM_H */
