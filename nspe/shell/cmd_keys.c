/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `keys`: the device keys as the identity service shows them (docs/identity.md):
 * their status, public keys, certificate requests and certificates. Private
 * keys never leave the secure side; nothing here ever sees one.
 *
 * Text output of a key, request or certificate is the object itself (PEM,
 * hex, diagnostic notation), ready for a pipe; where several are printed,
 * each follows one "# <name> <key id> <label>" line, which PEM readers skip
 * and the shell reads as a comment. Files (--out, install FILE) go through
 * stdio: a backend without a file system reports that it cannot open them.
 */
#include <errno.h>
#include <string.h>

#include "cai/cbor.h"
#include "cai/identity_client.h"
#include "cai/pem.h"
#include "commands.h"

/* Largest file `keys cert install` reads: a PEM certificate of
 * CAI_IDENTITY_CERT_MAX bytes is about 2.8 KiB, explanatory text allowed. */
#define CERT_FILE_MAX   16384u
#define PEM_TEXT_MAX    4096u /* PEM of a CAI_IDENTITY_CERT_MAX-byte DER: about 2.8 KiB */
#define COSE_KEY_MAX    128u
#define COSE_DIAG_MAX   512u
#define SUBJECT_MAX     (CAI_IDENTITY_ORG_MAX + 128u)
#define KEY_NAMES_USAGE "tls, sign, encrypt or a key id 5001..5003"

static uint8_t g_der[CAI_IDENTITY_CERT_MAX];
static char g_text[PEM_TEXT_MAX];
static uint8_t g_file[CERT_FILE_MAX + 1u];

/* ---------------- options ---------------- */

enum {
    OPT_PEM = 1u << 0,
    OPT_DER = 1u << 1,
    OPT_HEX = 1u << 2,
    OPT_COSE_KEY = 1u << 3,
    OPT_DIAG = 1u << 4,
    OPT_JSON = 1u << 5,
    OPT_ORG = 1u << 6,
    OPT_OUT = 1u << 7,
};
#define OPT_FORMATS (OPT_PEM | OPT_DER | OPT_HEX | OPT_COSE_KEY)

typedef enum {
    FMT_DEFAULT = 0,
    FMT_PEM,
    FMT_DER,
    FMT_HEX,
    FMT_COSE_KEY
} fmt_t;

typedef struct opts {
    fmt_t fmt;
    const char *fmt_flag;
    bool diag;
    bool json;
    const char *org;
    const char *out;
    const char *pos[3];
    int npos;
} opts_t;

static const struct {
    const char *flag;
    unsigned bit;
    fmt_t fmt;
} k_flags[] = {
    { "--pem", OPT_PEM, FMT_PEM },       { "--der", OPT_DER, FMT_DER },
    { "--hex", OPT_HEX, FMT_HEX },       { "--cose-key", OPT_COSE_KEY, FMT_COSE_KEY },
    { "--diag", OPT_DIAG, FMT_DEFAULT }, { "--json", OPT_JSON, FMT_DEFAULT },
    { "--org", OPT_ORG, FMT_DEFAULT },   { "--out", OPT_OUT, FMT_DEFAULT },
};

/* Options anywhere among max_pos positional words; `allowed` is a set of
 * OPT_*. Every problem is one usage line. */
