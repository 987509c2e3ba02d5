/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The an521 SPE port (spe/include/cai/spe_port.h), except the HUK
 * (huk_an521.c) and the storage backend (storage_an521.c):
 *  - log sink: the line on UART0, then "\r\n";
 *  - entropy: the HOST's /dev/urandom through semihosting. QEMU's mps2-an521
 *    models no TRNG (nor does any other MPS2/MPS3 board in QEMU), so this is
 *    the only unpredictable source the emulated device has. It is fit for
 *    emulation only: the bytes cross the emulator's debug channel in the
 *    clear, whoever runs the emulator chooses them, and real silicon has no
 *    host to ask. A product uses the SoC's TRNG (or a provisioned seed with
 *    MBEDTLS_ENTROPY_NV_SEED) here;
 *  - model images: the built-in ones only (spe/models);
 *  - boot memory: the .boot_memory region the linker script reserves
 *    (CAI_S_BOOT_MEMORY_SIZE), handed out in order until the SPM serves.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "builtin_models.h"
#include "cai/spe_port.h"
#include "cai_an521/s_platform.h"
#include "cai_an521/semihost.h"
#include "cai_an521/uart.h"

/* ---- Log ------------------------------------------------------------------ */

void cai_spe_port_log(const char *line)
{
    if (line == NULL) {
        return;
    }
    cai_an521_uart_puts(line);
    cai_an521_uart_puts("\n");
}

void cai_an521_log(const char *fmt, ...)
{
    static char buf[CAI_SPE_PORT_LOG_LINE_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cai_spe_port_log(buf);
}

/* ---- Entropy (emulation only, see above) ------------------------------------ */

static int g_urandom = -2; /* -2: not opened yet; -1: failed */

psa_status_t cai_spe_port_entropy(uint8_t *out, size_t len)
{
    if (out == NULL && len > 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (len == 0) {
        return PSA_SUCCESS;
    }
    if (g_urandom == -2) {
        g_urandom = cai_an521_semihost_open_read("/dev/urandom");
    }
    if (g_urandom < 0 || cai_an521_semihost_read(g_urandom, out, len) != 0) {
        memset(out, 0, len);
        return PSA_ERROR_INSUFFICIENT_ENTROPY;
    }
    return PSA_SUCCESS;
}

/* mbedTLS's entropy source (MBEDTLS_ENTROPY_HARDWARE_ALT in the image's
 * config): the port's entropy hook. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    (void)data;
    *olen = 0;
    if (cai_spe_port_entropy(output, len) != PSA_SUCCESS) {
        return -1;
    }
    *olen = len;
    return 0;
}

void cai_an521_mbedtls_exit(int status)
{
    (void)status;
    cai_an521_panic("mbedTLS: the crypto arena is corrupted");
}

void *cai_an521_mbedtls_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}

void cai_an521_mbedtls_no_free(void *p)
{
    (void)p;
}

/* The secure image has no heap: newlib's allocator, which its formatted
 * output code references, is never given memory. */
void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
    (void)incr;
    return (void *)-1;
}

/* ---- Model images ----------------------------------------------------------- */

size_t cai_spe_port_model_count(void)
{
    return cai_builtin_model_count();
}

psa_status_t cai_spe_port_model_get(size_t index, cai_spe_port_model_t *out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return cai_builtin_model_get(index, out);
}

/* ---- Boot memory -------------------------------------------------------------- */

extern uint8_t __cai_s_boot_memory_start[], __cai_s_boot_memory_end[];
static size_t g_boot_used;
static bool g_boot_closed;

psa_status_t cai_spe_port_boot_memory(size_t bytes, void **out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (bytes == 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (g_boot_closed) {
        return PSA_ERROR_BAD_STATE;
    }
    size_t total = (size_t)(__cai_s_boot_memory_end - __cai_s_boot_memory_start);
    size_t rounded =
        (bytes + (CAI_SPE_PORT_BOOT_ALIGN - 1u)) & ~(size_t)(CAI_SPE_PORT_BOOT_ALIGN - 1u);
    if (rounded < bytes || rounded > total - g_boot_used) {
        cai_an521_log("[SPE] boot memory: %u bytes asked, %u of %u left", (unsigned)bytes,
                      (unsigned)(total - g_boot_used), (unsigned)total);
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    }
    /* Zeroed by the reset handler, never handed out twice. */
    *out = __cai_s_boot_memory_start + g_boot_used;
    g_boot_used += rounded;
    return PSA_SUCCESS;
}

void cai_an521_boot_memory_close(size_t *used, size_t *total)
{
    g_boot_closed = true;
    *used = g_boot_used;
    *total = (size_t)(__cai_s_boot_memory_end - __cai_s_boot_memory_start);
}

_Noreturn void cai_an521_panic(const char *why)
{
    cai_an521_uart_puts("\n[FAULT] ");
    cai_an521_uart_puts(why);
    cai_an521_uart_puts("\n");
    cai_an521_report_stack();
    cai_an521_uart_puts("[FAULT] system halted\n");
    cai_an521_semihost_exit(3);
}
