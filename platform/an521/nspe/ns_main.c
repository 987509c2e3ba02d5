/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-ns: the an521 non-secure image. The same shell as the host's `cai`
 * (nspe/shell) over UART0: the prompt, one line read with echo and simple
 * editing (backspace, Ctrl-U), the line run, output on the UART. `exit`
 * ends the emulation with the worst status of the session's commands
 * (semihosting), so a script run through QEMU has an exit status.
 */
#include <stdio.h>

#include "cai/shell.h"
#include "cai_an521/ns_port.h"
#include "cai_an521/semihost.h"
#include "cai_an521/uart.h"

#ifndef CAI_VERSION_STRING
#define CAI_VERSION_STRING "0.0.0"
#endif

#define PROMPT "cai:~$ "

static char g_line[CAI_SHELL_MAX_LINE];

/* One line into g_line, echoed; 1 when the line was too long (dropped). */
static int read_line(void)
{
    size_t n = 0;
    int too_long = 0;
    for (;;) {
        char c = cai_an521_uart_getc();
        if (c == '\r' || c == '\n') {
            cai_an521_uart_puts("\n");
            g_line[n] = '\0';
            return too_long;
        }
        if (c == '\b' || c == 0x7f) {
            if (n > 0) {
                n--;
                cai_an521_uart_puts("\b \b");
            }
        } else if (c == 0x15) { /* Ctrl-U */
            while (n > 0) {
                n--;
                cai_an521_uart_puts("\b \b");
            }
        } else if ((unsigned char)c >= 0x20 || c == '\t') {
            if (n + 1 < sizeof g_line) {
                g_line[n++] = c;
                cai_an521_uart_putc(c);
            } else {
                too_long = 1;
            }
        }
    }
}

int main(void)
{
    /* Unbuffered: the shell's output and the secure log share the UART, and
     * each appears as it is written. */
    setvbuf(stdout, NULL, _IONBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);
    cai_shell_t sh;
    cai_shell_init(&sh, &cai_an521_shell_port);
    printf("cai %s non-secure shell (an521); 'help' lists the commands, 'exit' stops the "
           "system\n",
           CAI_VERSION_STRING);
    cai_shell_status_t worst = CAI_SHELL_OK;
    while (!sh.exit_requested) {
        cai_an521_uart_puts(PROMPT);
        if (read_line() != 0) {
            fprintf(stderr, "error: line longer than %u characters\n",
                    (unsigned)(CAI_SHELL_MAX_LINE - 1));
            worst = CAI_SHELL_USAGE > worst ? CAI_SHELL_USAGE : worst;
            continue;
        }
        cai_shell_status_t rc = cai_shell_exec_line(&sh, g_line);
        if (rc > worst) {
            worst = rc;
        }
    }
    cai_an521_semihost_exit((int)worst);
}
