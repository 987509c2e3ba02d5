/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secure image's vector table, reset handler and fault handlers. A
 * fault is reported on the UART (which fault, the fault status registers,
 * the stacked PC/LR/xPSR and which security state it came from) and then
 * halts the system: a secure fault, or a non-secure access the SAU/MPC
 * stopped, is not something the secure side tries to recover from.
 */
#include <stdint.h>
#include <string.h>

#include "cai_an521/regs.h"
#include "cai_an521/s_platform.h"
#include "cai_an521/semihost.h"
#include "cai_an521/uart.h"

extern uint32_t __cai_s_data_start[], __cai_s_data_end[], __cai_s_data_load[];
extern uint32_t __cai_s_bss_start[], __cai_s_bss_end[];
extern uint32_t __cai_s_boot_memory_start[], __cai_s_boot_memory_end[];
extern uint32_t __cai_s_stack_limit[], __cai_s_stack_top[];

int main(void);
void cai_s_reset(void);
void cai_s_fault_report(uint32_t *msp, uint32_t exc_return, uint32_t kind);

#define STACK_PAINT 0x5A7AC4EDu

/* The C part of reset: the unused stack painted (for the high-water mark),
 * .data, .bss and boot memory set up, then main. */
__attribute__((noreturn, used)) static void reset_c(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (volatile uint32_t *w = __cai_s_stack_limit; (uintptr_t)w + 64u < sp; w++) {
        *w = STACK_PAINT;
    }
    size_t data = (size_t)((uintptr_t)__cai_s_data_end - (uintptr_t)__cai_s_data_start);
    memcpy(__cai_s_data_start, __cai_s_data_load, data);
    memset(__cai_s_bss_start, 0,
           (size_t)((uintptr_t)__cai_s_bss_end - (uintptr_t)__cai_s_bss_start));
    memset(__cai_s_boot_memory_start, 0,
           (size_t)((uintptr_t)__cai_s_boot_memory_end - (uintptr_t)__cai_s_boot_memory_start));
    (void)main();
    cai_an521_panic("main returned");
}

/* Stack limits first, before any C frame exists: a secure stack overflow
 * is then a UsageFault (STKOF), never a silent write below the stack. The
 * process stack is not used by the secure side; its limit is set all the
 * same, to the same bottom. */
__attribute__((naked, noreturn)) void cai_s_reset(void)
{
    __asm__ volatile("ldr r0, =__cai_s_stack_limit\n"
                     "msr msplim, r0\n"
                     "msr psplim, r0\n"
                     "ldr r1, =__cai_s_stack_top\n"
                     "msr psp, r1\n"
                     "b reset_c\n");
}

size_t cai_an521_stack_peak(void)
{
    const uint32_t *w = __cai_s_stack_limit;
    while (w < __cai_s_stack_top && *w == STACK_PAINT) {
        w++;
    }
    return (size_t)((uintptr_t)__cai_s_stack_top - (uintptr_t)w);
}

enum {
    K_NMI = 2,
    K_HARD = 3,
    K_MEM = 4,
    K_BUS = 5,
    K_USAGE = 6,
    K_SECURE = 7,
    K_OTHER = 0
};

/* Each handler captures the secure MSP before any C prologue moves it and
 * passes it with EXC_RETURN and which fault this is. */
#define FAULT_STUB(name, kind)                                  \
    __attribute__((naked)) static void name(void)               \
    {                                                           \
        __asm__ volatile("mrs r0, msp\n"                        \
                         "mov r1, lr\n"                         \
                         "movs r2, %0\n"                        \
                         "b cai_s_fault_report\n" ::"i"(kind)); \
    }
FAULT_STUB(nmi_handler, K_NMI)
FAULT_STUB(hardfault_handler, K_HARD)
FAULT_STUB(memmanage_handler, K_MEM)
FAULT_STUB(busfault_handler, K_BUS)
FAULT_STUB(usagefault_handler, K_USAGE)
FAULT_STUB(securefault_handler, K_SECURE)
FAULT_STUB(default_handler, K_OTHER)

static void put_hex32(uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    char b[11] = "0x";
    for (int i = 0; i < 8; i++) {
        b[2 + i] = hex[(v >> (28 - 4 * i)) & 0xFu];
    }
    b[10] = '\0';
    cai_an521_uart_puts(b);
}

static void put_field(const char *name, uint32_t v)
{
    cai_an521_uart_puts(" ");
    cai_an521_uart_puts(name);
    cai_an521_uart_puts("=");
    put_hex32(v);
}

static uint32_t read_sp(int nonsecure, int process)
{
    uint32_t v;
    if (nonsecure) {
        if (process) {
            __asm__ volatile("mrs %0, psp_ns" : "=r"(v));
        } else {
            __asm__ volatile("mrs %0, msp_ns" : "=r"(v));
        }
    } else {
        __asm__ volatile("mrs %0, psp" : "=r"(v));
    }
    return v;
}

