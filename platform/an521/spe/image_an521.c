/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The an521 secure image measurement (cai_spe_port_image_measurement,
 * spe/include/cai/spe_port.h): SHA-256 of the image as flashed, from the
 * start of the secure code region to the end of .data's load image (s.ld),
 * taken once by the boot code before any partition runs. Unsigned (signer id
 * zeros): there is no boot loader checking a signature under QEMU.
 */
#include <stdbool.h>
#include <string.h>

#include "cai/crypto.h"
#include "cai/spe_port.h"
#include "cai_an521/s_platform.h"

extern const uint8_t __cai_s_image_start[];
extern const uint8_t __cai_s_image_end[];

static uint8_t g_measurement[CAI_SHA256_LEN];
static bool g_measured;

/* SHA-256 of this text names the implementation (docs/attest.md). */
static const char k_implementation[] = "cai an521 SPE";

psa_status_t cai_an521_image_measure(void)
{
    size_t n = (size_t)(__cai_s_image_end - __cai_s_image_start);
    psa_status_t st = cai_sha256(__cai_s_image_start, n, g_measurement);
    g_measured = st == PSA_SUCCESS;
    if (g_measured) {
        cai_an521_log("[SPE] secure image measured: %u bytes at 0x%08x", (unsigned)n,
                      (unsigned)(uintptr_t)__cai_s_image_start);
    }
    return st;
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
    return cai_sha256((const uint8_t *)k_implementation, sizeof(k_implementation) - 1,
                      out->implementation_id) == PSA_SUCCESS
               ? PSA_SUCCESS
               : PSA_ERROR_BAD_STATE;
}
