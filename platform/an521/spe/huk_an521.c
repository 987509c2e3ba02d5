/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The HUK (cai_spe_port_huk_get) from the provisioning region of the secure
 * flash (S_PROV in s.ld, 0x101FE000): a blob of the magic "CAIHUK01" and the
 * 32 key bytes, written there by provisioning (under QEMU:
 * -device loader,file=BLOB,addr=0x101fe000, as tests/e2e/an521 pins it).
 * A region without a valid blob gets dummy provisioning, as TF-M does: a
 * fixed development HUK, the same on every device and every boot, written
 * into the region with the warning that this device is not secure.
 */
#include <stdbool.h>
#include <string.h>

#include "cai/spe_port.h"
#include "cai_an521/s_platform.h"

#define PROV_MAGIC     "CAIHUK01"
#define PROV_MAGIC_LEN 8u

typedef struct prov_blob {
    uint8_t magic[PROV_MAGIC_LEN];
    uint8_t huk[CAI_SPE_PORT_HUK_SIZE];
} prov_blob_t;

extern uint8_t __cai_s_prov_start[];

/* The development HUK of dummy provisioning: public, so NOT secure. */
static const uint8_t dummy_huk[CAI_SPE_PORT_HUK_SIZE] = {
    0xca, 0x1d, 0xe7, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x64, 0x75, 0x6d, 0x6d, 0x79, 0x2d, 0x68, 0x75,
    0x6b, 0x2d, 0x61, 0x6e, 0x35, 0x32, 0x31, 0x2d, 0x6e, 0x6f, 0x74, 0x2d, 0x73, 0x61, 0x66, 0x65,
};

static uint8_t g_huk[CAI_SPE_PORT_HUK_SIZE];
static bool g_loaded;
static bool g_provisioned; /* a valid blob was there: not dummy provisioning */

static bool all_same(const uint8_t *p, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != v) {
            return false;
        }
    }
    return true;
}

psa_status_t cai_an521_huk_boot(void)
{
    prov_blob_t *blob = (prov_blob_t *)(void *)__cai_s_prov_start;
    bool valid = memcmp(blob->magic, PROV_MAGIC, PROV_MAGIC_LEN) == 0 &&
                 !all_same(blob->huk, sizeof blob->huk, 0x00) &&
                 !all_same(blob->huk, sizeof blob->huk, 0xFF);
    if (valid) {
        cai_an521_log("[INF] HUK read from the provisioned flash region at 0x%08x",
                      (unsigned)(uintptr_t)__cai_s_prov_start);
    } else {
        cai_an521_log("[INF] Beginning cai provisioning");
        memcpy(blob->magic, PROV_MAGIC, PROV_MAGIC_LEN);
        memcpy(blob->huk, dummy_huk, sizeof dummy_huk);
        cai_an521_log("[WRN] dummy provisioning: the fixed development HUK written to the "
                      "flash region at 0x%08x",
                      (unsigned)(uintptr_t)__cai_s_prov_start);
        cai_an521_log("[WRN] dummy provisioning is NOT for production! This device is NOT SECURE");
    }
    memcpy(g_huk, blob->huk, sizeof g_huk);
    g_loaded = true;
    g_provisioned = valid;
    return PSA_SUCCESS;
}

/* A blob found at boot is "provisioned" to the attestation token's
 * lifecycle; the emulator's blob is a test provisioning, but the port cannot
 * tell it from a factory's (docs/an521.md). */
cai_spe_port_huk_origin_t cai_spe_port_huk_origin(void)
{
    if (!g_loaded) {
        return CAI_SPE_PORT_HUK_NONE;
    }
    return g_provisioned ? CAI_SPE_PORT_HUK_PROVISIONED : CAI_SPE_PORT_HUK_DUMMY;
}

psa_status_t cai_spe_port_huk_get(uint8_t out[CAI_SPE_PORT_HUK_SIZE])
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!g_loaded) {
        return PSA_ERROR_HARDWARE_FAILURE;
    }
    memcpy(out, g_huk, sizeof g_huk);
    return PSA_SUCCESS;
}
