/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's two directories (docs/host.md "Directories"):
 *  - the state directory: what must survive a reboot (HUK, protected
 *    storage objects, cai's history); $XDG_STATE_HOME/cai, else
 *    $HOME/.local/state/cai;
 *  - the runtime directory: what lives as long as one SPE (socket, pidfile,
 *    log); $XDG_RUNTIME_DIR/cai, else the state directory.
 * Each is opened once (O_DIRECTORY|O_NOFOLLOW) and checked by descriptor: a
 * directory owned by the effective uid with mode exactly 0700, because the
 * socket's only access control is that nobody else can reach it. Everything
 * inside is then reached relative to that descriptor (openat & co.), so
 * renaming or replacing a path after the check changes nothing.
 */
#ifndef CAI_HOST_STATE_H
#define CAI_HOST_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CAI_STATE_PATH_MAX   4096
#define CAI_SPE_SOCKET_NAME  "spe.sock"
#define CAI_SPE_PIDFILE_NAME "cai-spe.pid"
#define CAI_SPE_LOG_NAME     "spe.log"
#define CAI_HUK_FILE_NAME    "huk.bin"
#define CAI_HISTORY_NAME     "history"
#define CAI_ITS_DIR_NAME     "its"

/* Where the two directories are; both absolute. */
typedef struct cai_host_dirs {
    char state[CAI_STATE_PATH_MAX];
    char runtime[CAI_STATE_PATH_MAX];
} cai_host_dirs_t;

/* Resolve both directories (nothing is created or opened):
 *   state:   state_opt, else $CAI_STATE_DIR, else $XDG_STATE_HOME/cai (when
 *            absolute), else $HOME/.local/state/cai (when absolute);
 *   runtime: runtime_opt, else the state directory when that was chosen
 *            explicitly (state_opt or $CAI_STATE_DIR: one state directory,
 *            one SPE), else $XDG_RUNTIME_DIR/cai (when absolute), else the
 *            state directory.
 * Relative options are made absolute against the current directory. Never
 * the current directory by default. -1 with one line in err on failure. */
int cai_host_dirs_resolve(cai_host_dirs_t *d, const char *state_opt, const char *runtime_opt,
                          char *err, size_t err_size);

/* path made absolute against the current directory ("." and empty
 * components dropped; ".." kept as given). -1 when it does not fit. */
int cai_path_absolute(char *out, size_t out_size, const char *path);

/* Create path (missing components with mode 0700), open it with
 * O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC and check the descriptor (cai_dir_check).
 * what names it in messages ("state directory"). Returns the descriptor, or
 * -1 with one line in err. */
int cai_dir_open(const char *path, const char *what, char *err, size_t err_size);

/* Create (mode 0700) and open the subdirectory name of dirfd the same way. */
int cai_subdir_open(int dirfd, const char *dir_path, const char *name, const char *what, char *err,
                    size_t err_size);

/* The runtime directory of an SPE running under its own user: like
 * cai_dir_open, but the directory (ours, checked by descriptor) is made
 * group-owned by group with mode exactly 0750 (fchown/fchmod on the
 * descriptor), so members of that group can reach the socket inside and
 * nobody else can. The caller must be a member of group. */
int cai_dir_open_group(const char *path, const char *what, gid_t group, char *err, size_t err_size);

/* The descriptor is a directory, ours, mode exactly 0700. 0 or -1 + err. */
int cai_dir_check(int fd, const char *path, const char *what, char *err, size_t err_size);

/* Open name inside dirfd with flags | O_NOFOLLOW|O_CLOEXEC|O_NONBLOCK
 * (O_NONBLOCK so a FIFO planted there cannot block us; it is cleared again
 * on success), then check by descriptor: a regular file, ours, one link, no
 * group/other permission bits. With O_CREAT, create_mode is used (0600).
 * Returns the descriptor, or -1 with one line in err and errno set (ENOENT
 * when absent, so callers can tell "create it" from "refuse it"). dir_path
 * names the directory in messages; NULL when name is a whole path. */
int cai_file_openat(int dirfd, const char *dir_path, const char *name, int flags,
                    mode_t create_mode, const char *what, char *err, size_t err_size);

/* The same check for a descriptor already open (path for messages). */
int cai_file_check(int fd, const char *path, const char *what, char *err, size_t err_size);

/* dir + "/" + name into out; -1 when it does not fit. */
int cai_state_path(char *out, size_t out_size, const char *dir, const char *name);

#endif /* CAI_HOST_STATE_H */
