/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The psa_call vector rules. The transport has already made the memory
 * addressable (host: copied into SPE buffers; an521: NS ranges checked with
 * cmse_check_address_range); what is left is what the SPM itself promises the
 * services: at most PSA_MAX_IOVEC vectors, no NULL base with a length, no
 * range wrapping the address space, inputs that do not overlap each other,
 * outputs that overlap nothing (a service writing an output must not change
 * an input it is still reading, nor another output), and a bounded total.
 */
#include "spm_internal.h"

#include <stdint.h>

typedef struct {
    uintptr_t start;
    size_t len;
} spm_range_t;

/* Addresses are compared as integers: ISO C only defines < between pointers
 * into one object, and these ranges are, by design, different objects. */
static bool ranges_overlap(spm_range_t a, spm_range_t b)
{
    if (a.len == 0 || b.len == 0) {
        return false; /* an empty vector has no bytes to share */
    }
    return a.start < b.start + b.len && b.start < a.start + a.len;
}

/* Fills r[] with the in then out ranges; false on a NULL base with a length,
 * a range that wraps, or a length over the per-call cap. */
static bool collect_ranges(const psa_invec *in, size_t in_len, const psa_outvec *out,
                           size_t out_len, spm_range_t r[PSA_MAX_IOVEC], size_t *total)
{
    size_t sum = 0;
    for (size_t i = 0; i < in_len + out_len; i++) {
        const void *base = i < in_len ? in[i].base : out[i - in_len].base;
        size_t len = i < in_len ? in[i].len : out[i - in_len].len;
        if (base == NULL && len > 0) {
            return false;
        }
        /* Checking each length against the cap first keeps `sum` far from
         * overflow (at most PSA_MAX_IOVEC * cap). */
        if (len > CAI_SPM_MAX_CALL_BYTES) {
            return false;
        }
        uintptr_t start = (uintptr_t)base;
        if (len > UINTPTR_MAX - start) {
            return false;
        }
        r[i].start = start;
        r[i].len = len;
        sum += len;
    }
    *total = sum;
    return true;
}

psa_status_t spm_vectors_check(const psa_invec *in, size_t in_len, const psa_outvec *out,
                               size_t out_len)
{
    /* Written so that in_len + out_len cannot overflow. */
    if (in_len > PSA_MAX_IOVEC || out_len > PSA_MAX_IOVEC - in_len) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    if ((in_len > 0 && in == NULL) || (out_len > 0 && out == NULL)) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    spm_range_t r[PSA_MAX_IOVEC];
    size_t total = 0;
    if (!collect_ranges(in, in_len, out, out_len, r, &total) || total > CAI_SPM_MAX_CALL_BYTES) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    size_t n = in_len + out_len;
    for (size_t j = 1; j < n; j++) {
        for (size_t i = 0; i < j; i++) {
            /* Every pair: inputs may not overlap each other (FF-M) and an
             * output may overlap nothing, so no two vectors share a byte. */
            if (ranges_overlap(r[i], r[j])) {
                return PSA_ERROR_PROGRAMMER_ERROR;
            }
        }
    }
    return PSA_SUCCESS;
}
