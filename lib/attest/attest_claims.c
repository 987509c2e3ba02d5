/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The claims of a PSA attestation token (cai/attest_claims.h), read strictly
 * from untrusted bytes: two passes over one map, the first finds the profile
 * (which decides the key set), the second reads every claim it knows with
 * its type checked and skips the others. No allocation; results point into
 * the payload.
 */
#include "cai/attest_claims.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cai/attest.h"
#include "cai/cbor.h"

typedef enum {
    SLOT_NONCE,
    SLOT_INSTANCE,
    SLOT_PROFILE,
    SLOT_BOOT_SEED,
    SLOT_CLIENT,
    SLOT_LIFECYCLE,
    SLOT_IMPL,
    SLOT_CERT,
    SLOT_SWC,
    SLOT_VS,
    SLOT_NO_SW,
    N_SLOTS
} slot_t;

static const char *const k_slot_names[N_SLOTS] = {
    "nonce",
    "instance-id",
    "profile",
    "boot-seed",
    "client-id",
    "security-lifecycle",
    "implementation-id",
    "certification-reference",
    "software-components",
    "verification-service-indicator",
    "no-software-measurements",
};

typedef struct {
    int64_t key;
    slot_t slot;
    bool iot; /* the PSA_IOT_PROFILE_1 key set */
} claim_key_t;

static const claim_key_t k_keys[] = {
    { CAI_ATTEST_CLAIM_NONCE, SLOT_NONCE, false },
    { CAI_ATTEST_CLAIM_INSTANCE_ID, SLOT_INSTANCE, false },
    { CAI_ATTEST_CLAIM_PROFILE, SLOT_PROFILE, false },
    { CAI_ATTEST_CLAIM_BOOT_SEED, SLOT_BOOT_SEED, false },
    { CAI_ATTEST_CLAIM_CLIENT_ID, SLOT_CLIENT, false },
    { CAI_ATTEST_CLAIM_LIFECYCLE, SLOT_LIFECYCLE, false },
    { CAI_ATTEST_CLAIM_IMPLEMENTATION, SLOT_IMPL, false },
    { CAI_ATTEST_CLAIM_BOOT_SEED_OLD, SLOT_BOOT_SEED, false },
    { CAI_ATTEST_CLAIM_CERT_REF, SLOT_CERT, false },
    { CAI_ATTEST_CLAIM_SW_COMPONENTS, SLOT_SWC, false },
    { CAI_ATTEST_CLAIM_VERIFY_SERVICE, SLOT_VS, false },
    { CAI_ATTEST_IOT_PROFILE, SLOT_PROFILE, true },
    { CAI_ATTEST_IOT_CLIENT_ID, SLOT_CLIENT, true },
    { CAI_ATTEST_IOT_LIFECYCLE, SLOT_LIFECYCLE, true },
    { CAI_ATTEST_IOT_IMPLEMENTATION, SLOT_IMPL, true },
    { CAI_ATTEST_IOT_BOOT_SEED, SLOT_BOOT_SEED, true },
    { CAI_ATTEST_IOT_CERT_REF, SLOT_CERT, true },
    { CAI_ATTEST_IOT_SW_COMPONENTS, SLOT_SWC, true },
    { CAI_ATTEST_IOT_NO_SW, SLOT_NO_SW, true },
    { CAI_ATTEST_IOT_NONCE, SLOT_NONCE, true },
    { CAI_ATTEST_IOT_INSTANCE_ID, SLOT_INSTANCE, true },
    { CAI_ATTEST_IOT_VERIFY_SERVICE, SLOT_VS, true },
};

