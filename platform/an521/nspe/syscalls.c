/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What newlib needs from the non-secure image: stdout/stderr to UART0, a
 * heap in the image's own RAM (ns.ld), and the rest refused (libnosys).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cai_an521/uart.h"

int _write(int fd, const char *buf, int len);
void *_sbrk(ptrdiff_t incr);

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    if (len > 0) {
        cai_an521_uart_write(buf, (size_t)len);
    }
    return len;
}

extern uint8_t __cai_ns_heap_start[], __cai_ns_heap_end[];
static uint8_t *g_brk = __cai_ns_heap_start;

void *_sbrk(ptrdiff_t incr)
{
    if (incr < 0 ? (size_t)-incr > (size_t)(g_brk - __cai_ns_heap_start)
                 : (size_t)incr > (size_t)(__cai_ns_heap_end - g_brk)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    uint8_t *old = g_brk;
    g_brk += incr;
    return old;
}
