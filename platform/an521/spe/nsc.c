/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secure gateway: the PSA client API's non-secure-callable entry
 * functions (cai_an521/nsc.h). Each one:
 *  - checks every pointer the non-secure side passed, with its length, by
 *    cmse_check_address_range against the caller's view (non-secure
 *    attribution and the NS MPU, unprivileged if the caller was): a range
 *    that reaches secure memory, straddles the S/NS line or wraps around
 *    the address space is refused with PSA_ERROR_PROGRAMMER_ERROR;
 *  - copies the argument block and the vector arrays into secure memory
 *    before using them, so the non-secure side cannot change a base or a
 *    length between the check and the use (no double fetch); the SPM then
 *    reads and writes the vectors' bytes themselves (psa_read/psa_write)
 *    within the checked ranges;
 *  - calls the portable SPM as the one non-secure client, id -1.
 * The non-secure image runs no code while a call is served (no NS
 * interrupts are enabled), so the SPM is never entered twice.
 */
#include <arm_cmse.h>
#include <stdbool.h>
#include <string.h>

#include "cai/spm.h"
#include "cai_an521/nsc.h"

#define NS_CLIENT_ID (-1)

/* Was the non-secure caller unprivileged (CONTROL_NS.nPRIV)? */
static int ns_unprivileged(void)
{
    uint32_t control_ns;
    __asm__ volatile("mrs %0, control_ns" : "=r"(control_ns));
    return (control_ns & 1u) != 0;
}

/* ptr[0..len) is memory the non-secure caller may read (write = false) or
 * read and write; len 0 is always fine (the pointer is not used). */
static bool ns_range_ok(const void *ptr, size_t len, bool write)
{
    if (len == 0) {
        return true;
    }
    int flags = CMSE_NONSECURE | (write ? CMSE_MPU_READWRITE : CMSE_MPU_READ);
    if (ns_unprivileged()) {
        flags |= CMSE_MPU_UNPRIV;
    }
    return cmse_check_address_range((void *)(uintptr_t)ptr, len, flags) != NULL;
}

CAI_NSC_ENTRY uint32_t cai_nsc_framework_version(void)
{
    return PSA_FRAMEWORK_VERSION;
}

CAI_NSC_ENTRY uint32_t cai_nsc_version(uint32_t sid)
{
    return cai_spm_version(NS_CLIENT_ID, sid);
}

CAI_NSC_ENTRY psa_handle_t cai_nsc_connect(uint32_t sid, uint32_t version)
{
    return cai_spm_connect(NS_CLIENT_ID, sid, version);
}

CAI_NSC_ENTRY psa_status_t cai_nsc_close(psa_handle_t handle)
{
    return cai_spm_close(NS_CLIENT_ID, handle);
}

CAI_NSC_ENTRY psa_status_t cai_nsc_call(const cai_nsc_call_args_t *ns_args)
{
    /* The argument block, checked and copied once. */
    if (ns_args == NULL || !ns_range_ok(ns_args, sizeof *ns_args, false)) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    cai_nsc_call_args_t a;
    memcpy(&a, ns_args, sizeof a);

    /* Counts before any array is touched (the sum cannot overflow: each is
     * bounded first). */
    if (a.in_len > PSA_MAX_IOVEC || a.out_len > PSA_MAX_IOVEC ||
        a.in_len + a.out_len > PSA_MAX_IOVEC) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    psa_invec in[PSA_MAX_IOVEC];
    psa_outvec out[PSA_MAX_IOVEC];
    /* The out array is written back (the lengths): read-write. */
    if ((a.in_len > 0 &&
         (a.in_vec == NULL || !ns_range_ok(a.in_vec, a.in_len * sizeof(psa_invec), false))) ||
        (a.out_len > 0 &&
         (a.out_vec == NULL || !ns_range_ok(a.out_vec, a.out_len * sizeof(psa_outvec), true)))) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    if (a.in_len > 0) {
        memcpy(in, a.in_vec, a.in_len * sizeof(psa_invec));
    }
    if (a.out_len > 0) {
        memcpy(out, a.out_vec, a.out_len * sizeof(psa_outvec));
    }

    /* Every vector's bytes, from the copies: inputs readable, outputs
     * writable by the caller. A NULL base with a length is the SPM's
     * PROGRAMMER_ERROR too; checked here so no NULL range reaches it. */
    bool ok = true;
    for (size_t i = 0; i < a.in_len && ok; i++) {
        ok = in[i].len == 0 || (in[i].base != NULL && ns_range_ok(in[i].base, in[i].len, false));
    }
    for (size_t i = 0; i < a.out_len && ok; i++) {
        ok = out[i].len == 0 || (out[i].base != NULL && ns_range_ok(out[i].base, out[i].len, true));
    }
    psa_status_t st = PSA_ERROR_PROGRAMMER_ERROR;
    if (ok) {
        st = cai_spm_call(NS_CLIENT_ID, a.handle, a.type, a.in_len > 0 ? in : NULL, a.in_len,
                          a.out_len > 0 ? out : NULL, a.out_len);
    } else {
        for (size_t i = 0; i < a.out_len; i++) {
            out[i].len = 0;
        }
    }
    /* Exactly the bytes each out-vector received (0 when refused), into
     * the caller's array checked above. */
    for (size_t i = 0; i < a.out_len; i++) {
        a.out_vec[i].len = out[i].len;
    }
    return st;
}
