/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host storage backend (cai_spe_port_storage_read/write/remove): one file per
 * object in <state>/its/, reached only through the descriptor of that
 * directory (openat & co., O_NOFOLLOW), so a path swapped after boot cannot
 * redirect a read or write.
 *
 * A write is atomic: the bytes go to <name>.tmp (O_EXCL), which is fsynced,
 * renamed over <name>, and the directory fsynced; after a crash the name
 * holds the old or the new file, whole. Leftover .tmp files are removed at
 * boot. The backend stores opaque bytes: sealing and tamper detection are
 * the storage partition's job. No heap: fixed buffers only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai_host/spe.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"

/* "oooooooo-uuuuuuuuuuuuuuuu": owner (8 hex), '-', uid (16 hex). */
#define NAME_LEN   25u
#define TMP_SUFFIX ".tmp"
#define TMP_LEN    (NAME_LEN + sizeof(TMP_SUFFIX) - 1u)

static int g_its_fd = -1;
static unsigned g_count; /* objects in the directory (names, any type) */

static void put_hex(char *out, uint64_t v, unsigned digits)
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < digits; i++) {
        out[digits - 1 - i] = hex[(v >> (4 * i)) & 0xf];
    }
}

/* The object's file name, or its temporary's: out holds TMP_LEN + 1. */
static void object_name(char out[TMP_LEN + 1], int32_t owner, uint64_t uid, bool tmp)
{
    put_hex(out, (uint32_t)owner, 8);
    out[8] = '-';
    put_hex(out + 9, uid, 16);
    if (tmp) {
        memcpy(out + NAME_LEN, TMP_SUFFIX, sizeof(TMP_SUFFIX));
    } else {
        out[NAME_LEN] = '\0';
    }
}

static bool is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return false;
        }
    }
    return true;
}

/* 1: an object name, 2: an object's temporary, 0: neither. */
static int name_kind(const char *s)
{
    size_t len = strlen(s);
    if ((len != NAME_LEN && len != TMP_LEN) || !is_lower_hex(s, 8) || s[8] != '-' ||
        !is_lower_hex(s + 9, 16)) {
        return 0;
    }
    if (len == NAME_LEN) {
        return 1;
    }
    return strcmp(s + NAME_LEN, TMP_SUFFIX) == 0 ? 2 : 0;
}

/* Boot: count the objects, remove the temporaries a crash left behind. */
static int scan(char *err, size_t err_size)
{
    static unsigned char buf[4096] __attribute__((aligned(8)));
    g_count = 0;
    for (;;) {
        ssize_t n = getdents64(g_its_fd, buf, sizeof(buf));
        if (n < 0) {
            snprintf(err, err_size, "cannot list the storage directory: %s", strerror(errno));
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        for (ssize_t at = 0; at < n;) {
            const struct dirent64 *d = (const struct dirent64 *)(buf + at);
            int kind = name_kind(d->d_name);
            if (kind == 1) {
                g_count++;
            } else if (kind == 2 && unlinkat(g_its_fd, d->d_name, 0) == 0) {
                cai_host_log("[ITS] removed %s left by an interrupted write", d->d_name);
            }
            at += d->d_reclen;
        }
    }
}

int cai_host_storage_open(int state_fd, const char *state_path, char *err, size_t err_size)
{
    cai_host_storage_close();
    int fd =
        cai_subdir_open(state_fd, state_path, CAI_ITS_DIR_NAME, "storage directory", err, err_size);
    if (fd < 0) {
        return -1;
    }
    g_its_fd = fd;
    if (scan(err, err_size) != 0 || fsync(g_its_fd) != 0) {
        cai_host_storage_close();
        return -1;
    }
    return 0;
}

void cai_host_storage_close(void)
{
    if (g_its_fd >= 0) {
        close(g_its_fd);
    }
    g_its_fd = -1;
    g_count = 0;
}

static psa_status_t io_status(int e)
{
    return (e == ENOSPC || e == EDQUOT) ? PSA_ERROR_INSUFFICIENT_STORAGE
                                        : PSA_ERROR_STORAGE_FAILURE;
}

static psa_status_t refuse(const char *name, const char *why)
{
    cai_host_log("[ITS] object %s %s: refused", name, why);
    return PSA_ERROR_STORAGE_FAILURE;
}

/* What a stored object must be before a byte of it is used. */
static psa_status_t check_object(int fd, const char *name, size_t *size)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (!S_ISREG(st.st_mode)) {
        return refuse(name, "is not a regular file");
    }
    if (st.st_nlink != 1) {
        return refuse(name, "has more than one hard link");
    }
    if (st.st_uid != geteuid()) {
        return refuse(name, "is not owned by us");
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > CAI_SPE_PORT_STORAGE_OBJECT_MAX) {
        return refuse(name, "is larger than an object can be");
    }
    *size = (size_t)st.st_size;
    return PSA_SUCCESS;
}

