/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The an521 port of the shell (cai_an521_shell_port) and its own command,
 * `tz`: probes of the TrustZone boundary from the non-secure side, for the
 * tests and for anyone who wants to see the boundary hold.
 *   tz call ADDR LEN [in|out]  one psa_call to the identity service whose one
 *                              vector is ADDR..ADDR+LEN (an input, or an
 *                              output); the secure gateway refuses a range
 *                              that is not the caller's non-secure memory
 *   tz args ADDR               a psa_call whose argument block is at ADDR
 *   tz read ADDR               a 32-bit load from ADDR: a secure address is a
 *                              SecureFault, reported by the secure image,
 *                              which then halts the system
 *   tz jump ADDR               a call to ADDR: a secure address that is not
 *                              an entry point is a SecureFault (INVEP)
 *   tz bench [N]               SysTick ticks of N (default 1000) gateway
 *                              round trips: psa_framework_version (the veneer
 *                              alone), psa_version (+ the SPM's lookup), a
 *                              psa_call the SPM refuses (bad handle), a
 *                              psa_call served (identity: the UUID)
 *   tz time COMMAND...         SysTick ticks of one shell command
 * The non-secure side is untrusted by design: nothing these commands do is
 * more than any non-secure code could do. The non-secure SysTick counts the
 * processor clock; under QEMU with -icount shift=0 (bench/an521) one
 * instruction is one virtual nanosecond, so ticks give instruction counts.
 */
#include <stdint.h>
#include <stdio.h>

#include "cai/identity_client.h"
#include "cai/services.h"
#include "cai/shell.h"
#include "cai_an521/ns_port.h"
#include "cai_an521/nsc.h"
#include "cai_an521/semihost.h"

static void an521_info(cai_shell_t *sh)
{
    cai_out_str(sh, "backend", "an521 (Cortex-M33 TrustZone, QEMU mps2-an521)");
}

static psa_handle_t identity_handle(void)
{
    return CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX, CAI_IDENTITY_VERSION);
}

static void put_result(cai_shell_t *sh, psa_status_t st)
{
    cai_out_begin(sh);
    cai_out_status(sh, st);
    cai_out_end(sh);
}

static cai_shell_status_t call_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t addr, len;
    if (argc < 3 || argc > 4 || cai_parse_u32(argv[1], &addr) != 0 ||
        cai_parse_u32(argv[2], &len) != 0) {
        return cai_shell_usage_error(sh, cmd, "expected ADDR LEN [in|out]");
    }
    int out = 0;
    if (argc == 4) {
        if (argv[3][0] == 'o' && argv[3][1] == 'u' && argv[3][2] == 't' && argv[3][3] == '\0') {
            out = 1;
        } else if (!(argv[3][0] == 'i' && argv[3][1] == 'n' && argv[3][2] == '\0')) {
            return cai_shell_usage_error(sh, cmd, "the direction is in or out");
        }
    }
    void *base = (void *)(uintptr_t)addr;
    psa_status_t st;
    if (out) {
        psa_outvec ov[1] = { { base, len } };
        st = psa_call(identity_handle(), PSA_IPC_CALL, NULL, 0, ov, 1);
    } else {
        psa_invec iv[1] = { { base, len } };
        st = psa_call(identity_handle(), PSA_IPC_CALL, iv, 1, NULL, 0);
    }
    put_result(sh, st);
    return CAI_SHELL_OK;
}

static cai_shell_status_t args_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t addr;
    if (argc != 2 || cai_parse_u32(argv[1], &addr) != 0) {
        return cai_shell_usage_error(sh, cmd, "expected ADDR");
    }
    put_result(sh, cai_nsc_call((const cai_nsc_call_args_t *)(uintptr_t)addr));
    return CAI_SHELL_OK;
}

static cai_shell_status_t read_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t addr;
    if (argc != 2 || cai_parse_u32(argv[1], &addr) != 0 || (addr & 3u) != 0) {
        return cai_shell_usage_error(sh, cmd, "expected a 4-byte aligned ADDR");
    }
    fflush(sh->out);
    uint32_t v = *(volatile const uint32_t *)(uintptr_t)addr;
    cai_out_begin(sh);
    cai_out_int(sh, "value", (long long)v);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t jump_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t addr;
    if (argc != 2 || cai_parse_u32(argv[1], &addr) != 0) {
        return cai_shell_usage_error(sh, cmd, "expected ADDR");
    }
    fflush(sh->out);
    void (*fn)(void) = (void (*)(void))(uintptr_t)(addr | 1u);
    fn();
    return CAI_SHELL_OK;
}

/* The non-secure SysTick, free running down from 2^24 - 1 on the
 * processor clock. */
#define SYST_CSR  (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR  (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR  (*(volatile uint32_t *)0xE000E018u)
#define SYST_MASK 0x00FFFFFFu

static void ticks_start(void)
{
    SYST_RVR = SYST_MASK;
    SYST_CVR = 0;
    SYST_CSR = 5u; /* ENABLE | CLKSOURCE (processor clock), no interrupt */
}

/* Ticks since `from` (one wrap at most: 2^24 ticks). */
static uint32_t ticks_since(uint32_t from)
{
    return (from - SYST_CVR) & SYST_MASK;
}