static bool fail(char *why, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static bool fail(char *why, size_t cap, const char *fmt, ...)
{
    if (why != NULL && cap > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return false;
}

static const claim_key_t *find_key(int64_t key)
{
    for (size_t i = 0; i < sizeof(k_keys) / sizeof(k_keys[0]); i++) {
        if (k_keys[i].key == key) {
            return &k_keys[i];
        }
    }
    return NULL;
}

static bool text_is(const char *p, size_t n, const char *s)
{
    return n == strlen(s) && memcmp(p, s, n) == 0;
}

static bool hash_size_ok(size_t n)
{
    return n == 32 || n == 48 || n == 64;
}

/* Pass 1: the profile claim (265 or -75000), which must be a known text. */
static bool find_profile(const uint8_t *buf, size_t len, cai_attest_claims_t *c, char *why,
                         size_t cap)
{
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, buf, len, NULL);
    uint64_t pairs = 0;
    if (cai_cbor_get_map(&d, &pairs) != CAI_CBOR_OK) {
        return fail(why, cap, "the claims are not one CBOR map of definite length");
    }
    bool found = false;
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t key = 0;
        cai_cbor_err_t e = cai_cbor_get_int(&d, &key);
        if (e == CAI_CBOR_ERR_TYPE) {
            e = cai_cbor_skip(&d);
            key = 0;
        }
        if (e != CAI_CBOR_OK) {
            return fail(why, cap, "the claims map is malformed: %s", cai_cbor_strerror(e));
        }
        if (key != CAI_ATTEST_CLAIM_PROFILE && key != CAI_ATTEST_IOT_PROFILE) {
            if ((e = cai_cbor_skip(&d)) != CAI_CBOR_OK) {
                return fail(why, cap, "the claims map is malformed: %s", cai_cbor_strerror(e));
            }
            continue;
        }
        const char *p = NULL;
        size_t n = 0;
        if (found) {
            return fail(why, cap, "the profile claim appears twice");
        }
        if (cai_cbor_get_tstr(&d, &p, &n) != CAI_CBOR_OK) {
            return fail(why, cap, "the profile claim (%lld) is not a text string", (long long)key);
        }
        found = true;
        c->profile_text.p = p;
        c->profile_text.len = n;
        if (key == CAI_ATTEST_CLAIM_PROFILE && text_is(p, n, CAI_ATTEST_PROFILE)) {
            c->profile = CAI_ATTEST_PROFILE_RFC9783;
        } else if (key == CAI_ATTEST_CLAIM_PROFILE &&
                   text_is(p, n, CAI_ATTEST_PROFILE_TEXT_PSA_2_0_0)) {
            c->profile = CAI_ATTEST_PROFILE_PSA_2_0_0;
        } else if (key == CAI_ATTEST_IOT_PROFILE && text_is(p, n, CAI_ATTEST_PROFILE_TEXT_IOT_1)) {
            c->profile = CAI_ATTEST_PROFILE_IOT_1;
        } else {
            return fail(why, cap, "unknown profile under claim %lld", (long long)key);
        }
    }
    cai_cbor_err_t e = cai_cbor_dec_finish(&d);
    if (e != CAI_CBOR_OK) {
        return fail(why, cap, "the claims are not exactly one CBOR map: %s", cai_cbor_strerror(e));
    }
    if (!found) {
        return fail(why, cap, "the mandatory claim profile is missing");
    }
    return true;
}

static bool get_bstr(cai_cbor_dec_t *d, cai_attest_bytes_t *out)
{
    return cai_cbor_get_bstr(d, &out->p, &out->len) == CAI_CBOR_OK;
}

static bool get_tstr(cai_cbor_dec_t *d, cai_attest_text_t *out)
{
    return cai_cbor_get_tstr(d, &out->p, &out->len) == CAI_CBOR_OK;
}

/* {1: type, 2: measurement, 4: version, 5: signer id, 6: desc}, each once. */
static bool read_swc(cai_cbor_dec_t *d, size_t idx, cai_attest_swc_t *s, char *why, size_t cap)
{
    uint64_t pairs = 0;
    if (cai_cbor_get_map(d, &pairs) != CAI_CBOR_OK) {
        return fail(why, cap, "software component %zu is not a map", idx);
    }
    unsigned seen = 0;
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t key = 0;
        if (cai_cbor_get_int(d, &key) != CAI_CBOR_OK) {
            return fail(why, cap, "software component %zu has a key that is not an integer", idx);
        }
        if (key >= 1 && key <= 6 && key != 3) {
            if (seen & (1u << key)) {
                return fail(why, cap, "software component %zu has key %lld twice", idx,
                            (long long)key);
            }
            seen |= 1u << key;
        }
        bool ok = true;
        switch (key) {
        case CAI_ATTEST_SWC_TYPE:
            ok = get_tstr(d, &s->type);
            break;
        case CAI_ATTEST_SWC_MEASUREMENT:
            ok = get_bstr(d, &s->measurement) && hash_size_ok(s->measurement.len);
            break;
        case CAI_ATTEST_SWC_VERSION:
            ok = get_tstr(d, &s->version);
            break;
        case CAI_ATTEST_SWC_SIGNER_ID:
            ok = get_bstr(d, &s->signer_id) && hash_size_ok(s->signer_id.len);
            break;
        case CAI_ATTEST_SWC_DESC:
            ok = get_tstr(d, &s->desc);
            break;
        default:
            ok = cai_cbor_skip(d) == CAI_CBOR_OK;
            break;
        }
        if (!ok) {
            return fail(why, cap,
                        "software component %zu: key %lld is malformed or of the wrong "
                        "type",
                        idx, (long long)key);
        }
    }
    if (s->measurement.p == NULL) {
        return fail(why, cap, "software component %zu has no measurement-value (2)", idx);
    }
    if (s->signer_id.p == NULL) {
        return fail(why, cap, "software component %zu has no signer-id (5)", idx);
    }
    return true;
}

