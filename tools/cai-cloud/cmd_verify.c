/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cloud verify: is this inference result genuine, fresh and what we
 * expect? (docs/design.md §5)
 *
 *   verify RESULT (--cert DEVICE.pem [--ca CA.pem] | --key PUB.pem)
 *          [--decrypt-key CLOUD.pem] [--model-digest HEX] [--allow FILE]
 *          [--nonce HEX] [--state FILE] [--passin SRC] [--json]
 *
 * In order: the COSE_Sign1 verifies under the device key (the cai profile:
 * tag 18, ES256, deterministic), with the certificate checked against the
 * CA when one is given; an `encrypt` result's COSE_Encrypt payload opens with
 * the cloud key; the claims are exactly the result's CDDL; the unprotected
 * kid and the certificate's CN are the UUID the device signed (claim 256);
 * the model digest is allowed; the nonce is the one we sent; the sequence
 * number is above every one seen from this device (state file, updated
 * atomically). Exit 0 valid (claims printed), 1 invalid (the reason), 2 usage.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "cai/cose.h"
#include "cai/escape.h"
#include "cloud_cmds.h"
#include "cloud_util.h"
#include "device_key.h"
#include "pem_keys.h"
#include "result_claims.h"
#include "seq_state.h"

#define PROG "cai-cloud verify"

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " RESULT (--cert DEVICE.pem [--ca CA.pem] | --key PUB.pem)\n"
               "       [--decrypt-key CLOUD.pem] [--model-digest HEX] [--allow FILE]\n"
               "       [--nonce HEX] [--state FILE] [--passin SRC] [--json]\n"
               "\n"
               "Checks an inference result (COSE_Sign1; for `encrypt` results over a\n"
               "COSE_Encrypt): signature, certificate chain and CN, claims, kid, model\n"
               "digest (--model-digest, or one hex digest per line of --allow FILE), nonce,\n"
               "and that the sequence number is above every one --state FILE has seen from\n"
               "this device. RESULT may be - for stdin.\n"
               "Exit status: 0 valid (the claims are printed), 1 invalid (the reason), 2 usage.\n");
}

static int invalid(bool json, const char *why)
{
    if (json) {
        /* the verdict is the result: one object on stdout, no text line */
        printf("{\"result\":\"invalid\",\"reason\":");
        cloud_json_string(stdout, why, strlen(why));
        printf("}\n");
    } else {
        cloud_err(PROG ": invalid: %s\n", why);
    }
    return CLOUD_FAILED;
}

static void uuid_text(const uint8_t u[16], char out[37])
{
    static const char d[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[o++] = '-';
        }
        out[o++] = d[u[i] >> 4];
        out[o++] = d[u[i] & 15];
    }
    out[o] = '\0';
}

/* --model-digest HEX, or any line of --allow FILE (hex; '#' comments). */
static bool digest_allowed(const uint8_t digest[32], const char *one, const char *file, char *why,
                           size_t cap)
{
    if (one == NULL && file == NULL) {
        return true;
    }
    if (one != NULL) {
        uint8_t *b = NULL;
        size_t n = 0;
        bool same = cloud_unhex(one, &b, &n) && n == 32 && memcmp(b, digest, 32) == 0;
        free(b);
        if (same) {
            return true;
        }
    }
    if (file != NULL) {
        FILE *f = fopen(file, "r");
        if (f == NULL) {
            snprintf(why, cap, "cannot read the allow-list %s", file);
            return false;
        }
        char line[256];
        while (fgets(line, sizeof(line), f) != NULL) {
            line[strcspn(line, " \t\r\n#")] = '\0';
            uint8_t *b = NULL;
            size_t n = 0;
            bool same = line[0] != '\0' && cloud_unhex(line, &b, &n) && n == 32 &&
                        memcmp(b, digest, 32) == 0;
            free(b);
            if (same) {
                fclose(f);
                return true;
            }
        }
        fclose(f);
    }
    snprintf(why, cap, "the model digest is not on the allow-list");
    return false;
}

static void json_floats(const char *name, const float *v, size_t n)
{
    printf(",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        printf("%s%.9g", i ? "," : "", (double)v[i]);
    }
    printf("]");
}

