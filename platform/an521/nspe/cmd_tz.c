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
 * The non-secure side is untrusted by design: nothing these commands do is
 * more than any non-secure code could do.
 */
#include <stdint.h>
#include <stdio.h>

#include "cai/services.h"
#include "cai/shell.h"
#include "cai_an521/ns_port.h"
#include "cai_an521/nsc.h"

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
static const cai_cmd_t *const tz_subs[] = { &tz_call_cmd, &tz_args_cmd, &tz_read_cmd, &tz_jump_cmd,
                                            NULL };
static const cai_cmd_t cai_cmd_tz = {
    .name = "tz",
    .summary = "probe the TrustZone boundary: call, args, read, jump",
    .subs = tz_subs,
};
static const cai_cmd_t *const an521_commands[] = { &cai_cmd_tz, NULL };

const cai_shell_port_t cai_an521_shell_port = {
    .info = an521_info,
    .psa_close_status = cai_an521_psa_close_status,
    .commands = an521_commands,
};
