/* SPDX-License-Identifier: Apache-2.0 */
/*
 * State directory: default location, creation and the owner/mode check that
 * both cai-spe and cai apply before trusting anything inside it.
 */
#define _GNU_SOURCE
#include "cai_host/state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cai_state_path(char *out, size_t out_size, const char *dir, const char *name)
{
    int n = snprintf(out, out_size, "%s/%s", dir, name);
    return (n < 0 || (size_t)n >= out_size) ? -1 : 0;
}

int cai_state_dir_default(char *out, size_t out_size)
{
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    int n;
    if (xdg != NULL && xdg[0] == '/') {
        n = snprintf(out, out_size, "%s/cai", xdg);
    } else {
        n = snprintf(out, out_size, "./var");
    }
    return (n < 0 || (size_t)n >= out_size) ? -1 : 0;
}

int cai_state_dir_prepare(const char *dir, char *err, size_t err_size)
{
    if (dir[0] == '\0' || strlen(dir) >= CAI_STATE_PATH_MAX - 32) {
        snprintf(err, err_size, "state directory path is empty or too long");
        return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, err_size, "cannot create state directory %s: %s", dir, strerror(errno));
        return -1;
    }
    struct stat st;
    if (lstat(dir, &st) != 0) {
        snprintf(err, err_size, "cannot stat state directory %s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "state directory %s is not a directory (symlinks are refused)",
                 dir);
        return -1;
    }
    if (st.st_uid != geteuid()) {
        snprintf(err, err_size, "state directory %s is owned by uid %u, not by us (uid %u)", dir,
                 (unsigned)st.st_uid, (unsigned)geteuid());
        return -1;
    }
    if ((st.st_mode & 0077) != 0) {
        snprintf(err, err_size, "state directory %s has mode %04o; it must be 0700 (chmod 700 %s)",
                 dir, (unsigned)(st.st_mode & 07777), dir);
        return -1;
    }
    return 0;
}
