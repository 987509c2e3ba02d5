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
    bool json;                       /* --json: errors as JSON; an SPE booted quietly */
} cai_host_ctx_t;

extern cai_host_ctx_t cai_host;

/* One error line of cai itself on stderr: "error: <msg>", or with --json
 * one object {"error": "<msg>"} (cai_main.c). */
void cai_host_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Boot hook for the client library: fork/exec cai-spe from our own
 * directory (it daemonizes once ready). 0 when it reported ready. */
int cai_host_boot_spe(void *ctx);

/* The host's NS port for the shell (cmd_spe.c): the `info` lines about the
 * SPE, psa_close with the SPM's answer (cai_psa_close_status), the
 * host-only commands (`spe`), the line editor's history (`history`) and
 * which connection handles belong to (`psa call`'s restart hint). */
extern const cai_shell_port_t cai_host_shell_port;

/* The i-th line of the interactive shell's history (cai_main.c: libedit),
 * NULL past the last or when not interactive. */
const char *cai_host_history_line(size_t i);

#endif /* CAI_HOST_CLI_H */