static cai_shell_status_t parse_opts(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
                                     unsigned allowed, int max_pos, opts_t *o)
{
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (o->npos == max_pos) {
                return cai_shell_usage_error(sh, cmd, "unexpected argument '%s'", a);
            }
            o->pos[o->npos++] = a;
            continue;
        }
        size_t f = 0;
        while (f < sizeof(k_flags) / sizeof(k_flags[0]) && strcmp(a, k_flags[f].flag) != 0) {
            f++;
        }
        if (f == sizeof(k_flags) / sizeof(k_flags[0]) || (k_flags[f].bit & allowed) == 0) {
            return cai_shell_usage_error(sh, cmd, "'%s' is not an option of %s", a, sh->cmd_path);
        }
        unsigned bit = k_flags[f].bit;
        if (bit & OPT_FORMATS) {
            if (o->fmt != FMT_DEFAULT && o->fmt != k_flags[f].fmt) {
                return cai_shell_usage_error(sh, cmd,
                                             "'%s' and '%s' are two output formats: "
                                             "choose one",
                                             o->fmt_flag, a);
            }
            o->fmt = k_flags[f].fmt;
            o->fmt_flag = a;
        } else if (bit == OPT_DIAG) {
            o->diag = true;
        } else if (bit == OPT_JSON) {
            o->json = true;
        } else {
            if (i + 1 >= argc) {
                return cai_shell_usage_error(sh, cmd, "%s needs a value", a);
            }
            if (bit == OPT_ORG) {
                o->org = argv[++i];
            } else {
                o->out = argv[++i];
            }
        }
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t parse_key(cai_shell_t *sh, const cai_cmd_t *cmd, const char *s,
                                    const cai_identity_key_info_t **key)
{
    if (cai_identity_key_parse(s, key) != 0) {
        return cai_shell_usage_error(sh, cmd, "unknown key '%s' (expected " KEY_NAMES_USAGE ")", s);
    }
    return CAI_SHELL_OK;
}

/* ---------------- errors ---------------- */

static const char *status_text(psa_status_t st, char buf[64])
{
    const char *name = cai_psa_status_name(st);
    if (name != NULL) {
        snprintf(buf, 64, "%s", name);
    } else {
        snprintf(buf, 64, "status %d", (int)st);
    }
    return buf;
}

/* One line for a failed identity call: what the status means here. */
static cai_shell_status_t identity_error(cai_shell_t *sh, psa_status_t st,
                                         const cai_identity_key_info_t *key, const char *what)
{
    char name[64];
    const char *kn = key != NULL ? key->name : "";
    unsigned kid = key != NULL ? (unsigned)key->id : 0u;
    switch (st) {
    case PSA_ERROR_CONNECTION_REFUSED:
        return cai_shell_error(sh, "this secure image has no identity service (SID 0x00000100)");
    case PSA_ERROR_COMMUNICATION_FAILURE:
        return cai_shell_error(sh, "the secure side does not answer");
    case PSA_ERROR_DOES_NOT_EXIST:
        return cai_shell_error(sh, "no certificate is installed for key %s (0x%04x)", kn, kid);
    case PSA_ERROR_BAD_STATE:
        return cai_shell_error(sh, "key %s (0x%04x) could not be derived from this device's HUK",
                               kn, kid);
    case PSA_ERROR_NOT_PERMITTED:
        return cai_shell_error(sh, "key %s (0x%04x) may not be used for %s", kn, kid, what);
    default:
        return cai_shell_error(sh, "%s failed: the secure side answered %s", what,
                               status_text(st, name));
    }
}

/* ---------------- output helpers ---------------- */

static void out_key_fields(cai_shell_t *sh, const cai_identity_key_info_t *key)
{
    char id[16];
    snprintf(id, sizeof(id), "0x%04x", (unsigned)key->id);
    cai_out_str(sh, "name", key->name);
    cai_out_str(sh, "key_id", id);
    cai_out_str(sh, "label", key->label);
}

static void text_key_header(cai_shell_t *sh, const cai_identity_key_info_t *key)
{
    fprintf(sh->out, "# %s 0x%04x %s\n", key->name, (unsigned)key->id, key->label);
}

static void hex_line(FILE *f, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        fprintf(f, "%02x", buf[i]);
    }
    fputc('\n', f);
}