static void print_claims(bool json, const result_claims_t *c, const char *uuid, const char *format)
{
    if (json) {
        printf("{\"result\":\"valid\",\"format\":\"%s\",\"uuid\":\"%s\",\"model\":", format, uuid);
        cloud_json_string(stdout, c->model, c->model_len);
        printf(",\"model_digest\":\"");
        cloud_print_hex(stdout, c->model_digest, 32);
        printf("\",\"engine\":");
        cloud_json_string(stdout, c->engine, c->engine_len);
        printf(",\"seq\":%llu", (unsigned long long)c->seq);
        json_floats("output", c->output, c->n_output);
        if (c->has_input) {
            json_floats("input", c->input, c->n_input);
        }
        if (c->has_nonce) {
            printf(",\"nonce\":\"");
            cloud_print_hex(stdout, c->nonce, c->nonce_len);
            printf("\"");
        }
        printf("}\n");
        return;
    }
    /* The text claims come from the device: escaped, they cannot drive the
     * terminal. */
    printf("result: valid\nformat: %s\nuuid: %s\nmodel: ", format, uuid);
    cai_fwrite_escaped(c->model, c->model_len, stdout);
    printf("\nmodel_digest: ");
    cloud_print_hex(stdout, c->model_digest, 32);
    printf("\nengine: ");
    cai_fwrite_escaped(c->engine, c->engine_len, stdout);
    printf("\nseq: %llu\noutput:", (unsigned long long)c->seq);
    for (size_t i = 0; i < c->n_output; i++) {
        printf(" %.9g", (double)c->output[i]);
    }
    printf("\n");
    if (c->has_input) {
        printf("input:");
        for (size_t i = 0; i < c->n_input; i++) {
            printf(" %.9g", (double)c->input[i]);
        }
        printf("\n");
    }
    if (c->has_nonce) {
        printf("nonce: ");
        cloud_print_hex(stdout, c->nonce, c->nonce_len);
        printf("\n");
    }
}

/* The device's public key and, from a certificate, the UUID it names. */
static bool load_device(const char *cert, const char *ca, const char *key, uint8_t pub[65],
                        char cn[64], char *why, size_t cap)
{
    cn[0] = '\0';
    if (cert != NULL) {
        return device_key_from_cert(cert, ca, pub, cn, 64, why, cap);
    }
    cloud_p256_key_t k;
    if (!cloud_load_p256_pem(key, false, &k)) {
        snprintf(why, cap, "cannot load the device key %s", key);
        return false;
    }
    memcpy(pub, k.pub, 65);
    cloud_key_wipe(&k);
    return true;
}

/* Why the cai profile refused a result, in the words a user needs. */
static void profile_reason(cai_cose_err_t e, char *why, size_t cap)
{
    switch (e) {
    case CAI_COSE_ERR_KID_MISMATCH:
        snprintf(why, cap, "the kid is not the UUID the device signed (claim 256)");
        break;
    case CAI_COSE_ERR_HIGH_S:
        snprintf(why, cap, "the signature is not in its low-S form (one encoding per result)");
        break;
    case CAI_COSE_ERR_NO_IDENTITY:
        snprintf(why, cap, "the payload is not a cai result (no device identity, claim 256)");
        break;
    case CAI_COSE_ERR_UNWRAP:
    case CAI_COSE_ERR_DECRYPT:
        snprintf(why, cap, "the encrypted payload does not open: %s", cai_cose_strerror(e));
        break;
    default:
        snprintf(why, cap, "the signature does not verify: %s", cai_cose_strerror(e));
        break;
    }
}

/* An `encrypt` result: the Sign1 over a COSE_Encrypt, verified and opened in
 * one call of the cai profile (which also checks the outer kid against the
 * UUID inside), with the cloud's private key. */
static bool verify_encrypted(const uint8_t *msg, size_t len, const uint8_t pub[65],
                             const char *key_path, uint8_t *out, size_t cap, size_t *out_len,
                             cai_cose_sign1_info_t *info, char *why, size_t why_cap)
{
    if (key_path == NULL) {
        snprintf(why, why_cap, "the result is encrypted: --decrypt-key CLOUD.pem is needed");
        return false;
    }
    cloud_p256_key_t k;
    if (!cloud_load_p256_pem(key_path, true, &k)) {
        snprintf(why, why_cap, "cannot load the cloud key %s", key_path);
        return false;
    }
    cai_p256_key_t storage;
    cai_cose_ecdh_t ecdh;
    cai_cose_err_t e = cai_cose_ecdh_from_raw(&storage, k.priv, &ecdh);
    cloud_key_wipe(&k);
    if (e == CAI_COSE_OK) {
        e = cai_cose_profile_verify_decrypt(msg, len, pub, &ecdh, out, cap, out_len, info);
        cai_p256_key_destroy(&storage);
    }
    if (e != CAI_COSE_OK) {
        profile_reason(e, why, why_cap);
        return false;
    }
    return true;
}

/* Is the (not yet verified) payload of this Sign1 a COSE_Encrypt (tag 96)?
 * Only chooses which profile call verifies it. */
static bool payload_is_encrypt(const uint8_t *msg, size_t len)
{
    cai_cose_sign1_info_t peek;
    return cai_cose_sign1_parse(msg, len, NULL, &peek) == CAI_COSE_OK && peek.payload_len >= 2 &&
           peek.payload[0] == 0xd8 && peek.payload[1] == 0x60;
}

