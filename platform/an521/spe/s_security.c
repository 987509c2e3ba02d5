/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secure image's security configuration, before any non-secure code
 * runs (notes §3 "boot-time security configuration"):
 *  1. MPCs: the non-secure half of ssram-0 and all of ssram-2 made NS; the
 *     block size is read from BLK_CFG (QEMU uses its page size), the LUT
 *     updated with AUTOINC off (with it on, every LUT access moves BLK_IDX).
 *  2. SAU: NS code, the NSC veneers (exactly .gnu.sgstubs), NS RAM, the NS
 *     peripheral alias; every other address stays Secure.
 *  3. NSCCFG.CODENSC, without which the IDAU reports 0x1xxxxxxx as Secure
 *     non-NSC and overrides the SAU's NSC region (INVEP on the first SG).
 *  4. PPC: UART0 non-secure (the secure log then uses the NS alias too).
 *  5. SECRESPCFG (bus error rather than RAZ/WI), the fault enables.
 */
#include <stdint.h>

#include "cai_an521/regs.h"
#include "cai_an521/s_platform.h"

extern uint32_t __cai_s_sg_start[], __cai_s_sg_end[];

/* The non-secure image's memory (ns.ld). */
#define NS_CODE_START   0x00200000u
#define NS_CODE_END     0x00400000u /* exclusive */
#define NS_RAM_START    AN521_SSRAM2_NS
#define NS_RAM_END      (AN521_SSRAM2_NS + AN521_SSRAM2_SIZE)
#define NS_PERIPH_START 0x40000000u
#define NS_PERIPH_END   0x50000000u

#define SPCTRL(off) CAI_REG32(AN521_SPCTRL + (off))

typedef struct mpc_report {
    uint32_t base, block, blocks, ns_from, ns_to;
} mpc_report_t;
static mpc_report_t g_mpc[2];

/* Mark the blocks covering [from, to) of the memory behind the MPC (offsets
 * from the memory's start) non-secure. */
static void mpc_set_ns(uint32_t mpc, uint32_t from, uint32_t to, mpc_report_t *rep)
{
#define MPC(off) CAI_REG32(mpc + (off))
    uint32_t block = 1u << (MPC(MPC_BLK_CFG) + 5u);
    uint32_t max_idx = MPC(MPC_BLK_MAX); /* LUT words - 1 */
    MPC(MPC_CTRL) &= ~MPC_CTRL_AUTOINC;
    uint32_t first = from / block, last = (to + block - 1u) / block; /* [first, last) */
    for (uint32_t b = first; b < last; b++) {
        uint32_t word = b / 32u;
        if (word > max_idx) {
            break;
        }
        MPC(MPC_BLK_IDX) = word;
        uint32_t lut = MPC(MPC_BLK_LUT);
        MPC(MPC_BLK_IDX) = word;
        MPC(MPC_BLK_LUT) = lut | (1u << (b % 32u));
    }
    *rep = (mpc_report_t){ mpc, block, (max_idx + 1u) * 32u, first * block, last * block };
#undef MPC
}

static void sau_region(uint32_t n, uint32_t start, uint32_t end_incl, int nsc)
{
    CAI_REG32(SAU_RNR) = n;
    CAI_REG32(SAU_RBAR) = start & ~0x1Fu;
    CAI_REG32(SAU_RLAR) = (end_incl & ~0x1Fu) | (nsc ? SAU_RLAR_NSC : 0u) | SAU_RLAR_ENABLE;
}

void cai_an521_security_init(void)
{
    /* 1. Memory gates. */
    mpc_set_ns(AN521_MPC_SSRAM0, NS_CODE_START, NS_CODE_END, &g_mpc[0]);
    mpc_set_ns(AN521_MPC_SSRAM2, 0u, AN521_SSRAM2_SIZE, &g_mpc[1]);

    /* 2. Attribution. */
    uint32_t sg_start = (uint32_t)(uintptr_t)__cai_s_sg_start;
    uint32_t sg_end = (uint32_t)(uintptr_t)__cai_s_sg_end;
    sau_region(0, NS_CODE_START, NS_CODE_END - 1u, 0);
    if (sg_end > sg_start) {
        sau_region(1, sg_start, sg_end - 1u, 1);
    }
    sau_region(2, NS_RAM_START, NS_RAM_END - 1u, 0);
    sau_region(3, NS_PERIPH_START, NS_PERIPH_END - 1u, 0);
    CAI_REG32(SAU_CTRL) = SAU_CTRL_ENABLE;
    __asm__ volatile("dsb\n isb" ::: "memory");

    /* 3. Code at 0x1xxxxxxx may be non-secure callable. */
    SPCTRL(SPCTRL_NSCCFG) |= SPCTRL_NSCCFG_CODENSC;

    /* 4. UART0 to the non-secure side. */
    SPCTRL(SPCTRL_APBNSPPCEXP1) |= SPCTRL_APBPPCEXP1_UART0;

    /* 5. Bus errors for blocked accesses; the faults enabled separately, so
     * each is reported as itself and not escalated to HardFault. */
    SPCTRL(SPCTRL_SECRESPCFG) = 1u;
    CAI_REG32(SCB_SHCSR) |=
        SHCSR_SECUREFAULTENA | SHCSR_USGFAULTENA | SHCSR_BUSFAULTENA | SHCSR_MEMFAULTENA;
    __asm__ volatile("dsb\n isb" ::: "memory");
}

void cai_an521_security_report(void)
{
    cai_an521_log("[SPE] SAU: %u regions; NS code 0x%08x-0x%08x, NSC 0x%08x-0x%08x, "
                  "NS RAM 0x%08x-0x%08x, NS peripherals 0x%08x-0x%08x",
                  (unsigned)CAI_REG32(SAU_TYPE), (unsigned)NS_CODE_START,
                  (unsigned)(NS_CODE_END - 1u), (unsigned)(uintptr_t)__cai_s_sg_start,
                  (unsigned)((uintptr_t)__cai_s_sg_end - 1u), (unsigned)NS_RAM_START,
                  (unsigned)(NS_RAM_END - 1u), (unsigned)NS_PERIPH_START,
                  (unsigned)(NS_PERIPH_END - 1u));
    static const char *const what[2] = { "ssram-0 (code)", "ssram-2 (NS data)" };
    for (unsigned i = 0; i < 2; i++) {
        const mpc_report_t *m = &g_mpc[i];
        cai_an521_log("[SPE] MPC 0x%08x %s: %u-byte blocks (BLK_CFG), %u blocks; "
                      "NS: +0x%06x..+0x%06x",
                      (unsigned)m->base, what[i], (unsigned)m->block, (unsigned)m->blocks,
                      (unsigned)m->ns_from, (unsigned)(m->ns_to - 1u));
    }
    cai_an521_log("[SPE] PPC: UART0 non-secure; NSCCFG.CODENSC set; SECRESPCFG=1");
}