static psa_status_t run_fw(void)
{
    return psa_framework_version() == PSA_FRAMEWORK_VERSION ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

static psa_status_t run_version(void)
{
    return psa_version(CAI_IDENTITY_SID) == CAI_IDENTITY_VERSION ? PSA_SUCCESS
                                                                 : PSA_ERROR_GENERIC_ERROR;
}

static psa_status_t run_refused(void)
{
    return psa_call(0x7fff, PSA_IPC_CALL, NULL, 0, NULL, 0) == PSA_ERROR_PROGRAMMER_ERROR
               ? PSA_SUCCESS
               : PSA_ERROR_GENERIC_ERROR;
}

/* A null call: zero vectors, dispatched by the SPM to a real service
 * function (the inference service's), which answers an unknown call type at
 * once. The whole path (veneer, argument checks, handle, dispatch, return)
 * with no service work: what the null psa_call goal measures. */
static psa_status_t run_null(void)
{
    psa_handle_t h = CAI_STATELESS_HANDLE(CAI_INFERENCE_INDEX, CAI_INFERENCE_VERSION);
    return psa_call(h, 0x7fff, NULL, 0, NULL, 0) == PSA_ERROR_NOT_SUPPORTED
               ? PSA_SUCCESS
               : PSA_ERROR_GENERIC_ERROR;
}

static psa_status_t run_uuid(void)
{
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    return cai_identity_uuid(uuid);
}

static cai_shell_status_t bench_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t n = 1000;
    if (argc > 2 || (argc == 2 && (cai_parse_u32(argv[1], &n) != 0 || n == 0 || n > 100000))) {
        return cai_shell_usage_error(sh, cmd, "N is 1..100000");
    }
    static const struct {
        const char *name;
        psa_status_t (*fn)(void);
    } cases[] = {
        { "framework_version", run_fw },    { "version", run_version },
        { "call_refused", run_refused },    { "call_null", run_null },
        { "call_identity_uuid", run_uuid },
    };
    ticks_start();
    cai_out_begin(sh);
    cai_out_int(sh, "calls", n);
    /* Calibration: 2 instructions per turn (subs, bne), 100000 turns. */
    uint32_t t0 = SYST_CVR;
    uint32_t turns = 100000;
    __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(turns) : : "cc");
    cai_out_int(sh, "ticks_per_200000_instructions", ticks_since(t0));
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        t0 = SYST_CVR;
        for (uint32_t i = 0; i < n; i++) {
            psa_status_t st = cases[c].fn();
            if (st != PSA_SUCCESS) {
                cai_out_end(sh);
                return cai_shell_error(sh, "%s failed (%d)", cases[c].name, (int)st);
            }
        }
        cai_out_int(sh, cases[c].name, ticks_since(t0));
    }
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t time_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    if (argc < 2) {
        return cai_shell_usage_error(sh, cmd, "expected a COMMAND");
    }
    ticks_start();
    uint32_t t0 = SYST_CVR;
    cai_shell_status_t rc = cai_shell_exec_argv(sh, argc - 1, argv + 1);
    uint32_t t = ticks_since(t0);
    fflush(sh->out);
    fprintf(sh->out, "ticks: %lu\n", (unsigned long)t);
    return rc;
}

static const cai_cmd_t tz_call_cmd = { .name = "call",
                                       .summary = "psa_call with one vector at ADDR..ADDR+LEN",
                                       .usage = "ADDR LEN [in|out]",
                                       .fn = call_run };
static const cai_cmd_t tz_args_cmd = { .name = "args",
                                       .summary = "psa_call whose argument block is at ADDR",
                                       .usage = "ADDR",
                                       .fn = args_run };
static const cai_cmd_t tz_read_cmd = { .name = "read",
                                       .summary = "load 32 bits from ADDR (secure: faults)",
                                       .usage = "ADDR",
                                       .fn = read_run };
static const cai_cmd_t tz_jump_cmd = { .name = "jump",
                                       .summary = "call ADDR (secure, not an entry: faults)",
                                       .usage = "ADDR",
                                       .fn = jump_run };
static const cai_cmd_t tz_bench_cmd = { .name = "bench",
                                        .summary = "SysTick ticks of N gateway round trips",
                                        .usage = "[N]",
                                        .fn = bench_run };
static const cai_cmd_t tz_time_cmd = {
    .name = "time", .summary = "SysTick ticks of one command", .usage = "COMMAND...", .fn = time_run
};
static const cai_cmd_t *const tz_subs[] = { &tz_call_cmd,  &tz_args_cmd, &tz_read_cmd, &tz_jump_cmd,
                                            &tz_bench_cmd, &tz_time_cmd, NULL };
static const cai_cmd_t cai_cmd_tz = {
    .name = "tz",
    .summary = "probe the TrustZone boundary: call, args, read, jump, bench, time",
    .subs = tz_subs,
};
static const cai_cmd_t *const an521_commands[] = { &cai_cmd_tz, NULL };

/* The emulator host's /dev/urandom through semihosting: emulation only, as
 * the secure image's entropy (docs/an521.md). */
static psa_status_t an521_random(uint8_t *out, size_t len)
{
    static int fd = -2;
    if (fd == -2) {
        fd = cai_an521_semihost_open_read("/dev/urandom");
    }
    return fd >= 0 && cai_an521_semihost_read(fd, out, len) == 0 ? PSA_SUCCESS
                                                                 : PSA_ERROR_INSUFFICIENT_ENTROPY;
}

const cai_shell_port_t cai_an521_shell_port = {
    .info = an521_info,
    .psa_close_status = cai_an521_psa_close_status,
    .commands = an521_commands,
    .random = an521_random,
};