int cloud_cmd_verify(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return CLOUD_OK;
    }
    if (argc < 2 || strncmp(argv[1], "--", 2) == 0) {
        cloud_err(PROG ": which result? (RESULT, or - for stdin, comes first)");
        usage(cloud_usage_stream());
        return CLOUD_USAGE;
    }
    cloud_opt_t opts[] = {
        { "cert", true, NULL },        { "ca", true, NULL },           { "key", true, NULL },
        { "decrypt-key", true, NULL }, { "model-digest", true, NULL }, { "allow", true, NULL },
        { "nonce", true, NULL },       { "state", true, NULL },        { "json", false, NULL },
        { "passin", true, NULL },
    };
    const size_t n = sizeof(opts) / sizeof(opts[0]);
    if (!cloud_parse_opts(argc, argv, 2, opts, n, PROG) ||
        !cloud_set_passin(cloud_opt(opts, n, "passin"))) {
        return CLOUD_USAGE;
    }
    const char *cert = cloud_opt(opts, n, "cert");
    const char *key = cloud_opt(opts, n, "key");
    const bool json = cloud_opt(opts, n, "json") != NULL;
    if ((cert == NULL) == (key == NULL)) {
        cloud_err(PROG ": give the device's --cert or its --key (one of them)\n");
        return CLOUD_USAGE;
    }
    if (cloud_opt(opts, n, "ca") != NULL && cert == NULL) {
        cloud_err(PROG ": --ca checks a --cert\n");
        return CLOUD_USAGE;
    }
    uint8_t *want_nonce = NULL;
    size_t want_nonce_len = 0;
    const char *nonce_hex = cloud_opt(opts, n, "nonce");
    if (nonce_hex != NULL && !cloud_unhex(nonce_hex, &want_nonce, &want_nonce_len)) {
        cloud_err(PROG ": --nonce is not hex\n");
        return CLOUD_USAGE;
    }

    char why[256];
    int rc = CLOUD_FAILED;
    uint8_t *msg = NULL;
    size_t len = 0;
    static uint8_t plain[65536];
    static result_claims_t c;
    uint8_t pub[65];
    char cn[64];
    char uuid[37];
    cai_cose_sign1_info_t info;
    const uint8_t *payload = NULL;
    size_t payload_len = 0;
    const char *format = "sign1";
    if (!cloud_read_file(argv[1], &msg, &len)) {
        free(want_nonce);
        return CLOUD_FAILED;
    }
    cai_cose_err_t e;
    if (!load_device(cert, cloud_opt(opts, n, "ca"), key, pub, cn, why, sizeof(why))) {
        rc = invalid(json, why);
    } else if (payload_is_encrypt(msg, len)) {
        format = "encrypt";
        if (verify_encrypted(msg, len, pub, cloud_opt(opts, n, "decrypt-key"), plain, sizeof(plain),
                             &payload_len, &info, why, sizeof(why))) {
            payload = plain;
        } else {
            rc = invalid(json, why);
        }
    } else if ((e = cai_cose_profile_verify(msg, len, pub, &info)) != CAI_COSE_OK) {
        profile_reason(e, why, sizeof(why));
        rc = invalid(json, why);
    } else {
        payload = info.payload;
        payload_len = info.payload_len;
    }
    if (payload != NULL && !result_claims_parse(payload, payload_len, &c, why, sizeof(why))) {
        rc = invalid(json, why);
    } else if (payload != NULL) {
        uuid_text(c.uuid, uuid);
        const char *state = cloud_opt(opts, n, "state");
        /* The kid against the signed UUID is the profile's check (above). */
        if (cn[0] != '\0' && strcmp(cn, uuid) != 0) {
            rc = invalid(json, "the certificate is for another device (its CN is not the "
                               "signed UUID)");
        } else if (!digest_allowed(c.model_digest, cloud_opt(opts, n, "model-digest"),
                                   cloud_opt(opts, n, "allow"), why, sizeof(why))) {
            rc = invalid(json, why);
        } else if (want_nonce != NULL && (!c.has_nonce || c.nonce_len != want_nonce_len ||
                                          memcmp(c.nonce, want_nonce, want_nonce_len) != 0)) {
            rc = invalid(json, c.has_nonce ? "the nonce is not the one given"
                                           : "the result carries no nonce");
        } else if (state != NULL && !seq_state_advance(state, uuid, c.seq, why, sizeof(why))) {
            rc = invalid(json, why);
        } else {
            print_claims(json, &c, uuid, format);
            rc = CLOUD_OK;
        }
    }
    cai_wipe(plain, sizeof(plain));
    free(msg);
    free(want_nonce);
    return rc;
}
