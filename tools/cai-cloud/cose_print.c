/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `cai-cloud cose print`: a COSE message as diagnostic notation (RFC 8949
 * §8, via cai_cbor_diag) or as JSON with the protected headers decoded.
 * Nothing is verified here.
 */
#define _GNU_SOURCE
#include "cose_print.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cbor.h"
#include "cai/cose.h"
#include "cloud_util.h"

static const cai_cbor_limits_t k_limits = { .max_depth = 16,
                                            .max_items = 1u << 20,
                                            .max_count = 1u << 16 };

/* Prints the item at the decoder position as JSON (recursion bounded by the
 * decoder's depth limit). */
static bool json_item(FILE *f, cai_cbor_dec_t *d);

static bool json_key(FILE *f, cai_cbor_dec_t *d)
{
    cai_cbor_item_t it;
    if (cai_cbor_peek(d, &it) != CAI_CBOR_OK) {
        return false;
    }
    if (it.type == CAI_CBOR_UINT || it.type == CAI_CBOR_NINT) {
        (void)cai_cbor_next(d, &it);
        if (it.type == CAI_CBOR_UINT) {
            fprintf(f, "\"%" PRIu64 "\"", it.v.u);
        } else if (it.v.u < UINT64_MAX) {
            fprintf(f, "\"-%" PRIu64 "\"", it.v.u + 1);
        } else {
            fprintf(f, "\"-18446744073709551616\"");
        }
        return true;
    }
    if (it.type == CAI_CBOR_TSTR && !it.indefinite) {
        (void)cai_cbor_next(d, &it);
        cloud_json_string(f, (const char *)it.v.str.ptr, it.v.str.len);
        return true;
    }
    /* Other key types: their JSON text, quoted as a string is not worth it. */
    fputc('"', f);
    fputc('?', f);
    fputc('"', f);
    return cai_cbor_skip(d) == CAI_CBOR_OK;
}

static bool json_item(FILE *f, cai_cbor_dec_t *d)
{
    cai_cbor_item_t it;
    if (cai_cbor_next(d, &it) != CAI_CBOR_OK) {
        return false;
    }
    switch (it.type) {
    case CAI_CBOR_UINT:
        fprintf(f, "%" PRIu64, it.v.u);
        return true;
    case CAI_CBOR_NINT:
        if (it.v.u < UINT64_MAX) {
            fprintf(f, "-%" PRIu64, it.v.u + 1);
        } else {
            fprintf(f, "-18446744073709551616");
        }
        return true;
    case CAI_CBOR_BSTR:
    case CAI_CBOR_TSTR:
        if (it.indefinite) {
            return false; /* not produced by COSE encoders; keep JSON simple */
        }
        if (it.type == CAI_CBOR_BSTR) {
            fputc('"', f);
            cloud_print_hex(f, it.v.str.ptr, it.v.str.len);
            fputc('"', f);
        } else {
            cloud_json_string(f, (const char *)it.v.str.ptr, it.v.str.len);
        }
        return true;
    case CAI_CBOR_ARRAY:
    case CAI_CBOR_MAP: {
        if (it.indefinite) {
            return false;
        }
        bool map = it.type == CAI_CBOR_MAP;
        fputc(map ? '{' : '[', f);
        for (uint64_t i = 0; i < it.v.count; i++) {
            if (i > 0) {
                fputs(", ", f);
            }
            if (map) {
                if (!json_key(f, d)) {
                    return false;
                }
                fputs(": ", f);
            }
            if (!json_item(f, d)) {
                return false;
            }
        }
        fputc(map ? '}' : ']', f);
        return true;
    }
    case CAI_CBOR_TAG:
        fprintf(f, "{\"tag\": %" PRIu64 ", \"value\": ", it.v.u);
        if (!json_item(f, d)) {
            return false;
        }
        fputc('}', f);
        return true;
    case CAI_CBOR_SIMPLE:
        fputs(it.v.simple == 20 ? "false" : it.v.simple == 21 ? "true" : "null", f);
        return true;
    case CAI_CBOR_FLOAT:
        if (isfinite(it.v.f)) {
            fprintf(f, "%.17g", it.v.f);
        } else {
            fprintf(f, "\"%s\"", isnan(it.v.f) ? "NaN" : it.v.f > 0 ? "Infinity" : "-Infinity");
        }
        return true;
    default:
        return false;
    }
}

/* A protected header: the bstr, decoded ({} when empty). */
static bool json_protected(FILE *f, cai_cbor_dec_t *d)
{
    cai_cbor_item_t it;
    if (cai_cbor_next(d, &it) != CAI_CBOR_OK || it.type != CAI_CBOR_BSTR || it.indefinite) {
        return false;
    }
    if (it.v.str.len == 0) {
        fputs("{}", f);
        return true;
    }
    cai_cbor_dec_t inner;
    cai_cbor_dec_init(&inner, it.v.str.ptr, it.v.str.len, &k_limits);
    return json_item(f, &inner) && cai_cbor_dec_finish(&inner) == CAI_CBOR_OK;
}

