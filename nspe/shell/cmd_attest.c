/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `attest`: PSA Initial Attestation from the non-secure side (docs/attest.md).
 *
 *   attest token [--challenge HEX | --challenge-size 32|48|64] [--out FILE]
 *                [--diag|--json]
 *   attest key [--pem|--cose-key] [--json]
 *
 * A token is signed inside the SPE with the attestation key over a claims
 * map whose only caller data is the challenge (the nonce claim). Without
 * --challenge the shell draws a fresh one (32 bytes unless
 * --challenge-size) and prints it, since a verifier needs it. The claims
 * printed here are read before any signature check: they are for people;
 * `cai-cloud attest verify` is the check.
 */
#include <string.h>

#include "cai/attest.h"
#include "cai/attest_claims.h"
#include "cai/cbor.h"
#include "cai/escape.h"
#include "cai/identity_client.h"
#include "cai/pem.h"
#include "commands.h"
#include "keys_common.h"
#include "psa/initial_attestation.h"

static uint8_t g_token[PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE];
static char g_diag[8 * PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE];
static cai_attest_claims_t g_claims;

/* ---------------- attest token ---------------- */

static cai_shell_status_t attest_error(cai_shell_t *sh, psa_status_t st, const char *what)
{
    const char *name = cai_psa_status_name(st);
    if (st == PSA_ERROR_CONNECTION_REFUSED) {
        return cai_shell_error(sh, "%s: this image serves no attestation service", what);
    }
    return cai_shell_error(sh, "%s: %s (%d)", what, name != NULL ? name : "service-defined",
                           (int)st);
}

/* The payload of a COSE_Sign1, located without checking anything else. */
static bool sign1_payload(const uint8_t *tok, size_t len, const uint8_t **p, size_t *n)
{
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, tok, len, NULL);
    uint64_t tag = 0, count = 0;
    return cai_cbor_get_tag(&d, &tag) == CAI_CBOR_OK && tag == 18 &&
           cai_cbor_get_array(&d, &count) == CAI_CBOR_OK && count == 4 &&
           cai_cbor_skip(&d) == CAI_CBOR_OK && cai_cbor_skip(&d) == CAI_CBOR_OK &&
           cai_cbor_get_bstr(&d, p, n) == CAI_CBOR_OK;
}

static void out_text(cai_shell_t *sh, const char *key, const cai_attest_text_t *t)
{
    char buf[256];
    size_t n = t->len < sizeof(buf) - 1 ? t->len : sizeof(buf) - 1;
    memcpy(buf, t->p, n);
    buf[n] = '\0';
    if (memchr(buf, '\0', n) != NULL) {
        cai_out_str(sh, key, "(contains NUL)");
    } else {
        cai_out_str(sh, key, buf);
    }
}

static void out_claims(cai_shell_t *sh, const cai_attest_claims_t *c)
{
    cai_out_str(sh, "profile", cai_attest_profile_name(c->profile));
    cai_out_int(sh, "client_id", (long long)c->client_id);
    cai_out_int(sh, "security_lifecycle", (long long)c->lifecycle);
    cai_out_str(sh, "security_lifecycle_state", cai_attest_lifecycle_name(c->lifecycle));
    cai_out_hex(sh, "implementation_id", c->implementation_id.p, c->implementation_id.len);
    cai_out_hex(sh, "instance_id", c->instance_id.p, c->instance_id.len);
    if (c->boot_seed.p != NULL) {
        cai_out_hex(sh, "boot_seed", c->boot_seed.p, c->boot_seed.len);
    }
    cai_out_hex(sh, "nonce", c->nonce.p, c->nonce.len);
    if (c->verification_service.p != NULL) {
        out_text(sh, "verification_service", &c->verification_service);
    }
    cai_out_list_begin(sh, "software_components");
    for (size_t i = 0; i < c->n_swc; i++) {
        const cai_attest_swc_t *s = &c->swc[i];
        cai_out_item_begin(sh);
        if (s->type.p != NULL) {
            out_text(sh, "type", &s->type);
        }
        cai_out_hex(sh, "measurement", s->measurement.p, s->measurement.len);
        if (s->version.p != NULL) {
            out_text(sh, "version", &s->version);
        }
        cai_out_hex(sh, "signer_id", s->signer_id.p, s->signer_id.len);
        if (s->desc.p != NULL) {
            out_text(sh, "measurement_description", &s->desc);
        }
        cai_out_item_end(sh);
    }
    cai_out_list_end(sh);
}