/* Writes len bytes to path; one error line on failure. */
static cai_shell_status_t write_file(cai_shell_t *sh, const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return cai_shell_error(sh, "cannot write %s: %s", path, strerror(errno));
    }
    size_t w = fwrite(buf, 1, len, f);
    int closed = fclose(f);
    if (w != len || closed != 0) {
        return cai_shell_error(sh, "cannot write %s: %s", path, strerror(errno));
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t pem_of(cai_shell_t *sh, const char *label, const uint8_t *der, size_t len)
{
    size_t n;
    if (cai_pem_encode(label, der, len, g_text, sizeof(g_text), &n) != CAI_PEM_OK) {
        return cai_shell_error(sh, "a %zu-byte %s does not fit the shell's PEM buffer", len, label);
    }
    return CAI_SHELL_OK;
}

/* A DER object (CSR or certificate) in the chosen format: to --out, or to
 * the output; with --json, described in one object. */
static cai_shell_status_t emit_der(cai_shell_t *sh, const opts_t *o, const char *pem_label,
                                   const uint8_t *der, size_t len)
{
    bool der_fmt = o->fmt == FMT_DER;
    cai_shell_status_t rc = pem_of(sh, pem_label, der, len);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (o->out != NULL) {
        rc = der_fmt ? write_file(sh, o->out, der, len)
                     : write_file(sh, o->out, g_text, strlen(g_text));
        if (rc != CAI_SHELL_OK) {
            return rc;
        }
    }
    if (sh->json) {
        cai_out_hex(sh, "der", der, len);
        cai_out_str(sh, "pem", g_text);
    } else if (o->out == NULL) {
        if (der_fmt) {
            hex_line(sh->out, der, len);
        } else {
            fputs(g_text, sh->out);
        }
    }
    if (o->out != NULL) {
        cai_out_str(sh, "file", o->out);
        cai_out_str(sh, "format", der_fmt ? "der" : "pem");
        cai_out_int(sh, "bytes", (long long)(der_fmt ? len : strlen(g_text)));
    }
    return CAI_SHELL_OK;
}

/* ---------------- keys status ---------------- */

static void out_status_fields(cai_shell_t *sh, const cai_identity_key_status_t *s)
{
    cai_out_str(sh, "status", s->has_cert ? "certified" : s->derived ? "derived" : "not derived");
    cai_out_bool(sh, "derived", s->derived);
    cai_out_bool(sh, "certificate", s->has_cert);
    if (s->has_cert) {
        cai_out_str(sh, "not_after", s->not_after);
        cai_out_hex(sh, "serial", s->serial, s->serial_len);
    }
}

static cai_shell_status_t status_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *one = NULL;
    if (o->npos == 1 && parse_key(sh, cmd, o->pos[0], &one) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    cai_identity_key_status_t st[8];
    const cai_identity_key_info_t *keys[8];
    size_t n = 0;
    for (size_t i = 0; i < cai_identity_keys_count && n < 8; i++) {
        if (one == NULL || one == &cai_identity_keys[i]) {
            keys[n] = &cai_identity_keys[i];
            psa_status_t ps = cai_identity_key_status(keys[n]->id, &st[n]);
            if (ps != PSA_SUCCESS) {
                return identity_error(sh, ps, keys[n], "key status");
            }
            n++;
        }
    }
    cai_out_begin(sh);
    cai_out_list_begin(sh, "keys");
    for (size_t i = 0; i < n; i++) {
        cai_out_item_begin(sh);
        out_key_fields(sh, keys[i]);
        out_status_fields(sh, &st[i]);
        cai_out_item_end(sh);
    }
    cai_out_list_end(sh);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

/* ---------------- keys public ---------------- */

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
        return identity_error(sh, ps, key, "reading the public key");
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
        out_key_fields(sh, key);
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
        text_key_header(sh, key);
    }
    if (o->fmt == FMT_HEX) {
        hex_line(sh->out, pub, sizeof(pub));
    } else if (o->fmt == FMT_COSE_KEY) {
        if (o->diag) {
            fprintf(sh->out, "%s\n", diag);
        } else {
            hex_line(sh->out, ck, ck_len);
        }
    } else {
        fputs(g_text, sh->out);
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t public_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *one = NULL;
    if (o->npos == 1 && parse_key(sh, cmd, o->pos[0], &one) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    if (o->diag && o->fmt != FMT_COSE_KEY) {
        return cai_shell_usage_error(sh, cmd, "--diag goes with --cose-key");
    }
    uint8_t uuid[CAI_IDENTITY_UUID_LEN] = { 0 };
    if (o->fmt == FMT_COSE_KEY) {
        psa_status_t ps = cai_identity_uuid(uuid);
        if (ps != PSA_SUCCESS) {
            return identity_error(sh, ps, NULL, "reading the UUID");
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

/* ---------------- keys csr ---------------- */

static cai_shell_status_t csr_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *key;
    if (o->npos != 1) {
        return cai_shell_usage_error(sh, cmd, "expected one key");
    }
    if (parse_key(sh, cmd, o->pos[0], &key) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    if (o->org != NULL && !cai_identity_org_valid(o->org)) {
        return cai_shell_usage_error(sh, cmd, "--org must be 1 to %u printable ASCII characters",
                                     CAI_IDENTITY_ORG_MAX);
    }
    const char *org = o->org != NULL ? o->org : CAI_IDENTITY_ORG_DEFAULT;
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    psa_status_t ps = cai_identity_uuid(uuid);
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "reading the UUID");
    }
    size_t len;
    ps = cai_identity_csr(key->id, org, g_der, sizeof(g_der), &len);
    if (ps == PSA_ERROR_INVALID_ARGUMENT) {
        return cai_shell_error(sh, "the secure side refused organisation '%s'", org);
    }
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "a certificate request");
    }
    cai_out_begin(sh);
    if (sh->json) {
        char u[CAI_IDENTITY_UUID_STR_LEN], subject[SUBJECT_MAX];
        cai_identity_uuid_format(uuid, u);
        snprintf(subject, sizeof(subject), "O=%s,CN=%s,OU=%s", org, u, key->label);
        out_key_fields(sh, key);
        cai_out_str(sh, "uuid", u);
        cai_out_str(sh, "org", org);
        cai_out_str(sh, "subject", subject);
    }
    cai_shell_status_t rc = emit_der(sh, o, "CERTIFICATE REQUEST", g_der, len);
    cai_out_end(sh);
    return rc;
}

/* ---------------- keys cert ---------------- */

static cai_shell_status_t cert_show(cai_shell_t *sh, const opts_t *o,
                                    const cai_identity_key_info_t *key)
{
    size_t len;
    psa_status_t ps = cai_identity_cert_get(key->id, g_der, sizeof(g_der), &len);
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "reading the certificate");
    }
    cai_identity_key_status_t st;
    ps = cai_identity_key_status(key->id, &st);
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "key status");
    }
    cai_out_begin(sh);
    if (sh->json) {
        out_key_fields(sh, key);
        cai_out_str(sh, "not_after", st.not_after);
        cai_out_hex(sh, "serial", st.serial, st.serial_len);
    } else if (o->out == NULL && o->fmt != FMT_DER) {
        text_key_header(sh, key);
        fprintf(sh->out, "# not after %s, serial ", st.not_after);
        hex_line(sh->out, st.serial, st.serial_len);
    }
    cai_shell_status_t rc = emit_der(sh, o, "CERTIFICATE", g_der, len);
    cai_out_end(sh);
    return rc;
}

