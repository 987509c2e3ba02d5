/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-s: the an521 secure image. Boot: security configuration (SAU, MPCs,
 * PPC), the UART, the HUK and the storage area, then the portable SPM with
 * the image's manifest (each partition's init runs here: identity derives
 * the device keys and the UUID, inference loads its models into boot
 * memory); then the non-secure image at 0x00200000 is started. From then on
 * the secure side runs only inside the veneers (nsc.c) and fault handlers.
 */
#include <arm_cmse.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "cai/spm.h"
#include "cai_an521/regs.h"
#include "cai_an521/s_platform.h"
#include "cai_an521/uart.h"

#ifndef CAI_VERSION_STRING
#define CAI_VERSION_STRING "0.0.0"
#endif

#define NS_VECTORS 0x00200000u

typedef void __attribute__((cmse_nonsecure_call)) (*ns_entry_t)(void);

extern uint8_t __cai_s_stack_limit[], __cai_s_stack_top[];

int main(void)
{
    cai_an521_security_init();
    cai_an521_uart_init();
    cai_an521_log("[Sec Thread] Secure image initializing!");
    cai_an521_log("Booting cai-s %s (an521 backend: Cortex-M33 TrustZone, QEMU mps2-an521)",
                  CAI_VERSION_STRING);
    cai_an521_security_report();
    cai_an521_log("[SPE] secure stack 0x%08x-0x%08x (MSPLIM at its bottom)",
                  (unsigned)(uintptr_t)__cai_s_stack_limit,
                  (unsigned)((uintptr_t)__cai_s_stack_top - 1u));
    if (cai_an521_huk_boot() != PSA_SUCCESS) {
        cai_an521_panic("no HUK");
    }
    cai_an521_storage_boot();
    /* The crypto layer before any partition: it sets up mbedTLS's static
     * arena (every mbedTLS allocation, HKDF's included, comes from there)
     * and seeds the DRBG from the entropy hook. */
    psa_status_t cst = cai_crypto_init();
    if (cst != PSA_SUCCESS) {
        cai_an521_log("[ERR] crypto initialisation failed (status %d)", (int)cst);
        cai_an521_panic("secure boot failed");
    }
    cai_an521_log("[SPE] crypto: %s, entropy from the emulator's host (semihosting; emulation "
                  "only)",
                  cai_crypto_backend_name());
    if (cai_an521_image_measure() != PSA_SUCCESS) {
        cai_an521_panic("cannot measure the secure image");
    }

    psa_status_t st = cai_spm_init(&cai_manifest);
    size_t used, total;
    cai_an521_boot_memory_close(&used, &total);
    cai_an521_log("[SPE] boot memory: %u of %u bytes used", (unsigned)used, (unsigned)total);
    cai_an521_log("[SPE] secure stack: %u bytes used at most during boot",
                  (unsigned)cai_an521_stack_peak());
    if (st != PSA_SUCCESS) {
        cai_an521_log("[ERR] SPM initialisation failed (status %d); not serving", (int)st);
        cai_an521_panic("secure boot failed");
    }

    const uint32_t *ns_vt = (const uint32_t *)(uintptr_t)NS_VECTORS;
    if (ns_vt[0] == 0u || (ns_vt[1] & 1u) == 0u) {
        cai_an521_panic("no non-secure image at 0x00200000");
    }
    cai_an521_log("[SPE] starting the non-secure image at 0x%08x", (unsigned)NS_VECTORS);
    CAI_REG32(SCB_VTOR_NS) = NS_VECTORS;
    __asm__ volatile("msr msp_ns, %0" ::"r"(ns_vt[0]));
    ns_entry_t entry = (ns_entry_t)cmse_nsfptr_create(ns_vt[1]);
    entry();
    cai_an521_panic("the non-secure image returned");
}
