/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `cai-cloud cose ...`: sign, verify, encrypt, decrypt and print COSE
 * messages with PEM keys, using the same COSE library as the device, in the
 * cai profile by default (docs/cose.md):
 *   sign     COSE_Sign1, ES256, tag 18, {4: kid}
 *   verify   tag 18 required, ES256 protected, deterministic CBOR
 *   encrypt  COSE_Encrypt, tag 96, A256GCM, one ECDH-ES+A256KW recipient
 *   decrypt  tag 96, A256GCM, ECDH-ES+A256KW only
 * --lenient relaxes verify/decrypt to any COSE the library implements
 * (untagged accepted, no determinism requirement).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "cai/cose.h"
#include "cai/crypto.h"
#include "cloud_cmds.h"
#include "cloud_util.h"
#include "cose_print.h"
#include "pem_keys.h"

typedef struct cose_sub {
    const char *name;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
} cose_sub_t;

#define PROG "cai-cloud cose"

static bool want_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return true;
        }
    }
    return false;
}

static int fail_result(bool json, const char *what, cai_cose_err_t e)
{
    if (json) {
        /* the verdict is the result: one object on stdout, no text line */
        printf("{\"result\": \"rejected\", \"error\": \"%s\", \"message\": ", cai_cose_errname(e));
        cloud_json_string(stdout, cai_cose_strerror(e), strlen(cai_cose_strerror(e)));
        printf("}\n");
    } else {
        cloud_err(PROG " %s: %s (%s)\n", what, cai_cose_strerror(e), cai_cose_errname(e));
    }
    return CLOUD_FAILED;
}

static void json_hex_member(const char *name, const uint8_t *p, size_t n)
{
    printf(", \"%s\": ", name);
    if (p == NULL) {
        printf("null");
        return;
    }
    putchar('"');
    cloud_print_hex(stdout, p, n);
    putchar('"');
}

static bool require(const char *v, const char *sub, const char *opt)
{
    if (v == NULL) {
        cloud_err(PROG " %s: --%s is required (try --help)\n", sub, opt);
    }
    return v != NULL;
}

/* --in and --out default to stdin and stdout, as in the openssl CLI; with
 * --json the JSON result owns stdout, so bytes cannot go there too. */
static bool io_ok(const char **in, const char **out, bool out_default, bool json, const char *sub)
{
    if (*in == NULL) {
        *in = "-";
    }
    if (*out == NULL && out_default) {
        *out = "-";
    }
    if (json && *out != NULL && strcmp(*out, "-") == 0) {
        cloud_err(PROG " %s: --json prints its result on stdout: give --out FILE for the "
                       "bytes",
                  sub);
        return false;
    }
    return true;
}

/* ---------------- sign ---------------- */

static int run_sign(int argc, char **argv)
{
    cloud_opt_t o[] = { { "key", true, NULL },   { "in", true, NULL },      { "out", true, NULL },
                        { "kid", true, NULL },   { "aad-hex", true, NULL }, { "json", false, NULL },
                        { "passin", true, NULL } };
    const size_t n = sizeof o / sizeof o[0];
    if (!cloud_parse_opts(argc, argv, 1, o, n, PROG " sign")) {
        return CLOUD_USAGE;
    }
    const char *keyf = cloud_opt(o, n, "key"), *in = cloud_opt(o, n, "in"),
               *out = cloud_opt(o, n, "out"), *kidt = cloud_opt(o, n, "kid"),
               *aadh = cloud_opt(o, n, "aad-hex");
    bool json = cloud_opt(o, n, "json") != NULL;
    if (!require(keyf, "sign", "key") || !io_ok(&in, &out, true, json, "sign") ||
        !cloud_set_passin(cloud_opt(o, n, "passin"))) {
        return CLOUD_USAGE;
    }
    const uint8_t *kid = NULL;
    size_t kid_len = 0;
    uint8_t *aad = NULL, *payload = NULL, *msg = NULL;
    size_t aad_len = 0, payload_len = 0, msg_len = 0;
    if ((kidt && !cloud_parse_kid(kidt, &kid, &kid_len)) ||
        (aadh && !cloud_unhex(aadh, &aad, &aad_len))) {
        cloud_err(PROG " sign: bad --kid or --aad-hex value\n");
        free(aad);
        return CLOUD_USAGE;
    }
    cloud_p256_key_t key;
    cai_p256_key_t prepared;
    cai_cose_signer_t signer;
    int rc = CLOUD_FAILED;
    memset(&prepared, 0, sizeof prepared);
    if (cloud_load_p256_pem(keyf, true, &key) && cloud_read_file(in, &payload, &payload_len)) {
        size_t cap = payload_len + kid_len + 128;
        msg = malloc(cap);
        /* The raw PEM key, through the raw adapter (a prepared key). */
        cai_cose_err_t e = cai_cose_signer_from_raw(&prepared, key.priv, kid, kid_len, &signer);
        if (e == CAI_COSE_OK) {
            e = msg ? cai_cose_sign1_sign(&signer, payload, payload_len, aad, aad_len, msg, cap,
                                          &msg_len)
                    : CAI_COSE_ERR_BUFFER_TOO_SMALL;
        }
        if (e != CAI_COSE_OK) {
            rc = fail_result(json, "sign", e);
        } else if (cloud_write_file(out, msg, msg_len)) {
            rc = CLOUD_OK;
            if (json) {
                printf("{\"result\": \"signed\", \"bytes\": %zu", msg_len);
                json_hex_member("kid", kid, kid_len);
                printf("}\n");
            }
        }
    }
    cloud_key_wipe(&key);
    cai_p256_key_destroy(&prepared);
    free(payload);
    free(msg);
    free(aad);
    return rc;
}

