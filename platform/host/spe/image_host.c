/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host secure image measurement (cai_spe_port_image_measurement,
 * spe/include/cai/spe_port.h). The image is the cai-spe executable: its
 * bytes are read through /proc/self/exe, which names the file this process
 * was started from even if its path was replaced since, and hashed once at
 * boot. What that is worth is in docs/attest.md: the host's "secure boot"
 * is the operator's file permissions, not a boot ROM.
 */
#define _GNU_SOURCE
#include "cai_host/image_host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cai/crypto.h"
#include "cai/spe_port.h"
#include "cai_host/version.h"

static uint8_t g_measurement[CAI_SHA256_LEN];
static bool g_measured;

/* SHA-256 of this text: one value for every host SPE (docs/attest.md). */
static const char k_implementation[] = "cai host SPE";

int cai_host_image_measure(char *err, size_t errcap)
{
    g_measured = false;
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "cannot open /proc/self/exe to measure the image: %s",
                 strerror(errno));
        return -1;
    }
    cai_sha256_ctx ctx;
    psa_status_t st = cai_sha256_start(&ctx);
    static uint8_t buf[65536];
    ssize_t n = 0;
    while (st == PSA_SUCCESS) {
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        st = cai_sha256_update(&ctx, buf, (size_t)n);
    }
    int e = errno;
    close(fd);
    if (st != PSA_SUCCESS || n < 0) {
        if (st == PSA_SUCCESS) {
            cai_sha256_abort(&ctx); /* a failed start or update released it already */
        }
        snprintf(err, errcap, "cannot measure the image: %s",
                 n < 0 ? strerror(e) : "hashing failed");
        return -1;
    }
    if (cai_sha256_finish(&ctx, g_measurement) != PSA_SUCCESS) {
        snprintf(err, errcap, "cannot measure the image: hashing failed");
        return -1;
    }
    g_measured = true;
    return 0;
}

psa_status_t cai_spe_port_image_measurement(cai_spe_port_image_t *out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!g_measured) {
        return PSA_ERROR_BAD_STATE;
    }
    memset(out, 0, sizeof(*out));
    memcpy(out->measurement, g_measurement, sizeof(g_measurement));
    out->version = CAI_VERSION_STRING;
    if (cai_sha256((const uint8_t *)k_implementation, sizeof(k_implementation) - 1,
                   out->implementation_id) != PSA_SUCCESS) {
        return PSA_ERROR_BAD_STATE;
    }
    return PSA_SUCCESS;
}