/* Reads a certificate file (PEM or DER) into g_der; one error line for
 * anything that is not one whole certificate-shaped DER object. */
static cai_shell_status_t read_cert_file(cai_shell_t *sh, const char *path, size_t *der_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return cai_shell_error(sh, "cannot read %s: %s", path, strerror(errno));
    }
    size_t n = fread(g_file, 1, sizeof(g_file), f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        return cai_shell_error(sh, "cannot read %s", path);
    }
    if (n == 0) {
        return cai_shell_error(sh, "%s is empty", path);
    }
    if (n > CERT_FILE_MAX) {
        return cai_shell_error(sh, "%s is larger than %u bytes: not a device certificate", path,
                               CERT_FILE_MAX);
    }
    static const char begin_any[] = "-----BEGIN ";
    bool pem = false;
    for (size_t i = 0; i + sizeof(begin_any) - 1u <= n && !pem; i++) {
        pem = (i == 0 || g_file[i - 1] == '\n') &&
              memcmp(g_file + i, begin_any, sizeof(begin_any) - 1u) == 0;
    }
    if (pem) {
        cai_pem_err_t e =
            cai_pem_decode((const char *)g_file, n, "CERTIFICATE", g_der, sizeof(g_der), der_len);
        switch (e) {
        case CAI_PEM_OK:
            break;
        case CAI_PEM_ERR_NO_BEGIN:
            return cai_shell_error(sh, "%s is PEM but holds no CERTIFICATE", path);
        case CAI_PEM_ERR_NO_END:
            return cai_shell_error(sh, "%s: truncated PEM certificate (no END CERTIFICATE line)",
                                   path);
        case CAI_PEM_ERR_BUFFER_TOO_SMALL:
            return cai_shell_error(sh,
                                   "%s: the certificate is larger than the %u bytes a device "
                                   "stores",
                                   path, CAI_IDENTITY_CERT_MAX);
        default:
            return cai_shell_error(sh, "%s: malformed PEM certificate (%s)", path,
                                   cai_pem_strerror(e));
        }
    } else {
        if (n > CAI_IDENTITY_CERT_MAX) {
            return cai_shell_error(sh, "%s: %zu bytes, larger than the %u bytes a device stores",
                                   path, n, CAI_IDENTITY_CERT_MAX);
        }
        memcpy(g_der, g_file, n);
        *der_len = n;
    }
    switch (cai_der_check_sequence(g_der, *der_len)) {
    case CAI_PEM_OK:
        return CAI_SHELL_OK;
    case CAI_PEM_ERR_TRUNCATED:
        return cai_shell_error(sh, "%s: truncated certificate (its DER is cut short)", path);
    case CAI_PEM_ERR_TRAILING:
        return cai_shell_error(sh, "%s: bytes after the certificate's DER", path);
    default:
        return cai_shell_error(sh, "%s is neither a PEM nor a DER certificate", path);
    }
}

