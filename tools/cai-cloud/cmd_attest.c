/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cloud attest verify: is this PSA attestation token (RFC 9783) genuine,
 * fresh and running what we allow? (docs/attest.md)
 *
 *   attest verify TOKEN --key IAK.pem [--challenge HEX] [--reference FILE]
 *                 [--json]
 *
 * In order: the COSE_Sign1 verifies under the IAK (tag 18, ES256 in the
 * protected header); the claims parse under their profile with every
 * mandatory claim present and well-typed (lib/attest); for the current
 * profile the kid, when present, and the instance id are the ones the key
 * gives (SHA-256 of its COSE_Key); the security lifecycle is a defined
 * state; the nonce is the challenge given; every software component's
 * measurement is among the reference values given. Output: the claims as
 * one JSON object, with names; exit 0 valid, 1 invalid (one reason on
 * stderr and {"result":"invalid","reason":...} on stdout), 2 usage.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "attest_ref.h"
#include "cai/attest.h"
#include "cai/attest_claims.h"
#include "cai/cbor.h"
#include "cai/cose.h"
#include "cloud_cmds.h"
#include "cloud_util.h"
#include "pem_keys.h"

#define PROG "cai-cloud attest verify"
/* Far above any token (PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE is 2 KiB). */
#define TOKEN_FILE_MAX (64u * 1024u)

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " TOKEN --key IAK.pem [--challenge HEX] [--reference FILE]\n"
               "\n"
               "Checks a PSA attestation token (RFC 9783 COSE_Sign1, ES256): signature with the\n"
               "attestation key (cai attest key), profile, every mandatory claim and its type,\n"
               "the nonce (--challenge), and each software component's measurement against\n"
               "--reference FILE, a JSON object:\n"
               "  {\"image\": [HEX...], \"models\": {\"NAME\": [HEX...]},"
               " \"components\": {\"TYPE\": [HEX...]}}\n"
               "Reads the profiles \"" CAI_ATTEST_PROFILE "\", \"" CAI_ATTEST_PROFILE_TEXT_PSA_2_0_0
               "\"\nand \"" CAI_ATTEST_PROFILE_TEXT_IOT_1 "\". TOKEN may be - for stdin.\n"
               "Exit status: 0 valid (the claims are printed as JSON), 1 invalid (the reason),\n"
               "2 usage.\n");
}

static int invalid(const char *why)
{
    printf("{\"result\":\"invalid\",\"reason\":");
    cloud_json_string(stdout, why, strlen(why));
    printf("}\n");
    fprintf(stderr, PROG ": invalid: %s\n", why);
    return CLOUD_FAILED;
}

static void json_hex(const char *name, const cai_attest_bytes_t *b, bool comma)
{
    printf("%s\"%s\":\"", comma ? "," : "", name);
    cloud_print_hex(stdout, b->p, b->len);
    printf("\"");
}

static void json_text(const char *name, const cai_attest_text_t *t)
{
    printf(",\"%s\":", name);
    cloud_json_string(stdout, t->p, t->len);
}

