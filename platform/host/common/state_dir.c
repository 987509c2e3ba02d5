/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's state and runtime directories: where they are (resolution from
 * options and environment, always to an absolute path), creating them, and
 * the by-descriptor check both cai-spe and cai apply before trusting
 * anything inside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cai_host/state.h"

static int say(char *err, size_t err_size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int say(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return -1;
}

int cai_state_path(char *out, size_t out_size, const char *dir, const char *name)
{
    int n = snprintf(out, out_size, "%s/%s", dir, name);
    return (n < 0 || (size_t)n >= out_size) ? -1 : 0;
}

/* Append component [c, c+len) to out (which holds "/..." or ""). */
static int append_component(char *out, size_t out_size, size_t *used, const char *c, size_t len)
{
    if (len == 0 || (len == 1 && c[0] == '.')) {
        return 0;
    }
    if (*used + 1 + len >= out_size) {
        return -1;
    }
    out[(*used)++] = '/';
    memcpy(out + *used, c, len);
    *used += len;
    out[*used] = '\0';
    return 0;
}

static int append_path(char *out, size_t out_size, size_t *used, const char *path)
{
    while (*path != '\0') {
        size_t len = strcspn(path, "/");
        if (append_component(out, out_size, used, path, len) != 0) {
            return -1;
        }
        path += len;
        path += strspn(path, "/");
    }
    return 0;
}

int cai_path_absolute(char *out, size_t out_size, const char *path)
{
    if (out_size < 2 || path == NULL || path[0] == '\0') {
        return -1;
    }
    char in[CAI_STATE_PATH_MAX], cwd[CAI_STATE_PATH_MAX];
    size_t used = 0;
    /* A copy: out may be path itself. */
    if (strlen(path) >= sizeof(in)) {
        return -1;
    }
    strcpy(in, path);
    path = in;
    out[0] = '\0';
    if (path[0] != '/') {
        if (getcwd(cwd, sizeof(cwd)) == NULL || append_path(out, out_size, &used, cwd) != 0) {
            return -1;
        }
    }
    if (append_path(out, out_size, &used, path) != 0) {
        return -1;
    }
    if (used == 0) {
        strcpy(out, "/");
    }
    return 0;
}

/* An environment variable that holds an absolute path, else NULL (the XDG
 * base directory spec says relative values are to be ignored). */
static const char *abs_env(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] == '/') ? v : NULL;
}

static int resolve_state(cai_host_dirs_t *d, const char *opt, bool *explicit_dir, char *err,
                         size_t err_size)
{
    const char *env = getenv("CAI_STATE_DIR");
    int n;
    *explicit_dir = true;
    if (opt != NULL || (env != NULL && env[0] != '\0')) {
        const char *p = opt != NULL ? opt : env;
        if (cai_path_absolute(d->state, sizeof(d->state), p) != 0) {
            return say(err, err_size, "state directory path is empty or too long: '%s'", p);
        }
        return 0;
    }
    *explicit_dir = false;
    const char *xdg = abs_env("XDG_STATE_HOME"), *home = abs_env("HOME");
    if (xdg != NULL) {
        n = snprintf(d->state, sizeof(d->state), "%s/cai", xdg);
    } else if (home != NULL) {
        n = snprintf(d->state, sizeof(d->state), "%s/.local/state/cai", home);
    } else {
        return say(err, err_size,
                   "no state directory: HOME and XDG_STATE_HOME are unset or relative "
                   "(use --state-dir DIR or CAI_STATE_DIR)");
    }
    if (n < 0 || (size_t)n >= sizeof(d->state) ||
        cai_path_absolute(d->state, sizeof(d->state), d->state) != 0) {
        return say(err, err_size, "state directory path too long");
    }
    return 0;
}

int cai_host_dirs_resolve(cai_host_dirs_t *d, const char *state_opt, const char *runtime_opt,
                          char *err, size_t err_size)
{
    bool explicit_state;
    if (resolve_state(d, state_opt, &explicit_state, err, err_size) != 0) {
        return -1;
    }
    const char *xdg = abs_env("XDG_RUNTIME_DIR");
    int n;
    if (runtime_opt != NULL) {
        if (cai_path_absolute(d->runtime, sizeof(d->runtime), runtime_opt) != 0) {
            return say(err, err_size, "runtime directory path is empty or too long: '%s'",
                       runtime_opt);
        }
        return 0;
    }
    if (explicit_state || xdg == NULL) {
        n = snprintf(d->runtime, sizeof(d->runtime), "%s", d->state);
    } else {
        n = snprintf(d->runtime, sizeof(d->runtime), "%s/cai", xdg);
    }
    if (n < 0 || (size_t)n >= sizeof(d->runtime) ||
        cai_path_absolute(d->runtime, sizeof(d->runtime), d->runtime) != 0) {
        return say(err, err_size, "runtime directory path too long");
    }
    return 0;
}

