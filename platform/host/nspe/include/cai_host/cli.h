/* SPDX-License-Identifier: Apache-2.0 */
/* Host parts of the `cai` binary: where the SPE is and how to boot/stop it. */
#ifndef CAI_HOST_CLI_H
#define CAI_HOST_CLI_H

#include "cai_host/state.h"
#include "cai/shell.h"

typedef struct cai_host_ctx {
    char state_dir[CAI_STATE_PATH_MAX];
    const char *spe_socket; /* --spe-socket, or NULL for <state_dir>/spe.sock */
    bool booted;            /* this process started an SPE already */
} cai_host_ctx_t;

extern cai_host_ctx_t cai_host;

/* Boot hook for the client library: fork/exec cai-spe from our own
 * directory (it daemonizes once ready). 0 when it reported ready. */
int cai_host_boot_spe(void *ctx);

/* The host's NS port for the shell (cmd_spe.c): the `info` lines about the
 * SPE, psa_close with the SPM's answer (cai_psa_close_status) and the
 * host-only commands (`spe`). */
extern const cai_shell_port_t cai_host_shell_port;

#endif /* CAI_HOST_CLI_H */
