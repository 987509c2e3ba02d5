/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host extras of the NS client library (library cai_psa_client), which
 * implements include/psa/client.h over the cai-spe socket.
 *
 * One process = one connection = one NS client id in the SPE, opened on the
 * first PSA call and kept until cai_psa_client_disconnect() or exit; handles
 * belong to that connection. Not thread-safe (like an NS thread calling its
 * secure gateway, calls are serialized by the caller).
 *
 * Transport failures (no SPE, SPE died, malformed reply) surface as
 * PSA_ERROR_COMMUNICATION_FAILURE from psa_connect/psa_call,
 * PSA_VERSION_NONE from psa_version and 0 from psa_framework_version; the
 * connection is closed and the next call opens a new one (new client id, so
 * old handles are invalid, as after a secure-side reset).
 */
#ifndef CAI_HOST_PSA_CLIENT_HOST_H
#define CAI_HOST_PSA_CLIENT_HOST_H

#include <sys/types.h>

#include "psa/client.h"

/* Socket to use from now on (closes any open connection). NULL restores the
 * default: $CAI_SPE_SOCKET (made absolute), else spe.sock in the default
 * runtime directory (cai_host_dirs_resolve, cai_host/state.h).
 * Returns -1 when the path does not fit a Unix socket address. */
int cai_psa_client_set_socket(const char *path);
const char *cai_psa_client_socket(void);

/* Called once per connection attempt when no SPE answers; returning 0 means
 * "an SPE was started, retry". Used by `cai` to boot the secure side. */
typedef int (*cai_psa_boot_hook_t)(void *ctx);
void cai_psa_client_set_boot_hook(cai_psa_boot_hook_t hook, void *ctx);

/* Connect now (booting through the hook if needed); 0 or -1. */
int cai_psa_client_open(void);
/* Connect now without booting; 0 or -1 (for status probes). */
int cai_psa_client_probe(void);
void cai_psa_client_disconnect(void);
/* pid of the SPE at the other end (SO_PEERCRED), or -1 when not connected. */
pid_t cai_psa_client_spe_pid(void);

/* psa_close that reports what the SPE answered (psa_close itself is void). */
psa_status_t cai_psa_close_status(psa_handle_t handle);

#endif /* CAI_HOST_PSA_CLIENT_HOST_H */
