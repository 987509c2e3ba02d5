/* SPDX-License-Identifier: Apache-2.0 */
/* The an521 secure image's own internals (not part of the SPE port). */
#ifndef CAI_AN521_S_PLATFORM_H
#define CAI_AN521_S_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

/* Formatted line to the secure log (the UART). */
void cai_an521_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The most secure stack used since reset (the stack is painted at reset),
 * in bytes; and one line saying so on the UART (also part of every fault
 * report). */
size_t cai_an521_stack_peak(void);
void cai_an521_report_stack(void);

/* Report a fatal condition and halt the system (semihosting exit 3). */
_Noreturn void cai_an521_panic(const char *why);

/* mbedTLS's exit (MBEDTLS_PLATFORM_EXIT_MACRO): a panic. */
void cai_an521_mbedtls_exit(int status);
/* mbedTLS's allocator before the arena exists (MBEDTLS_PLATFORM_STD_CALLOC/FREE). */
void *cai_an521_mbedtls_no_calloc(size_t n, size_t size);
void cai_an521_mbedtls_no_free(void *p);

/* SAU, MPCs, PPC, fault enables (s_security.c). */
void cai_an521_security_init(void);
/* One line per configured region and gate. */
void cai_an521_security_report(void);

/* The HUK from the provisioning region, or dummy provisioning (huk_an521.c). */
psa_status_t cai_an521_huk_boot(void);
/* Measure the secure image in flash (cai_spe_port_image_measurement). */
psa_status_t cai_an521_image_measure(void);
/* The emulated flash erased, empty (storage_an521.c). */
void cai_an521_storage_boot(void);
/* Boot memory: no more allocations; how much was handed out. */
void cai_an521_boot_memory_close(size_t *used, size_t *total);

#endif /* CAI_AN521_S_PLATFORM_H */
