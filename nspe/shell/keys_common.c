/* SPDX-License-Identifier: Apache-2.0 */
/* The `keys` commands' shared parts (keys_common.h). */

#include <errno.h>
#include <string.h>

#include "cai/pem.h"
#include "commands.h"
#include "keys_common.h"

uint8_t g_der[CAI_IDENTITY_CERT_MAX];
char g_text[PEM_TEXT_MAX];
uint8_t g_file[CERT_FILE_MAX + 1u];

const char *const keys_key_words[] = { "tls", "sign", "encrypt", NULL };
const char *const keys_cert_words[] = { "tls", "sign", "encrypt", "install", NULL };

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

cai_shell_status_t keys_parse_key(cai_shell_t *sh, const cai_cmd_t *cmd, const char *s,
                                  const cai_identity_key_info_t **key)
{
    if (cai_identity_key_parse(s, key) != 0) {
        return cai_shell_usage_error(sh, cmd, "unknown key '%s' (expected " KEY_NAMES_USAGE ")", s);
    }
    return CAI_SHELL_OK;
}

const char *keys_status_text(psa_status_t st, char buf[64])
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
cai_shell_status_t keys_identity_error(cai_shell_t *sh, psa_status_t st,
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
                               keys_status_text(st, name));
    }
}

void keys_out_key_fields(cai_shell_t *sh, const cai_identity_key_info_t *key)
{
    char id[16];
    snprintf(id, sizeof(id), "0x%04x", (unsigned)key->id);
    cai_out_str(sh, "name", key->name);
    cai_out_str(sh, "key_id", id);
    cai_out_str(sh, "label", key->label);
}

void keys_text_key_header(cai_shell_t *sh, const cai_identity_key_info_t *key)
{
    fprintf(sh->out, "# %s 0x%04x %s\n", key->name, (unsigned)key->id, key->label);
}

void keys_hex_line(FILE *f, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        fprintf(f, "%02x", buf[i]);
    }
    fputc('\n', f);
}

/* Writes len bytes to path; one error line on failure. */
cai_shell_status_t keys_write_file(cai_shell_t *sh, const char *path, const void *buf, size_t len)
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

cai_shell_status_t keys_pem_of(cai_shell_t *sh, const char *label, const uint8_t *der, size_t len)
{
    size_t n;
    if (cai_pem_encode(label, der, len, g_text, sizeof(g_text), &n) != CAI_PEM_OK) {
        return cai_shell_error(sh, "a %zu-byte %s does not fit the shell's PEM buffer", len, label);
    }
    return CAI_SHELL_OK;
}

/* A DER object (CSR or certificate) in the chosen format: to --out, or to
 * the output; with --json, described in one object. */
cai_shell_status_t keys_emit_der(cai_shell_t *sh, const opts_t *o, const char *pem_label,
                                 const uint8_t *der, size_t len)
{
    bool der_fmt = o->fmt == FMT_DER;
    cai_shell_status_t rc = keys_pem_of(sh, pem_label, der, len);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (o->out != NULL) {
        rc = der_fmt ? keys_write_file(sh, o->out, der, len)
                     : keys_write_file(sh, o->out, g_text, strlen(g_text));
        if (rc != CAI_SHELL_OK) {
            return rc;
        }
    }
    if (sh->json) {
        cai_out_hex(sh, "der", der, len);
        cai_out_str(sh, "pem", g_text);
    } else if (o->out == NULL) {
        if (der_fmt) {
            keys_hex_line(sh->out, der, len);
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

/* Parse, honour a --json among the words for this command only, run. */
cai_shell_status_t keys_run_with(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
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

void keys_out_status_fields(cai_shell_t *sh, const cai_identity_key_status_t *s)
{
    cai_out_str(sh, "status", s->has_cert ? "certified" : s->derived ? "derived" : "not derived");
    cai_out_bool(sh, "derived", s->derived);
    cai_out_bool(sh, "certificate", s->has_cert);
    if (s->has_cert) {
        cai_out_str(sh, "not_after", s->not_after);
        cai_out_hex(sh, "serial", s->serial, s->serial_len);
    }
}
