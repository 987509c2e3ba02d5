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

/* Read a key file: a regular file we own, no group/other access, 32 bytes. */
static int load_file(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_size, "cannot open HUK file %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "cannot stat HUK file %s: %s", path, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "HUK file %s is not a regular file", path);
    } else if (st.st_uid != geteuid()) {
        snprintf(err, err_size, "HUK file %s is not owned by us (uid %u)", path,
                 (unsigned)geteuid());
    } else if ((st.st_mode & 0777) != 0600) {
        snprintf(err, err_size, "HUK file %s has mode %04o; it must be 0600", path,
                 (unsigned)(st.st_mode & 07777));
    } else if (st.st_size != (off_t)CAI_SPE_PORT_HUK_SIZE) {
        snprintf(err, err_size, "HUK file %s must be exactly %u bytes (it has %lld)", path,
                 CAI_SPE_PORT_HUK_SIZE, (long long)st.st_size);
    } else {
        ssize_t n = read(fd, g_huk, CAI_SPE_PORT_HUK_SIZE);
        if (n != (ssize_t)CAI_SPE_PORT_HUK_SIZE) {
            cai_wipe(g_huk, sizeof(g_huk));
            snprintf(err, err_size, "cannot read 32 bytes from HUK file %s", path);
        } else {
            rc = 0;
        }
    }
    close(fd);
    return rc;
}

static int create_file(const char *path, char *err, size_t err_size)
{
    if (cai_spe_port_entropy(g_huk, sizeof(g_huk)) != PSA_SUCCESS) {
        snprintf(err, err_size, "the entropy source (getrandom) failed");
        return -1;
    }
    /* O_EXCL: never follow or overwrite something another process put there. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        cai_wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot create HUK file %s: %s", path, strerror(errno));
        return -1;
    }
    ssize_t n = write(fd, g_huk, CAI_SPE_PORT_HUK_SIZE);
    int synced = fsync(fd);
    close(fd);
    if (n != (ssize_t)CAI_SPE_PORT_HUK_SIZE || synced != 0) {
        cai_wipe(g_huk, sizeof(g_huk));
        unlink(path);
        snprintf(err, err_size, "cannot write HUK file %s", path);
        return -1;
    }
    return 0;
}

int cai_host_huk_load(const char *state_dir, const char *huk_file, const char *hex, char *err,
                      size_t err_size)
{
    cai_host_huk_wipe();
    if (huk_file != NULL) {
        if (load_file(huk_file, err, err_size) != 0) {
            return -1;
        }
        cai_host_log("[WRN] HUK pinned from %s (tests/demos only): NOT for production", huk_file);
    } else if (hex != NULL && hex[0] != '\0') {
        if (load_hex(hex, err, err_size) != 0) {
            return -1;
        }
        cai_host_log("[WRN] HUK pinned by CAI_HUK_HEX (tests/demos only): NOT for production");
    } else {
        char path[CAI_STATE_PATH_MAX];
        if (cai_state_path(path, sizeof(path), state_dir, CAI_HUK_FILE_NAME) != 0) {
            snprintf(err, err_size, "HUK path too long");
            return -1;
        }
        struct stat st;
        if (lstat(path, &st) != 0 && errno == ENOENT) {
            cai_host_log("[INF] Beginning cai provisioning");
            if (create_file(path, err, err_size) != 0) {
                return -1;
            }
            cai_host_log("[WRN] dummy provisioning: HUK created from OS entropy in %s", path);
            cai_host_log(
                "[WRN] dummy provisioning is NOT for production! This device is NOT SECURE");
        } else if (load_file(path, err, err_size) != 0) {
            return -1;
        } else {
            cai_host_log("[WRN] HUK read from %s (host dummy provisioning, NOT for production)",
                         path);
        }
    }
    g_huk_loaded = true;
    return 0;
}
