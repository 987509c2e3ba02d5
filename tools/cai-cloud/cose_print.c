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
        cloud_err("cai-cloud: not CBOR\n");
        return CLOUD_FAILED;
    }
    if (it.type == CAI_CBOR_TAG) {
        (void)cai_cbor_get_tag(&d, &tag);
        tagged = true;
    }
    if (cai_cbor_get_array(&d, &count) != CAI_CBOR_OK) {
        cloud_err("cai-cloud: not a COSE message (no array)\n");
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
        cloud_err("cai-cloud: not a COSE_Sign1, COSE_Encrypt0 or COSE_Encrypt\n");
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
        cloud_err("cai-cloud: malformed %s\n", type);
        return CLOUD_FAILED;
    }
    return CLOUD_OK;
}

/* ---------------- extended diagnostic notation ----------------
 * RFC 8949 §8 diagnostic notation with the RFC 8610 appendix G extensions
 * RFC 9052's examples use: /comments/ naming the message type, each header
 * label and each algorithm (IANA "COSE Header Parameters", "COSE
 * Algorithms", "COSE Key Common Parameters", "COSE Elliptic Curves"), and
 * embedded CBOR (a protected header, a structured payload) shown decoded as
 * <<...>>. Anything that is not a recognised COSE shape falls back to plain
 * diagnostic notation. */

typedef struct edn_name {
    int64_t v;
    const char *name;
} edn_name_t;

/* Header parameter labels (RFC 9052 §3.1; RFC 9053 §6.4 for ECDH). */
static const edn_name_t k_hdr_labels[] = {
    { 1, "alg" },
    { 2, "crit" },
    { 3, "content type" },
    { 4, "kid" },
    { 5, "IV" },
    { 6, "Partial IV" },
    { 7, "counter signature" },
    { -1, "ephemeral key" },
    { -2, "static key" },
    { -3, "static key id" },
};
/* COSE_Key labels (RFC 9052 §7.1; RFC 9053 §7.1.1 for EC2). */
static const edn_name_t k_key_labels[] = {
    { 1, "kty" },  { 2, "kid" }, { 3, "alg" }, { 4, "key_ops" }, { 5, "Base IV" },
    { -1, "crv" }, { -2, "x" },  { -3, "y" },  { -4, "d" },
};
/* Algorithms (RFC 9053; names as in the IANA registry). */
static const edn_name_t k_algs[] = {
    { -7, "ES256" },
    { -35, "ES384" },
    { -36, "ES512" },
    { -8, "EdDSA" },
    { 1, "A128GCM" },
    { 2, "A192GCM" },
    { 3, "A256GCM" },
    { -3, "A128KW" },
    { -4, "A192KW" },
    { -5, "A256KW" },
    { -6, "direct" },
    { -25, "ECDH-ES + HKDF-256" },
    { -26, "ECDH-ES + HKDF-512" },
    { -27, "ECDH-SS + HKDF-256" },
    { -28, "ECDH-SS + HKDF-512" },
    { -29, "ECDH-ES + A128KW" },
    { -30, "ECDH-ES + A192KW" },
    { -31, "ECDH-ES + A256KW" },
    { -32, "ECDH-SS + A128KW" },
    { -33, "ECDH-SS + A192KW" },
    { -34, "ECDH-SS + A256KW" },
};
static const edn_name_t k_kty[] = { { 1, "OKP" }, { 2, "EC2" }, { 4, "Symmetric" } };
static const edn_name_t k_crv[] = { { 1, "P-256" },  { 2, "P-384" }, { 3, "P-521" },
                                    { 4, "X25519" }, { 5, "X448" },  { 6, "Ed25519" } };

#define EDN_N(a) (sizeof(a) / sizeof((a)[0]))

static const char *edn_lookup(const edn_name_t *t, size_t n, int64_t v)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].v == v) {
            return t[i].name;
        }
    }
    return NULL;
}

/* The integer at the decoder position, if it is one (not consumed). */
static bool edn_peek_int(const cai_cbor_dec_t *d, int64_t *v)
{
    cai_cbor_item_t it;
    if (cai_cbor_peek(d, &it) != CAI_CBOR_OK) {
        return false;
    }
    if (it.type == CAI_CBOR_UINT && it.v.u <= INT64_MAX) {
        *v = (int64_t)it.v.u;
        return true;
    }
    if (it.type == CAI_CBOR_NINT && it.v.u < INT64_MAX) {
        *v = -1 - (int64_t)it.v.u;
        return true;
    }
    return false;
}