static cai_shell_status_t token_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    const char *hex = NULL, *size_arg = NULL, *out = NULL;
    bool diag = false, json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool takes = strcmp(a, "--challenge") == 0 || strcmp(a, "--challenge-size") == 0 ||
                     strcmp(a, "--out") == 0;
        if (takes && i + 1 >= argc) {
            return cai_shell_usage_error(sh, cmd, "%s needs a value", a);
        }
        if (strcmp(a, "--challenge") == 0) {
            hex = argv[++i];
        } else if (strcmp(a, "--challenge-size") == 0) {
            size_arg = argv[++i];
        } else if (strcmp(a, "--out") == 0) {
            out = argv[++i];
        } else if (strcmp(a, "--diag") == 0) {
            diag = true;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else {
            return cai_shell_usage_error(sh, cmd, "unexpected argument '%s'", a);
        }
    }
    if (hex != NULL && size_arg != NULL) {
        return cai_shell_usage_error(sh, cmd, "--challenge and --challenge-size: choose one");
    }
    if (diag && (json || sh->json)) {
        return cai_shell_usage_error(sh, cmd, "--diag and --json: choose one");
    }
    uint8_t challenge[PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64];
    size_t n = PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32;
    if (hex != NULL) {
        long got = cai_parse_hex(hex, challenge, sizeof(challenge));
        if (got != 32 && got != 48 && got != 64) {
            return cai_shell_usage_error(sh, cmd, "--challenge: 32, 48 or 64 bytes of hex");
        }
        n = (size_t)got;
    } else {
        uint32_t v = 0;
        if (size_arg != NULL &&
            (cai_parse_u32(size_arg, &v) != 0 || (v != 32 && v != 48 && v != 64))) {
            return cai_shell_usage_error(sh, cmd, "--challenge-size: 32, 48 or 64");
        }
        n = size_arg != NULL ? v : n;
        if (sh->port->random == NULL) {
            return cai_shell_error(sh, "this backend has no random source: give --challenge HEX");
        }
        if (sh->port->random(challenge, n) != PSA_SUCCESS) {
            return cai_shell_error(sh, "no random challenge: the random source failed");
        }
    }
    size_t len = 0;
    psa_status_t st = psa_initial_attest_get_token(challenge, n, g_token, sizeof(g_token), &len);
    if (st != PSA_SUCCESS) {
        return attest_error(sh, st, "getting the token");
    }
    if (out != NULL && keys_write_file(sh, out, g_token, len) != CAI_SHELL_OK) {
        return CAI_SHELL_FAIL;
    }
    const uint8_t *payload = NULL;
    size_t payload_len = 0;
    char why[160];
    if (!sign1_payload(g_token, len, &payload, &payload_len)) {
        return cai_shell_error(sh, "the token is not a COSE_Sign1");
    }
    if (diag) {
        size_t need = 0;
        if (cai_cbor_diag(g_token, len, g_diag, sizeof(g_diag), &need) != CAI_CBOR_OK) {
            return cai_shell_error(sh, "cannot print the token in diagnostic notation");
        }
        cai_fputs_escaped(g_diag, sh->out);
        fputc('\n', sh->out);
        if (cai_cbor_diag(payload, payload_len, g_diag, sizeof(g_diag), &need) != CAI_CBOR_OK) {
            return cai_shell_error(sh, "cannot print the claims in diagnostic notation");
        }
        fputs("# claims:\n", sh->out);
        cai_fputs_escaped(g_diag, sh->out);
        fputc('\n', sh->out);
        return CAI_SHELL_OK;
    }
    if (!cai_attest_claims_parse(payload, payload_len, &g_claims, why, sizeof(why))) {
        return cai_shell_error(sh, "the token's claims do not parse: %s", why);
    }
    bool saved = sh->json;
    sh->json = sh->json || json;
    cai_out_begin(sh);
    cai_out_hex(sh, "challenge", challenge, n);
    cai_out_int(sh, "size", (long long)len);
    if (out != NULL) {
        cai_out_str(sh, "out", out);
    } else {
        cai_out_hex(sh, "token", g_token, len);
    }
    out_claims(sh, &g_claims);
    cai_out_end(sh);
    sh->json = saved;
    return CAI_SHELL_OK;
}

/* ---------------- attest key ---------------- */

/* The COSE_Key {1: 2, -1: 1, -2: x, -3: y}: the exact bytes whose SHA-256 is
 * the token's kid and, after 0x01, its instance id. */
static size_t iak_cose_key(const uint8_t pub[CAI_IDENTITY_PUB_LEN], uint8_t *out, size_t cap)
{
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_map(&e, 4);
    cai_cbor_put_int(&e, 1);
    cai_cbor_put_int(&e, 2);
    cai_cbor_put_int(&e, -1);
    cai_cbor_put_int(&e, 1);
    cai_cbor_put_int(&e, -2);
    cai_cbor_put_bstr(&e, pub + 1, 32);
    cai_cbor_put_int(&e, -3);
    cai_cbor_put_bstr(&e, pub + 33, 32);
    size_t len = 0;
    return cai_cbor_enc_finish(&e, &len) == CAI_CBOR_OK ? len : 0;
}

/* The kid (SHA-256 of the IAK's COSE_Key) as the secure side states it: the
 * instance id of a token is 0x01 || kid. Read from a token over a fixed
 * challenge rather than hashed here, so the NS shell needs no hash of its
 * own (an521's non-secure image has no crypto library); a verifier recomputes
 * it from the public key anyway. */