static bool read_swcs(cai_cbor_dec_t *d, cai_attest_claims_t *c, char *why, size_t cap)
{
    uint64_t n = 0;
    if (cai_cbor_get_array(d, &n) != CAI_CBOR_OK) {
        return fail(why, cap, "software-components is not an array");
    }
    if (n == 0) {
        return fail(why, cap, "software-components is empty");
    }
    if (n > CAI_ATTEST_MAX_SWC) {
        return fail(why, cap, "more than %u software components", CAI_ATTEST_MAX_SWC);
    }
    for (size_t i = 0; i < n; i++) {
        if (!read_swc(d, i, &c->swc[i], why, cap)) {
            return false;
        }
    }
    c->n_swc = (size_t)n;
    c->has_sw_components = true;
    return true;
}

/* EAN-13, optionally followed by "-" and 5 digits (RFC 9783 §4.2.7). */
static bool cert_ref_ok(const char *p, size_t n)
{
    if (n != 13 && n != 19) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        bool digit = p[i] >= '0' && p[i] <= '9';
        if (i == 13 ? p[i] != '-' : !digit) {
            return false;
        }
    }
    return true;
}

static bool read_claim(cai_cbor_dec_t *d, slot_t slot, int64_t key, cai_attest_claims_t *c,
                       char *why, size_t cap)
{
    const char *name = k_slot_names[slot];
    cai_attest_bytes_t b = { 0 };
    cai_attest_text_t t = { 0 };
    int64_t i64 = 0;
    uint64_t u64 = 0;
    switch (slot) {
    case SLOT_NONCE:
        if (!get_bstr(d, &b) || !(b.len == 32 || b.len == 48 || b.len == 64)) {
            return fail(why, cap, "%s (%lld) is not a byte string of 32, 48 or 64 bytes", name,
                        (long long)key);
        }
        c->nonce = b;
        return true;
    case SLOT_INSTANCE:
        if (!get_bstr(d, &b) || b.len != CAI_ATTEST_INSTANCE_ID_LEN ||
            b.p[0] != CAI_ATTEST_UEID_TYPE_RAND) {
            return fail(why, cap, "%s (%lld) is not 33 bytes starting with 0x01", name,
                        (long long)key);
        }
        c->instance_id = b;
        return true;
    case SLOT_PROFILE:
        return cai_cbor_skip(d) == CAI_CBOR_OK; /* read in pass 1 */
    case SLOT_BOOT_SEED:
        if (key == CAI_ATTEST_CLAIM_BOOT_SEED_OLD && c->profile != CAI_ATTEST_PROFILE_PSA_2_0_0) {
            return fail(why, cap, "claim 2397 (the old boot seed key) is only read in profile %s",
                        CAI_ATTEST_PROFILE_TEXT_PSA_2_0_0);
        }
        if (!get_bstr(d, &b) || b.len < 8 || b.len > 32) {
            return fail(why, cap, "%s (%lld) is not a byte string of 8..32 bytes", name,
                        (long long)key);
        }
        c->boot_seed = b;
        c->boot_seed_key = key;
        return true;
    case SLOT_CLIENT:
        if (cai_cbor_get_int(d, &i64) != CAI_CBOR_OK || i64 < INT32_MIN || i64 > INT32_MAX) {
            return fail(why, cap, "%s (%lld) is not an integer of 32 bits", name, (long long)key);
        }
        c->client_id = i64;
        c->has_client_id = true;
        return true;
    case SLOT_LIFECYCLE:
        if (cai_cbor_get_uint(d, &u64) != CAI_CBOR_OK || u64 > 0xffffu) {
            return fail(why, cap, "%s (%lld) is not an unsigned integer of 16 bits", name,
                        (long long)key);
        }
        c->lifecycle = u64;
        c->has_lifecycle = true;
        return true;
    case SLOT_IMPL:
        if (!get_bstr(d, &b) || b.len != CAI_ATTEST_IMPL_ID_LEN) {
            return fail(why, cap, "%s (%lld) is not a byte string of 32 bytes", name,
                        (long long)key);
        }
        c->implementation_id = b;
        return true;
    case SLOT_CERT:
        if (!get_tstr(d, &t) || !cert_ref_ok(t.p, t.len)) {
            return fail(why, cap, "%s (%lld) is not an EAN-13 text (+ '-' and 5 digits)", name,
                        (long long)key);
        }
        c->cert_ref = t;
        return true;
    case SLOT_SWC:
        return read_swcs(d, c, why, cap);
    case SLOT_VS:
        if (!get_tstr(d, &t)) {
            return fail(why, cap, "%s (%lld) is not a text string", name, (long long)key);
        }
        c->verification_service = t;
        return true;
    case SLOT_NO_SW:
        if (cai_cbor_get_uint(d, &u64) != CAI_CBOR_OK || u64 != 1) {
            return fail(why, cap, "%s (%lld) is not the integer 1", name, (long long)key);
        }
        c->no_sw_measurements = true;
        return true;
    default:
        return fail(why, cap, "internal error");
    }
}

