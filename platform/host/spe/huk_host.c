/*
 * Host HUK: a 32-byte file in the state directory stands in for the fused key
 * of a real device. Created from the OS entropy source on first boot, which is
 * exactly TF-M's "dummy provisioning" and is announced as such.
 */
#define _GNU_SOURCE
#include "cai_host/huk_host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai/spm.h"
#include "cai_host/state.h"

static uint8_t g_huk[CAI_HUK_SIZE];
static bool g_huk_loaded;

/* Volatile stores so the compiler cannot drop the wipe of a dead buffer. */
static void wipe(void *p, size_t n)
{
    volatile uint8_t *v = p;
    while (n-- > 0) {
        *v++ = 0;
    }
}

psa_status_t cai_platform_huk_get(uint8_t out[CAI_HUK_SIZE])
{
    if (!g_huk_loaded) {
        return PSA_ERROR_HARDWARE_FAILURE;
    }
    memcpy(out, g_huk, CAI_HUK_SIZE);
    return PSA_SUCCESS;
}

void cai_host_huk_wipe(void)
{
    wipe(g_huk, sizeof(g_huk));
    g_huk_loaded = false;
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int load_hex(const char *hex, char *err, size_t err_size)
{
    if (strlen(hex) != 2 * CAI_HUK_SIZE) {
        snprintf(err, err_size, "CAI_HUK_HEX must be exactly %u hex digits (got %zu)",
                 2 * CAI_HUK_SIZE, strlen(hex));
        return -1;
    }
    for (size_t i = 0; i < CAI_HUK_SIZE; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            wipe(g_huk, sizeof(g_huk));
            snprintf(err, err_size, "CAI_HUK_HEX has a non-hex character at position %zu",
                     hi < 0 ? 2 * i : 2 * i + 1);
            return -1;
        }
        g_huk[i] = (uint8_t)(hi << 4 | lo);
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
    } else if (st.st_size != (off_t)CAI_HUK_SIZE) {
        snprintf(err, err_size, "HUK file %s must be exactly %u bytes (it has %lld)", path,
                 CAI_HUK_SIZE, (long long)st.st_size);
    } else {
        ssize_t n = read(fd, g_huk, CAI_HUK_SIZE);
        if (n != (ssize_t)CAI_HUK_SIZE) {
            wipe(g_huk, sizeof(g_huk));
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
    size_t got = 0;
    while (got < CAI_HUK_SIZE) {
        ssize_t n = getrandom(g_huk + got, CAI_HUK_SIZE - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            snprintf(err, err_size, "getrandom failed: %s", strerror(errno));
            return -1;
        }
        got += (size_t)n;
    }
    /* O_EXCL: never follow or overwrite something another process put there. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        wipe(g_huk, sizeof(g_huk));
        snprintf(err, err_size, "cannot create HUK file %s: %s", path, strerror(errno));
        return -1;
    }
    ssize_t n = write(fd, g_huk, CAI_HUK_SIZE);
    int synced = fsync(fd);
    close(fd);
    if (n != (ssize_t)CAI_HUK_SIZE || synced != 0) {
        wipe(g_huk, sizeof(g_huk));
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
        cai_spm_log("[WRN] HUK pinned from %s (tests/demos only): NOT for production", huk_file);
    } else if (hex != NULL && hex[0] != '\0') {
        if (load_hex(hex, err, err_size) != 0) {
            return -1;
        }
        cai_spm_log("[WRN] HUK pinned by CAI_HUK_HEX (tests/demos only): NOT for production");
    } else {
        char path[CAI_STATE_PATH_MAX];
        if (cai_state_path(path, sizeof(path), state_dir, CAI_HUK_FILE_NAME) != 0) {
            snprintf(err, err_size, "HUK path too long");
            return -1;
        }
        struct stat st;
        if (lstat(path, &st) != 0 && errno == ENOENT) {
            cai_spm_log("[INF] Beginning cai provisioning");
            if (create_file(path, err, err_size) != 0) {
                return -1;
            }
            cai_spm_log("[WRN] dummy provisioning: HUK created from OS entropy in %s", path);
            cai_spm_log(
                "[WRN] dummy provisioning is NOT for production! This device is NOT SECURE");
        } else if (load_file(path, err, err_size) != 0) {
            return -1;
        } else {
            cai_spm_log("[WRN] HUK read from %s (host dummy provisioning, NOT for production)",
                        path);
        }
    }
    g_huk_loaded = true;
    return 0;
}