/* ---------------- verify ---------------- */

static int run_verify(int argc, char **argv)
{
    cloud_opt_t o[] = { { "key", true, NULL },         { "in", true, NULL },
                        { "out", true, NULL },         { "aad-hex", true, NULL },
                        { "lenient", false, NULL },    { "json", false, NULL },
                        { "decrypt-key", true, NULL }, { "passin", true, NULL } };
    const size_t n = sizeof o / sizeof o[0];
    if (!cloud_parse_opts(argc, argv, 1, o, n, PROG " verify")) {
        return CLOUD_USAGE;
    }
    const char *keyf = cloud_opt(o, n, "key"), *in = cloud_opt(o, n, "in"),
               *out = cloud_opt(o, n, "out"), *aadh = cloud_opt(o, n, "aad-hex"),
               *deck = cloud_opt(o, n, "decrypt-key");
    bool json = cloud_opt(o, n, "json") != NULL, lenient = cloud_opt(o, n, "lenient") != NULL;
    if (!require(keyf, "verify", "key") || !io_ok(&in, &out, false, json, "verify") ||
        !cloud_set_passin(cloud_opt(o, n, "passin"))) {
        return CLOUD_USAGE;
    }
    uint8_t *aad = NULL, *msg = NULL;
    size_t aad_len = 0, msg_len = 0;
    if (aadh && !cloud_unhex(aadh, &aad, &aad_len)) {
        cloud_err(PROG " verify: bad --aad-hex value\n");
        return CLOUD_USAGE;
    }
    cloud_p256_key_t key, dkey;
    cai_p256_key_t dprepared;
    int rc = CLOUD_FAILED;
    uint8_t *pt = NULL;
    size_t pt_cap = 0;
    memset(&dkey, 0, sizeof dkey);
    memset(&dprepared, 0, sizeof dprepared);
    if (cloud_load_p256_pem(keyf, false, &key) && cloud_read_file(in, &msg, &msg_len) &&
        (deck == NULL || cloud_load_p256_pem(deck, true, &dkey))) {
        cai_cose_opts_t opts = {
            .flags = lenient ? CAI_COSE_F_TAG_OPTIONAL
                             : CAI_COSE_F_DETERMINISTIC | CAI_COSE_F_PROTECTED_ALG,
            .external_aad = aad,
            .external_aad_len = aad_len,
            .max_message = 64u * 1024u * 1024u,
            .require_alg = CAI_COSE_ALG_ES256,
        };
        cai_cose_sign1_info_t info;
        cai_cose_err_t e = cai_cose_sign1_verify(msg, msg_len, key.pub, &opts, &info);
        const uint8_t *result = info.payload;
        size_t result_len = info.payload_len;
        if (e == CAI_COSE_OK && deck != NULL) {
            /* `--format encrypt` results: the payload is a profile COSE_Encrypt */
            pt_cap = info.payload_len + 1;
            pt = malloc(pt_cap);
            cai_cose_ecdh_t ecdh;
            e = cai_cose_ecdh_from_raw(&dprepared, dkey.priv, &ecdh);
            if (e == CAI_COSE_OK) {
                e = pt ? cai_cose_profile_decrypt(&ecdh, info.payload, info.payload_len, pt,
                                                  info.payload_len, &result_len, NULL)
                       : CAI_COSE_ERR_BUFFER_TOO_SMALL;
            }
            result = pt;
        }
        if (e != CAI_COSE_OK) {
            rc = fail_result(json, deck ? "verify (decrypting the payload)" : "verify", e);
        } else if (out == NULL || cloud_write_file(out, result, result_len)) {
            rc = CLOUD_OK;
            if (json) {
                printf("{\"result\": \"%s\", \"payload_bytes\": %zu",
                       deck ? "verified+decrypted" : "verified", result_len);
                json_hex_member("kid", info.kid, info.kid_len);
                printf(", \"tagged\": %s}\n", info.tagged ? "true" : "false");
            } else {
                fputs(PROG " verify: signature OK\n", stderr);
            }
        }
    }
    cloud_key_wipe(&key);
    cloud_key_wipe(&dkey);
    cai_p256_key_destroy(&dprepared);
    if (pt != NULL) {
        cai_wipe(pt, pt_cap);
    }
    free(pt);
    free(msg);
    free(aad);
    return rc;
}

