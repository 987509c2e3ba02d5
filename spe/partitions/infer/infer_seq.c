/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The result sequence number (claim -80006, docs/design.md §5): strictly
 * increasing, never reused, across restarts, crashes and power loss.
 *
 * Write-ahead reservation: protected storage holds `limit`, a number no
 * result has carried yet and above every number ever handed out. Before
 * handing out `limit` itself, the partition stores limit + INFER_SEQ_BLOCK
 * (an atomic, durable ITS write) and only then uses the numbers below the new
 * limit. Counting resumes at the stored limit, which is read at the first
 * request after boot (not at init: a device whose storage fails still boots
 * and lists its models; it only makes no results until storage answers). Whenever the SPE dies,
 * every number it handed out is below what storage says, so the next boot
 * never repeats one; the cost is a gap of at most INFER_SEQ_BLOCK - 1. One
 * storage write per INFER_SEQ_BLOCK results.
 */
#include <stdbool.h>

#include "cai/partition.h"
#include "infer_partition.h"
#include "psa/internal_trusted_storage.h"

#define ITS_UID_SEQ ((psa_storage_uid_t)0x534551ull) /* "SEQ" */
/* Numbers stay far below 2^63, so they are uints in every CBOR decoder. */
#define SEQ_MAX (UINT64_C(1) << 62)

static bool g_loaded;    /* the stored limit has been read since boot */
static uint64_t g_next;  /* the next number to hand out */
static uint64_t g_limit; /* the reserved (stored) limit: g_next < g_limit to use */

static void put_le64(uint8_t b[8], uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_le64(const uint8_t b[8])
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | b[i];
    }
    return v;
}

static psa_status_t seq_load(void)
{
    uint8_t b[8];
    size_t got = 0;
    psa_status_t st = psa_its_get(ITS_UID_SEQ, 0, sizeof(b), b, &got);
    if (st == PSA_ERROR_DOES_NOT_EXIST) {
        g_next = g_limit = 1; /* a new device: the first result carries 1 */
        g_loaded = true;
        return PSA_SUCCESS;
    }
    if (st != PSA_SUCCESS || got != sizeof(b)) {
        /* Not knowing where we were must not become starting again. */
        cai_partition_log("[INFER] the sequence reservation cannot be read (%d): no results",
                          (int)st);
        return st != PSA_SUCCESS ? st : PSA_ERROR_STORAGE_FAILURE;
    }
    uint64_t limit = get_le64(b);
    if (limit == 0 || limit > SEQ_MAX) {
        cai_partition_log("[INFER] the sequence reservation is out of range: no results");
        return PSA_ERROR_STORAGE_FAILURE;
    }
    g_next = g_limit = limit;
    g_loaded = true;
    return PSA_SUCCESS;
}

psa_status_t infer_seq_init(void)
{
    g_loaded = false;
    return PSA_SUCCESS;
}

psa_status_t infer_seq_next(uint64_t *seq)
{
    if (!g_loaded) {
        psa_status_t st = seq_load();
        if (st != PSA_SUCCESS) {
            return st;
        }
    }
    if (g_next >= g_limit) {
        uint64_t limit = g_next + INFER_SEQ_BLOCK;
        if (limit > SEQ_MAX) {
            return PSA_ERROR_INSUFFICIENT_STORAGE;
        }
        uint8_t b[8];
        put_le64(b, limit);
        psa_status_t st = psa_its_set(ITS_UID_SEQ, sizeof(b), b, 0);
        if (st != PSA_SUCCESS) {
            return st; /* nothing handed out on an unknown reservation */
        }
        g_limit = limit;
    }
    *seq = g_next++;
    return PSA_SUCCESS;
}