/* The next item, whatever it is, in plain diagnostic notation. */
static bool edn_plain(FILE *f, cai_cbor_dec_t *d)
{
    cai_cbor_item_t it;
    if (cai_cbor_peek(d, &it) != CAI_CBOR_OK) {
        return false;
    }
    size_t start = it.offset;
    if (cai_cbor_skip(d) != CAI_CBOR_OK) {
        return false;
    }
    size_t end = cai_cbor_dec_offset(d), need = 0;
    const uint8_t *p = d->buf + start;
    cai_cbor_err_t e = cai_cbor_diag(p, end - start, NULL, 0, &need);
    if (e != CAI_CBOR_OK && e != CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        return false;
    }
    char *out = malloc(need + 1);
    bool ok = out != NULL && cai_cbor_diag(p, end - start, out, need + 1, &need) == CAI_CBOR_OK;
    if (ok) {
        fputs(out, f);
    }
    free(out);
    return ok;
}

/* An integer value, with its name from `names` as a comment when known. */
static bool edn_named_int(FILE *f, cai_cbor_dec_t *d, const edn_name_t *names, size_t n)
{
    int64_t v;
    const char *name = edn_peek_int(d, &v) ? edn_lookup(names, n, v) : NULL;
    if (!edn_plain(f, d)) {
        return false;
    }
    if (name != NULL) {
        fprintf(f, " /%s/", name);
    }
    return true;
}

/* A map with labelled keys: a header map (keys: k_hdr_labels) or a COSE_Key
 * (keys: k_key_labels). {/alg/ 1: -7 /ES256/, /kid/ 4: h'01'} */
static bool edn_map(FILE *f, cai_cbor_dec_t *d, bool cose_key)
{
    uint64_t pairs = 0;
    cai_cbor_item_t it;
    if (cai_cbor_peek(d, &it) != CAI_CBOR_OK || it.type != CAI_CBOR_MAP || it.indefinite) {
        return edn_plain(f, d);
    }
    (void)cai_cbor_get_map(d, &pairs);
    fputc('{', f);
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t label = 0;
        bool is_int = edn_peek_int(d, &label);
        const char *name = !is_int    ? NULL
                           : cose_key ? edn_lookup(k_key_labels, EDN_N(k_key_labels), label)
                                      : edn_lookup(k_hdr_labels, EDN_N(k_hdr_labels), label);
        fputs(i ? ", " : "", f);
        if (name != NULL) {
            fprintf(f, "/%s/ ", name);
        }
        if (!edn_plain(f, d)) {
            return false;
        }
        fputs(": ", f);
        bool ok;
        if (is_int && label == 1 && cose_key) {
            ok = edn_named_int(f, d, k_kty, EDN_N(k_kty));
        } else if (is_int && label == -1 && cose_key) {
            ok = edn_named_int(f, d, k_crv, EDN_N(k_crv));
        } else if (is_int && ((label == 1 && !cose_key) || (label == 3 && cose_key))) {
            ok = edn_named_int(f, d, k_algs, EDN_N(k_algs));
        } else if (is_int && !cose_key && (label == -1 || label == -2)) {
            ok = edn_map(f, d, true); /* an ECDH ephemeral or static COSE_Key */
        } else {
            ok = edn_plain(f, d);
        }
        if (!ok) {
            return false;
        }
    }
    fputc('}', f);
    return true;
}

/* A protected header: <<{...}>>, or h'' when empty. */
static bool edn_protected(FILE *f, cai_cbor_dec_t *d)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    if (cai_cbor_get_bstr(d, &p, &n) != CAI_CBOR_OK) {
        return false;
    }
    if (n == 0) {
        fputs("h''", f);
        return true;
    }
    cai_cbor_dec_t inner;
    cai_cbor_dec_init(&inner, p, n, &k_limits);
    fputs("<<", f);
    return edn_map(f, &inner, false) && cai_cbor_dec_finish(&inner) == CAI_CBOR_OK &&
           fputs(">>", f) >= 0;
}

static bool edn_message(FILE *f, const uint8_t *msg, size_t len, int indent);

/* A payload: <<...>> when it is one well-formed structured CBOR item (a COSE
 * message inside shown the same way), else its plain notation. */
