/* SPDX-License-Identifier: Apache-2.0 */
/* `keys public`: the public keys, as PEM SubjectPublicKeyInfo, hex point or COSE_Key. */

#include "cai/cbor.h"
#include "cai/pem.h"
#include "commands.h"
#include "keys_common.h"

/* COSE_Key (RFC 9052 §7, RFC 9053 §7.1) of an EC2 P-256 public key, labels
 * in deterministic order: {1: 2, 2: kid, -1: 1, -2: x, -3: y}. */
static int cose_key(const uint8_t pub[CAI_IDENTITY_PUB_LEN],
                    const uint8_t kid[CAI_IDENTITY_UUID_LEN], uint8_t *out, size_t cap, size_t *len)
{
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_map(&e, 5);
    cai_cbor_put_uint(&e, 1); /* kty */
    cai_cbor_put_uint(&e, 2); /* EC2 */
    cai_cbor_put_uint(&e, 2); /* kid */
    cai_cbor_put_bstr(&e, kid, CAI_IDENTITY_UUID_LEN);
    cai_cbor_put_int(&e, -1); /* crv */
    cai_cbor_put_uint(&e, 1); /* P-256 */
    cai_cbor_put_int(&e, -2); /* x */
    cai_cbor_put_bstr(&e, pub + 1, 32);
    cai_cbor_put_int(&e, -3); /* y */
    cai_cbor_put_bstr(&e, pub + 33, 32);
    return cai_cbor_enc_finish(&e, len) == CAI_CBOR_OK ? 0 : -1;
}

static cai_shell_status_t public_one(cai_shell_t *sh, const opts_t *o,
                                     const cai_identity_key_info_t *key, const uint8_t *uuid,
                                     bool header)
{
    uint8_t pub[CAI_IDENTITY_PUB_LEN];
    psa_status_t ps = cai_identity_public(key->id, pub);
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "reading the public key");
    }
    uint8_t ck[COSE_KEY_MAX];
    char diag[COSE_DIAG_MAX];
    size_t ck_len = 0, diag_len = 0;
    if (o->fmt == FMT_COSE_KEY) {
        if (cose_key(pub, uuid, ck, sizeof(ck), &ck_len) != 0) {
            return cai_shell_error(sh, "cannot encode the COSE_Key");
        }
        if (o->diag && cai_cbor_diag(ck, ck_len, diag, sizeof(diag), &diag_len) != CAI_CBOR_OK) {
            return cai_shell_error(sh, "cannot print the COSE_Key in diagnostic notation");
        }
    }
    uint8_t spki[CAI_P256_SPKI_LEN];
    size_t pem_len = 0;
    if (cai_p256_spki(pub, spki) != CAI_PEM_OK ||
        cai_pem_encode("PUBLIC KEY", spki, sizeof(spki), g_text, sizeof(g_text), &pem_len) !=
            CAI_PEM_OK) {
        return cai_shell_error(sh, "cannot encode the public key of %s", key->name);
    }
    if (sh->json) {
        keys_out_key_fields(sh, key);
        cai_out_hex(sh, "public", pub, sizeof(pub));
        if (o->fmt == FMT_COSE_KEY) {
            cai_out_hex(sh, "cose_key", ck, ck_len);
            if (o->diag) {
                cai_out_str(sh, "diag", diag);
            }
        } else if (o->fmt != FMT_HEX) {
            cai_out_str(sh, "pem", g_text);
        }
        return CAI_SHELL_OK;
    }
    if (header) {
        keys_text_key_header(sh, key);
    }
    if (o->fmt == FMT_HEX) {
        keys_hex_line(sh->out, pub, sizeof(pub));
    } else if (o->fmt == FMT_COSE_KEY) {
        if (o->diag) {
            fprintf(sh->out, "%s\n", diag);
        } else {
            keys_hex_line(sh->out, ck, ck_len);
        }
    } else {
        fputs(g_text, sh->out);
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t public_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *one = NULL;
    if (o->npos == 1 && keys_parse_key(sh, cmd, o->pos[0], &one) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    if (o->diag && o->fmt != FMT_COSE_KEY) {
        return cai_shell_usage_error(sh, cmd, "--diag goes with --cose-key");
    }
    uint8_t uuid[CAI_IDENTITY_UUID_LEN] = { 0 };
    if (o->fmt == FMT_COSE_KEY) {
        psa_status_t ps = cai_identity_uuid(uuid);
        if (ps != PSA_SUCCESS) {
            return keys_identity_error(sh, ps, NULL, "reading the UUID");
        }
    }
    cai_out_begin(sh);
    cai_shell_status_t rc = CAI_SHELL_OK;
    if (one != NULL) {
        rc = public_one(sh, o, one, uuid, false);
    } else {
        if (sh->json) {
            cai_out_list_begin(sh, "keys");
        }
        for (size_t i = 0; i < cai_identity_keys_count && rc == CAI_SHELL_OK; i++) {
            if (sh->json) {
                cai_out_item_begin(sh);
            }
            rc = public_one(sh, o, &cai_identity_keys[i], uuid, true);
            if (sh->json) {
                cai_out_item_end(sh);
            }
        }
        if (sh->json) {
            cai_out_list_end(sh);
        }
    }
    cai_out_end(sh);
    return rc;
}

static cai_shell_status_t public_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return keys_run_with(sh, cmd, argc, argv,
                         OPT_PEM | OPT_HEX | OPT_COSE_KEY | OPT_DIAG | OPT_JSON, 1, public_body);
}

const cai_cmd_t keys_public_cmd = {
    .name = "public",
    .summary = "public keys (PEM SubjectPublicKeyInfo, hex point or COSE_Key)",
    .usage = "[KEY] [--pem|--hex|--cose-key [--diag]] [--json]",
    .help =
        KEYS_HELP_IDS "\n"
                      "  no KEY: all three keys, each after a '# NAME ID LABEL' line\n"
                      "  --pem       PEM SubjectPublicKeyInfo (the default)\n"
                      "  --hex       the SEC1 point 04||X||Y in hex\n"
                      "  --cose-key  the COSE_Key {1: 2, 2: UUID, -1: 1, -2: x, -3: y} in hex;\n"
                      "              with --diag in CBOR diagnostic notation",
    .fn = public_run,
    .words = keys_key_words,
};