/* The SFSR bits by name: which rule the access broke. */
static void put_sfsr(uint32_t sfsr)
{
    static const char *const names[] = { "INVEP",   "INVIS",  "INVER",     "AUVIOL",
                                         "INVTRAN", "LSPERR", "SFARVALID", "LSERR" };
    for (unsigned i = 0; i < 8; i++) {
        if (sfsr & (1u << i)) {
            cai_an521_uart_puts(" ");
            cai_an521_uart_puts(names[i]);
        }
    }
}

__attribute__((noreturn, used)) void cai_s_fault_report(uint32_t *msp, uint32_t exc_return,
                                                        uint32_t kind)
{
    static const char *const names[] = { [K_OTHER] = "unexpected exception",
                                         [1] = "?",
                                         [K_NMI] = "NMI",
                                         [K_HARD] = "HardFault",
                                         [K_MEM] = "MemManage fault",
                                         [K_BUS] = "BusFault",
                                         [K_USAGE] = "UsageFault",
                                         [K_SECURE] = "SecureFault" };
    /* EXC_RETURN bit 6 (S): the frame is on a secure stack; bit 2 (SPSEL):
     * on the process stack of that state. */
    int from_ns = (exc_return & (1u << 6)) == 0;
    int process = (exc_return & (1u << 2)) != 0;
    const uint32_t *frame = (!from_ns && !process) ? msp : (uint32_t *)read_sp(from_ns, process);
    uint32_t cfsr = CAI_REG32(SCB_CFSR), hfsr = CAI_REG32(SCB_HFSR);
    uint32_t sfsr = CAI_REG32(SCB_SFSR);

    cai_an521_uart_puts("\n[FAULT] ");
    cai_an521_uart_puts(names[kind < 8 ? kind : 0]);
    cai_an521_uart_puts(from_ns ? " from the non-secure state" : " in the secure state");
    cai_an521_uart_puts("\n[FAULT]");
    put_field("CFSR", cfsr);
    put_field("HFSR", hfsr);
    put_field("SFSR", sfsr);
    put_sfsr(sfsr);
    cai_an521_uart_puts("\n[FAULT]");
    if (sfsr & (1u << 6)) {
        put_field("SFAR", CAI_REG32(SCB_SFAR));
    }
    if (cfsr & (1u << 15)) {
        put_field("BFAR", CAI_REG32(SCB_BFAR));
    }
    if (cfsr & (1u << 7)) {
        put_field("MMFAR", CAI_REG32(SCB_MMFAR));
    }
    put_field("EXC_RETURN", exc_return);
    /* The frame is read only when it lies in RAM one of the images owns. */
    uintptr_t f = (uintptr_t)frame;
    int frame_ok = (f >= AN521_SSRAM1_S && f + 32u <= AN521_SSRAM1_S + AN521_SSRAM1_SIZE) ||
                   (f >= AN521_SSRAM2_NS && f + 32u <= AN521_SSRAM2_NS + AN521_SSRAM2_SIZE);
    if (frame_ok) {
        put_field("PC", frame[6]);
        put_field("LR", frame[5]);
        put_field("xPSR", frame[7]);
    }
    cai_an521_uart_puts("\n");
    cai_an521_report_stack();
    cai_an521_uart_puts("[FAULT] system halted\n");
    cai_an521_semihost_exit(3);
}

static void put_dec(uint32_t v)
{
    char b[11];
    int n = 0;
    do {
        b[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0) {
        cai_an521_uart_putc(b[--n]);
    }
}

void cai_an521_report_stack(void)
{
    cai_an521_uart_puts("[SPE] secure stack high-water: ");
    put_dec((uint32_t)cai_an521_stack_peak());
    cai_an521_uart_puts(" of ");
    put_dec((uint32_t)((uintptr_t)__cai_s_stack_top - (uintptr_t)__cai_s_stack_limit));
    cai_an521_uart_puts(" bytes\n");
}

typedef void (*cai_vector_t)(void);

__attribute__((section(".vectors"), used)) static const cai_vector_t g_vectors[16 + 48] = {
    [0] = (cai_vector_t)(uintptr_t)__cai_s_stack_top,
    [1] = cai_s_reset,
    [2] = nmi_handler,
    [3] = hardfault_handler,
    [4] = memmanage_handler,
    [5] = busfault_handler,
    [6] = usagefault_handler,
    [7] = securefault_handler,
    [8 ... 10] = default_handler,
    [11] = default_handler, /* SVCall */
    [12 ... 15] = default_handler,
    [16 ... 63] = default_handler,
};