static bool edn_payload(FILE *f, cai_cbor_dec_t *d, int indent)
{
    cai_cbor_item_t it;
    const uint8_t *p = NULL;
    size_t n = 0;
    if (cai_cbor_peek(d, &it) != CAI_CBOR_OK || it.type != CAI_CBOR_BSTR || it.indefinite) {
        return edn_plain(f, d);
    }
    (void)cai_cbor_get_bstr(d, &p, &n);
    cai_cbor_dec_t inner;
    cai_cbor_item_t first;
    cai_cbor_dec_init(&inner, p, n, &k_limits);
    bool structured = n > 0 && cai_cbor_peek(&inner, &first) == CAI_CBOR_OK &&
                      (first.type == CAI_CBOR_MAP || first.type == CAI_CBOR_ARRAY ||
                       first.type == CAI_CBOR_TAG) &&
                      cai_cbor_skip(&inner) == CAI_CBOR_OK &&
                      cai_cbor_dec_finish(&inner) == CAI_CBOR_OK;
    char *text = NULL;
    size_t tlen = 0;
    FILE *m = structured ? open_memstream(&text, &tlen) : NULL;
    bool ok = m != NULL && edn_message(m, p, n, indent);
    if (m != NULL) {
        fclose(m);
    }
    if (ok) {
        fprintf(f, "<<%s>>", text);
    } else if (structured) {
        cai_cbor_dec_init(&inner, p, n, &k_limits);
        fputs("<<", f);
        ok = edn_plain(f, &inner);
        fputs(">>", f);
    } else {
        /* re-read the bstr item itself in plain form */
        cai_cbor_dec_t again;
        cai_cbor_dec_init(&again, d->buf + it.offset, it.header_len + n, &k_limits);
        ok = edn_plain(f, &again);
    }
    free(text);
    return ok;
}

typedef enum {
    F_PROT,
    F_UNPROT,
    F_BYTES,
    F_PAYLOAD,
    F_LIST
} edn_field_kind_t;

typedef struct edn_shape {
    uint64_t tag;
    const char *type;
    size_t n;
    const char *names[5];
    edn_field_kind_t kinds[5];
} edn_shape_t;

/* RFC 9052 §4.2, §4.1, §5.2, §5.1, §6.2, §6.1; a list's elements are
 * COSE_Signature / COSE_recipient (k_inner). */
static const edn_shape_t k_shapes[] = {
    { 18,
      "COSE_Sign1",
      4,
      { "protected", "unprotected", "payload", "signature" },
      { F_PROT, F_UNPROT, F_PAYLOAD, F_BYTES } },
    { 98,
      "COSE_Sign",
      4,
      { "protected", "unprotected", "payload", "signatures" },
      { F_PROT, F_UNPROT, F_PAYLOAD, F_LIST } },
    { 16,
      "COSE_Encrypt0",
      3,
      { "protected", "unprotected", "ciphertext" },
      { F_PROT, F_UNPROT, F_BYTES } },
    { 96,
      "COSE_Encrypt",
      4,
      { "protected", "unprotected", "ciphertext", "recipients" },
      { F_PROT, F_UNPROT, F_BYTES, F_LIST } },
    { 17,
      "COSE_Mac0",
      4,
      { "protected", "unprotected", "payload", "tag" },
      { F_PROT, F_UNPROT, F_PAYLOAD, F_BYTES } },
    { 97,
      "COSE_Mac",
      5,
      { "protected", "unprotected", "payload", "tag", "recipients" },
      { F_PROT, F_UNPROT, F_PAYLOAD, F_BYTES, F_LIST } },
};
static const edn_shape_t k_signature = { 0,
                                         "COSE_Signature",
                                         3,
                                         { "protected", "unprotected", "signature" },
                                         { F_PROT, F_UNPROT, F_BYTES } };
static const edn_shape_t k_recipient = { 0,
                                         "COSE_recipient",
                                         3,
                                         { "protected", "unprotected", "ciphertext" },
                                         { F_PROT, F_UNPROT, F_BYTES } };

static bool edn_fields(FILE *f, cai_cbor_dec_t *d, const edn_shape_t *s, int indent);

/* [ one COSE_Signature / COSE_recipient per line ] (a recipient may have
 * its own recipients: RFC 9052 §5.1 allows four elements). */
