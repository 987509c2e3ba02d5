/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host HUK (cai_spe_port_huk_get, spe/include/cai/spe_port.h): a 32-byte file
 * in the state directory stands in for the fused key of a real device. Created
 * from the port's entropy source on first boot, which is exactly TF-M's "dummy
 * provisioning" and is announced as such.
 */
#define _GNU_SOURCE
#include "cai_host/huk_host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cai/crypto.h"
#include "cai/hex.h"
#include "cai/spe_port.h"
#include "cai_host/spe.h"
#include "cai_host/state.h"

static uint8_t g_huk[CAI_SPE_PORT_HUK_SIZE];
static bool g_huk_loaded;

psa_status_t cai_spe_port_huk_get(uint8_t out[CAI_SPE_PORT_HUK_SIZE])
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!g_huk_loaded) {
        return PSA_ERROR_HARDWARE_FAILURE;
    }
    memcpy(out, g_huk, CAI_SPE_PORT_HUK_SIZE);
    return PSA_SUCCESS;
}

/* Every host HUK is dummy provisioning: made from OS entropy, read back
 * from huk.bin, or pinned for tests; no host path provisions a real one. */
cai_spe_port_huk_origin_t cai_spe_port_huk_origin(void)
{
    return g_huk_loaded ? CAI_SPE_PORT_HUK_DUMMY : CAI_SPE_PORT_HUK_NONE;
}

void cai_host_huk_wipe(void)
{
    cai_wipe(g_huk, sizeof(g_huk));
    g_huk_loaded = false;
}

static int load_hex(const char *hex, char *err, size_t err_size)
{
    size_t len = strlen(hex), n = 0;
    if (len != 2 * CAI_SPE_PORT_HUK_SIZE) {
        snprintf(err, err_size, "CAI_HUK_HEX must be exactly %u hex digits (got %zu)",
                 2 * CAI_SPE_PORT_HUK_SIZE, len);
        return -1;
    }
    if (cai_hex_decode(hex, len, g_huk, sizeof(g_huk), &n) != 0 || n != CAI_SPE_PORT_HUK_SIZE) {
        cai_wipe(g_huk, sizeof(g_huk));
        size_t at = 0;
        while (at < len && cai_hex_nibble((unsigned char)hex[at]) >= 0) {
            at++;
        }
        snprintf(err, err_size, "CAI_HUK_HEX has a non-hex character at position %zu", at);
        return -1;
    }
    return 0;
}

/* The checks every HUK file passes (by descriptor): the generic ones of a
 * state file (regular, ours, one link, no group/other bits), then exactly
 * mode 0600 and exactly 32 bytes. */
static int check_huk_fd(int fd, const char *path, char *err, size_t err_size)
{
    struct stat st;
    if (cai_file_check(fd, path, "HUK file", err, err_size) != 0) {
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "cannot stat HUK file %s: %s", path, strerror(errno));
        return -1;
    }
    if ((st.st_mode & 07777) != 0600) {
        snprintf(err, err_size, "HUK file %s has mode %04o; it must be 0600 (refused)", path,
                 (unsigned)(st.st_mode & 07777));
        return -1;
    }
    if (st.st_size != (off_t)CAI_SPE_PORT_HUK_SIZE) {
        snprintf(err, err_size, "HUK file %s must be exactly %u bytes (it has %lld); refusing it",
                 path, CAI_SPE_PORT_HUK_SIZE, (long long)st.st_size);
        return -1;
    }
    return 0;
}

static int read_huk_fd(int fd, const char *path, char *err, size_t err_size)
{
    if (check_huk_fd(fd, path, err, err_size) != 0) {
        return -1;
    }
    ssize_t n;
    do {
        n = pread(fd, g_huk, CAI_SPE_PORT_HUK_SIZE, 0);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t)CAI_SPE_PORT_HUK_SIZE) {
        cai_wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot read 32 bytes from HUK file %s", path);
        return -1;
    }
    return 0;
}

/* --huk-file: a path the operator chose; the last component must still not
 * be a symlink, and nothing may block us (O_NONBLOCK against a FIFO). */