bool cai_attest_claims_parse(const uint8_t *payload, size_t len, cai_attest_claims_t *c, char *why,
                             size_t why_cap)
{
    if (c == NULL || (payload == NULL && len > 0)) {
        return fail(why, why_cap, "no claims");
    }
    memset(c, 0, sizeof(*c));
    if (!find_profile(payload, len, c, why, why_cap)) {
        return false;
    }
    const bool iot = c->profile == CAI_ATTEST_PROFILE_IOT_1;
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, payload, len, NULL);
    uint64_t pairs = 0;
    (void)cai_cbor_get_map(&d, &pairs); /* checked in pass 1 */
    bool seen[N_SLOTS] = { false };
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t key = 0;
        cai_cbor_err_t e = cai_cbor_get_int(&d, &key);
        const claim_key_t *k = e == CAI_CBOR_OK ? find_key(key) : NULL;
        if (e == CAI_CBOR_ERR_TYPE) {
            e = cai_cbor_skip(&d); /* a text key: no claim of ours */
        }
        if (e != CAI_CBOR_OK) {
            return fail(why, why_cap, "the claims map is malformed: %s", cai_cbor_strerror(e));
        }
        if (k == NULL) {
            if ((e = cai_cbor_skip(&d)) != CAI_CBOR_OK) {
                return fail(why, why_cap, "the claims map is malformed: %s", cai_cbor_strerror(e));
            }
            continue;
        }
        if (k->iot != iot) {
            return fail(why, why_cap, "claim %lld does not belong to profile %s", (long long)key,
                        cai_attest_profile_name(c->profile));
        }
        if (seen[k->slot]) {
            return fail(why, why_cap, "claim %s appears twice", k_slot_names[k->slot]);
        }
        seen[k->slot] = true;
        if (!read_claim(&d, k->slot, key, c, why, why_cap)) {
            return false;
        }
    }
    static const slot_t mandatory[] = { SLOT_NONCE, SLOT_INSTANCE, SLOT_IMPL, SLOT_CLIENT,
                                        SLOT_LIFECYCLE };
    for (size_t i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
        if (!seen[mandatory[i]]) {
            return fail(why, why_cap, "the mandatory claim %s is missing",
                        k_slot_names[mandatory[i]]);
        }
    }
    if (!seen[SLOT_SWC] && !(iot && c->no_sw_measurements)) {
        return fail(why, why_cap, "the mandatory claim software-components is missing");
    }
    if (seen[SLOT_SWC] && c->no_sw_measurements) {
        return fail(why, why_cap, "software-components and no-software-measurements together");
    }
    return true;
}

const char *cai_attest_profile_name(cai_attest_profile_t p)
{
    switch (p) {
    case CAI_ATTEST_PROFILE_RFC9783:
        return CAI_ATTEST_PROFILE;
    case CAI_ATTEST_PROFILE_PSA_2_0_0:
        return CAI_ATTEST_PROFILE_TEXT_PSA_2_0_0;
    case CAI_ATTEST_PROFILE_IOT_1:
        return CAI_ATTEST_PROFILE_TEXT_IOT_1;
    default:
        return "none";
    }
}

const char *cai_attest_lifecycle_name(uint64_t v)
{
    static const char *const names[] = {
        "unknown",           "assembly-and-test",         "psa-rot-provisioning", "secured",
        "non-psa-rot-debug", "recoverable-psa-rot-debug", "decommissioned",
    };
    uint64_t state = v >> 8;
    if (v > 0xffffu || (state & 0x0f) != 0 || (state >> 4) > 6) {
        return "invalid";
    }
    return names[state >> 4];
}