static void print_claims(const cai_attest_claims_t *c, const cai_cose_sign1_info_t *info,
                         bool instance_matches, bool reference)
{
    printf("{\"result\":\"valid\",\"profile\":\"%s\",\"claims\":{",
           cai_attest_profile_name(c->profile));
    json_hex("nonce", &c->nonce, false);
    json_hex("instance-id", &c->instance_id, true);
    json_text("profile", &c->profile_text);
    json_hex("implementation-id", &c->implementation_id, true);
    printf(",\"client-id\":%lld", (long long)c->client_id);
    printf(",\"security-lifecycle\":%llu,\"security-lifecycle-state\":\"%s\"",
           (unsigned long long)c->lifecycle, cai_attest_lifecycle_name(c->lifecycle));
    if (c->boot_seed.p != NULL) {
        json_hex("boot-seed", &c->boot_seed, true);
        printf(",\"boot-seed-key\":%lld", (long long)c->boot_seed_key);
    }
    if (c->cert_ref.p != NULL) {
        json_text("certification-reference", &c->cert_ref);
    }
    if (c->verification_service.p != NULL) {
        json_text("verification-service-indicator", &c->verification_service);
    }
    if (c->no_sw_measurements) {
        printf(",\"no-software-measurements\":1");
    }
    printf(",\"software-components\":[");
    for (size_t i = 0; i < c->n_swc; i++) {
        const cai_attest_swc_t *s = &c->swc[i];
        printf("%s{", i ? "," : "");
        json_hex("measurement-value", &s->measurement, false);
        json_hex("signer-id", &s->signer_id, true);
        if (s->type.p != NULL) {
            json_text("measurement-type", &s->type);
        }
        if (s->version.p != NULL) {
            json_text("version", &s->version);
        }
        if (s->desc.p != NULL) {
            json_text("measurement-description", &s->desc);
        }
        printf("}");
    }
    printf("]}");
    if (info->kid != NULL) {
        printf(",\"kid\":\"");
        cloud_print_hex(stdout, info->kid, info->kid_len);
        printf("\"");
    }
    printf(",\"instance-id-matches-key\":%s,\"reference-values\":\"%s\"}\n",
           instance_matches ? "true" : "false", reference ? "matched" : "not given");
}

/* SHA-256 of the COSE_Key {1: 2, -1: 1, -2: x, -3: y} of pub. */
static bool key_digest(const uint8_t pub[65], uint8_t out[32])
{
    cai_cose_ec2_key_t k = { 0 };
    memcpy(k.pub, pub, 65);
    uint8_t ck[96];
    size_t n = 0;
    return cai_cose_key_encode(&k, false, ck, sizeof(ck), &n) == CAI_COSE_OK &&
           cai_sha256(ck, n, out) == PSA_SUCCESS;
}

static bool check_reference(const cai_attest_claims_t *c, const char *path, char *why, size_t cap)
{
    uint8_t *text = NULL;
    size_t len = 0;
    if (!cloud_read_file(path, &text, &len)) {
        snprintf(why, cap, "cannot read the reference file %s", path);
        return false;
    }
    static attest_ref_t ref;
    bool ok = attest_ref_parse((const char *)text, len, &ref, why, cap);
    free(text);
    if (!ok) {
        return false;
    }
    if (c->n_swc == 0) {
        snprintf(why, cap, "the token has no software components to check against the reference");
        return false;
    }
    for (size_t i = 0; i < c->n_swc; i++) {
        const cai_attest_swc_t *s = &c->swc[i];
        bool known = false;
        const char *type = s->type.p != NULL ? s->type.p : "";
        int tl = s->type.p != NULL ? (int)(s->type.len > 64 ? 64 : s->type.len) : 0;
        if (!attest_ref_allows(&ref, type, s->type.len, s->measurement.p, s->measurement.len,
                               &known)) {
            char hex[129];
            for (size_t j = 0; j < s->measurement.len && j < 64; j++) {
                snprintf(hex + 2 * j, 3, "%02x", s->measurement.p[j]);
            }
            if (!known) {
                snprintf(why, cap, "software component %zu (%.*s) has no reference value", i, tl,
                         type);
            } else {
                snprintf(why, cap,
                         "software component %zu (%.*s): measurement %s is not a reference value",
                         i, tl, type, hex);
            }
            return false;
        }
    }
    return true;
}