static int load_pinned_file(const char *path, char *err, size_t err_size)
{
    int fd = cai_file_openat(AT_FDCWD, NULL, path, O_RDONLY, 0, "HUK file", err, err_size);
    if (fd < 0) {
        if (errno == ENOENT) {
            snprintf(err, err_size, "cannot open HUK file %s: %s", path, strerror(ENOENT));
        }
        return -1;
    }
    int rc = read_huk_fd(fd, path, err, err_size);
    close(fd);
    return rc;
}

/* Write the new key to a temporary file (O_EXCL), fsync it, then link it to
 * huk.bin. linkat never replaces an existing name, so a HUK that appeared
 * meanwhile is kept (and reported), and a crash at any point leaves either
 * no huk.bin or a complete one, never a short one. The temporary name is
 * removed at the next boot if a crash left it. */
static int create_huk(int dirfd, const char *dir_path, char *err, size_t err_size)
{
    static const char tmp[] = CAI_HUK_FILE_NAME ".tmp";
    if (cai_spe_port_entropy(g_huk, sizeof(g_huk)) != PSA_SUCCESS) {
        snprintf(err, err_size, "the entropy source (getrandom) failed");
        return -1;
    }
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        cai_wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot create %s/%s: %s", dir_path, tmp, strerror(errno));
        return -1;
    }
    ssize_t n = write(fd, g_huk, CAI_SPE_PORT_HUK_SIZE);
    int ok = n == (ssize_t)CAI_SPE_PORT_HUK_SIZE && fsync(fd) == 0;
    close(fd);
    int linked = ok ? linkat(dirfd, tmp, dirfd, CAI_HUK_FILE_NAME, 0) : -1;
    int e = errno;
    unlinkat(dirfd, tmp, 0);
    if (linked != 0) {
        cai_wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot create HUK file %s/%s: %s", dir_path, CAI_HUK_FILE_NAME,
                 ok ? strerror(e) : "write or fsync failed");
        return -1;
    }
    if (fsync(dirfd) != 0) {
        cai_wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot fsync state directory %s: %s", dir_path, strerror(errno));
        return -1;
    }
    return 0;
}

/* huk.bin in the state directory: read it, or (when there is none) make one
 * by dummy provisioning. */
static int load_state_huk(int dirfd, const char *dir_path, char *err, size_t err_size)
{
    /* A crash during an earlier creation may have left the temporary. */
    unlinkat(dirfd, CAI_HUK_FILE_NAME ".tmp", 0);
    char path[CAI_STATE_PATH_MAX];
    if (cai_state_path(path, sizeof(path), dir_path, CAI_HUK_FILE_NAME) != 0) {
        snprintf(err, err_size, "HUK path too long");
        return -1;
    }
    int fd =
        cai_file_openat(dirfd, dir_path, CAI_HUK_FILE_NAME, O_RDONLY, 0, "HUK file", err, err_size);
    if (fd >= 0) {
        int rc = read_huk_fd(fd, path, err, err_size);
        close(fd);
        if (rc == 0) {
            cai_host_log("[WRN] HUK read from %s (host dummy provisioning, NOT for production)",
                         path);
        }
        return rc;
    }
    if (errno != ENOENT) {
        return -1; /* present but refused: never replaced */
    }
    cai_host_log("[INF] Beginning cai provisioning");
    if (create_huk(dirfd, dir_path, err, err_size) != 0) {
        return -1;
    }
    cai_host_log("[WRN] dummy provisioning: HUK created from OS entropy in %s/%s", dir_path,
                 CAI_HUK_FILE_NAME);
    cai_host_log("[WRN] dummy provisioning is NOT for production! This device is NOT SECURE");
    return 0;
}

int cai_host_huk_load(int state_fd, const char *state_path, const char *huk_file, const char *hex,
                      char *err, size_t err_size)
{
    cai_host_huk_wipe();
    if (huk_file != NULL) {
        if (load_pinned_file(huk_file, err, err_size) != 0) {
            return -1;
        }
        cai_host_log("[WRN] HUK pinned from %s (tests/demos only): NOT for production", huk_file);
    } else if (hex != NULL && hex[0] != '\0') {
        if (load_hex(hex, err, err_size) != 0) {
            return -1;
        }
        cai_host_log("[WRN] HUK pinned by CAI_HUK_HEX (tests/demos only): NOT for production");
    } else if (load_state_huk(state_fd, state_path, err, err_size) != 0) {
        return -1;
    }
    g_huk_loaded = true;
    return 0;
}