static cai_shell_status_t cert_install(cai_shell_t *sh, const cai_identity_key_info_t *key,
                                       const char *path)
{
    size_t len = 0;
    cai_shell_status_t rc = read_cert_file(sh, path, &len);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    psa_status_t ps = cai_identity_cert_set(key->id, g_der, len);
    if (ps == PSA_ERROR_INVALID_ARGUMENT) {
        return cai_shell_error(sh,
                               "the certificate is not for this key or device (key %s, "
                               "0x%04x; refused by the secure side)",
                               key->name, (unsigned)key->id);
    }
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "installing the certificate");
    }
    cai_identity_key_status_t st;
    ps = cai_identity_key_status(key->id, &st);
    if (ps != PSA_SUCCESS) {
        return identity_error(sh, ps, key, "key status");
    }
    cai_out_begin(sh);
    out_key_fields(sh, key);
    cai_out_str(sh, "installed", path);
    out_status_fields(sh, &st);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t cert_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *key;
    if (o->npos == 0) {
        return cai_shell_usage_error(sh, cmd, "expected a key");
    }
    if (parse_key(sh, cmd, o->pos[0], &key) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    if (o->npos == 1) {
        return cert_show(sh, o, key);
    }
    if (strcmp(o->pos[1], "install") != 0) {
        return cai_shell_usage_error(sh, cmd,
                                     "unexpected argument '%s' (did you mean 'install "
                                     "FILE'?)",
                                     o->pos[1]);
    }
    if (o->npos != 3) {
        return cai_shell_usage_error(sh, cmd, "install needs a FILE");
    }
    if (o->fmt != FMT_DEFAULT || o->out != NULL) {
        return cai_shell_usage_error(sh, cmd, "install takes no output format or --out");
    }
    return cert_install(sh, key, o->pos[2]);
}