/* One member "name": value (after a comma unless it is the first). */
static bool member(FILE *f, cai_cbor_dec_t *d, const char *name, bool protected_hdr, bool first)
{
    fprintf(f, "%s\"%s\": ", first ? "" : ", ", name);
    return protected_hdr ? json_protected(f, d) : json_item(f, d);
}

static bool json_recipients(FILE *f, cai_cbor_dec_t *d)
{
    uint64_t n = 0;
    if (cai_cbor_get_array(d, &n) != CAI_CBOR_OK) {
        return false;
    }
    fputs(", \"recipients\": [", f);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = 0;
        if (cai_cbor_get_array(d, &k) != CAI_CBOR_OK || k != 3) {
            return false;
        }
        fputs(i ? ", {" : "{", f);
        if (!member(f, d, "protected", true, true) || !member(f, d, "unprotected", false, false) ||
            !member(f, d, "ciphertext", false, false)) {
            return false;
        }
        fputc('}', f);
    }
    fputc(']', f);
    return true;
}

int cloud_cose_print_json(FILE *f, const uint8_t *msg, size_t len)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    uint64_t tag = 0, count = 0;
    bool tagged = false;
    cai_cbor_dec_init(&d, msg, len, &k_limits);
    if (cai_cbor_peek(&d, &it) != CAI_CBOR_OK) {
        fprintf(stderr, "cai-cloud: not CBOR\n");
        return CLOUD_FAILED;
    }
    if (it.type == CAI_CBOR_TAG) {
        (void)cai_cbor_get_tag(&d, &tag);
        tagged = true;
    }
    if (cai_cbor_get_array(&d, &count) != CAI_CBOR_OK) {
        fprintf(stderr, "cai-cloud: not a COSE message (no array)\n");
        return CLOUD_FAILED;
    }
    /* Untagged: guess from the shape (4 = Sign1 unless the last is an array). */
    const char *type = NULL;
    if (tagged) {
        type = tag == CAI_COSE_TAG_SIGN1      ? "COSE_Sign1"
               : tag == CAI_COSE_TAG_ENCRYPT0 ? "COSE_Encrypt0"
               : tag == CAI_COSE_TAG_ENCRYPT  ? "COSE_Encrypt"
                                              : NULL;
    } else {
        type = count == 3 ? "COSE_Encrypt0" : count == 4 ? "COSE_Sign1" : NULL;
    }
    if (type == NULL || (strcmp(type, "COSE_Encrypt0") == 0) != (count == 3) ||
        (strcmp(type, "COSE_Encrypt0") != 0 && count != 4)) {
        fprintf(stderr, "cai-cloud: not a COSE_Sign1, COSE_Encrypt0 or COSE_Encrypt\n");
        return CLOUD_FAILED;
    }
    fprintf(f, "{\"type\": \"%s\", \"tag\": ", type);
    if (tagged) {
        fprintf(f, "%" PRIu64, tag);
    } else {
        fputs("null", f);
    }
    bool ok = member(f, &d, "protected", true, false) && member(f, &d, "unprotected", false, false);
    if (ok && strcmp(type, "COSE_Sign1") == 0) {
        ok = member(f, &d, "payload", false, false) && member(f, &d, "signature", false, false);
    } else if (ok) {
        ok = member(f, &d, "ciphertext", false, false);
        if (ok && count == 4) {
            ok = json_recipients(f, &d);
        }
    }
    fputs("}\n", f);
    if (!ok || cai_cbor_dec_finish(&d) != CAI_CBOR_OK) {
        fprintf(stderr, "cai-cloud: malformed %s\n", type);
        return CLOUD_FAILED;
    }
    return CLOUD_OK;
}

int cloud_cose_print_diag(FILE *f, const uint8_t *msg, size_t len)
{
    size_t need = 0;
    cai_cbor_err_t e = cai_cbor_diag(msg, len, NULL, 0, &need);
    if (e != CAI_CBOR_OK && e != CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        fprintf(stderr, "cai-cloud: not well-formed CBOR: %s\n", cai_cbor_strerror(e));
        return CLOUD_FAILED;
    }
    char *out = malloc(need + 1);
    if (out == NULL || cai_cbor_diag(msg, len, out, need + 1, &need) != CAI_CBOR_OK) {
        free(out);
        fprintf(stderr, "cai-cloud: diagnostic printing failed\n");
        return CLOUD_FAILED;
    }
    fprintf(f, "%s\n", out);
    free(out);
    return CLOUD_OK;
}