/* ---------------- encrypt ---------------- */

static int run_encrypt(int argc, char **argv)
{
    cloud_opt_t o[] = { { "key", true, NULL },
                        { "in", true, NULL },
                        { "out", true, NULL },
                        { "kid", true, NULL },
                        { "json", false, NULL } };
    const size_t n = sizeof o / sizeof o[0];
    if (!cloud_parse_opts(argc, argv, 1, o, n, PROG " encrypt")) {
        return CLOUD_USAGE;
    }
    const char *keyf = cloud_opt(o, n, "key"), *in = cloud_opt(o, n, "in"),
               *out = cloud_opt(o, n, "out"), *kidt = cloud_opt(o, n, "kid");
    bool json = cloud_opt(o, n, "json") != NULL;
    if (!require(keyf, "encrypt", "key") || !io_ok(&in, &out, true, json, "encrypt")) {
        return CLOUD_USAGE;
    }
    const uint8_t *kid = NULL;
    size_t kid_len = 0;
    if (kidt && !cloud_parse_kid(kidt, &kid, &kid_len)) {
        cloud_err(PROG " encrypt: bad --kid value\n");
        return CLOUD_USAGE;
    }
    cloud_p256_key_t key;
    uint8_t *pt = NULL, *msg = NULL;
    size_t pt_len = 0, msg_len = 0;
    int rc = CLOUD_FAILED;
    if (cloud_load_p256_pem(keyf, false, &key) && cloud_read_file(in, &pt, &pt_len)) {
        size_t cap = cai_cose_profile_encrypt_size(pt_len, kid_len);
        msg = malloc(cap);
        cai_cose_err_t e = msg ? cai_cose_profile_encrypt(key.pub, kid, kid_len, pt, pt_len, NULL,
                                                          NULL, msg, cap, &msg_len)
                               : CAI_COSE_ERR_BUFFER_TOO_SMALL;
        if (e != CAI_COSE_OK) {
            rc = fail_result(json, "encrypt", e);
        } else if (cloud_write_file(out, msg, msg_len)) {
            rc = CLOUD_OK;
            if (json) {
                printf("{\"result\": \"encrypted\", \"bytes\": %zu", msg_len);
                json_hex_member("kid", kid, kid_len);
                printf("}\n");
            }
        }
    }
    cloud_key_wipe(&key);
    if (pt != NULL) {
        cai_wipe(pt, pt_len);
    }
    free(pt);
    free(msg);
    return rc;
}

/* ---------------- decrypt ---------------- */