static int verify(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return CLOUD_OK;
    }
    if (argc < 2 || (strncmp(argv[1], "--", 2) == 0)) {
        usage(stderr);
        return CLOUD_USAGE;
    }
    cloud_opt_t opts[] = {
        { "key", true, NULL },
        { "challenge", true, NULL },
        { "reference", true, NULL },
        { "json", false, NULL },
    };
    const size_t n = sizeof(opts) / sizeof(opts[0]);
    if (!cloud_parse_opts(argc, argv, 2, opts, n, PROG)) {
        return CLOUD_USAGE;
    }
    const char *key = cloud_opt(opts, n, "key");
    if (key == NULL) {
        fprintf(stderr, PROG ": --key IAK.pem is needed (cai attest key)\n");
        return CLOUD_USAGE;
    }
    uint8_t *want = NULL;
    size_t want_len = 0;
    const char *hex = cloud_opt(opts, n, "challenge");
    if (hex != NULL && (!cloud_unhex(hex, &want, &want_len) ||
                        (want_len != 32 && want_len != 48 && want_len != 64))) {
        free(want);
        fprintf(stderr, PROG ": --challenge is not 32, 48 or 64 bytes of hex\n");
        return CLOUD_USAGE;
    }
    uint8_t *msg = NULL;
    size_t len = 0;
    if (!cloud_read_file(argv[1], &msg, &len)) {
        free(want);
        return CLOUD_FAILED;
    }
    int rc = CLOUD_FAILED;
    char why[256];
    cloud_p256_key_t k;
    static cai_attest_claims_t c;
    cai_cose_sign1_info_t info;
    cai_cose_opts_t copts = { .flags = CAI_COSE_F_PROTECTED_ALG,
                              .max_message = TOKEN_FILE_MAX,
                              .require_alg = CAI_COSE_ALG_ES256 };
    uint8_t kd[32], inst[33];
    cai_cose_err_t e;
    if (len > TOKEN_FILE_MAX) {
        rc = invalid("the token is larger than 64 KiB");
    } else if (!cloud_load_p256_pem(key, false, &k)) {
        snprintf(why, sizeof(why), "cannot load the attestation key %s", key);
        rc = invalid(why);
    } else if (!key_digest(k.pub, kd)) {
        rc = invalid("cannot encode the attestation key as a COSE_Key");
    } else if ((e = cai_cose_sign1_verify(msg, len, k.pub, &copts, &info)) != CAI_COSE_OK) {
        snprintf(why, sizeof(why), "the COSE_Sign1 does not verify with %s: %s", key,
                 cai_cose_strerror(e));
        rc = invalid(why);
    } else if (!cai_attest_claims_parse(info.payload, info.payload_len, &c, why, sizeof(why))) {
        rc = invalid(why);
    } else {
        inst[0] = CAI_ATTEST_UEID_TYPE_RAND;
        memcpy(inst + 1, kd, 32);
        bool inst_ok = c.instance_id.len == 33 && memcmp(c.instance_id.p, inst, 33) == 0;
        bool current = c.profile == CAI_ATTEST_PROFILE_RFC9783;
        const char *ref = cloud_opt(opts, n, "reference");
        if (current && info.kid != NULL && (info.kid_len != 32 || memcmp(info.kid, kd, 32) != 0)) {
            rc = invalid("the kid is not the key's (SHA-256 of its COSE_Key)");
        } else if (current && !inst_ok) {
            rc = invalid("the instance id is not the key's (0x01 || SHA-256 of its COSE_Key)");
        } else if (strcmp(cai_attest_lifecycle_name(c.lifecycle), "invalid") == 0) {
            snprintf(why, sizeof(why), "security lifecycle 0x%04llx is no defined state",
                     (unsigned long long)c.lifecycle);
            rc = invalid(why);
        } else if (want != NULL &&
                   (c.nonce.len != want_len || memcmp(c.nonce.p, want, want_len) != 0)) {
            rc = invalid("the nonce is not the challenge given");
        } else if (ref != NULL && !check_reference(&c, ref, why, sizeof(why))) {
            rc = invalid(why);
        } else {
            print_claims(&c, &info, inst_ok, ref != NULL);
            rc = CLOUD_OK;
        }
    }
    cloud_key_wipe(&k);
    free(msg);
    free(want);
    return rc;
}

int cloud_cmd_attest(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
        return verify(argc - 1, argv + 1);
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return CLOUD_OK;
    }
    fprintf(stderr, "usage: cai-cloud attest verify TOKEN --key IAK.pem [--challenge HEX] "
                    "[--reference FILE]\n");
    return CLOUD_USAGE;
}
