/* SPDX-License-Identifier: Apache-2.0 */
/* `keys cert`: show the certificate of a key, or install one after the SPE's check. */

#include <errno.h>
#include <string.h>

#include "cai/pem.h"
#include "commands.h"
#include "keys_common.h"

static cai_shell_status_t cert_show(cai_shell_t *sh, const opts_t *o,
                                    const cai_identity_key_info_t *key)
{
    size_t len;
    psa_status_t ps = cai_identity_cert_get(key->id, g_der, sizeof(g_der), &len);
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "reading the certificate");
    }
    cai_identity_key_status_t st;
    ps = cai_identity_key_status(key->id, &st);
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "key status");
    }
    cai_out_begin(sh);
    if (sh->json) {
        keys_out_key_fields(sh, key);
        cai_out_str(sh, "not_after", st.not_after);
        cai_out_hex(sh, "serial", st.serial, st.serial_len);
    } else if (o->out == NULL && o->fmt != FMT_DER) {
        keys_text_key_header(sh, key);
        fprintf(sh->out, "# not after %s, serial ", st.not_after);
        keys_hex_line(sh->out, st.serial, st.serial_len);
    }
    cai_shell_status_t rc = keys_emit_der(sh, o, "CERTIFICATE", g_der, len);
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
        return keys_identity_error(sh, ps, key, "installing the certificate");
    }
    cai_identity_key_status_t st;
    ps = cai_identity_key_status(key->id, &st);
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "key status");
    }
    cai_out_begin(sh);
    keys_out_key_fields(sh, key);
    cai_out_str(sh, "installed", path);
    keys_out_status_fields(sh, &st);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t cert_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *key;
    if (o->npos == 0) {
        return cai_shell_usage_error(sh, cmd, "expected a key");
    }
    if (keys_parse_key(sh, cmd, o->pos[0], &key) != CAI_SHELL_OK) {
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

static cai_shell_status_t cert_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return keys_run_with(sh, cmd, argc, argv, OPT_PEM | OPT_DER | OPT_JSON | OPT_OUT, 3, cert_body);
}

const cai_cmd_t keys_cert_cmd = {
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
    .words = keys_cert_words,
};
