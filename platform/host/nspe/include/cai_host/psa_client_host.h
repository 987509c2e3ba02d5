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

/* Connect now (booting through the hook if needed, but only when nobody
 * listens on the socket); 0 or -1. */
int cai_psa_client_open(void);
/* Connect now without booting: 0; -1 nobody listens; -2 a server listens
 * but was refused (not the SPE's uid) or accepted nothing within the
 * timeout (cai_psa_client_error() says which). For status probes. */
int cai_psa_client_probe(void);
/* The same with its own connect timeout (`cai spe stop`). */
int cai_psa_client_probe_within(unsigned timeout_ms);
void cai_psa_client_disconnect(void);
/* pid of the SPE at the other end (SO_PEERCRED), or -1 when not connected. */
pid_t cai_psa_client_spe_pid(void);
/* How many connections this process has opened so far: it changes when a
 * new one replaces a lost one (whose handles are gone with it). */
unsigned cai_psa_client_connection(void);

/* Whom the client accepts as the SPE: the server's SO_PEERCRED uid must be
 * this uid or 0 (root). Default: $CAI_SPE_UID (a number or a user name;
 * an unknown name leaves only root), else our own effective uid (the
 * same-uid development mode). A stranger is refused: the connection is
 * closed and the call fails as a transport failure. */
void cai_psa_client_set_spe_uid(uid_t uid);
uid_t cai_psa_client_spe_uid(void);
/* A uid as a decimal number or a user name; 0 or -1. */
int cai_psa_client_parse_uid(const char *s, uid_t *uid);

/* How long one connect, one send and one receive may take, in ms.
 * Default: $CAI_SPE_TIMEOUT_MS (1..CAI_PSA_TIMEOUT_MAX_MS), else
 * CAI_PSA_TIMEOUT_DEFAULT_MS. A call that runs out of time fails as a
 * transport failure and closes the connection (its handles are gone). */
#define CAI_PSA_TIMEOUT_DEFAULT_MS 10000u
#define CAI_PSA_TIMEOUT_MAX_MS     86400000u
void cai_psa_client_set_timeout_ms(unsigned ms); /* 0: back to the default */
unsigned cai_psa_client_timeout_ms(void);

/* Why the last transport failure happened, as one line without a newline
 * ("" when there was none that needed explaining: an absent SPE or a
 * malformed reply). The hook, when set, gets the same line at once. */
const char *cai_psa_client_error(void);
typedef void (*cai_psa_error_hook_t)(const char *msg, void *ctx);
void cai_psa_client_set_error_hook(cai_psa_error_hook_t hook, void *ctx);

/* psa_close that reports what the SPE answered (psa_close itself is void). */
psa_status_t cai_psa_close_status(psa_handle_t handle);

#endif /* CAI_HOST_PSA_CLIENT_HOST_H */