static int run_decrypt(int argc, char **argv)
{
    cloud_opt_t o[] = { { "key", true, NULL },   { "in", true, NULL },
                        { "out", true, NULL },   { "lenient", false, NULL },
                        { "json", false, NULL }, { "passin", true, NULL } };
    const size_t n = sizeof o / sizeof o[0];
    if (!cloud_parse_opts(argc, argv, 1, o, n, PROG " decrypt")) {
        return CLOUD_USAGE;
    }
    const char *keyf = cloud_opt(o, n, "key"), *in = cloud_opt(o, n, "in"),
               *out = cloud_opt(o, n, "out");
    bool json = cloud_opt(o, n, "json") != NULL, lenient = cloud_opt(o, n, "lenient") != NULL;
    if (!require(keyf, "decrypt", "key") || !io_ok(&in, &out, true, json, "decrypt") ||
        !cloud_set_passin(cloud_opt(o, n, "passin"))) {
        return CLOUD_USAGE;
    }
    cloud_p256_key_t key;
    cai_p256_key_t prepared;
    cai_cose_ecdh_t ecdh;
    uint8_t *msg = NULL, *pt = NULL;
    size_t msg_len = 0, pt_len = 0;
    int rc = CLOUD_FAILED;
    memset(&prepared, 0, sizeof prepared);
    if (cloud_load_p256_pem(keyf, true, &key) && cloud_read_file(in, &msg, &msg_len)) {
        pt = malloc(msg_len + 1);
        cai_cose_encrypt_info_t info;
        cai_cose_err_t e = cai_cose_ecdh_from_raw(&prepared, key.priv, &ecdh);
        if (e == CAI_COSE_OK && pt == NULL) {
            e = CAI_COSE_ERR_BUFFER_TOO_SMALL;
        } else if (e == CAI_COSE_OK && lenient) {
            const cai_cose_recipient_key_t rk = { .ecdh = &ecdh };
            const cai_cose_opts_t opts = { .flags = CAI_COSE_F_TAG_OPTIONAL,
                                           .max_message = 64u * 1024u * 1024u };
            e = cai_cose_encrypt_open(msg, msg_len, &rk, &opts, pt, msg_len, &pt_len, &info);
        } else if (e == CAI_COSE_OK) {
            e = cai_cose_profile_decrypt(&ecdh, msg, msg_len, pt, msg_len, &pt_len, &info);
        }
        if (e != CAI_COSE_OK) {
            rc = fail_result(json, "decrypt", e);
        } else if (cloud_write_file(out, pt, pt_len)) {
            rc = CLOUD_OK;
            if (json) {
                printf("{\"result\": \"decrypted\", \"plaintext_bytes\": %zu, \"alg\": %lld, "
                       "\"recipient_alg\": %lld",
                       pt_len, (long long)info.alg, (long long)info.recipient_alg);
                json_hex_member("recipient_kid", info.recipient_kid, info.recipient_kid_len);
                printf("}\n");
            }
        }
    }
    cloud_key_wipe(&key);
    cai_p256_key_destroy(&prepared);
    if (pt != NULL) {
        cai_wipe(pt, msg_len + 1);
    }
    free(pt);
    free(msg);
    return rc;
}

/* ---------------- print ---------------- */

static int run_print(int argc, char **argv)
{
    cloud_opt_t o[] = { { "in", true, NULL }, { "diag", false, NULL }, { "json", false, NULL } };
    const size_t n = sizeof o / sizeof o[0];
    if (!cloud_parse_opts(argc, argv, 1, o, n, PROG " print")) {
        return CLOUD_USAGE;
    }
    const char *in = cloud_opt(o, n, "in");
    bool json = cloud_opt(o, n, "json") != NULL, diag = cloud_opt(o, n, "diag") != NULL;
    if (in == NULL) {
        in = "-";
    }
    if (json && diag) {
        cloud_err(PROG " print: choose one of --diag and --json\n");
        return CLOUD_USAGE;
    }
    uint8_t *msg = NULL;
    size_t len = 0;
    if (!cloud_read_file(in, &msg, &len)) {
        return CLOUD_FAILED;
    }
    int rc =
        json ? cloud_cose_print_json(stdout, msg, len) : cloud_cose_print_diag(stdout, msg, len);
    free(msg);
    return rc;
}

/* ---------------- table ---------------- */

