/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe's runtime files: socket, pidfile and log, created relative to the
 * descriptor of the runtime directory that boot opened and checked, so
 * swapping the directory's path afterwards redirects none of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cai_host/spe.h"
#include "cai_host/spe_runtime.h"
#include "cai_host/state.h"

/* bind(2) and connect(2) take a path: resolve it against the directory's
 * descriptor by making it our current directory for the call. */
static int at_dir(int dirfd)
{
    if (fchdir(dirfd) != 0) {
        cai_host_log("[ERR] cannot enter the socket's directory: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Another SPE listens on the name: it owns the socket. Non-blocking, so an
 * old SPE that is stopped with a full backlog cannot stall our boot: EAGAIN
 * means someone listens too. */
static bool still_served(const struct sockaddr_un *sa)
{
    int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (probe < 0) {
        return false;
    }
    int rc;
    do {
        rc = connect(probe, (const struct sockaddr *)sa, sizeof(*sa));
    } while (rc != 0 && errno == EINTR);
    bool up = rc == 0 || errno == EAGAIN;
    close(probe);
    return up;
}

int cai_spe_socket_served(int dirfd, const char *name, const char *path, pid_t *pid)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct stat st;
    *pid = -1;
    if (strlen(path) >= sizeof(sa.sun_path) ||
        fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISSOCK(st.st_mode) ||
        fchdir(dirfd) != 0) {
        return 0; /* nothing there, or listening will say what is wrong */
    }
    strcpy(sa.sun_path, name);
    int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int rc = -1;
    if (probe >= 0) {
        do {
            rc = connect(probe, (const struct sockaddr *)&sa, sizeof(sa));
        } while (rc != 0 && errno == EINTR);
    }
    bool up = probe >= 0 && (rc == 0 || errno == EAGAIN);
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (rc == 0 && getsockopt(probe, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        *pid = cred.pid;
    }
    if (probe >= 0) {
        close(probe);
    }
    (void)!chdir("/");
    return up ? 1 : 0;
}

static int clear_stale(int dirfd, const char *name, const char *path, const struct sockaddr_un *sa)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return errno == ENOENT ? 0 : -1;
    }
    if (!S_ISSOCK(st.st_mode)) {
        cai_host_log("[ERR] %s exists and is not a socket; refusing to replace it", path);
        return -1;
    }
    if (still_served(sa)) {
        cai_host_log("[ERR] another cai-spe is already serving %s", path);
        return -1;
    }
    unlinkat(dirfd, name, 0); /* stale: its SPE died without cleaning up */
    return 0;
}

static int bind_listen(int dirfd, const char *name, const char *path, gid_t group)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        cai_host_log("[ERR] socket path too long (max %zu bytes): %s", sizeof(sa.sun_path) - 1,
                     path);
        return -1;
    }
    strcpy(sa.sun_path, name); /* name is a suffix of path: it fits */
    if (clear_stale(dirfd, name, path, &sa) != 0) {
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        cai_host_log("[ERR] socket: %s", strerror(errno));
        return -1;
    }
    /* Private: srwx------. Shared with a client group: srw-rw---- and that
     * group, set on the name we just bound inside our own directory. */
    bool shared = group != (gid_t)-1;
    mode_t old = umask(shared ? 0117 : 0077);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc == 0 && shared && fchownat(dirfd, name, (uid_t)-1, group, AT_SYMLINK_NOFOLLOW) != 0) {
        cai_host_log("[ERR] cannot give socket %s to group %u: %s", path, (unsigned)group,
                     strerror(errno));
        unlinkat(dirfd, name, 0);
        close(fd);
        return -1;
    }
    if (rc != 0 || listen(fd, 64) != 0) {
        cai_host_log("[ERR] cannot listen on %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int cai_spe_listen_at(int dirfd, const char *name, const char *path, gid_t group)
{
    if (at_dir(dirfd) != 0) {
        return -1;
    }
    int fd = bind_listen(dirfd, name, path, group);
    /* Nothing of ours is relative to the current directory: leave it at
     * the root, where a daemon pins no mount point. */
    (void)!chdir("/");
    return fd;
}

int cai_spe_pidfile_write(int dirfd, const char *dir_path, const char *name)
{
    char tmp[64], line[32];
    int n = snprintf(tmp, sizeof(tmp), "%s.tmp", name);
    int len = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        return -1;
    }
    (void)unlinkat(dirfd, tmp, 0);
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        cai_host_log("[ERR] cannot write pidfile %s/%s: %s", dir_path, tmp, strerror(errno));
        return -1;
    }
    bool ok = write(fd, line, (size_t)len) == len;
    ok = close(fd) == 0 && ok;
    if (!ok || renameat(dirfd, tmp, dirfd, name) != 0) {
        cai_host_log("[ERR] cannot write pidfile %s/%s: %s", dir_path, name, strerror(errno));
        (void)unlinkat(dirfd, tmp, 0);
        return -1;
    }
    return 0;
}

int cai_spe_log_open(int dirfd, const char *dir_path, const char *name, char *err, size_t err_size)
{
    return cai_file_openat(dirfd, dir_path, name, O_WRONLY | O_APPEND | O_CREAT, 0600, "log file",
                           err, err_size);
}