static psa_status_t iak_kid(uint8_t kid[32])
{
    static const uint8_t zero_challenge[PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32];
    size_t len = 0;
    psa_status_t st = psa_initial_attest_get_token(zero_challenge, sizeof(zero_challenge), g_token,
                                                   sizeof(g_token), &len);
    const uint8_t *payload = NULL;
    size_t payload_len = 0;
    char why[160];
    if (st == PSA_SUCCESS &&
        (!sign1_payload(g_token, len, &payload, &payload_len) ||
         !cai_attest_claims_parse(payload, payload_len, &g_claims, why, sizeof(why)) ||
         g_claims.instance_id.p == NULL || g_claims.instance_id.len != 33u)) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st == PSA_SUCCESS) {
        memcpy(kid, g_claims.instance_id.p + 1, 32);
    }
    return st;
}

static cai_shell_status_t key_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    bool cose = false, pem = false, json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pem") == 0) {
            pem = true;
        } else if (strcmp(argv[i], "--cose-key") == 0) {
            cose = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            return cai_shell_usage_error(sh, cmd, "unexpected argument '%s'", argv[i]);
        }
    }
    if (pem && cose) {
        return cai_shell_usage_error(sh, cmd, "--pem and --cose-key: choose one");
    }
    uint8_t pub[CAI_IDENTITY_PUB_LEN];
    psa_status_t st = cai_identity_public(CAI_KEY_ID_IAK, pub);
    if (st != PSA_SUCCESS) {
        return attest_error(sh, st, "reading the attestation key");
    }
    uint8_t ck[COSE_KEY_MAX];
    size_t ck_len = iak_cose_key(pub, ck, sizeof(ck));
    uint8_t kid[32];
    uint8_t spki[CAI_P256_SPKI_LEN];
    size_t pem_len = 0;
    st = iak_kid(kid);
    if (st != PSA_SUCCESS) {
        return attest_error(sh, st, "reading the attestation key's kid from a token");
    }
    if (ck_len == 0 || cai_p256_spki(pub, spki) != CAI_PEM_OK ||
        cai_pem_encode("PUBLIC KEY", spki, sizeof(spki), g_text, sizeof(g_text), &pem_len) !=
            CAI_PEM_OK) {
        return cai_shell_error(sh, "cannot encode the attestation key");
    }
    if (sh->json || json) {
        bool saved = sh->json;
        sh->json = true;
        cai_out_begin(sh);
        cai_out_str(sh, "key_id", "0x5004");
        cai_out_str(sh, "label", "HUK_IAK_EC_PRIV_KEY");
        cai_out_hex(sh, "public", pub, sizeof(pub));
        cai_out_hex(sh, "cose_key", ck, ck_len);
        cai_out_hex(sh, "kid", kid, sizeof(kid));
        uint8_t inst[CAI_ATTEST_INSTANCE_ID_LEN];
        inst[0] = CAI_ATTEST_UEID_TYPE_RAND;
        memcpy(inst + 1, kid, sizeof(kid));
        cai_out_hex(sh, "instance_id", inst, sizeof(inst));
        cai_out_str(sh, "pem", g_text);
        cai_out_end(sh);
        sh->json = saved;
        return CAI_SHELL_OK;
    }
    if (cose) {
        keys_hex_line(sh->out, ck, ck_len);
    } else {
        fputs(g_text, sh->out);
    }
    return CAI_SHELL_OK;
}

static const cai_cmd_t attest_token_cmd = {
    .name = "token",
    .summary = "an attestation token (RFC 9783) over a challenge",
    .usage = "[--challenge HEX | --challenge-size 32|48|64] [--out FILE] [--diag|--json]",
    .help = "  --challenge HEX       the relying party's challenge: 32, 48 or 64 bytes\n"
            "  --challenge-size N    without --challenge: a fresh random one of N bytes\n"
            "                        (default 32), printed as `challenge`\n"
            "  --out FILE            the token (COSE_Sign1, binary) into FILE\n"
            "  --diag                the token and its claims in CBOR diagnostic notation\n"
            "  --json                challenge, size, token and the claims by name\n"
            "  Check it with: cai-cloud attest verify FILE --key IAK.pem --challenge HEX",
    .fn = token_run,
};

static const cai_cmd_t attest_key_cmd = {
    .name = "key",
    .summary = "the attestation key's public key (IAK, key 0x5004), for a verifier",
    .usage = "[--pem|--cose-key] [--json]",
    .help = "  --pem        PEM SubjectPublicKeyInfo (the default)\n"
            "  --cose-key   the COSE_Key {1: 2, -1: 1, -2: x, -3: y} in hex: its SHA-256 is the\n"
            "               token's kid, and 0x01 followed by it the instance id\n"
            "  --json       all of these, and the kid and instance id",
    .fn = key_run,
};

static const cai_cmd_t *const attest_subs[] = { &attest_token_cmd, &attest_key_cmd, NULL };

const cai_cmd_t cai_cmd_attest = {
    .name = "attest",
    .summary = "PSA Initial Attestation: tokens and the attestation key",
    .subs = attest_subs,
};
