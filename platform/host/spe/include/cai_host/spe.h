/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe internals: where the log sink (cai_spe_port_log) writes, the host's
 * own formatted log, and the request server.
 */
#ifndef CAI_HOST_SPE_H
#define CAI_HOST_SPE_H

#include <signal.h>
#include <stdbool.h>

/* Most NS connections served at once; one more is accepted and closed at
 * once (the client sees PSA_ERROR_COMMUNICATION_FAILURE). */
#define CAI_SPE_MAX_CLIENTS 64u

/* Where log lines go: stderr, a log file descriptor (-1: none), or both
 * (while booting a daemon, so the console shows the boot log like a board's
 * UART). */
void cai_spe_log_to(bool to_stderr, int fd);

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
