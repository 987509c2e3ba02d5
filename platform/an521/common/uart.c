/* SPDX-License-Identifier: Apache-2.0 */
/* CMSDK UART0 polling driver (cai_an521/uart.h). */
#include "cai_an521/uart.h"

#include "cai_an521/regs.h"

#define UART(off) CAI_REG32(AN521_UART0_NS + (off))

void cai_an521_uart_init(void)
{
    UART(UART_BAUDDIV) = 16u; /* QEMU wants >= 16; the rate itself is not modelled */
    UART(UART_CTRL) = UART_CTRL_TX_EN | UART_CTRL_RX_EN;
    /* One read of DATA: QEMU 7.2 looks at stdin again only when DATA is
     * read, so without it the first input byte can wait about a second. */
    (void)UART(UART_DATA);
}

void cai_an521_uart_putc(char c)
{
    while (UART(UART_STATE) & UART_STATE_TXF) {
    }
    UART(UART_DATA) = (uint8_t)c;
}

void cai_an521_uart_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            cai_an521_uart_putc('\r');
        }
        cai_an521_uart_putc(s[i]);
    }
}

void cai_an521_uart_puts(const char *s)
{
    while (*s != '\0') {
        cai_an521_uart_write(s++, 1);
    }
}

char cai_an521_uart_getc(void)
{
    while (!(UART(UART_STATE) & UART_STATE_RXF)) {
    }
    return (char)(UART(UART_DATA) & 0xFFu);
}