/* ---------------- handlers ---------------- */

typedef cai_shell_status_t (*body_fn)(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o);

/* Parse, honour a --json among the words for this command only, run. */
static cai_shell_status_t run_with(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
                                   unsigned allowed, int max_pos, body_fn body)
{
    opts_t o;
    cai_shell_status_t rc = parse_opts(sh, cmd, argc, argv, allowed, max_pos, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    bool saved = sh->json;
    sh->json = sh->json || o.json;
    rc = body(sh, cmd, &o);
    sh->json = saved;
    return rc;
}

static cai_shell_status_t status_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return run_with(sh, cmd, argc, argv, OPT_JSON, 1, status_body);
}

static cai_shell_status_t public_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return run_with(sh, cmd, argc, argv, OPT_PEM | OPT_HEX | OPT_COSE_KEY | OPT_DIAG | OPT_JSON, 1,
                    public_body);
}

static cai_shell_status_t csr_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return run_with(sh, cmd, argc, argv, OPT_PEM | OPT_DER | OPT_JSON | OPT_ORG | OPT_OUT, 1,
                    csr_body);
}

static cai_shell_status_t cert_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return run_with(sh, cmd, argc, argv, OPT_PEM | OPT_DER | OPT_JSON | OPT_OUT, 3, cert_body);
}

#define KEYS_HELP_IDS                                                                         \
    "  KEY: tls (0x5001, HUK_CLIENT_TLS_EC_PRIV_KEY), sign (0x5002, HUK_COSE_EC_PRIV_KEY),\n" \
    "       encrypt (0x5003, HUK_COSE_ENCRYPT_EC_PRIV_KEY); ids in hex, with or without 0x"

static const cai_cmd_t keys_status_cmd = {
    .name = "status",
    .summary = "each device key: derived, certificate installed (expiry, serial)",
    .usage = "[KEY] [--json]",
    .help = KEYS_HELP_IDS,
    .fn = status_run,
};
static const cai_cmd_t keys_public_cmd = {
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
};
static const cai_cmd_t keys_csr_cmd = {
    .name = "csr",
    .summary = "a certificate request for a key, built and signed in the secure side",
    .usage = "KEY [--pem|--der] [--json] [--org NAME] [--out FILE]",
    .help = KEYS_HELP_IDS "\n"
                          "  subject O=NAME,CN=<device uuid>,OU=<key label>; NAME defaults to "
                          "'cai',\n"
                          "  1 to 64 printable ASCII characters\n"
                          "  --pem       PEM (the default);  --der  DER (hex unless --out)\n"
                          "  --out FILE  write the request to FILE\n"
                          "  --json      one object: key, uuid, subject, der (hex), pem",
    .fn = csr_run,
};
static const cai_cmd_t keys_cert_cmd = {
    .name = "cert",
    .summary = "show the certificate of a key, or install one",
    .usage = "KEY [--pem|--der] [--json] [--out FILE] | KEY install FILE",
    .help = KEYS_HELP_IDS "\n"
                          "  KEY               the installed certificate (PEM; --der: hex unless "
                          "--out)\n"
                          "  KEY install FILE  install FILE (PEM or DER) after the secure side "
                          "checks\n"
                          "                    it is for this key and this device",
    .fn = cert_run,
};
static const cai_cmd_t *const keys_subs[] = {
    &keys_status_cmd, &keys_public_cmd, &keys_csr_cmd, &keys_cert_cmd, NULL,
};

const cai_cmd_t cai_cmd_keys = {
    .name = "keys",
    .summary = "device keys: status, public keys, certificate requests, certificates",
    .subs = keys_subs,
};
