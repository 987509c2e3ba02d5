/* SPDX-License-Identifier: Apache-2.0 */
/* Host parts of the `cai` binary: where the SPE is and how to boot/stop it. */
#ifndef CAI_HOST_CLI_H
#define CAI_HOST_CLI_H

#include "cai_host/state.h"
#include "cai/shell.h"

typedef struct cai_host_ctx {
    cai_host_dirs_t dirs;            /* absolute paths */
    int state_fd, runtime_fd;        /* opened and checked once, at start */
    char socket[CAI_STATE_PATH_MAX]; /* absolute */
    bool socket_custom;              /* --spe-socket or $CAI_SPE_SOCKET: told to a booted SPE */
    bool booted;                     /* this process started an SPE already */
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