int cai_dir_check(int fd, const char *path, const char *what, char *err, size_t err_size)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return say(err, err_size, "cannot stat %s %s: %s", what, path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return say(err, err_size, "%s %s is not a directory", what, path);
    }
    if (st.st_uid != geteuid()) {
        return say(err, err_size, "%s %s is owned by uid %u, not by us (uid %u)", what, path,
                   (unsigned)st.st_uid, (unsigned)geteuid());
    }
    if ((st.st_mode & 07777) != 0700) {
        return say(err, err_size, "%s %s has mode %04o; it must be 0700 (chmod 700 %s)", what, path,
                   (unsigned)(st.st_mode & 07777), path);
    }
    return 0;
}

/* Open a directory we are about to trust; the last component must not be a
 * symlink (O_NOFOLLOW), the rest of the path resolves as usual. */
static int open_checked(int at, const char *name, const char *path, const char *what, char *err,
                        size_t err_size)
{
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP || e == ENOTDIR) {
            struct stat st;
            bool link = fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
            return say(err, err_size, "%s %s is %s; refusing it", what, path,
                       link ? "a symbolic link" : "not a directory");
        }
        return say(err, err_size, "cannot open %s %s: %s", what, path, strerror(e));
    }
    if (cai_dir_check(fd, path, what, err, err_size) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* mkdir -p: each missing component with mode 0700 (XDG's rule for the base
 * directories too). Existing components are left as they are. */
static int make_parents(const char *path, const char *what, char *err, size_t err_size)
{
    char buf[CAI_STATE_PATH_MAX];
    size_t len = strlen(path);
    if (len >= sizeof(buf)) {
        return say(err, err_size, "%s path too long", what);
    }
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') {
            continue;
        }
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
            return say(err, err_size, "cannot create %s %s: %s", what, buf, strerror(errno));
        }
        buf[i] = c;
    }
    return 0;
}

int cai_dir_open(const char *path, const char *what, char *err, size_t err_size)
{
    if (path[0] != '/') {
        return say(err, err_size, "%s %s is not an absolute path", what, path);
    }
    if (make_parents(path, what, err, err_size) != 0) {
        return -1;
    }
    return open_checked(AT_FDCWD, path, path, what, err, err_size);
}

int cai_dir_open_group(const char *path, const char *what, gid_t group, char *err, size_t err_size)
{
    if (path[0] != '/') {
        return say(err, err_size, "%s %s is not an absolute path", what, path);
    }
    if (make_parents(path, what, err, err_size) != 0) {
        return -1;
    }
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return open_checked(AT_FDCWD, path, path, what, err, err_size); /* says why */
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
        close(fd);
        return open_checked(AT_FDCWD, path, path, what, err, err_size);
    }
    /* Ours (checked by descriptor): give it to the group, by descriptor. */
    if ((st.st_gid != group && fchown(fd, (uid_t)-1, group) != 0) ||
        ((st.st_mode & 07777) != 0750 && fchmod(fd, 0750) != 0)) {
        int e = errno;
        close(fd);
        return say(err, err_size, "cannot give %s %s to group %u with mode 0750: %s", what, path,
                   (unsigned)group, strerror(e));
    }
    if (fstat(fd, &st) != 0 || st.st_gid != group || (st.st_mode & 07777) != 0750) {
        close(fd);
        return say(err, err_size, "%s %s is not mode 0750 of group %u", what, path,
                   (unsigned)group);
    }
    return fd;
}

int cai_subdir_open(int dirfd, const char *dir_path, const char *name, const char *what, char *err,
                    size_t err_size)
{
    char path[CAI_STATE_PATH_MAX];
    if (cai_state_path(path, sizeof(path), dir_path, name) != 0) {
        return say(err, err_size, "%s path too long", what);
    }
    if (mkdirat(dirfd, name, 0700) != 0 && errno != EEXIST) {
        return say(err, err_size, "cannot create %s %s: %s", what, path, strerror(errno));
    }
    return open_checked(dirfd, name, path, what, err, err_size);
}
