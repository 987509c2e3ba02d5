/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The non-secure image's vector table and reset. It starts privileged, on
 * MSP_NS (set by the secure image from this table's first word). Faults the
 * non-secure side causes against secure memory are SecureFaults, taken and
 * reported by the secure image; the non-secure handlers here report their
 * own faults and stop.
 */
#include <stdint.h>
#include <string.h>

#include "cai_an521/semihost.h"
#include "cai_an521/uart.h"

extern uint32_t __cai_ns_data_start[], __cai_ns_data_end[], __cai_ns_data_load[];
extern uint32_t __cai_ns_bss_start[], __cai_ns_bss_end[];
extern uint32_t __cai_ns_stack_limit[], __cai_ns_stack_top[];

int main(void);
void cai_ns_reset(void);

__attribute__((noreturn, used)) static void ns_reset_c(void)
{
    memcpy(__cai_ns_data_start, __cai_ns_data_load,
           (size_t)((uintptr_t)__cai_ns_data_end - (uintptr_t)__cai_ns_data_start));
    memset(__cai_ns_bss_start, 0,
           (size_t)((uintptr_t)__cai_ns_bss_end - (uintptr_t)__cai_ns_bss_start));
    int rc = main();
    cai_an521_semihost_exit(rc);
}

__attribute__((naked, noreturn)) void cai_ns_reset(void)
{
    __asm__ volatile("ldr r0, =__cai_ns_stack_limit\n"
                     "msr msplim, r0\n"
                     "msr psplim, r0\n"
                     "b ns_reset_c\n");
}

__attribute__((noreturn)) static void ns_fault(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    static const char hex[] = "0123456789abcdef";
    char n[3] = { hex[(ipsr >> 4) & 0xF], hex[ipsr & 0xF], '\0' };
    cai_an521_uart_puts("\n[NS FAULT] exception 0x");
    cai_an521_uart_puts(n);
    cai_an521_uart_puts(" in the non-secure image; stopped\n");
    cai_an521_semihost_exit(4);
}

typedef void (*cai_vector_t)(void);

__attribute__((section(".vectors"), used)) static const cai_vector_t g_ns_vectors[16] = {
    [0] = (cai_vector_t)(uintptr_t)__cai_ns_stack_top,
    [1] = cai_ns_reset,
    [2 ... 15] = ns_fault,
};
