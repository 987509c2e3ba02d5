/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Polling driver of CMSDK UART0, used by both images (QEMU: -serial stdio).
 * The secure side writes its log through it, the non-secure shell reads and
 * writes through it; neither uses interrupts.
 */
#ifndef CAI_AN521_UART_H
#define CAI_AN521_UART_H

#include <stddef.h>

void cai_an521_uart_init(void);
void cai_an521_uart_putc(char c);
/* Bytes as they are, except '\n' becomes "\r\n" (a terminal's line end). */
void cai_an521_uart_write(const char *s, size_t n);
void cai_an521_uart_puts(const char *s);
/* Block until a byte arrives. */
char cai_an521_uart_getc(void);

#endif /* CAI_AN521_UART_H */
