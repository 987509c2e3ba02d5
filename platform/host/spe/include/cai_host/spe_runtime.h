/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe's runtime files (docs/host.md "Directories"): the listening
 * socket, the pidfile and the log, each created relative to the descriptor
 * of its directory, opened once at boot.
 */
#ifndef CAI_HOST_SPE_RUNTIME_H
#define CAI_HOST_SPE_RUNTIME_H

#include <stddef.h>
#include <sys/types.h>

/* Listen on name inside dirfd (path: the socket's absolute path, which
 * clients will use; it must fit a Unix socket address). A socket left there
 * by a dead SPE is replaced; one that still answers means another SPE owns
 * it, and anything that is not a socket is never touched: both refused.
 * group (gid_t)-1: the socket is private (mode 0700); else it is mode 0660
 * and owned by that group (an SPE under its own user, docs/host.md
 * "Separate user"). Leaves the current directory at "/". Returns the
 * listening descriptor or -1 (logged). */
/* Does an SPE already serve the socket name inside dirfd (path: its
 * absolute path)? 1 (with its pid from SO_PEERCRED, or -1 when its backlog
 * is full) or 0. Non-blocking; asked before the boot log, so a second
 * cai-spe refuses in one line. */
int cai_spe_socket_served(int dirfd, const char *name, const char *path, pid_t *pid);

int cai_spe_listen_at(int dirfd, const char *name, const char *path, gid_t group);

/* Write our pid to name inside dirfd: a temporary file renamed over it, so
 * a reader sees the old pidfile or the new one, never a partial one, and a
 * symlink or FIFO planted at the name is replaced, never followed. 0 or -1
 * (logged). */
int cai_spe_pidfile_write(int dirfd, const char *dir_path, const char *name);

/* Open the log name inside dirfd for appending (O_APPEND, 0600, no
 * symlink, no FIFO, not hard-linked). Returns the descriptor, or -1 with one
 * line in err. */
int cai_spe_log_open(int dirfd, const char *dir_path, const char *name, char *err, size_t err_size);

#endif /* CAI_HOST_SPE_RUNTIME_H */