static bool edn_list(FILE *f, cai_cbor_dec_t *d, const edn_shape_t *s, int indent)
{
    uint64_t n = 0;
    if (cai_cbor_get_array(d, &n) != CAI_CBOR_OK) {
        return false;
    }
    fputs("[\n", f);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = 0;
        edn_shape_t one = strcmp(s->type, "COSE_Signature") == 0 ? k_signature : k_recipient;
        bool recipient = strcmp(one.type, "COSE_recipient") == 0;
        if (cai_cbor_get_array(d, &k) != CAI_CBOR_OK || (k != one.n && !(k == 4 && recipient))) {
            return false;
        }
        if (k == 4) { /* a recipient with recipients */
            one.n = 4;
            one.names[3] = "recipients";
            one.kinds[3] = F_LIST;
        }
        fprintf(f, "%*s[\n", indent + 2, "");
        if (!edn_fields(f, d, &one, indent + 2)) {
            return false;
        }
        fprintf(f, "%*s]%s\n", indent + 2, "", i + 1 < n ? "," : "");
    }
    fprintf(f, "%*s]", indent, "");
    return true;
}

/* The fields of an array already opened, one per line at indent + 2. */
static bool edn_fields(FILE *f, cai_cbor_dec_t *d, const edn_shape_t *s, int indent)
{
    for (size_t i = 0; i < s->n; i++) {
        fprintf(f, "%*s/%s/ ", indent + 2, "", s->names[i]);
        bool ok;
        switch (s->kinds[i]) {
        case F_PROT:
            ok = edn_protected(f, d);
            break;
        case F_UNPROT:
            ok = edn_map(f, d, false);
            break;
        case F_PAYLOAD:
            ok = edn_payload(f, d, indent + 2);
            break;
        case F_LIST:
            ok =
                edn_list(f, d, strcmp(s->names[i], "signatures") == 0 ? &k_signature : &k_recipient,
                         indent + 2);
            break;
        default:
            ok = edn_plain(f, d);
            break;
        }
        if (!ok) {
            return false;
        }
        fprintf(f, "%s\n", i + 1 < s->n ? "," : "");
    }
    return true;
}

/* A whole COSE message; false when it is not one (the caller falls back). */
static bool edn_message(FILE *f, const uint8_t *msg, size_t len, int indent)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    uint64_t tag = 0, count = 0;
    bool tagged = false;
    cai_cbor_dec_init(&d, msg, len, &k_limits);
    if (cai_cbor_peek(&d, &it) != CAI_CBOR_OK) {
        return false;
    }
    if (it.type == CAI_CBOR_TAG) {
        (void)cai_cbor_get_tag(&d, &tag);
        tagged = true;
    }
    if (cai_cbor_get_array(&d, &count) != CAI_CBOR_OK) {
        return false;
    }
    const edn_shape_t *s = NULL;
    for (size_t i = 0; i < EDN_N(k_shapes); i++) {
        /* untagged: the shape says Sign1 (4) or Encrypt0 (3), as --json guesses */
        if (tagged
                ? k_shapes[i].tag == tag
                : (count == 4 && k_shapes[i].tag == 18) || (count == 3 && k_shapes[i].tag == 16)) {
            s = &k_shapes[i];
        }
    }
    if (s == NULL || s->n != count) {
        return false;
    }
    if (tagged) {
        fprintf(f, "%" PRIu64 "(/%s/ [\n", tag, s->type);
    } else {
        fprintf(f, "/%s, untagged/ [\n", s->type);
    }
    if (!edn_fields(f, &d, s, indent) || cai_cbor_dec_finish(&d) != CAI_CBOR_OK) {
        return false;
    }
    fprintf(f, "%*s]%s", indent, "", tagged ? ")" : "");
    return true;
}

int cloud_cose_print_diag(FILE *f, const uint8_t *msg, size_t len)
{
    char *text = NULL;
    size_t tlen = 0;
    FILE *m = open_memstream(&text, &tlen);
    bool ok = m != NULL && edn_message(m, msg, len, 0);
    if (m != NULL) {
        fclose(m);
    }
    if (ok) {
        fprintf(f, "%s\n", text);
        free(text);
        return CLOUD_OK;
    }
    free(text);
    /* not a COSE shape this printer knows: plain RFC 8949 notation */
    size_t need = 0;
    cai_cbor_err_t e = cai_cbor_diag(msg, len, NULL, 0, &need);
    if (e != CAI_CBOR_OK && e != CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        cloud_err("cai-cloud: not well-formed CBOR: %s\n", cai_cbor_strerror(e));
        return CLOUD_FAILED;
    }
    char *out = malloc(need + 1);
    if (out == NULL || cai_cbor_diag(msg, len, out, need + 1, &need) != CAI_CBOR_OK) {
        free(out);
        cloud_err("cai-cloud: diagnostic printing failed\n");
        return CLOUD_FAILED;
    }
    fprintf(f, "%s\n", out);
    free(out);
    return CLOUD_OK;
}