static const cose_sub_t k_subs[] = {
    { "sign", "sign a payload as COSE_Sign1 (ES256)",
      "usage: cai-cloud cose sign --key PRIV [--in PAYLOAD] [--out MSG] [--kid KID]\n"
      "                           [--aad-hex HEX] [--passin SRC] [--json]\n"
      "  Writes 18([h'A10126', {4: kid}, payload, signature]).\n"
      "  KID: hex:0011.. (those bytes: hex:01 is the byte 0x01), a UUID (its 16 bytes),\n"
      "  or any other text (its UTF-8 bytes: 01 is the two bytes 0x30 0x31).\n"
      "  --in/--out default to stdin/stdout; with --json, --out must name a file.\n",
      run_sign },
    { "verify", "verify a COSE_Sign1 (ES256)",
      "usage: cai-cloud cose verify --key PUB [--in MSG] [--out PAYLOAD] [--aad-hex HEX]\n"
      "                             [--decrypt-key PRIV] [--passin SRC] [--lenient] [--json]\n"
      "  Default (cai profile): tag 18 required, alg ES256 in the protected header,\n"
      "  deterministic CBOR. --lenient accepts untagged and non-deterministic messages.\n"
      "  --decrypt-key: the payload is a COSE_Encrypt (infer --format encrypt); --out\n"
      "  gets its plaintext. --in defaults to stdin; the payload is written only with\n"
      "  --out (- for stdout, not with --json).\n"
      "  Exit 1 when the message is rejected.\n",
      run_verify },
    { "encrypt", "encrypt to a P-256 public key (COSE_Encrypt, ECDH-ES+A256KW, A256GCM)",
      "usage: cai-cloud cose encrypt --key RECIPIENT_PUB [--in PLAINTEXT] [--out MSG]\n"
      "                              [--kid KID] [--json]\n"
      "  Writes 96([h'A10103', {5: iv}, ct, [[h'A101381E', {4: kid, -1: epk}, wrapped]]]).\n"
      "  --in/--out default to stdin/stdout; with --json, --out must name a file.\n",
      run_encrypt },
    { "decrypt", "decrypt a COSE_Encrypt with a P-256 private key",
      "usage: cai-cloud cose decrypt --key PRIV [--in MSG] [--out PLAINTEXT] [--passin SRC]\n"
      "                              [--lenient] [--json]\n"
      "  Default (cai profile): tag 96, A256GCM content, one ECDH-ES+A256KW recipient.\n"
      "  --lenient accepts any ECDH-ES recipient the library implements, untagged too.\n"
      "  --in/--out default to stdin/stdout; with --json, --out must name a file.\n",
      run_decrypt },
    { "print", "show a COSE message (diagnostic notation or JSON); verifies nothing",
      "usage: cai-cloud cose print [--in MSG] [--diag | --json]\n"
      "  --diag (default): extended diagnostic notation (RFC 8610 appendix G): the\n"
      "  message type and every header label and algorithm named in /comments/,\n"
      "  protected headers (and CBOR payloads) shown decoded as <<...>>.\n"
      "  --json: type, tag and fields, protected headers decoded, byte strings in hex.\n"
      "  --in defaults to stdin.\n",
      run_print },
};

static void cose_usage(FILE *f)
{
    fprintf(f,
            "usage: cai-cloud cose <subcommand> [options] (<subcommand> --help for details)\n\n");
    for (size_t i = 0; i < sizeof k_subs / sizeof k_subs[0]; i++) {
        fprintf(f, "  %-8s %s\n", k_subs[i].name, k_subs[i].summary);
    }
    fprintf(f,
            "\nKeys are P-256 key files, PEM or DER: private keys (openssl ecparam -name"
            " prime256v1\n-genkey, or PKCS#8, encrypted or not) or public keys (openssl pkey"
            " -pubout).\n--passin SRC gives an encrypted key's pass phrase: pass:TEXT, env:VAR,"
            " file:PATH,\nfd:N or stdin (as openssl); without it the terminal is asked, only when"
            " stdin is one.\nFILE may be - for stdin/stdout.\n");
}

int cloud_cmd_cose(int argc, char **argv)
{
    if (argc < 2) {
        cloud_err("cai-cloud cose: which subcommand? (try --help)");
        cose_usage(cloud_usage_stream());
        return CLOUD_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cose_usage(stdout);
        return CLOUD_OK;
    }
    for (size_t i = 0; i < sizeof k_subs / sizeof k_subs[0]; i++) {
        if (strcmp(argv[1], k_subs[i].name) == 0) {
            if (want_help(argc - 1, argv + 1)) {
                fputs(k_subs[i].help, stdout);
                return CLOUD_OK;
            }
            return k_subs[i].run(argc - 1, argv + 1);
        }
    }
    cloud_err(PROG ": unknown subcommand '%s'\n", argv[1]);
    cose_usage(cloud_usage_stream());
    return CLOUD_USAGE;
}
