/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mps2-an521 (SSE-200, Cortex-M33) as QEMU 7.2 models it: the memory map and
 * the registers the two images use, written from the measured facts in the
 * project notes (shared/notes/armv8m-on-qemu.md). The IDAU attributes by
 * address bit 28: 1 = Secure alias, 0 = Non-secure alias.
 */
#ifndef CAI_AN521_REGS_H
#define CAI_AN521_REGS_H

#include <stdint.h>

#define CAI_REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Memories (NS alias; the S alias is the same address | 0x10000000) ---- */
#define AN521_SSRAM0_NS   0x00000000u /* "code" ssram-0, stands in for flash, 4 MiB */
#define AN521_SSRAM0_S    0x10000000u
#define AN521_SSRAM0_SIZE 0x00400000u
#define AN521_SSRAM1_S    0x38000000u /* ssram-1, 2 MiB: secure data */
#define AN521_SSRAM1_SIZE 0x00200000u
#define AN521_SSRAM2_NS   0x28200000u /* ssram-2, 2 MiB: non-secure data */
#define AN521_SSRAM2_SIZE 0x00200000u

/* ---- Memory protection controllers (secure alias only) ---- */
#define AN521_MPC_SSRAM0 0x58007000u
#define AN521_MPC_SSRAM1 0x58008000u
#define AN521_MPC_SSRAM2 0x58009000u
#define MPC_CTRL         0x00u /* bit 4 SEC_RESP, bit 8 AUTOINC */
#define MPC_BLK_MAX      0x10u
#define MPC_BLK_CFG      0x14u /* block size = 1 << (BLK_CFG + 5) bytes */
#define MPC_BLK_IDX      0x18u
#define MPC_BLK_LUT      0x1Cu /* one bit per block, 1 = non-secure */
#define MPC_CTRL_AUTOINC (1u << 8)

/* ---- Secure privilege control ---- */
#define AN521_SPCTRL            0x50080000u
#define SPCTRL_SECRESPCFG       0x10u
#define SPCTRL_NSCCFG           0x14u /* bit 0 CODENSC: 0x1xxxxxxx may be NSC */
#define SPCTRL_APBNSPPCEXP1     0x84u /* UART0 = bit 5 */
#define SPCTRL_NSCCFG_CODENSC   (1u << 0)
#define SPCTRL_APBPPCEXP1_UART0 (1u << 5)

/* ---- CMSDK UART0 (NS alias: the port is made non-secure at boot) ---- */
#define AN521_UART0_NS  0x40200000u
#define UART_DATA       0x00u
#define UART_STATE      0x04u /* bit 0 TX full, bit 1 RX full */
#define UART_CTRL       0x08u /* bit 0 TX enable, bit 1 RX enable */
#define UART_BAUDDIV    0x10u
#define UART_STATE_TXF  (1u << 0)
#define UART_STATE_RXF  (1u << 1)
#define UART_CTRL_TX_EN (1u << 0)
#define UART_CTRL_RX_EN (1u << 1)

/* ---- System control space ---- */
#define SCB_VTOR             0xE000ED08u
#define SCB_SHCSR            0xE000ED24u
#define SCB_CFSR             0xE000ED28u /* MMFSR [7:0], BFSR [15:8], UFSR [31:16] */
#define SCB_HFSR             0xE000ED2Cu
#define SCB_MMFAR            0xE000ED34u
#define SCB_BFAR             0xE000ED38u
#define SCB_SFSR             0xE000EDE4u
#define SCB_SFAR             0xE000EDE8u
#define SCB_AIRCR            0xE000ED0Cu
#define SCB_VTOR_NS          0xE002ED08u /* the non-secure VTOR, seen from the secure side */
#define SHCSR_MEMFAULTENA    (1u << 16)
#define SHCSR_BUSFAULTENA    (1u << 17)
#define SHCSR_USGFAULTENA    (1u << 18)
#define SHCSR_SECUREFAULTENA (1u << 19)

/* ---- Security attribution unit ---- */
#define SAU_CTRL        0xE000EDD0u
#define SAU_TYPE        0xE000EDD4u
#define SAU_RNR         0xE000EDD8u
#define SAU_RBAR        0xE000EDDCu
#define SAU_RLAR        0xE000EDE0u
#define SAU_RLAR_ENABLE (1u << 0)
#define SAU_RLAR_NSC    (1u << 1)
#define SAU_CTRL_ENABLE (1u << 0)

#endif /* CAI_AN521_REGS_H */
