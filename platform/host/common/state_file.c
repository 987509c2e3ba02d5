/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files inside a checked state or runtime directory, opened relative to its
 * descriptor and checked by their own descriptor: never a symlink (not even
 * as the last component), never a FIFO or socket where a file is expected
 * (opened non-blocking first, so such a thing cannot hang us), never a file
 * that is not ours, is hard-linked elsewhere, or open to group/other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cai_host/state.h"

int cai_file_check(int fd, const char *path, const char *what, char *err, size_t err_size)
{
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "cannot stat %s %s: %s", what, path, strerror(errno));
        errno = EIO;
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        why = "is a directory";
    } else if (S_ISFIFO(st.st_mode)) {
        why = "is a FIFO";
    } else if (!S_ISREG(st.st_mode)) {
        why = "is not a regular file";
    } else if (st.st_uid != geteuid()) {
        why = "is not owned by us";
    } else if (st.st_nlink != 1) {
        why = "has more than one hard link";
    } else if ((st.st_mode & 0077) != 0) {
        snprintf(err, err_size, "%s %s has mode %04o; it must be 0600 (refused)", what, path,
                 (unsigned)(st.st_mode & 07777));
        errno = EPERM;
        return -1;
    }
    if (why != NULL) {
        snprintf(err, err_size, "%s %s %s; refusing it", what, path, why);
        errno = EPERM;
        return -1;
    }
    return 0;
}

/* What an open error says about the thing at the name. */
static const char *open_error(int e)
{
    switch (e) {
    case ELOOP:
        return "is a symbolic link";
    case ENXIO:
        return "is a FIFO or socket, not a regular file";
    case EISDIR:
        return "is a directory";
    default:
        return NULL;
    }
}

int cai_file_openat(int dirfd, const char *dir_path, const char *name, int flags,
                    mode_t create_mode, const char *what, char *err, size_t err_size)
{
    char path[CAI_STATE_PATH_MAX];
    if (dir_path == NULL || cai_state_path(path, sizeof(path), dir_path, name) != 0) {
        snprintf(path, sizeof(path), "%s", name);
    }
    int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, create_mode);
    if (fd < 0) {
        int e = errno;
        const char *why = open_error(e);
        if (why != NULL) {
            snprintf(err, err_size, "%s %s %s; refusing it", what, path, why);
        } else {
            snprintf(err, err_size, "cannot open %s %s: %s", what, path, strerror(e));
        }
        errno = e;
        return -1;
    }
    if (cai_file_check(fd, path, what, err, err_size) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    /* A regular file: blocking I/O from here on, as usual. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) {
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    return fd;
}
