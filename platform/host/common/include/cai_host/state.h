/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host state directory: where cai-spe keeps its socket, pidfile, log and
 * HUK, and cai its history. It must be a real directory owned by us with mode
 * 0700, because the socket's only access control is that nobody else can
 * reach it (SO_PEERCRED then names the caller).
 */
#ifndef CAI_HOST_STATE_H
#define CAI_HOST_STATE_H

#include <stddef.h>

#define CAI_STATE_PATH_MAX   4096
#define CAI_SPE_SOCKET_NAME  "spe.sock"
#define CAI_SPE_PIDFILE_NAME "cai-spe.pid"
#define CAI_SPE_LOG_NAME     "spe.log"
#define CAI_HUK_FILE_NAME    "huk.bin"
#define CAI_HISTORY_NAME     "history"

/* Default: $XDG_RUNTIME_DIR/cai when that is set and absolute, else ./var. */
int cai_state_dir_default(char *out, size_t out_size);

/* Create dir (mode 0700) when absent, then check it: a directory, not a
 * symlink, owned by the effective uid, no group/other permission bits.
 * On failure writes one explanatory line into err and returns -1. */
int cai_state_dir_prepare(const char *dir, char *err, size_t err_size);

/* dir + "/" + name into out; -1 when it does not fit. */
int cai_state_path(char *out, size_t out_size, const char *dir, const char *name);

#endif /* CAI_HOST_STATE_H */