/* Exactly size bytes, and then end of file: a file that changed size
 * between fstat and read is not used. */
static psa_status_t read_exact(int fd, uint8_t *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, buf + got, size - got, (off_t)got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return PSA_ERROR_STORAGE_FAILURE;
        }
        got += (size_t)n;
    }
    uint8_t extra;
    return pread(fd, &extra, 1, (off_t)size) == 0 ? PSA_SUCCESS : PSA_ERROR_STORAGE_FAILURE;
}

psa_status_t cai_spe_port_storage_read(int32_t owner, uint64_t uid, uint8_t *buf, size_t cap,
                                       size_t *len)
{
    if (len == NULL || buf == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *len = 0;
    if (g_its_fd < 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    char name[TMP_LEN + 1];
    object_name(name, owner, uid, false);
    /* O_NONBLOCK: a FIFO at the name must not hang the SPE. */
    int fd = openat(g_its_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) {
            return PSA_ERROR_DOES_NOT_EXIST;
        }
        return refuse(name, errno == ELOOP ? "is a symbolic link" : "cannot be opened");
    }
    size_t size = 0;
    psa_status_t st = check_object(fd, name, &size);
    if (st == PSA_SUCCESS && size > cap) {
        st = PSA_ERROR_BUFFER_TOO_SMALL; /* nothing read; *len stays 0 */
    } else if (st == PSA_SUCCESS) {
        st = read_exact(fd, buf, size);
        if (st == PSA_SUCCESS) {
            *len = size;
        } else {
            memset(buf, 0, size); /* no partial object reaches the caller */
        }
    }
    close(fd);
    return st;
}

static psa_status_t write_all(int fd, const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return io_status(n < 0 ? errno : ENOSPC);
        }
        data += n;
        len -= (size_t)n;
    }
    return PSA_SUCCESS;
}

/* The new bytes in <name>.tmp, durable before anyone can see them. */
static psa_status_t write_temp(const char *tmp, const uint8_t *data, size_t len)
{
    /* Only a crash of this very process can have left it: boot removes
     * those, so this is a write that failed half-way earlier. */
    (void)unlinkat(g_its_fd, tmp, 0);
    int fd = openat(g_its_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return io_status(errno);
    }
    psa_status_t st = write_all(fd, data, len);
    if (st == PSA_SUCCESS && fsync(fd) != 0) {
        st = io_status(errno);
    }
    if (close(fd) != 0 && st == PSA_SUCCESS) {
        st = io_status(errno);
    }
    return st;
}

psa_status_t cai_spe_port_storage_write(int32_t owner, uint64_t uid, const uint8_t *data,
                                        size_t len)
{
    if ((data == NULL && len > 0) || len > CAI_SPE_PORT_STORAGE_OBJECT_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (g_its_fd < 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    char name[TMP_LEN + 1], tmp[TMP_LEN + 1];
    object_name(name, owner, uid, false);
    object_name(tmp, owner, uid, true);
    struct stat sb;
    bool exists = fstatat(g_its_fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
    if (!exists && errno != ENOENT) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (!exists && g_count >= CAI_SPE_PORT_STORAGE_OBJECTS_MAX) {
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    }
    psa_status_t st = write_temp(tmp, data, len);
    /* rename replaces the name only: whatever was there (even a link to
     * another file) is never written through. */
    if (st == PSA_SUCCESS && renameat(g_its_fd, tmp, g_its_fd, name) != 0) {
        st = io_status(errno);
    }
    if (st != PSA_SUCCESS) {
        (void)unlinkat(g_its_fd, tmp, 0);
        return st;
    }
    if (!exists) {
        g_count++;
    }
    /* The rename is durable only once the directory is. */
    return fsync(g_its_fd) == 0 ? PSA_SUCCESS : PSA_ERROR_STORAGE_FAILURE;
}

psa_status_t cai_spe_port_storage_remove(int32_t owner, uint64_t uid)
{
    if (g_its_fd < 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    char name[TMP_LEN + 1];
    object_name(name, owner, uid, false);
    if (unlinkat(g_its_fd, name, 0) != 0) {
        return errno == ENOENT ? PSA_ERROR_DOES_NOT_EXIST : PSA_ERROR_STORAGE_FAILURE;
    }
    if (g_count > 0) {
        g_count--;
    }
    return fsync(g_its_fd) == 0 ? PSA_SUCCESS : PSA_ERROR_STORAGE_FAILURE;
}
