/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe internals: where the log sink (cai_spe_port_log) writes, the host's
 * own formatted log, and the request server.
 */
#ifndef CAI_HOST_SPE_H
#define CAI_HOST_SPE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cai_host/spe_limits.h"

/* Who may call, and the configurable limits (docs/host.md "Admission" and
 * "Limits"). A peer is admitted when its uid is root, the SPE's own uid or
 * in allow_uid, or when its primary or a supplementary group
 * (SO_PEERCRED, SO_PEERGROUPS) is in allow_gid. */
typedef struct cai_spe_policy {
    uid_t allow_uid[CAI_SPE_ALLOW_MAX];
    size_t n_allow_uid;
    gid_t allow_gid[CAI_SPE_ALLOW_MAX];
    size_t n_allow_gid;
    unsigned idle_timeout_s; /* 0: never */
    unsigned rate_burst;     /* expensive calls per uid at once (0: unlimited) */
    unsigned rate_per_second;
} cai_spe_policy_t;

/* The defaults: nobody but root and our own uid, the limits of
 * spe_limits.h. */
void cai_spe_policy_default(cai_spe_policy_t *p);

/* The policy cai_spe_serve applies (copied); call before it. */
void cai_spe_server_set_policy(const cai_spe_policy_t *p);

/* Rotate the log file once it reaches max_bytes: renamed to name.1 (an
 * older name.1 is replaced) inside dirfd and a new one opened the same way
 * (cai_spe_log_open); the old descriptor number is reused, so stderr of a
 * daemon (a dup of it) follows. dirfd -1: never rotate. */
void cai_spe_log_rotate_at(int dirfd, const char *dir_path, const char *name, size_t max_bytes);

/* Where log lines go: stderr, a log file descriptor (-1: none), or both
 * (while booting a daemon, so the console shows the boot log like a board's
 * UART). */
void cai_spe_log_to(bool to_stderr, int fd);

/* Log levels (--log-level): a line's level is read from its tag ([ERR]
 * error, [WRN] warn, [DBG] debug, anything else info); lines above the
 * chosen level are dropped. Default info. */
typedef enum cai_spe_log_level {
    CAI_SPE_LOG_ERROR = 0,
    CAI_SPE_LOG_WARN = 1,
    CAI_SPE_LOG_INFO = 2,
    CAI_SPE_LOG_DEBUG = 3,
} cai_spe_log_level_t;
/* "error", "warn", "info" or "debug" -> 0 and *out; else -1. */
int cai_spe_log_level_parse(const char *name, cai_spe_log_level_t *out);
void cai_spe_log_set_level(cai_spe_log_level_t level);

/* One printf-formatted line from the host's own code to the same sink (cut
 * at 511 characters; a trailing newline is optional). */
void cai_host_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Serve requests on listen_fd until SIGTERM/SIGINT (or *stop set by a
 * handler before the loop started). The caller keeps those signals blocked:
 * the server reads them from a signalfd, so none is lost between a check
 * and a wait. Returns 0 on a requested stop, -1 on a fatal error. */
int cai_spe_serve(int listen_fd, volatile sig_atomic_t *stop);

#endif /* CAI_HOST_SPE_H */
