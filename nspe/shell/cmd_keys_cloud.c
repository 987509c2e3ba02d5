/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `keys cloud [install FILE]`: the cloud's public key, the recipient of
 * `encrypt` results (docs/design.md §5). The inference service keeps it in
 * the SPE's protected storage; this shows it (PEM, with its kid) or installs
 * one from a PEM or DER SubjectPublicKeyInfo of a P-256 key.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cai/infer_client.h"
#include "cai/pem.h"
#include "commands.h"
#include "keys_common.h"

static const char *const keys_cloud_words[] = { "install", NULL };

static cai_shell_status_t cloud_error(cai_shell_t *sh, psa_status_t st, const char *what)
{
    if (st == PSA_ERROR_DOES_NOT_EXIST) {
        return cai_shell_error(sh, "no cloud key installed (keys cloud install FILE)");
    }
    if (st == PSA_ERROR_INVALID_ARGUMENT) {
        return cai_shell_error(sh, "the secure side refused the key: not a point of P-256");
    }
    if (st == PSA_ERROR_NOT_PERMITTED) {
        return cai_shell_error(sh, "a cloud key is installed already; a device keeps its first "
                                   "one (re-provision the device to change it)");
    }
    if (st == PSA_ERROR_CONNECTION_REFUSED) {
        return cai_shell_error(sh, "this SPE image has no inference service");
    }
    const char *n = cai_psa_status_name(st);
    return cai_shell_error(sh, "%s: %s (%d)", what, n ? n : "status", (int)st);
}

static cai_shell_status_t cloud_show(cai_shell_t *sh)
{
    uint8_t pub[CAI_INFER_CLOUD_PUB_LEN], kid[CAI_INFER_CLOUD_KID_LEN], spki[CAI_P256_SPKI_LEN];
    psa_status_t st = cai_infer_cloud_key_get(pub, kid);
    if (st != PSA_SUCCESS) {
        return cloud_error(sh, st, "reading the cloud key");
    }
    size_t n = 0;
    if (cai_p256_spki(pub, spki) != CAI_PEM_OK ||
        cai_pem_encode("PUBLIC KEY", spki, sizeof(spki), g_text, sizeof(g_text), &n) !=
            CAI_PEM_OK) {
        return cai_shell_error(sh, "cannot encode the cloud key");
    }
    cai_out_begin(sh);
    if (sh->json) {
        cai_out_hex(sh, "public", pub, sizeof(pub));
        cai_out_hex(sh, "kid", kid, sizeof(kid));
        cai_out_str(sh, "pem", g_text);
    } else {
        fputs("# cloud key, kid ", sh->out);
        keys_hex_line(sh->out, kid, sizeof(kid));
        fputs(g_text, sh->out);
    }
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

/* PEM when a line starts with "-----BEGIN " (text may precede it). */
static bool looks_pem(const uint8_t *b, size_t n)
{
    static const char begin[] = "-----BEGIN ";
    for (size_t i = 0; i + sizeof(begin) - 1u <= n; i++) {
        if ((i == 0 || b[i - 1] == '\n') && memcmp(b + i, begin, sizeof(begin) - 1u) == 0) {
            return true;
        }
    }
    return false;
}

static cai_shell_status_t read_key_file(cai_shell_t *sh, const char *path, uint8_t pub[65])
{
    /* hex:04...: the point itself, for a backend without files (an521). */
    if (strncmp(path, "hex:", 4) == 0) {
        if (cai_parse_hex(path + 4, pub, 65) != 65 || pub[0] != 0x04) {
            return cai_shell_error(sh, "hex: needs the 65-byte uncompressed point 04||X||Y "
                                       "(130 hex digits)");
        }
        return CAI_SHELL_OK;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return cai_shell_error(sh, "cannot read %s: %s", path, strerror(errno));
    }
    size_t n = fread(g_file, 1, sizeof(g_file), f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || n == 0 || n > CERT_FILE_MAX) {
        return cai_shell_error(sh, "%s: %s", path,
                               bad      ? "cannot read"
                               : n == 0 ? "empty"
                                        : "too large for a key");
    }
    size_t der_len = 0;
    const uint8_t *der = g_file;
    if (looks_pem(g_file, n)) {
        cai_pem_err_t e =
            cai_pem_decode((const char *)g_file, n, "PUBLIC KEY", g_der, sizeof(g_der), &der_len);
        if (e != CAI_PEM_OK) {
            return cai_shell_error(sh, "%s: no PEM PUBLIC KEY (%s)", path, cai_pem_strerror(e));
        }
        der = g_der;
    } else {
        der_len = n;
    }
    if (cai_p256_spki_point(der, der_len, pub) != CAI_PEM_OK) {
        return cai_shell_error(sh,
                               "%s: not a P-256 public key (SubjectPublicKeyInfo, "
                               "uncompressed point)",
                               path);
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t cloud_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    if (o->npos == 0) {
        return cloud_show(sh);
    }
    if (strcmp(o->pos[0], "install") != 0 || o->npos != 2) {
        return cai_shell_usage_error(sh, cmd, "expected nothing, or install FILE");
    }
    uint8_t pub[CAI_INFER_CLOUD_PUB_LEN];
    cai_shell_status_t rc = read_key_file(sh, o->pos[1], pub);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    psa_status_t st = cai_infer_cloud_key_set(pub);
    if (st != PSA_SUCCESS) {
        return cloud_error(sh, st, "installing the cloud key");
    }
    return cloud_show(sh);
}

static cai_shell_status_t cloud_fn(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return keys_run_with(sh, cmd, argc, argv, OPT_JSON, 2, cloud_body);
}

const cai_cmd_t keys_cloud_cmd = {
    .name = "cloud",
    .summary = "the cloud key that encrypt results are sealed to",
    .usage = "[install FILE|hex:04...] [--json]",
    .help = "Without arguments: the installed cloud public key (PEM) and its kid\n"
            "(SHA-256 of its COSE_Key). install FILE: store a P-256 public key (PEM or\n"
            "DER SubjectPublicKeyInfo, e.g. from `openssl ec -pubout`; or hex:04||X||Y,\n"
            "the point itself, where there are no files) in the SPE's\n"
            "protected storage. Write-once: a device keeps the first cloud key, so the\n"
            "non-secure side cannot redirect later results to another key.",
    .fn = cloud_fn,
    .words = keys_cloud_words,
};
